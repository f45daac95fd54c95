package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes what makes a copy of the base root filesystem one particular host: hostname, hosts file,
 * machine id, static address, SSH host key, authorized key. Every file is replaced, never written
 * through: a symbolic link inside the guest (such as {@code /etc/resolv.conf}) may point at a path
 * that, seen from this machine, is one of its own files.
 */
final class GuestFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  GuestFiles(Path root) {
    this.root = root;
  }

  /**
   * Configures the guest.
   *
   * @param hostname the guest's hostname
   * @param address the guest's address on the bridge
   * @param range the sandbox range (for the prefix length)
   * @param allHosts every host of the sandbox, name to address, for {@code /etc/hosts}
   * @param hostKey the guest's SSH host key
   * @param authorizedKey the {@code authorized_keys} line for root
   */
  void configure(String hostname, String address, AddressRange range, Map<String, String> allHosts,
      SshKeyPair hostKey, String authorizedKey) throws IOException {
    write("etc/hostname", hostname + "\n");
    StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost"
        + " ip6-loopback\n");
    allHosts.forEach((name, ip) -> hosts.append(ip).append('\t').append(name).append('\n'));
    write("etc/hosts", hosts.toString());
    byte[] machineId = new byte[16];
    RANDOM.nextBytes(machineId);
    write("etc/machine-id", HexFormat.of().formatHex(machineId) + "\n");
    // No DNS server is reachable from the sandbox; the hosts find each other through /etc/hosts.
    write("etc/resolv.conf", "# kubestrap sandbox: no DNS; see /etc/hosts\n");
    write("etc/systemd/network/10-kubestrap-host0.network", "[Match]\nName=host0\n\n[Network]\n"
        + "Address=" + address + "/" + range.prefixLength() + "\nLinkLocalAddressing=no\n"
        + "IPv6AcceptRA=no\n");
    Path hostKeyFile = guestPath("etc/ssh/ssh_host_ed25519_key");
    Files.deleteIfExists(hostKeyFile.resolveSibling("ssh_host_ed25519_key.pub"));
    hostKey.writeTo(hostKeyFile, "root@" + hostname);
    write("etc/ssh/sshd_config.d/50-kubestrap.conf", "HostKey /etc/ssh/ssh_host_ed25519_key\n"
        + "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
        + "KbdInteractiveAuthentication no\n");
    Path sshDir = guestPath("root/.ssh");
    if (!Files.isDirectory(sshDir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(sshDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    write("root/.ssh/authorized_keys", authorizedKey + "\n");
    Files.setPosixFilePermissions(guestPath("root/.ssh/authorized_keys"),
        PosixFilePermissions.fromString("rw-------"));
  }

  private void write(String relative, String content) throws IOException {
    Path file = guestPath(relative);
    Files.deleteIfExists(file);
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** The path of a guest file, refusing any parent directory that is a symbolic link. */
  private Path guestPath(String relative) throws IOException {
    Path file = root.resolve(relative).normalize();
    for (Path dir = file.getParent(); !dir.equals(root); dir = dir.getParent()) {
      if (Files.isSymbolicLink(dir)) {
        throw new SandboxException("configuring " + root + " failed: " + root.relativize(dir)
            + " is a symbolic link");
      }
    }
    Files.createDirectories(file.getParent());
    return file;
  }
}
