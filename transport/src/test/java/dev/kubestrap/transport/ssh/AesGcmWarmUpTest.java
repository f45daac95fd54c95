package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AesGcmWarmUpTest {
  @Test
  void warmsUpOnceAndOnlyForALargeUploadOverAesGcm() throws InterruptedException {
    AesGcmWarmUp warmUp = new AesGcmWarmUp();

    assertThat(warmUp.beforeUpload(AesGcmWarmUp.FROM_BYTES)).as("no AES-GCM connection yet").isEmpty();
    warmUp.used();
    assertThat(warmUp.beforeUpload(AesGcmWarmUp.FROM_BYTES - 1)).as("a configuration file").isEmpty();
    Optional<Thread> started = warmUp.beforeUpload(AesGcmWarmUp.FROM_BYTES);
    assertThat(started).as("a program").isPresent();
    assertThat(warmUp.beforeUpload(AesGcmWarmUp.FROM_BYTES)).as("the next program").isEmpty();

    Thread thread = started.orElseThrow();
    assertThat(thread.isDaemon()).isTrue();
    thread.join(60_000);
    assertThat(thread.isAlive()).as("finished").isFalse();
  }
}
