package dev.kubestrap.e2e;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs {@code programs/build.sh} built from their official Go modules: the directory named by
 * {@value #VARIABLE}, else the one the script reports for this checkout. When there is none the calling test
 * is skipped with the command to run, or fails under {@code KUBESTRAP_REQUIRE_SANDBOX=1} (as in CI).
 *
 * @param directory the directory of programs, image archives and {@code manifest.tsv}
 * @param manifest what was built, with versions and digests
 */
record BuiltPrograms(Path directory, BuildManifest manifest) {
  static final String VARIABLE = "KUBESTRAP_PROGRAMS";

  static BuiltPrograms require() {
    Path directory = locate();
    return BuildManifest.in(directory).map(manifest -> new BuiltPrograms(directory, manifest))
        .orElseGet(() -> missing("no " + BuildManifest.FILE_NAME + " in " + directory
            + ": build the programs first with 'bash programs/build.sh'"));
  }

  DirectorySource source() {
    return BinarySource.directory(directory);
  }

  /** The version the manifest records for a component, e.g. {@code 3.6.14} for {@code etcd}. */
  String version(String component) {
    return manifest.entries().stream().filter(entry -> entry.component().equals(component)).findFirst()
        .orElseThrow(() -> new AssertionError(component + " is not in " + manifest.file())).version();
  }

  private static Path locate() {
    String named = System.getenv(VARIABLE);
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    Path script = repositoryRoot().resolve("programs/build.sh");
    try {
      Process process = new ProcessBuilder("bash", script.toString(), "--dir").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return missing(script + " --dir failed: " + output);
      }
      return Path.of(output.lines().reduce((first, last) -> last).orElse(""));
    } catch (IOException e) {
      return missing("running " + script + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("programs/build.sh"))) {
        return dir;
      }
    }
    throw new AssertionError("programs/build.sh not found above " + Path.of("").toAbsolutePath());
  }

  private static <T> T missing(String reason) {
    if ("1".equals(System.getenv(SandboxExtension.REQUIRE_VARIABLE))) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
