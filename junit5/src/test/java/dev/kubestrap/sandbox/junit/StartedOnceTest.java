package dev.kubestrap.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Started on first use, once; a start that failed is remembered: later users get the same error. */
class StartedOnceTest {
  @Test
  void aFailedSandboxStartIsNotTriedAgain() {
    StartedOnce<Sandbox> resource = new StartedOnce<>(Sandbox.builder().addressRange("127.0.0.0/24")::start);

    Throwable first = catchThrowable(resource::get);
    Throwable second = catchThrowable(resource::get);

    assertThat(first).isInstanceOf(SandboxPreconditionException.class);
    assertThat(second).isSameAs(first);
    assertThat(resource.current()).isEmpty();
  }

  @Test
  void startsOnceAndClosesWhatItStarted() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    StartedOnce<AutoCloseable> resource = new StartedOnce<>(() -> {
      starts.incrementAndGet();
      return closes::incrementAndGet;
    });
    assertThat(resource.current()).isEmpty();

    AutoCloseable started = resource.get();

    assertThat(resource.get()).isSameAs(started);
    assertThat(resource.current()).containsSame(started);
    resource.close();
    resource.close();
    assertThat(starts).hasValue(1);
    assertThat(closes).hasValue(1);
    assertThat(resource.current()).isEmpty();
  }
}
