package dev.kubestrap.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Debian's docker-registry and tinyproxy, configured in a directory of the test's. */
final class RealServers {
  private RealServers() {}

  /** A registry (plain HTTP, file storage in {@code dir}) whose log records every request with its URI. */
  static LocalServer registry(Path dir, String address) throws IOException, InterruptedException {
    int port = LocalServer.freePort(address);
    Path config = Files.writeString(dir.resolve("registry.yml"), String.join("\n",
        "version: 0.1",
        "log:",
        "  level: info",
        "  formatter: text",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + dir.resolve("registry-data"),
        "http:",
        "  addr: " + address + ":" + port,
        ""));
    Path log = dir.resolve("registry.log");
    return LocalServer.start("docker-registry", List.of("docker-registry", "serve", config.toString()), log, log,
        address, port);
  }

  /** A forward proxy that logs each request line it passes on ({@code LogLevel Info}). */
  static LocalServer tinyproxy(Path dir, String address) throws IOException, InterruptedException {
    int port = LocalServer.freePort(address);
    Path log = dir.resolve("tinyproxy.log");
    Path config = Files.writeString(dir.resolve("tinyproxy.conf"), String.join("\n",
        "Port " + port,
        "Listen " + address,
        "Timeout 60",
        "LogFile \"" + log + "\"",
        "LogLevel Info",
        "MaxClients 20",
        ""));
    return LocalServer.start("tinyproxy", List.of("tinyproxy", "-d", "-c", config.toString()),
        dir.resolve("tinyproxy.out"), log, address, port);
  }

  /**
   * Builds an image of Debian's busybox-static as one layer with umoci (OCI layout in {@code dir/layout}, tag
   * {@code build}) that echoes its arguments, and pushes it to {@code registry} under each of {@code references}
   * (repository:tag) with skopeo.
   */
  static void pushBusyboxImage(Path dir, LocalServer registry, String... references) throws Exception {
    Path root = dir.resolve("image-root");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : List.of("sh", "echo", "cat")) {
      Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    String layout = dir.resolve("layout").toString();
    run("umoci", "init", "--layout", layout);
    run("umoci", "new", "--image", layout + ":build");
    run("umoci", "insert", "--image", layout + ":build", root.toString(), "/");
    run("umoci", "config", "--image", layout + ":build", "--os", "linux", "--architecture", "amd64",
        "--config.entrypoint", "/bin/echo");
    for (String reference : references) {
      run("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":build",
          "docker://" + registry.address() + ":" + registry.port() + "/" + reference);
    }
  }

  private static void run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + output);
    }
  }
}
