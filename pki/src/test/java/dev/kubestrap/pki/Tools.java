package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line tools the tests check against (openssl, cfssl) and returns their output. */
final class Tools {
  private Tools() {}

  record Result(int exitCode, String output) {}

  /** Runs a command in {@code directory} with stdin from {@code input} (may be null); stderr is merged into output. */
  static Result run(Path directory, String input, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
      if (input == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process process = builder.start();
      if (input != null) {
        try (var stdin = process.getOutputStream()) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs a command that must succeed and returns its output. */
  static String ok(Path directory, String... command) {
    Result result = run(directory, null, command);
    assertThat(result.exitCode()).as("%s\n%s", String.join(" ", command), result.output()).isZero();
    return result.output();
  }

  /** {@code openssl x509 -text -noout} of a PEM certificate. */
  static String x509Text(Path directory, String certificatePem) {
    Path file = write(directory, "inspect-" + System.nanoTime() + ".pem", certificatePem);
    return ok(directory, "openssl", "x509", "-in", file.toString(), "-noout", "-text");
  }

  /** {@code openssl verify} of a certificate against a CA file and optional untrusted intermediates. */
  static Result verify(Path directory, Path caFile, Path certificate, String purpose, Path... untrusted) {
    List<String> command = new ArrayList<>(List.of("openssl", "verify", "-CAfile", caFile.toString()));
    if (purpose != null) {
      command.addAll(List.of("-purpose", purpose));
    }
    for (Path intermediate : untrusted) {
      command.addAll(List.of("-untrusted", intermediate.toString()));
    }
    command.add(certificate.toString());
    return run(directory, null, command.toArray(String[]::new));
  }

  static Path write(Path directory, String name, String content) {
    try {
      return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
