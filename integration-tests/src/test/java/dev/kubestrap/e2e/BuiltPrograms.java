package dev.kubestrap.e2e;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.sandbox.cluster.ManifestVersions;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
  static final String PREVIOUS = "previous";

  static BuiltPrograms require() {
    Path directory = locate();
    return BuildManifest.in(directory).map(manifest -> new BuiltPrograms(directory, manifest))
        .orElseGet(() -> missing("no " + BuildManifest.FILE_NAME + " in " + directory
            + ": build the programs first with 'bash programs/build.sh'"));
  }

  DirectorySource source() {
    return BinarySource.directory(directory);
  }

  /** The previous Kubernetes minor's server programs that {@code programs/build.sh} put in {@code previous/}. */
  Optional<BuildManifest> previous() {
    return BuildManifest.in(directory.resolve(PREVIOUS));
  }

  /** The previous minor's Kubernetes version, e.g. {@code 1.35.4}; fails when it was not built. */
  String previousVersion() {
    return new ManifestVersions(previous().orElseThrow(() -> new AssertionError("no previous/ programs in "
        + directory))).version("kubelet").orElseThrow();
  }

  /**
   * Both Kubernetes versions: a program the {@code previous/} manifest lists at the asked version comes from there,
   * everything else from the main directory. Each directory is checked against its own manifest.
   */
  BinarySource bothVersions() {
    DirectorySource main = source();
    Optional<DirectorySource> older = previous().map(m -> BinarySource.directory(directory.resolve(PREVIOUS)));
    return (component, version, arch) -> older
        .filter(source -> previous().orElseThrow().program(component, version, arch).isPresent())
        .orElse(main).resolve(component, version, arch);
  }

  /** The version the manifest records for a component, e.g. {@code 3.6.14} for {@code etcd}. */
  String version(String component) {
    return new ManifestVersions(manifest).version(component)
        .orElseThrow(() -> new AssertionError(component + " is not in " + manifest.file()));
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

  /** Skips the calling test for {@code reason}, or fails it under {@code KUBESTRAP_REQUIRE_SANDBOX=1}. */
  static <T> T missing(String reason) {
    if ("1".equals(System.getenv(SandboxExtension.REQUIRE_VARIABLE))) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
