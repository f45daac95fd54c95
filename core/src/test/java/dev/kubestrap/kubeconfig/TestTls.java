package dev.kubestrap.kubeconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA with a server certificate for 127.0.0.1 and a client certificate
 * ({@code O=system:masters, CN=admin}) signed by it, all made by the real openssl.
 */
record TestTls(Path directory, String caCertificate, String clientCertificate, String clientKey) {

  static TestTls generate(Path directory) throws IOException, InterruptedException {
    Path config = directory.resolve("minimal.cnf");
    Files.writeString(config, "[req]\ndistinguished_name=dn\n[dn]\n");
    openssl(directory, "ca", "/CN=test-ca", List.of(),
        List.of("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"));
    openssl(directory, "server", "/CN=kube-apiserver", signedByCa(directory, config),
        List.of("basicConstraints=critical,CA:FALSE", "subjectAltName=IP:127.0.0.1", "extendedKeyUsage=serverAuth"));
    openssl(directory, "client", "/O=system:masters/CN=admin", signedByCa(directory, config),
        List.of("basicConstraints=critical,CA:FALSE", "extendedKeyUsage=clientAuth"));
    return new TestTls(directory, Files.readString(directory.resolve("ca.pem")),
        Files.readString(directory.resolve("client.pem")), Files.readString(directory.resolve("client-key.pem")));
  }

  Path serverCertificate() {
    return directory.resolve("server.pem");
  }

  Path serverKey() {
    return directory.resolve("server-key.pem");
  }

  Path caFile() {
    return directory.resolve("ca.pem");
  }

  private static List<String> signedByCa(Path directory, Path config) {
    return List.of("-config", config.toString(), "-CA", directory.resolve("ca.pem").toString(),
        "-CAkey", directory.resolve("ca-key.pem").toString());
  }

  private static void openssl(Path directory, String name, String subject, List<String> signing, List<String> extensions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509"));
    command.addAll(signing);
    command.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", subject, "-keyout", directory.resolve(name + "-key.pem").toString(),
        "-out", directory.resolve(name + ".pem").toString()));
    for (String extension : extensions) {
      command.add("-addext");
      command.add(extension);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + output);
    }
  }
}
