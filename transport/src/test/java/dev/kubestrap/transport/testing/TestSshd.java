package dev.kubestrap.transport.testing;

import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd -D -e}) on a free loopback port, with its own host key,
 * configuration and authorized_keys files in a test directory. Stopped by PID in {@link #close()}.
 */
public final class TestSshd implements AutoCloseable {
  public static final String SSHD = "/usr/sbin/sshd";

  private final Path dir;
  private final Path authorizedKeys;
  private final int port;
  private final KeyPair hostKey;
  private final Process process;

  private TestSshd(Path dir, Path authorizedKeys, int port, KeyPair hostKey, Process process) {
    this.dir = dir;
    this.authorizedKeys = authorizedKeys;
    this.port = port;
    this.hostKey = hostKey;
    this.process = process;
  }

  /** Starts a server; {@code extraConfig} lines take precedence over the generated sshd_config. */
  public static TestSshd start(Path dir, String... extraConfig) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(Path.of("/run/sshd"));
      KeyPair hostKey = KeyPair.ed25519(dir, "ssh_host_ed25519_key");
      // sshd reads authorized_keys as the user logging in, so they live in a directory anyone may read
      Path authorizedKeys = Files.createTempDirectory("kubestrap-test-authorized-keys-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      int port = freePort();
      // sshd takes the first value of each keyword, so the caller's lines go first
      List<String> config = new ArrayList<>(List.of(extraConfig));
      config.addAll(List.of(
          "ListenAddress 127.0.0.1",
          "HostKey " + hostKey.privateKey(),
          "PidFile none",
          "UsePAM no",
          "PermitRootLogin yes",
          "StrictModes no",
          "PasswordAuthentication yes",
          "KbdInteractiveAuthentication no",
          "AuthorizedKeysFile " + authorizedKeys + "/%u",
          "Subsystem sftp internal-sftp",
          "LogLevel VERBOSE"));
      Path configFile = dir.resolve("sshd_config");
      Files.write(configFile, config, StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(SSHD, "-D", "-e", "-f", configFile.toString(), "-p", String.valueOf(port))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sshd.log").toFile())
          .start();
      TestSshd sshd = new TestSshd(dir, authorizedKeys, port, hostKey, process);
      sshd.awaitListening();
      return sshd;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start sshd in " + dir, e);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sshd exited " + process.exitValue() + ": " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException("sshd not listening on " + port + ": " + log());
  }

  /** Lets {@code user} log in with this public key. */
  public TestSshd authorize(String user, KeyPair key) {
    try {
      Path file = authorizedKeys.resolve(user);
      Files.writeString(file, key.publicLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return this;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public KeyPair hostKey() {
    return hostKey;
  }

  /** The line {@code ssh-keyscan} would print for this server: {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
  public String knownHostsLine() {
    String[] fields = hostKey.publicLine().split("\\s+");
    return "[127.0.0.1]:" + port + " " + fields[0] + " " + fields[1];
  }

  /** Writes a known_hosts file that trusts this server. */
  public Path writeKnownHosts(Path file) {
    try {
      Files.writeString(file, knownHostsLine() + "\n");
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A config for {@code user@127.0.0.1:port} that pins this server's host key. */
  public SshConfig.Builder configFor(String user, KeyPair key) {
    return SshConfig.builder()
        .host("127.0.0.1")
        .port(port)
        .user(user)
        .privateKey(key.privateKey())
        .hostKeyFingerprint(hostKey.fingerprint());
  }

  /** Authorizes a fresh ed25519 key (made in {@code clientDir}) for root and connects with it. */
  public SshTransport connectAsRoot(Path clientDir) {
    KeyPair key = KeyPair.ed25519(clientDir, "id_ed25519");
    authorize("root", key);
    return SshTransport.connect(configFor("root", key).build());
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the listener and every session process it started. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try (var files = Files.list(authorizedKeys)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(authorizedKeys);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + authorizedKeys, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
