package dev.kubestrap.examples.sandbox;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ssh.SshTransport;

/** The code behind the first snippet of {@code docs/sandbox.md}; needs root and systemd-nspawn. */
public final class SandboxGuide {
  private SandboxGuide() {}

  /** Boots two hosts, asks host1's systemd for its state over SSH, and removes both. */
  public static void twoHosts() {
    // tag::two-hosts[]
    try (Sandbox sandbox = Sandbox.builder()
            .hosts(2)                                              // host1, host2
            .addPackages("etcd-server", "etcd-client", "containerd", "runc")
            .start()) {                                            // returns when every host is ready
      SandboxHost host1 = sandbox.host("host1");                   // 198.18.0.2 on an idle machine
      try (SshTransport ssh = host1.connect()) {                   // pinned to host1's own host key
        ssh.run(Command.of("systemctl", "is-system-running"));
      }
    }                                                              // powered off and removed
    // end::two-hosts[]
  }
}
