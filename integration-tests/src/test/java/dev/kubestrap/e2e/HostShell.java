package dev.kubestrap.e2e;

import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.ssh.SshTransport;

/** A shell script on a sandbox host as root, over a connection of its own. */
final class HostShell {
  private HostShell() {}

  /** Runs {@code script}; fails on a non-zero exit code. */
  static ExecResult run(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.run(Command.script(script));
    }
  }

  /** Runs {@code script} whatever its exit code. */
  static ExecResult exec(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.exec(Command.script(script));
    }
  }
}
