package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EncryptionKeyTest {

  @Test
  void generatedKeysAre32RandomBytesThatSurviveBase64() {
    EncryptionKey key = EncryptionKey.generate(new SecureRandom());

    assertThat(java.util.Base64.getDecoder().decode(key.toBase64())).hasSize(32);
    assertThat(EncryptionKey.fromBase64(key.toBase64())).isEqualTo(key);
    assertThat(EncryptionKey.generate(new SecureRandom())).isNotEqualTo(key);
    assertThat(key.toString()).isEqualTo("EncryptionKey[redacted]");
  }

  @Test
  void refusesKeysOfTheWrongLengthWithoutEchoingThem() {
    assertThatThrownBy(() -> EncryptionKey.of(new byte[16])).hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> EncryptionKey.fromBase64("c2VjcmV0")).hasMessageNotContaining("c2VjcmV0");
    assertThatThrownBy(() -> EncryptionKey.fromBase64("not base64!")).hasMessageNotContaining("not base64!");
  }
}
