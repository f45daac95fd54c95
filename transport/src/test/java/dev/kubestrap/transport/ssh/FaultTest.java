package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.TransportFailure;
import dev.kubestrap.transport.testing.CuttingProxy;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections cut mid-upload and servers killed mid-command: clear errors, intact targets, no hangs. */
class FaultTest {
  @TempDir
  Path dir;

  private TestSshd sshd;
  private KeyPair key;

  @BeforeEach
  void start() {
    sshd = TestSshd.start(dir.resolve("sshd"));
    key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
    sshd.authorize("root", key);
  }

  @AfterEach
  void stop() {
    sshd.close();
  }

  @Test
  void connectionCutMidUploadLeavesTheOldTargetAndTheRerunCleansUp() throws Exception {
    Path target = dir.resolve("remote/blob.bin");
    Path oldContent = SshFileTransferTest.randomFile(dir.resolve("old.bin"), 1_000_000);
    Path newContent = SshFileTransferTest.randomFile(dir.resolve("new.bin"), 30_000_000);
    try (CuttingProxy proxy = new CuttingProxy(sshd.port());
        SshTransport ssh = SshTransport.connect(sshd.configFor("root", key).port(proxy.port()).build())) {
      ssh.put(oldContent, target.toString(), FileMode.PUBLIC);

      proxy.cutAfter(8_000_000);
      assertThatThrownBy(() -> ssh.put(newContent, target.toString(), FileMode.PUBLIC))
          .isInstanceOf(TransportFailure.class)
          .hasMessageStartingWith("put " + target + " on root@127.0.0.1:" + proxy.port() + " failed: connection lost");

      assertThat(SshFileTransferTest.sha256sum(target)).isEqualTo(SshFileTransferTest.sha256sum(oldContent));
      assertThat(strays(target)).as("at most the interrupted upload's temporary file").hasSizeLessThanOrEqualTo(1);

      proxy.heal();
      PutResult rerun = ssh.put(newContent, target.toString(), FileMode.PUBLIC);

      assertThat(rerun.skipped()).isFalse();
      assertThat(SshFileTransferTest.sha256sum(target)).isEqualTo(SshFileTransferTest.sha256sum(newContent));
      assertThat(strays(target)).isEmpty();
    }
  }

  @Test
  void connectionCutBeforeAnyTargetExistedLeavesNoTarget() throws Exception {
    Path target = dir.resolve("remote/fresh.bin");
    Path content = SshFileTransferTest.randomFile(dir.resolve("content.bin"), 20_000_000);
    try (CuttingProxy proxy = new CuttingProxy(sshd.port());
        SshTransport ssh = SshTransport.connect(sshd.configFor("root", key).port(proxy.port()).build())) {
      ssh.mkdirs(target.getParent().toString(), FileMode.DIRECTORY);
      proxy.cutAfter(4_000_000);

      assertThatThrownBy(() -> ssh.put(content, target.toString(), FileMode.PUBLIC)).isInstanceOf(TransportFailure.class);

      assertThat(target).doesNotExist();
      proxy.heal();
      ssh.put(content, target.toString(), FileMode.PUBLIC);
      assertThat(strays(target)).isEmpty();
      assertThat(SshFileTransferTest.sha256sum(target)).isEqualTo(SshFileTransferTest.sha256sum(content));
    }
  }

  @Test
  void aPartitionedHostFailsARunningCommandAtTheDeadPeerTimeoutNamingTheHost() throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(sshd.port());
        SshTransport ssh = watchedThrough(proxy)) {
      CompletableFuture<Throwable> running = failureOf(() -> ssh.exec(Command.of("sleep", "120")));
      Thread.sleep(1500);
      assertThat(running).as("a quiet command outlives the dead-peer timeout while the host answers").isNotDone();

      proxy.stall();

      assertThat(running.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("on root@127.0.0.1:" + proxy.port()
              + " failed: connection lost: no data from the host for 2 s (keep-alive every 500 ms)");
      proxy.heal();
      assertThat(ssh.run(Command.of("echo", "back")).stdoutTrimmed()).as("the next operation reconnects")
          .isEqualTo("back");
    }
  }

  @Test
  void aPartitionDuringAnUploadFailsTheUploadAndLeavesTheOldTarget() throws Exception {
    Path target = dir.resolve("remote/big.bin");
    Path oldContent = SshFileTransferTest.randomFile(dir.resolve("old.bin"), 1_000);
    Path newContent = SshFileTransferTest.randomFile(dir.resolve("new.bin"), 20_000_000);
    try (CuttingProxy proxy = new CuttingProxy(sshd.port());
        SshTransport ssh = watchedThrough(proxy)) {
      ssh.put(oldContent, target.toString(), FileMode.PUBLIC);
      proxy.throttle(2_000_000);
      CompletableFuture<Throwable> upload = failureOf(() -> ssh.put(newContent, target.toString(), FileMode.PUBLIC));
      awaitStray(target);

      proxy.stall();

      assertThat(upload.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("put " + target + " on root@127.0.0.1:" + proxy.port()
              + " failed: connection lost: no data from the host for 2 s");
      assertThat(SshFileTransferTest.sha256sum(target)).isEqualTo(SshFileTransferTest.sha256sum(oldContent));
    }
  }

  @Test
  void aLongUploadOnASlowLinkOutlivesTheDeadPeerTimeout() throws Exception {
    Path target = dir.resolve("remote/slow.bin");
    Path content = SshFileTransferTest.randomFile(dir.resolve("slow.bin"), 6_000_000);
    try (CuttingProxy proxy = new CuttingProxy(sshd.port());
        SshTransport ssh = watchedThrough(proxy)) {
      proxy.throttle(1_000_000);
      Instant start = Instant.now();

      PutResult result = ssh.put(content, target.toString(), FileMode.PUBLIC);

      assertThat(Duration.between(start, Instant.now())).as("the upload took longer than the timeout")
          .isGreaterThan(Duration.ofSeconds(4));
      assertThat(result.skipped()).isFalse();
      assertThat(SshFileTransferTest.sha256sum(target)).isEqualTo(SshFileTransferTest.sha256sum(content));
    }
  }

  /** A connection through {@code proxy} with a keep-alive every 500 ms and a dead-peer timeout of 2 s. */
  private SshTransport watchedThrough(CuttingProxy proxy) {
    return SshTransport.connect(sshd.configFor("root", key).port(proxy.port())
        .keepAlive(Duration.ofMillis(500)).deadPeerTimeout(Duration.ofSeconds(2)).build());
  }

  private static CompletableFuture<Throwable> failureOf(Runnable action) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        action.run();
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
  }

  private static void awaitStray(Path target) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (strays(target).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the upload never started");
      }
      Thread.sleep(20);
    }
  }

  private static java.util.List<Path> strays(Path target) throws Exception {
    try (var files = Files.list(target.getParent())) {
      return files.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName() + ".kubestrap-tmp-")).toList();
    }
  }

  @Test
  void sessionKilledMidCommandGivesAClearErrorNotAHang() throws Exception {
    Path pidFile = dir.resolve("pid");
    try (SshTransport ssh = SshTransport.connect(sshd.configFor("root", key).build())) {
      CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
        try {
          ssh.exec(Command.script("echo $$ > \"$1\"; sleep 120", pidFile.toString()));
          return null;
        } catch (Throwable e) {
          return e;
        }
      });
      long commandPid = awaitPid(pidFile);
      ProcessHandle session = nearestSshdAncestor(commandPid);
      Instant killedAt = Instant.now();
      session.destroyForcibly();

      Throwable failure = running.get(20, TimeUnit.SECONDS);

      assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(15));
      assertThat(failure)
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("exec sh -c ")
          .hasMessageContaining("on root@127.0.0.1:" + sshd.port() + " failed: connection lost");
      assertThat(ssh.run(Command.of("echo", "reconnected")).stdoutTrimmed())
          .as("the next operation reconnects").isEqualTo("reconnected");
    }
  }

  @Test
  void serverGoneMidCommandAndForGoodNamesTheHost() throws Exception {
    Path pidFile = dir.resolve("pid");
    SshTransport ssh = SshTransport.connect(sshd.configFor("root", key).build());
    try {
      CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
        try {
          ssh.exec(Command.script("echo $$ > \"$1\"; sleep 120", pidFile.toString()).withStdin(new byte[0]));
          return null;
        } catch (Throwable e) {
          return e;
        }
      });
      awaitPid(pidFile);
      sshd.close();

      assertThat(running.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("on root@127.0.0.1:" + sshd.port() + " failed: connection lost");
      assertThatThrownBy(() -> ssh.exec(Command.of("true")))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("connect on root@127.0.0.1:" + sshd.port() + " failed: cannot reach 127.0.0.1:" + sshd.port());
    } finally {
      ssh.close();
      sshd = TestSshd.start(dir.resolve("sshd2"));
    }
  }

  private static long awaitPid(Path pidFile) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(pidFile)) {
        String text = Files.readString(pidFile).strip();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the command never started");
  }

  private static ProcessHandle nearestSshdAncestor(long pid) {
    Optional<ProcessHandle> current = ProcessHandle.of(pid);
    while (current.isPresent()) {
      ProcessHandle process = current.get();
      if (process.info().command().map(c -> c.endsWith("/sshd")).orElse(false)) {
        return process;
      }
      current = process.parent();
    }
    throw new AssertionError("no sshd above process " + pid);
  }
}
