package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM text, including the many forms files made elsewhere come in, with Bouncy Castle's PEM parser. A class of
 * its own so that only the paths that read PEM load Bouncy Castle (verifying its signed jars costs a cold process
 * about a third of a second); issuing and writing certificates never do. Every reader takes a {@code source} that
 * names the text in messages; messages never contain the PEM text itself.
 */
public final class PemReader {
  private static final JcaX509CertificateConverter CERTIFICATE_CONVERTER = new JcaX509CertificateConverter();

  private PemReader() {}

  /** Every certificate in the text, in order; at least one must be present. */
  public static List<X509Certificate> certificates(String pem, String source) {
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

  /** The private key in the text: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
  public static PrivateKey privateKey(String pem, String source) {
    for (Object block : parse(pem, source)) {
      try {
        if (block instanceof PEMKeyPair pair) {
          return privateKey(pair.getPrivateKeyInfo());
        }
        if (block instanceof PrivateKeyInfo info) {
          return privateKey(info);
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

  /** The public key in the text: a {@code PUBLIC KEY}/{@code RSA PUBLIC KEY} block, or a certificate's key. */
  public static PublicKey publicKey(String pem, String source) {
    for (Object block : parse(pem, source)) {
      try {
        if (block instanceof SubjectPublicKeyInfo info) {
          return publicKey(info);
        }
        if (block instanceof X509CertificateHolder holder) {
          return publicKey(holder.getSubjectPublicKeyInfo());
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new PkiException(source + " holds a corrupted or unsupported public key: " + e.getMessage(), e);
      }
    }
    throw new PkiException(source + " holds no public key block" + found(pem));
  }

  /** A parsed private key (PKCS#8 structure) as a key of the provider that handles its algorithm. */
  private static PrivateKey privateKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
    return factory(info.getPrivateKeyAlgorithm().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
  }

  /** A parsed public key (SubjectPublicKeyInfo) as a key of the provider that handles its algorithm. */
  private static PublicKey publicKey(SubjectPublicKeyInfo info) throws IOException, GeneralSecurityException {
    return factory(info.getAlgorithm().getAlgorithm()).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
  }

  private static KeyFactory factory(ASN1ObjectIdentifier algorithm) throws GeneralSecurityException {
    String name = PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "RSA"
        : X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) ? "EC" : null;
    if (name == null) {
      throw new PkiException("unsupported key algorithm " + algorithm + " (RSA and ECDSA keys are supported)");
    }
    return KeyFactory.getInstance(name, Jca.provider("KeyFactory", name));
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
}
