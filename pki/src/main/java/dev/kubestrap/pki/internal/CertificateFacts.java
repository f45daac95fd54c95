package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.PkiException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads back what a certificate states, in the same normalised form the builders write. */
public final class CertificateFacts {
  private static final int DNS = 2;
  private static final int IP = 7;

  private CertificateFacts() {}

  public static String commonName(X509Certificate certificate) {
    List<String> values = attribute(certificate, BCStyle.CN);
    return values.isEmpty() ? "" : values.get(0);
  }

  public static List<String> organizations(X509Certificate certificate) {
    return attribute(certificate, BCStyle.O);
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

  private static List<String> attribute(X509Certificate certificate, ASN1ObjectIdentifier type) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs(type)) {
      values.add(rdn.getFirst().getValue() instanceof ASN1String text
          ? text.getString()
          : IETFUtils.valueToString(rdn.getFirst().getValue()));
    }
    return List.copyOf(values);
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
