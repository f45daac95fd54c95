package dev.kubestrap.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.testing.Shell;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Transport} promises, run against each implementation by a subclass.
 * Checks go through real tools on this machine ({@code stat}, {@code sha256sum}), since every host in
 * these tests is this machine.
 */
public abstract class TransportContractTest {

  @TempDir
  protected Path scratch;

  /** The transport under test (created once per class by the subclass). */
  protected abstract Transport transport();

  /**
   * A fresh absolute remote directory for one test, writable through the transport. By default a
   * directory in this test's scratch space, which only root may enter.
   */
  protected String remoteBase() {
    Path base = scratch.resolve("remote");
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return base.toString();
  }

  /** Where a remote path lives on this machine; by default the same path. */
  protected Path local(String remotePath) {
    return Path.of(remotePath);
  }

  /** Whether owners asked for in a {@link FileMode} are applied. */
  protected boolean appliesOwners() {
    return true;
  }

  private String remote(String name) {
    return remoteBase() + "/" + name;
  }

  private String stat(String format, String remotePath) {
    return Shell.check("stat", "-c", format, local(remotePath).toString()).strip();
  }

  @Test
  void execReturnsExitCodeAndBothStreams() {
    ExecResult result = transport().exec(Command.script("echo out; echo err >&2; exit 3"));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void runFailsWithTargetCommandExitCodeAndStderrTail() {
    Command failing = Command.script("for i in $(seq 1 30); do echo line$i >&2; done; exit 7");

    assertThatThrownBy(() -> transport().run(failing))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageStartingWith("exec sh -c ")
        .hasMessageContaining(" on " + transport().target() + " failed: exit code 7")
        .hasMessageContaining("line30")
        .hasMessageNotContaining("line10\n")
        .satisfies(e -> assertThat(((RemoteCommandException) e).exitCode()).hasValue(7));
  }

  @Test
  void argumentsArriveUnchangedWhateverTheyContain() {
    Path canary = scratch.resolve("pwned");
    List<String> tricky = List.of("two words", "it's", "\"quoted\"", "$(touch " + canary + ")", "`id`",
        "a;b|c&d", "*", "new\nline", "", "back\\slash", "ünïcødé");

    ExecResult result = transport().run(Command.of(concat("printf", "[%s]\n", tricky)));

    StringBuilder expected = new StringBuilder();
    tricky.forEach(arg -> expected.append('[').append(arg).append("]\n"));
    assertThat(result.stdout()).isEqualTo(expected.toString());
    assertThat(canary).doesNotExist();
  }

  private static List<String> concat(String program, String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(program, first));
    all.addAll(rest);
    return all;
  }

  @Test
  void stdinReachesTheCommand() {
    byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);

    ExecResult result = transport().run(Command.of("cat").withStdin(input));

    assertThat(result.stdout()).isEqualTo("line one\nline two\n");
  }

  @Test
  void commandWithoutStdinSeesEndOfFile() {
    ExecResult result = transport().run(Command.of("wc", "-c").withTimeout(Duration.ofSeconds(20)));

    assertThat(result.stdoutTrimmed()).isEqualTo("0");
  }

  @Test
  void timeoutStopsTheCommandAndSaysSo() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> transport().exec(Command.of("sleep", "30").withTimeout(Duration.ofMillis(700))))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("exec sleep 30 on " + transport().target() + " failed: timed out after PT0.7S")
        .satisfies(e -> assertThat(((RemoteCommandException) e).timeout()).hasValue(Duration.ofMillis(700)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void sensitiveCommandsKeepTheirArgumentsOutOfMessages() {
    Command secret = Command.of("sh", "-c", "exit 1", "hunter2").sensitive();

    assertThatThrownBy(() -> transport().run(secret))
        .hasMessageContaining("exec sh *** on ")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void putWritesContentAndModeAndGetReadsItBack() throws IOException {
    String path = remote("conf/app.conf");
    byte[] content = "key = value\n".getBytes(StandardCharsets.UTF_8);

    PutResult put = transport().put(content, path, FileMode.of(0640));

    assertThat(put.skipped()).isFalse();
    assertThat(put.bytesSent()).isEqualTo(content.length);
    assertThat(put.sha256()).isEqualTo(Shell.check("sha256sum", local(path).toString()).substring(0, 64));
    assertThat(stat("%a", path)).isEqualTo("640");
    assertThat(transport().get(path)).isEqualTo(content);
    assertThat(transport().sha256(path)).hasValue(put.sha256());
  }

  @Test
  void putOfSameContentSendsNothingButFixesTheMode() {
    String path = remote("same.bin");
    byte[] content = new byte[] {1, 2, 3, 4};
    transport().put(content, path, FileMode.PUBLIC);

    PutResult again = transport().put(content, path, FileMode.PRIVATE);

    assertThat(again.skipped()).isTrue();
    assertThat(again.bytesSent()).isZero();
    assertThat(stat("%a", path)).isEqualTo("600");
  }

  @Test
  void putReplacesChangedContent() {
    String path = remote("changing.txt");
    transport().put("old".getBytes(StandardCharsets.UTF_8), path, FileMode.PUBLIC);

    PutResult result = transport().put("new".getBytes(StandardCharsets.UTF_8), path, FileMode.EXECUTABLE);

    assertThat(result.skipped()).isFalse();
    assertThat(new String(transport().get(path), StandardCharsets.UTF_8)).isEqualTo("new");
    assertThat(stat("%a", path)).isEqualTo("755");
  }

  @Test
  void putRemovesStrayTemporaryFilesOfInterruptedUploads() throws IOException {
    String path = remote("dir/target.bin");
    transport().mkdirs(remote("dir"), FileMode.DIRECTORY);
    Path stray = local(remote("dir/.target.bin.kubestrap-tmp-0123456789abcdef"));
    Files.write(stray, new byte[] {9, 9, 9});
    Path unrelated = local(remote("dir/.other.kubestrap-tmp-0123456789abcdef"));
    Files.write(unrelated, new byte[] {7});

    transport().put(new byte[] {1}, path, FileMode.PUBLIC);

    assertThat(stray).doesNotExist();
    assertThat(unrelated).exists();
    try (var listing = Files.list(local(remote("dir")))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("target.bin", ".other.kubestrap-tmp-0123456789abcdef");
    }
  }

  @Test
  void putFromLocalFileAndFromStream() throws IOException {
    Path file = scratch.resolve("local.bin");
    byte[] content = new byte[300_000];
    new java.util.Random(42).nextBytes(content);
    Files.write(file, content);

    PutResult fromFile = transport().put(file, remote("from-file.bin"), FileMode.PRIVATE);
    PutResult fromStream = transport().put(new ByteArrayInputStream(content), remote("from-stream.bin"), FileMode.PRIVATE);

    assertThat(fromFile.sha256()).isEqualTo(fromStream.sha256());
    assertThat(transport().get(remote("from-stream.bin"))).isEqualTo(content);
    Path back = scratch.resolve("back.bin");
    transport().get(remote("from-file.bin"), back);
    assertThat(back).hasBinaryContent(content);
  }

  /**
   * A pinned put of a large file (several SSH packets, past the one-command small path) and of a small one: placed
   * with its mode, then found up to date; then, over a target holding an older program, a local file that is not what
   * its pin says is refused, and the target keeps the older program with no temporary file left beside it.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {300_000, 5_000})
  void putPinnedPlacesOnlyThePinnedContent(int size) throws IOException {
    byte[] content = new byte[size];
    new java.util.Random(size).nextBytes(content);
    Path file = scratch.resolve("pinned.bin");
    Files.write(file, content);
    String pinned = Shell.check("sha256sum", file.toString()).substring(0, 64);
    transport().mkdirs(remote("bin"), FileMode.DIRECTORY);
    String path = remote("bin/program");
    String older = remote("bin/older");
    transport().put("the older program".getBytes(StandardCharsets.UTF_8), older, FileMode.EXECUTABLE);

    PutResult sent = transport().putPinned(file, path, FileMode.EXECUTABLE, pinned);
    PutResult again = transport().putPinned(file, path, FileMode.of(0700), pinned);
    byte[] other = content.clone();
    other[size / 2] ^= 1;
    Files.write(file, other);

    assertThat(sent.skipped()).isFalse();
    assertThat(sent.bytesSent()).isEqualTo(size);
    assertThat(sent.sha256()).isEqualTo(pinned);
    assertThat(transport().get(path)).isEqualTo(content);
    assertThat(again.skipped()).isTrue();
    assertThat(again.bytesSent()).isZero();
    assertThat(stat("%a", path)).isEqualTo("700");
    assertThatThrownBy(() -> transport().putPinned(file, older, FileMode.EXECUTABLE, pinned))
        .isInstanceOf(RemoteFileException.class)
        .hasMessageContaining(older)
        .hasMessageContaining(pinned)
        .hasMessageContaining("the local file " + file);
    assertThat(new String(transport().get(older), StandardCharsets.UTF_8)).isEqualTo("the older program");
    try (var listing = Files.list(local(remote("bin")))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("program", "older");
    }
  }

  @Test
  void putPinnedRefusesAMalformedDigestBeforeTouchingTheHost() throws IOException {
    Path file = scratch.resolve("any.bin");
    Files.write(file, new byte[] {1});

    assertThatThrownBy(() -> transport().putPinned(file, remote("never/here"), FileMode.PUBLIC, "ABC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256")
        .hasMessageContaining("'ABC'");
    assertThat(local(remote("never"))).doesNotExist();
  }

  /**
   * A download into a directory others can write: the copy in progress is a new file readable by its owner only,
   * and a link planted in its place while it is written (here: while the remote FIFO makes the download wait) is
   * neither written through nor moved into place.
   */
  @Test
  void getToALocalFileIsPrivateWhileWrittenAndNeverFollowsAPlantedLink() throws Exception {
    String fifo = remote("slow.fifo");
    Shell.check("mkfifo", local(fifo).toString());
    Path downloads = Files.createDirectories(scratch.resolve("downloads"));
    Path victim = Files.writeString(scratch.resolve("victim.txt"), "must stay");
    Path target = downloads.resolve("secret.pem");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    boolean fed = false;
    try {
      Future<?> download = pool.submit(() -> transport().get(fifo, target));
      Path temp = awaitSingleFile(downloads);
      assertThat(Files.isSymbolicLink(temp)).isFalse();
      assertThat(Files.getPosixFilePermissions(temp)).as("mode of " + temp)
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Files.move(temp, scratch.resolve("moved-away"));
      Files.createSymbolicLink(temp, victim);

      Files.writeString(local(fifo), "-----BEGIN EC PRIVATE KEY-----\n");
      fed = true;
      Throwable failure = null;
      try {
        download.get();
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }

      assertThat(Files.readString(victim)).isEqualTo("must stay");
      assertThat(Files.isSymbolicLink(target)).as("target became a planted link").isFalse();
      assertThat(failure).isInstanceOf(RemoteFileException.class).hasMessageContaining("replaced while it was written");
      assertThat(target).doesNotExist();
    } finally {
      if (!fed) { // let a reader still waiting on the FIFO finish, so that no thread is left blocked
        Shell.run("timeout", "5", "sh", "-c", "echo > \"$1\"", "sh", local(fifo).toString());
      }
      pool.shutdownNow();
    }
  }

  private static Path awaitSingleFile(Path directory) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (var files = Files.list(directory)) {
        List<Path> found = files.toList();
        if (found.size() == 1) {
          return found.get(0);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no temporary file appeared in " + directory);
  }

  @Test
  void emptyAndOneByteFilesRoundTrip() {
    transport().put(new byte[0], remote("empty"), FileMode.PUBLIC);
    transport().put(new byte[] {42}, remote("one"), FileMode.PUBLIC);

    assertThat(transport().get(remote("empty"))).isEmpty();
    assertThat(transport().get(remote("one"))).containsExactly(42);
    assertThat(transport().sha256(remote("empty")))
        .hasValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void putAppliesOwnerAndGroupWhenAsked() {
    String path = remote("owned.conf");

    transport().put(new byte[] {1}, path, FileMode.of(0644).owner("nobody", "nogroup"));

    String expected = appliesOwners() ? "nobody:nogroup" : stat("%U:%G", remoteBase());
    assertThat(stat("%U:%G", path)).isEqualTo(expected);
  }

  @Test
  void sha256AndExistsOfMissingPaths() {
    assertThat(transport().sha256(remote("absent"))).isEmpty();
    assertThat(transport().exists(remote("absent"))).isFalse();
    assertThat(transport().exists(remoteBase())).isTrue();
  }

  @Test
  void sha256OfDirectoryIsAnError() {
    transport().mkdirs(remote("a-dir"), FileMode.DIRECTORY);

    assertThatThrownBy(() -> transport().sha256(remote("a-dir")))
        .isInstanceOf(RemoteFileException.class)
        .hasMessageContaining("sha256 " + remote("a-dir") + " on " + transport().target() + " failed: ");
  }

  @Test
  void getOfMissingFileNamesPathAndTarget() {
    assertThatThrownBy(() -> transport().get(remote("missing.txt")))
        .isInstanceOf(RemoteFileException.class)
        .hasMessageContaining("get " + remote("missing.txt") + " on " + transport().target() + " failed:")
        .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("no such file"));
  }

  @Test
  void mkdirsCreatesParentsAndAppliesModeToTheLast() {
    String dir = remote("x/y/z");

    transport().mkdirs(dir, FileMode.of(0700));
    transport().mkdirs(dir, FileMode.of(0750));

    assertThat(stat("%F %a", dir)).isEqualTo("directory 750");
  }

  @Test
  void removeDeletesTreesAndIgnoresMissingPaths() {
    transport().put(new byte[] {1}, remote("tree/a/b/file"), FileMode.PUBLIC);
    transport().put(new byte[] {2}, remote("tree/c"), FileMode.PUBLIC);

    transport().remove(remote("tree"));
    transport().remove(remote("tree"));

    assertThat(transport().exists(remote("tree"))).isFalse();
  }

  @Test
  void removeRefusesTheRootDirectory() {
    assertThatThrownBy(() -> transport().remove("/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> transport().remove("//.")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relativePathsAreRejected() {
    assertThatThrownBy(() -> transport().put(new byte[0], "etc/x", FileMode.PUBLIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("remotePath must be absolute: 'etc/x'");
  }

  @Test
  void concurrentCommandsAndUploadsFromManyThreads() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 36; i++) {
        int n = i;
        results.add(threads.submit(() -> {
          if (n % 2 == 0) {
            return transport().run(Command.of("echo", "job" + n)).stdoutTrimmed();
          }
          byte[] content = ("file" + n).getBytes(StandardCharsets.UTF_8);
          transport().put(content, remote("concurrent/f" + n), FileMode.PUBLIC);
          return new String(transport().get(remote("concurrent/f" + n)), StandardCharsets.UTF_8);
        }));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo((i % 2 == 0 ? "job" : "file") + i);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
