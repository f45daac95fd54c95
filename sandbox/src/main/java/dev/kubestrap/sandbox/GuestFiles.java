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
  /**
   * The values kubelet insists on for kernel-wide keys (it writes them when they differ and fails when
   * it cannot). A sandbox host shows it these values on its own /proc/sys instead of letting it change
   * the machine's: the keys are not namespaced.
   */
  static final Map<String, String> KUBELET_KERNEL_KEYS = Map.of(
      "vm/overcommit_memory", "1", "vm/panic_on_oom", "0", "kernel/panic", "10",
      "kernel/panic_on_oops", "1", "kernel/keys/root_maxkeys", "1000000",
      "kernel/keys/root_maxbytes", "25000000");
  static final String PREPARE_UNIT = "kubestrap-sandbox-prepare.service";

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
    // The bridge's address stands in as a name server that refuses every query, so that programs
    // that need one configured (CoreDNS forwards to it) start and get a quick answer.
    write("etc/resolv.conf", "# kubestrap sandbox: no DNS server answers; see /etc/hosts\nnameserver "
        + range.address(1) + "\n");
    // A default route on the link itself, without a gateway: a host must have a route to a service IP for
    // kube-proxy's NAT to take the packet, yet nothing is routed beyond the bridge (no neighbour answers
    // for foreign addresses, so such traffic ends unanswered on the bridge).
    write("etc/systemd/network/10-kubestrap-host0.network", "[Match]\nName=host0\n\n[Network]\n"
        + "Address=" + address + "/" + range.prefixLength() + "\nLinkLocalAddressing=no\n"
        + "IPv6AcceptRA=no\n\n[Route]\nDestination=0.0.0.0/0\nScope=link\n");
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
    writeContainerSupport();
    Files.setPosixFilePermissions(guestPath("root/.ssh/authorized_keys"),
        PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * A unit that runs first at boot and gives kubelet and runc what a machine of their own would:
   * the cgroup v1 controllers mounted writable (nspawn mounts them read-only; beneath each is this
   * host's own cgroup) and the kernel-wide keys kubelet checks shown with its values.
   */
  private void writeContainerSupport() throws IOException {
    StringBuilder script = new StringBuilder("""
        #!/bin/sh
        # Written by kubestrap's sandbox: what a machine of its own would give kubelet and runc.
        set -e
        for dir in /sys/fs/cgroup/*/; do
          if [ "$(stat -f -c %T "$dir")" = cgroupfs ]; then mount -o remount,bind,rw "$dir"; fi
        done
        mkdir -p /run/kubestrap-sandbox/sysctl
        show() {
          if [ "$(cat "/proc/sys/$1")" != "$2" ]; then
            file=/run/kubestrap-sandbox/sysctl/$(echo "$1" | tr / .)
            echo "$2" > "$file"
            mount --bind "$file" "/proc/sys/$1"
            mount -o remount,bind,ro "/proc/sys/$1"
          fi
        }
        """);
    new java.util.TreeMap<>(KUBELET_KERNEL_KEYS).forEach((key, value) ->
        script.append("show ").append(key).append(' ').append(value).append('\n'));
    write("usr/local/sbin/kubestrap-sandbox-prepare", script.toString());
    Files.setPosixFilePermissions(guestPath("usr/local/sbin/kubestrap-sandbox-prepare"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    write("etc/systemd/system/" + PREPARE_UNIT, """
        [Unit]
        Description=kubestrap sandbox: writable cgroup controllers and kubelet's kernel keys
        DefaultDependencies=no
        Before=sysinit.target
        After=systemd-remount-fs.service

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=/usr/local/sbin/kubestrap-sandbox-prepare

        [Install]
        WantedBy=sysinit.target
        """);
    Path wants = guestPath("etc/systemd/system/sysinit.target.wants/" + PREPARE_UNIT);
    Files.deleteIfExists(wants);
    Files.createSymbolicLink(wants, Path.of("/etc/systemd/system/" + PREPARE_UNIT));
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
