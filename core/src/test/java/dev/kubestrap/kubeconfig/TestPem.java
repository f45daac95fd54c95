package dev.kubestrap.kubeconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Throw-away PEM material made by the real openssl: a self-signed CA and a client certificate and key. */
record TestPem(String caCertificate, String clientCertificate, String clientKey) {

  static TestPem generate(Path directory) throws IOException, InterruptedException {
    String ca = selfSigned(directory, "ca", "/CN=kubernetes");
    selfSigned(directory, "client", "/O=system:masters/CN=admin");
    return new TestPem(ca, Files.readString(directory.resolve("client.pem")),
        Files.readString(directory.resolve("client-key.pem")));
  }

  private static String selfSigned(Path directory, String name, String subject) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", subject,
        "-keyout", directory.resolve(name + "-key.pem").toString(), "-out", directory.resolve(name + ".pem").toString()))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + output);
    }
    return Files.readString(directory.resolve(name + ".pem"));
  }
}
