package dev.kubestrap.pki;

import dev.kubestrap.pki.internal.Jca;
import dev.kubestrap.pki.internal.Keys;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text in and out. Certificates are written as {@code CERTIFICATE} blocks; private keys unencrypted, EC keys
 * as SEC1 ({@code EC PRIVATE KEY}: the named curve and the public key included, the form openssl, kubeadm and Go
 * write and every Kubernetes client reads) and RSA keys as PKCS#8 ({@code PRIVATE KEY}); public keys as
 * {@code PUBLIC KEY} (SubjectPublicKeyInfo). The same key is always written as the same text.
 * Private keys are read from PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY},
 * with or without the {@code EC PARAMETERS} block openssl puts before it).
 *
 * <p>Every reader takes a {@code source} (a file name or a description) that appears in the message
 * of the {@link PkiException} thrown for corrupted, truncated, password-protected or wrong-kind PEM.
 * Messages never contain the PEM text itself.
 */
public final class Pem {
  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});
  private static final JcaX509CertificateConverter CERTIFICATE_CONVERTER = new JcaX509CertificateConverter();

  private Pem() {}

  /** One {@code CERTIFICATE} block. */
  public static String writeCertificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new PkiException("cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** {@code CERTIFICATE} blocks in the given order (leaf first for a chain). */
  public static String writeCertificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(certificate -> out.append(writeCertificate(certificate)));
    return out.toString();
  }

  /**
   * The private key of {@code pair}, unencrypted: an EC key as a SEC1 {@code EC PRIVATE KEY} block (RFC 5915,
   * with the curve's name and the public key, as {@code openssl ec} writes it), any other key as a PKCS#8
   * {@code PRIVATE KEY} block.
   */
  public static String writePrivateKey(KeyPair pair) {
    PrivateKey key = pair.getPrivate();
    if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
      throw new PkiException("cannot encode a " + key.getAlgorithm() + " private key: its format is "
          + key.getFormat());
    }
    if (!(key instanceof ECPrivateKey ec)) {
      return block("PRIVATE KEY", key.getEncoded());
    }
    try {
      ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
      ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData();
      org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
          ec.getParams().getOrder().bitLength(), ec.getS(), publicKey, curve);
      return block("EC PRIVATE KEY", sec1.getEncoded(ASN1Encoding.DER));
    } catch (IOException | RuntimeException e) {
      throw new PkiException("cannot encode a " + Keys.describe(key) + " private key as SEC1: " + e.getMessage(), e);
    }
  }

  /** A {@code PUBLIC KEY} (SubjectPublicKeyInfo) block, the form kube-apiserver reads for service-account keys. */
  public static String writePublicKey(PublicKey key) {
    if (!"X.509".equals(key.getFormat()) || key.getEncoded() == null) {
      throw new PkiException("cannot encode a " + key.getAlgorithm() + " public key as SubjectPublicKeyInfo: its "
          + "format is " + key.getFormat());
    }
    return block("PUBLIC KEY", key.getEncoded());
  }

  public static X509Certificate readCertificate(String pem) {
    return readCertificate(pem, "certificate PEM");
  }

  /** The first certificate in the text; {@code source} names the text in error messages. */
  public static X509Certificate readCertificate(String pem, String source) {
    return readCertificates(pem, source).get(0);
  }

  public static X509Certificate readCertificate(Path file) {
    return readCertificate(read(file), file.toString());
  }

  /** Every certificate in the text, in order; at least one must be present. */
  public static List<X509Certificate> readCertificates(String pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object block : parse(pem, source)) {
      if (block instanceof X509CertificateHolder holder) {
        try {
          certificates.add(CERTIFICATE_CONVERTER.getCertificate(holder));
        } catch (CertificateException e) {
          throw new PkiException(source + " holds a corrupted certificate: " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new PkiException(source + " holds no CERTIFICATE block" + found(pem));
    }
    return List.copyOf(certificates);
  }

  public static PrivateKey readPrivateKey(String pem) {
    return readPrivateKey(pem, "private key PEM");
  }

  /** The private key in the text: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
  public static PrivateKey readPrivateKey(String pem, String source) {
    for (Object block : parse(pem, source)) {
      try {
        if (block instanceof PEMKeyPair pair) {
          return Jca.privateKey(pair.getPrivateKeyInfo());
        }
        if (block instanceof PrivateKeyInfo info) {
          return Jca.privateKey(info);
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new PkiException(source + " holds a corrupted or unsupported private key: " + e.getMessage(), e);
      }
      if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new PkiException(source + " holds a password-protected private key; kubestrap needs it unencrypted "
            + "(for example: openssl pkey -in encrypted.pem -out plain.pem)");
      }
    }
    throw new PkiException(source + " holds no private key block" + found(pem));
  }

  public static PrivateKey readPrivateKey(Path file) {
    return readPrivateKey(read(file), file.toString());
  }

  public static PublicKey readPublicKey(String pem) {
    return readPublicKey(pem, "public key PEM");
  }

  /** The public key in the text: a {@code PUBLIC KEY}/{@code RSA PUBLIC KEY} block, or a certificate's key. */
  public static PublicKey readPublicKey(String pem, String source) {
    for (Object block : parse(pem, source)) {
      try {
        if (block instanceof SubjectPublicKeyInfo info) {
          return Jca.publicKey(info);
        }
        if (block instanceof X509CertificateHolder holder) {
          return Jca.publicKey(holder.getSubjectPublicKeyInfo());
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new PkiException(source + " holds a corrupted or unsupported public key: " + e.getMessage(), e);
      }
    }
    throw new PkiException(source + " holds no public key block" + found(pem));
  }

  public static PublicKey readPublicKey(Path file) {
    return readPublicKey(read(file), file.toString());
  }

  /** Reads a whole PEM file as US-ASCII text, with a clear message when it is missing or unreadable. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new PkiException(file + " does not exist", e);
    } catch (IOException e) {
      throw new PkiException("cannot read " + file + ": " + e, e);
    }
  }

  private static List<Object> parse(String pem, String source) {
    if (pem == null || pem.isBlank()) {
      throw new PkiException(source + " is empty");
    }
    List<Object> blocks = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (!(block instanceof ASN1ObjectIdentifier)) { // EC PARAMETERS before a SEC1 key: not needed
          blocks.add(block);
        }
      }
    } catch (IOException | RuntimeException e) {
      // BC's messages name the PEM type or the decoding step, never the encoded bytes.
      throw new PkiException(source + " is corrupted PEM: " + e.getMessage(), e);
    }
    if (blocks.isEmpty()) {
      throw new PkiException(source + " is corrupted PEM: no -----BEGIN ...----- block found");
    }
    return blocks;
  }

  private static String found(String pem) {
    List<String> types = new ArrayList<>();
    for (String line : pem.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("-----BEGIN ") && trimmed.endsWith("-----")) {
        types.add(trimmed.substring(11, trimmed.length() - 5));
      }
    }
    return " (found: " + String.join(", ", types) + ")";
  }

  /**
   * RFC 7468 text: base64 in lines of 64 characters between the BEGIN and END lines, as openssl and Bouncy Castle's
   * PEM writer produce it (written directly: the writer's buffers cost more than the encoding for small objects).
   */
  private static String block(String type, byte[] der) {
    String base64 = LINES.encodeToString(der);
    StringBuilder out = new StringBuilder(base64.length() + 2 * type.length() + 40);
    out.append("-----BEGIN ").append(type).append("-----\n").append(base64).append("\n-----END ").append(type)
        .append("-----\n");
    return out.toString();
  }
}
