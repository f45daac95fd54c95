package dev.kubestrap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubestrap.KubestrapException;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir
  Path dir;

  private Process child;

  @AfterEach
  void stopChild() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anotherThreadIsRefusedWithThisProcessNamedAndGetsTheLockOnceItIsGivenBack() throws Exception {
    Path state = dir.resolve("state");
    try (DirectoryLock held = DirectoryLock.acquire(state, "apply of cluster lab")) {
      DirectoryLockedException refused = CompletableFuture.supplyAsync(
          () -> catchThrowableOfType(() -> DirectoryLock.acquire(state, "reset of cluster lab"),
              DirectoryLockedException.class)).get(10, TimeUnit.SECONDS);

      long pid = ProcessHandle.current().pid();
      assertThat(refused).hasMessageStartingWith(state.toRealPath() + " is in use: apply of cluster lab by process "
          + pid + " on " + HostName.get() + " (started ");
      assertThat(refused).hasMessageContaining("another thread of this process: " + Thread.currentThread().getName());
      assertThat(refused.holder()).get().extracting(DirectoryLock.Holder::pid).isEqualTo(pid);
      assertThat(held.takenOver()).isEmpty();
    }

    CompletableFuture.runAsync(() -> DirectoryLock.acquire(state, "reset of cluster lab").close())
        .get(10, TimeUnit.SECONDS);
    assertThat(state.resolve(DirectoryLock.HOLDER_FILE)).doesNotExist();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .as("a directory the lock had to make").isEqualTo("rwx------");
  }

  @Test
  void theHoldingThreadMayNestAndOnlyTheOutermostCloseGivesItBack() throws Exception {
    try (DirectoryLock outer = DirectoryLock.acquire(dir, "apply")) {
      try (DirectoryLock inner = DirectoryLock.acquire(dir, "pki")) {
        assertThat(inner.holder()).isEqualTo(outer.holder());
      }
      assertThat(DirectoryLock.recordedHolder(dir)).contains(outer.holder());
      assertThatThrownBy(() -> CompletableFuture.runAsync(() -> DirectoryLock.acquire(dir, "other").close())
          .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DirectoryLockedException.class);
    }
    assertThat(DirectoryLock.recordedHolder(dir)).isEmpty();
  }

  @Test
  void anotherProcessIsRefusedNamingItsProcessIdAndAfterItIsKilledTheLockIsTakenOver() throws Exception {
    Path state = dir.resolve("state");
    BufferedReader out = startHolder(state);
    assertThat(out.readLine()).isEqualTo("LOCKED");
    Instant childStarted = child.toHandle().info().startInstant().orElseThrow();

    DirectoryLockedException refused =
        catchThrowableOfType(() -> DirectoryLock.acquire(state, "apply of cluster lab"), DirectoryLockedException.class);

    assertThat(refused).hasMessageContaining("test work of " + state + " by process " + child.pid() + " on "
        + HostName.get());
    DirectoryLock.Holder holder = refused.holder().orElseThrow();
    assertThat(holder.pid()).isEqualTo(child.pid());
    assertThat(Duration.between(holder.processStarted(), childStarted).abs()).isLessThan(Duration.ofSeconds(1));

    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(state.resolve(DirectoryLock.HOLDER_FILE)).as("a killed holder leaves its holder file").exists();

    try (DirectoryLock taken = DirectoryLock.acquire(state, "apply of cluster lab")) {
      assertThat(taken.takenOver()).get().extracting(DirectoryLock.Holder::pid).isEqualTo(child.pid());
      assertThat(DirectoryLock.recordedHolder(state)).contains(taken.holder());
    }
  }

  @Test
  void aLockGivenBackByThisProcessCanBeTakenByAnother() throws Exception {
    DirectoryLock.acquire(dir, "plan").close();
    try (DirectoryLock again = DirectoryLock.acquire(dir, "plan")) {
      assertThat(again.takenOver()).isEmpty();
    }

    BufferedReader out = startHolder(dir);
    assertThat(out.readLine()).isEqualTo("LOCKED");
    child.getOutputStream().close();
    assertThat(out.readLine()).isEqualTo("RELEASED");
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
  }

  @Test
  void aFreeLockWhoseHolderFileNamesARunningProcessOfThisHostIsRefused() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    DirectoryLock.Holder running = new DirectoryLock.Holder(self.pid(), HostName.get(),
        self.info().startInstant().orElseThrow(), Instant.now(), "apply of cluster lab");
    Files.writeString(dir.resolve(DirectoryLock.HOLDER_FILE), running.toText());

    assertThatThrownBy(() -> DirectoryLock.acquire(dir, "apply"))
        .isInstanceOf(KubestrapException.class)
        .isNotInstanceOf(DirectoryLockedException.class)
        .hasMessageContaining("does not seem to enforce file locks")
        .hasMessageContaining("by process " + self.pid());
  }

  @Test
  void anInterruptedThreadStillTakesAndGivesBackTheLockAndKeepsItsInterrupt() throws Exception {
    Thread.currentThread().interrupt();
    try {
      try (DirectoryLock lock = DirectoryLock.acquire(dir, "apply")) {
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(DirectoryLock.recordedHolder(dir)).contains(lock.holder());
      }
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private BufferedReader startHolder(Path directory) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(List.of(java, "-cp", String.join(File.pathSeparator, classpath.split(File.pathSeparator)),
        LockHolderMain.class.getName(), directory.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }
}
