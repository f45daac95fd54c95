package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issuing, writing and reading back ECDSA certificates must not load a single Bouncy Castle class: its jars are
 * signed, and verifying them when the first class loads costs a cold process about a third of a second. Runs
 * {@link ColdIssuance} in a fresh JVM with class-load logging and reads the log.
 */
class ColdIssuanceClassLoadingTest {
  @Test
  void issuingAndWritingEcdsaCertificatesLoadsNoBouncyCastleClass(@TempDir Path directory)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = directory.resolve("class-load.log");
    Process process = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:file=" + log,
        "-cp", System.getProperty("java.class.path"), ColdIssuance.class.getName(), directory.resolve("store").toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the issuing JVM ended").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("issued 3 leaves");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("the log lists the classes issuing loaded").anyMatch(line -> line.contains("dev.kubestrap.pki.internal.X509Signer "));
    assertThat(loaded).filteredOn(line -> line.contains("org.bouncycastle.")).as("Bouncy Castle classes loaded").isEmpty();
  }
}
