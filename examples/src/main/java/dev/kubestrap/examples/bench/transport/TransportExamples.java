package dev.kubestrap.examples.bench.transport;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.RemoteCommandException;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The snippets of {@code docs/transport.md}, compiled with the project so the guide cannot drift from
 * the API. Each region is copied into the page verbatim. Not a runnable program: it needs real hosts.
 */
final class TransportExamples {
  private TransportExamples() {}

  static SshConfig sshConfig(Path key) {
    // region ssh-config
    SshConfig node = SshConfig.builder()
        .host("198.18.0.2")                            // required
        .port(22)                                      // default 22
        .user("root")                                  // default root
        .privateKey(key)                               // or .password(...), .agent(); none set: agent + ~/.ssh/id_*
        .knownHosts(Path.of("/etc/kubestrap/known_hosts")) // default ~/.ssh/known_hosts
        .connectTimeout(Duration.ofSeconds(10))        // default 10 s
        .commandTimeout(Duration.ofMinutes(10))        // default 10 min, per command unless it sets its own
        .keepAlive(Duration.ofSeconds(5))              // default 5 s; Duration.ZERO turns it off
        .deadPeerTimeout(Duration.ofSeconds(20))       // default 20 s without a byte from the host: connection lost
        .build();
    // endregion
    return node;
  }

  static void everyday(SshConfig node, byte[] caPem) {
    // region everyday
    try (SshTransport host = SshTransport.connect(node)) {
      host.mkdirs("/etc/kubernetes/pki", FileMode.DIRECTORY);
      PutResult put = host.put(caPem, "/etc/kubernetes/pki/ca.crt", FileMode.PUBLIC);
      if (put.skipped()) {
        // the host already had exactly these bytes: nothing was sent
      }
      ExecResult status = host.exec(Command.of("systemctl", "is-active", "etcd"));
      if (!status.succeeded()) {
        host.run(Command.of("systemctl", "restart", "etcd"));   // throws RemoteCommandException on failure
      }
    }
    // endregion
  }

  static void commands(Transport host, Supplier<char[]> token) {
    // region commands
    // arguments are passed as they are; nothing is ever concatenated into a shell string
    host.run(Command.of("mkdir", "-p", "/var/lib/kubelet"));
    // a constant script with its values as positional parameters
    host.run(Command.script("test -L \"$1\" || ln -s \"$2\" \"$1\"", "/usr/local/bin/kubectl", "/opt/kubernetes/bin/kubectl"));
    // stdin, a timeout of its own, and a secret kept out of logs and error messages
    String secret = new String(token.get());
    host.run(Command.of("etcdctl", "user", "passwd", "root", "--interactive=false")
        .withStdin(secret + "\n")
        .withTimeout(Duration.ofSeconds(30))
        .redact(secret));
    // endregion
  }

  static void failures(Transport host) {
    // region failures
    try {
      host.run(Command.of("systemctl", "start", "kube-apiserver"));
    } catch (RemoteCommandException e) {
      // "exec systemctl start kube-apiserver on root@198.18.0.2:22 failed: exit code 1; stderr: ..."
      System.err.println(e.getMessage());
      e.exitCode().ifPresent(code -> System.err.println("exit code " + code));
    }
    // endregion
  }

  static SshConfig hostKeys(String fingerprint) {
    // region host-keys
    SshConfig pinned = SshConfig.builder()
        .host("198.18.0.2")
        .hostKeyFingerprint(fingerprint)               // "SHA256:..." as ssh-keygen -lf prints it
        .build();
    SshConfig firstContact = SshConfig.builder()
        .host("198.18.0.3")
        .acceptNewHostKeys()                           // explicit opt-in: records unknown hosts, never changed ones
        .build();
    // endregion
    return firstContact.hostKeyFingerprint().isPresent() ? pinned : firstContact;
  }

  static SshConfig sudoAndJump(Path key, Supplier<char[]> sudoPassword) {
    // region sudo-jump
    SshConfig bastion = SshConfig.builder()
        .host("198.18.0.1")
        .user("ops")
        .privateKey(key)
        .build();
    SshConfig worker = SshConfig.builder()
        .host("198.18.0.12")
        .user("debian")
        .privateKey(key)
        .jumpHost(bastion)                             // the connection is tunnelled through the bastion
        .sudo(sudoPassword)                            // or .sudo() for a NOPASSWD rule
        .build();
    // endregion
    return worker;
  }

  static void dryRun(Path outputDir) {
    // region dry-run
    try (LocalTransport tree = LocalTransport.rootedAt(outputDir.resolve("node-1"))) {
      tree.put("KUBELET_ARGS=...\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "/etc/kubernetes/kubelet.env", FileMode.PUBLIC);
      // written to <outputDir>/node-1/etc/kubernetes/kubelet.env
    }
    // endregion
  }
}
