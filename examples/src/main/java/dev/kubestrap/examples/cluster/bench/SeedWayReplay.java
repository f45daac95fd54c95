package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HealthWait;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a plan the way the seed's shell scripts do: host after host, one {@code ssh} process per command and one
 * {@code scp} process per file, no connection reuse, no content comparison (every file is sent every time), and
 * {@code systemctl daemon-reload} plus {@code systemctl enable} per service. Health waits are not replayed (the seed
 * had none). Needs OpenSSH's {@code ssh} and {@code scp} and key-based login.
 */
final class SeedWayReplay {
  private final Map<String, SshConfig> hosts;
  private final Path scratch;
  private int processes;
  private final Set<String> directories = new java.util.HashSet<>();

  private final java.util.Optional<Path> knownHosts;

  SeedWayReplay(Map<String, SshConfig> hosts, java.util.Optional<Path> knownHosts, Path scratch) {
    this.hosts = Map.copyOf(hosts);
    this.knownHosts = knownHosts;
    this.scratch = scratch;
  }

  /** Replays {@code plan} and returns how many ssh/scp processes it ran. */
  int replay(ClusterPlan plan) throws IOException, InterruptedException {
    processes = 0;
    directories.clear();
    for (HostId host : plan.hosts()) {
      SshConfig ssh = hosts.get(host.name());
      for (Phase phase : Phase.values()) {
        for (Action action : plan.actions(phase, host)) {
          replay(ssh, action);
        }
      }
    }
    return processes;
  }

  private void replay(SshConfig ssh, Action action) throws IOException, InterruptedException {
    if (action instanceof EnsureDirectory dir) {
      ssh(ssh, "mkdir -p -m " + dir.mode().octal() + " " + quote(dir.path()));
      directories.add(ssh.host() + ":" + dir.path());
    } else if (action instanceof PutFile file) {
      scp(ssh, write(file.content(), file.mode().permissions()), file.path());
    } else if (action instanceof InstallUnit unit) {
      scp(ssh, write(unit.content(), 0644), unit.path());
    } else if (action instanceof PutBinary binary) {
      scp(ssh, binary.source().resolve(), binary.path());
    } else if (action instanceof RunCommand command) {
      ssh(ssh, command.command().stream().map(SeedWayReplay::quote).collect(Collectors.joining(" ")) + " || true");
    } else if (action instanceof ServiceAction service) {
      ssh(ssh, "systemctl daemon-reload");
      ssh(ssh, "systemctl enable " + quote(service.unit()));
    } else if (!(action instanceof HealthWait)) {
      throw new IllegalArgumentException("cannot replay " + action);
    }
  }

  private Path write(byte[] content, int mode) throws IOException {
    Path file = Files.createTempFile(scratch, "seed-way", ".tmp");
    Files.write(file, content);
    Files.setPosixFilePermissions(file, permissions(mode));
    return file;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    String letters = "rwxrwxrwx";
    StringBuilder text = new StringBuilder();
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return java.nio.file.attribute.PosixFilePermissions.fromString(text.toString());
  }

  private void ssh(SshConfig ssh, String command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ssh", "-p", Integer.toString(ssh.port())));
    argv.addAll(options(ssh, knownHosts));
    argv.add(ssh.user() + "@" + ssh.host());
    argv.add(command);
    run(argv);
  }

  private void scp(SshConfig ssh, Path local, String remote) throws IOException, InterruptedException {
    String parent = remote.substring(0, remote.lastIndexOf('/'));
    if (!parent.isEmpty() && directories.add(ssh.host() + ":" + parent)) {
      ssh(ssh, "mkdir -p " + quote(parent));
    }
    List<String> argv = new ArrayList<>(List.of("scp", "-q", "-P", Integer.toString(ssh.port())));
    argv.addAll(options(ssh, knownHosts));
    argv.add(local.toString());
    argv.add(ssh.user() + "@" + ssh.host() + ":" + remote);
    run(argv);
  }

  /** OpenSSH's options for {@code ssh}: batch mode, host keys checked against {@code knownHosts}, its keys. */
  static List<String> options(SshConfig ssh, java.util.Optional<Path> knownHosts) {
    List<String> options = new ArrayList<>(List.of("-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
        "-o", "UserKnownHostsFile=" + knownHosts.orElse(ssh.knownHosts())));
    ssh.privateKeys().forEach(key -> options.addAll(List.of("-i", key.path().toString())));
    return options;
  }

  private void run(List<String> argv) throws IOException, InterruptedException {
    processes++;
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", argv.subList(0, 1)) + " failed (exit " + process.exitValue() + "): " + output);
    }
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
