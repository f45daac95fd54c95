package dev.kubestrap.kubeconfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code *-data} fields hold base64 of the PEM text. */
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
