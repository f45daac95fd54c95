package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.internal.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RemoteScripts#RECEIVE} and {@link RemoteScripts#RECEIVE_PINNED} run by this machine's {@code sh}, with OpenSSL on the path and without it (a
 * directory holding only the tools the fallback needs), so both of its branches are proven against the real
 * coreutils and OpenSSL, including a write that fails part-way ({@code /dev/full}).
 */
class ReceiveScriptTest {
  private static final byte[] CONTENT = new byte[3 * 1024 * 1024 + 17];
  private static final String TEMP = ".program.kubestrap-tmp-0123456789abcdef";

  static {
    new Random(7).nextBytes(CONTENT);
  }

  @TempDir
  Path dir;

  record Run(int exitCode, String stdout, String stderr) {}

  @ParameterizedTest(name = "with OpenSSL: {0}")
  @ValueSource(booleans = {true, false})
  void storesEveryByteOwnerOnlyAndPrintsTheSumOfWhatItStored(boolean openssl) throws Exception {
    Path target = dir.resolve("received");

    Run run = receive(openssl, target.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().strip().split(" ")[0]).isEqualTo(sha256(CONTENT));
    assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
  }

  @ParameterizedTest(name = "with OpenSSL: {0}")
  @ValueSource(booleans = {true, false})
  void aFailedWriteReadsTheWholeStreamAndPrintsNoMatchingSum(boolean openssl) throws Exception {
    Run run = receive(openssl, "/dev/full");

    // receive() fails with a broken pipe if the script stopped reading: the sender must see the answer, not EPIPE
    assertThat(run.stdout()).doesNotContain(sha256(CONTENT));
    if (openssl) {
      assertThat(run.stdout().strip()).isEqualTo("kubestrap-write-failed");
    }
  }

  @ParameterizedTest(name = "with OpenSSL: {0}")
  @ValueSource(booleans = {true, false})
  void thePinnedReceiveRenamesOnlyThePinnedContentIntoPlace(boolean openssl) throws Exception {
    Path target = dir.resolve("program");

    Run run = receivePinned(openssl, target, sha256(CONTENT), "0750");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().strip()).isEqualTo("sent");
    assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-x---");
    assertThat(dir.resolve(TEMP)).doesNotExist();
  }

  @ParameterizedTest(name = "with OpenSSL: {0}")
  @ValueSource(booleans = {true, false})
  void thePinnedReceiveRefusesOtherContentAndLeavesTheTargetAsItWas(boolean openssl) throws Exception {
    Path target = dir.resolve("program");
    Files.writeString(target, "the old program");
    String otherPin = sha256("something else".getBytes(StandardCharsets.UTF_8));

    Run run = receivePinned(openssl, target, otherPin, "0755");

    assertThat(run.exitCode()).isEqualTo(RemoteScripts.NOT_THE_PIN);
    assertThat(run.stdout()).doesNotContain("sent");
    assertThat(run.stderr()).contains("checksum mismatch: pinned " + otherPin + ", stored " + sha256(CONTENT));
    assertThat(target).hasContent("the old program");
    assertThat(dir.resolve(TEMP)).doesNotExist();
  }

  @ParameterizedTest(name = "with OpenSSL: {0}")
  @ValueSource(booleans = {true, false})
  void thePinnedReceiveReadsTheWholeStreamWhenItCannotWrite(boolean openssl) throws Exception {
    Path target = dir.resolve("missing/program");

    // run() fails with a broken pipe if the script stopped reading: the sender must see the answer, not EPIPE
    Run run = receivePinned(openssl, target, sha256(CONTENT), "0755");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).doesNotContain("sent");
    assertThat(target).doesNotExist();
  }

  /** {@link RemoteScripts#RECEIVE_PINNED} of {@link #CONTENT} to {@code target} through {@link #TEMP} beside it. */
  private Run receivePinned(boolean openssl, Path target, String pin, String mode) throws Exception {
    return run(openssl, RemoteScripts.RECEIVE_PINNED, target.resolveSibling(TEMP).toString(), target.toString(), pin,
        mode, "");
  }

  private Run receive(boolean openssl, String target) throws Exception {
    return run(openssl, RemoteScripts.RECEIVE, target);
  }

  private Run run(boolean openssl, String script, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv);
    if (!openssl) {
      builder.environment().put("PATH", toolsWithoutOpenssl().toString());
    } else {
      which("openssl"); // the setup installs it; the OpenSSL branch must not be skipped unnoticed
    }
    Path stderr = dir.resolve("stderr");
    Process process = builder.redirectError(stderr.toFile()).start();
    try (OutputStream stdin = process.getOutputStream()) {
      for (int at = 0; at < CONTENT.length; at += 65536) {
        stdin.write(CONTENT, at, Math.min(65536, CONTENT.length - at));
      }
    }
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), stdout, Files.readString(stderr));
  }

  /** A directory with links to only the commands the fallback uses, so {@code command -v openssl} fails. */
  private Path toolsWithoutOpenssl() throws IOException {
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : List.of("tee", "sha256sum", "cat", "chmod", "mv", "rm")) {
      Path link = tools.resolve(tool);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, which(tool));
      }
    }
    return tools;
  }

  private static Path which(String tool) {
    return List.of("/usr/bin", "/bin").stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException(tool + " is not installed"));
  }

  private static String sha256(byte[] content) {
    return Sha256.hex(content);
  }
}
