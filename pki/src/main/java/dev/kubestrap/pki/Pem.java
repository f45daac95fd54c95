package dev.kubestrap.pki;

import dev.kubestrap.pki.internal.Der;
import dev.kubestrap.pki.internal.Keys;
import dev.kubestrap.pki.internal.PemReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;

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
      // RFC 5915: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING of the curve order's length,
      // [0] the curve as PKCS#8 names it, [1] the public key BIT STRING as the SubjectPublicKeyInfo holds it }
      byte[] curve = Der.elements(Der.elements(key.getEncoded()).get(1)).get(1);
      byte[] publicKey = Der.elements(pair.getPublic().getEncoded()).get(1);
      byte[] privateValue = unsigned(ec.getS(), (ec.getParams().getOrder().bitLength() + 7) / 8);
      byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(privateValue), Der.explicit(0, curve),
          Der.explicit(1, publicKey));
      return block("EC PRIVATE KEY", sec1);
    } catch (RuntimeException e) {
      throw new PkiException("cannot encode a " + Keys.describe(key) + " private key as SEC1: " + e.getMessage(), e);
    }
  }

  /** {@code value} as exactly {@code length} big-endian octets, zeros in front (SEC 1, 2.3.7). */
  private static byte[] unsigned(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    int start = raw.length > 1 && raw[0] == 0 ? 1 : 0; // the sign octet of a positive value
    int significant = raw.length - start;
    if (value.signum() < 0 || significant > length) {
      throw new PkiException("the private value does not fit in " + length + " octets");
    }
    byte[] out = new byte[length];
    System.arraycopy(raw, start, out, length - significant, significant);
    return out;
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
    return PemReader.certificates(pem, source);
  }

  public static PrivateKey readPrivateKey(String pem) {
    return readPrivateKey(pem, "private key PEM");
  }

  /** The private key in the text: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
  public static PrivateKey readPrivateKey(String pem, String source) {
    return PemReader.privateKey(pem, source);
  }

  public static PrivateKey readPrivateKey(Path file) {
    return readPrivateKey(read(file), file.toString());
  }

  public static PublicKey readPublicKey(String pem) {
    return readPublicKey(pem, "public key PEM");
  }

  /** The public key in the text: a {@code PUBLIC KEY}/{@code RSA PUBLIC KEY} block, or a certificate's key. */
  public static PublicKey readPublicKey(String pem, String source) {
    return PemReader.publicKey(pem, source);
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
