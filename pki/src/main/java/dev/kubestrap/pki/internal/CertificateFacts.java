package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.PkiException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/** Reads back what a certificate states, in the same normalised form the builders write. */
public final class CertificateFacts {
  private static final int DNS = 2;
  private static final int IP = 7;
  private static final byte[] COMMON_NAME = Der.objectIdentifier("2.5.4.3");
  private static final byte[] ORGANIZATION = Der.objectIdentifier("2.5.4.10");

  private CertificateFacts() {}

  public static String commonName(X509Certificate certificate) {
    List<String> values = attribute(certificate, COMMON_NAME);
    return values.isEmpty() ? "" : values.get(0);
  }

  public static List<String> organizations(X509Certificate certificate) {
    return attribute(certificate, ORGANIZATION);
  }

  public static List<String> dnsNames(X509Certificate certificate) {
    return alternativeNames(certificate, DNS);
  }

  /** IP SANs in canonical form ({@link Names#canonicalIp}). */
  public static List<String> ipAddresses(X509Certificate certificate) {
    return alternativeNames(certificate, IP).stream().map(Names::canonicalIp).toList();
  }

  /** The usages kubestrap knows, in certificate order; unknown OIDs are skipped. */
  public static List<ExtendedKeyUsage> extendedKeyUsages(X509Certificate certificate) {
    try {
      List<String> oids = certificate.getExtendedKeyUsage();
      if (oids == null) {
        return List.of();
      }
      List<ExtendedKeyUsage> usages = new ArrayList<>();
      for (String oid : oids) {
        for (ExtendedKeyUsage usage : ExtendedKeyUsage.values()) {
          if (usage.oid().equals(oid)) {
            usages.add(usage);
          }
        }
      }
      return List.copyOf(usages);
    } catch (CertificateParsingException e) {
      throw new PkiException("cannot read the extended key usage of " + certificate.getSubjectX500Principal(), e);
    }
  }

  public static boolean isCertificateAuthority(X509Certificate certificate) {
    return certificate.getBasicConstraints() >= 0;
  }

  /** The subject as RFC 2253 text, for messages and reports. */
  public static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  /** The values of every attribute of this type in the subject, in name order (multi-valued RDNs included). */
  private static List<String> attribute(X509Certificate certificate, byte[] type) {
    List<String> values = new ArrayList<>();
    for (byte[] rdn : Der.elements(certificate.getSubjectX500Principal().getEncoded())) {
      for (byte[] typeAndValue : Der.elements(rdn)) {
        List<byte[]> parts = Der.elements(typeAndValue);
        if (Arrays.equals(parts.get(0), type)) {
          values.add(text(parts.get(1)));
        }
      }
    }
    return List.copyOf(values);
  }

  /** A directory string as text; a value of any other type as {@code #} and its encoding in hex (RFC 4514, 2.4). */
  private static String text(byte[] value) {
    Charset charset = switch (Der.tag(value)) {
      case Der.UTF8_STRING -> StandardCharsets.UTF_8;
      case Der.PRINTABLE_STRING, Der.IA5_STRING -> StandardCharsets.US_ASCII;
      case Der.TELETEX_STRING -> StandardCharsets.ISO_8859_1;
      case Der.BMP_STRING -> StandardCharsets.UTF_16BE;
      case Der.UNIVERSAL_STRING -> Charset.forName("UTF-32BE");
      default -> null;
    };
    return charset == null ? "#" + HexFormat.of().formatHex(value) : new String(Der.contents(value), charset);
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      List<String> values = new ArrayList<>();
      for (List<?> entry : names) {
        if (((Integer) entry.get(0)) == type) {
          values.add((String) entry.get(1));
        }
      }
      return List.copyOf(values);
    } catch (CertificateParsingException e) {
      throw new PkiException("cannot read the alternative names of " + certificate.getSubjectX500Principal(), e);
    }
  }
}
