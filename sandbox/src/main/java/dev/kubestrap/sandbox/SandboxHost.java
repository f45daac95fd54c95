package dev.kubestrap.sandbox;

import dev.kubestrap.cluster.Host;
import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.file.Path;

/**
 * One booted host of a {@link Sandbox}.
 *
 * @param name the host's name: its hostname, and its name in every host's {@code /etc/hosts}
 * @param address its IPv4 address on the sandbox bridge
 * @param ssh how to reach it as root on port 22, pinned to the host key the sandbox generated for
 *     it (a connection to anything presenting another key is refused)
 * @param consoleLog the file that receives the host's console (systemd-nspawn's output)
 */
public record SandboxHost(String name, String address, SshConfig ssh, Path consoleLog) {

  /** Opens a new SSH connection to this host; the caller closes it. */
  public SshTransport connect() {
    return ssh.connect();
  }

  /** This host as a cluster host: its name, its address and its pinned SSH configuration. */
  public Host toHost() {
    return Host.of(name, ssh);
  }
}
