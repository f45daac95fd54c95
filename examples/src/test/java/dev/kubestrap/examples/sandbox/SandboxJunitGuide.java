package dev.kubestrap.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.sandbox.junit.WithSandbox;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ssh.SshTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JUnit snippets of {@code docs/sandbox.md}, compiled against the real extension. The nested classes are not
 * picked up by the build's test run (nested classes are excluded), because booting sandboxes is the job of core's
 * sandbox tests, not of the documentation check.
 */
final class SandboxJunitGuide {
  private SandboxJunitGuide() {}

  // tag::annotation[]
  @WithSandbox(hosts = 2, packages = {"etcd-server", "etcd-client", "containerd", "runc"})
  static class ClusterTest {
    @Test
    void hostsTalk(Sandbox sandbox) {
      try (SshTransport ssh = sandbox.host("host1").connect()) {
        ssh.run(Command.of("bash", "-c", "exec 3<>/dev/tcp/" + sandbox.host("host2").address() + "/22"));
      }
    }
  }
  // end::annotation[]

  static class ExtensionTest {
    // tag::extension[]
    @RegisterExtension
    static SandboxExtension sandbox = SandboxExtension.of(Sandbox.builder().hosts("master", "worker"));

    @Test
    void masterIsUp() {
      SandboxHost master = sandbox.get().host("master");
      assertThat(master.address()).startsWith("198.18.0.");
    }
    // end::extension[]
  }
}
