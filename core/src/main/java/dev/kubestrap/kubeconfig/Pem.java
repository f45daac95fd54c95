package dev.kubestrap.kubeconfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The encoding of the kubeconfig {@code *-data} fields: base64 of the whole PEM text. It only checks that the
 * text looks like PEM and never parses keys or certificates; that is {@link dev.kubestrap.pki.Pem}'s work
 * (X.509 and PKCS#8 through Bouncy Castle), which this package does not need: the kubeconfig schema takes
 * PEM text from wherever it was made.
 */
final class Pem {
  private Pem() {}

  static String encode(String field, String pem) {
    if (pem == null || !pem.strip().startsWith("-----BEGIN ")) {
      throw new IllegalArgumentException(field + " must be PEM text starting with '-----BEGIN ': "
          + (pem == null ? "null" : "<" + pem.length() + " characters>"));
    }
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  static String decode(String data) {
    return data == null ? null : new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
  }
}
