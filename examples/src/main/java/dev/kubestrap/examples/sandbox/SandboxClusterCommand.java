package dev.kubestrap.examples.sandbox;

import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind-like pair of commands on top of {@link SandboxCluster}: {@code up} starts a cluster of 1 control-plane
 * host and 2 workers on sandbox hosts of this machine, with the programs of {@code KUBESTRAP_PROGRAMS} (built from
 * source by {@code programs/build.sh}) and their images, prints its nodes and pods and leaves a kubeconfig;
 * {@code down} removes it. The cluster lives in a background JVM ({@code serve}) that holds the sandbox; its state
 * (process id, log, kubeconfig) is in {@value #STATE_DIRECTORY}. {@code scripts/sandbox-cluster.sh} builds the class
 * path and runs this.
 */
public final class SandboxClusterCommand {
  static final String STATE_DIRECTORY = "/var/lib/kubestrap/sandbox-cluster";
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);

  private final Path state;
  private final Function<String, String> environment;
  private final PrintStream out;

  SandboxClusterCommand(Path state, Function<String, String> environment, PrintStream out) {
    this.state = state;
    this.environment = environment;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    SandboxClusterCommand command = new SandboxClusterCommand(Path.of(STATE_DIRECTORY), System::getenv, System.out);
    String verb = args.length == 1 ? args[0] : "";
    int exit = switch (verb) {
      case "up" -> command.up();
      case "down" -> command.down();
      case "serve" -> command.serve();
      default -> {
        System.err.println("usage: SandboxClusterCommand up|down");
        yield 2;
      }
    };
    System.exit(exit);
  }

  Path kubeconfig() {
    return state.resolve("kubeconfig");
  }

  /** Starts the background JVM unless one runs, waits until its cluster is ready, prints nodes and pods. */
  int up() throws IOException, InterruptedException {
    Optional<ProcessHandle> running = running();
    if (running.isEmpty()) {
      Optional<Path> programs = programs();
      if (programs.isEmpty()) {
        out.println("up: set KUBESTRAP_PROGRAMS to a directory of programs (bash programs/build.sh prints one)");
        return 2;
      }
      Files.createDirectories(state);
      Files.deleteIfExists(state.resolve("ready"));
      Process serve = new ProcessBuilder("setsid", ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), SandboxClusterCommand.class.getName(), "serve")
          .redirectErrorStream(true).redirectOutput(state.resolve("log").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      out.println("starting a sandbox cluster with the programs of " + programs.get() + " (log: "
          + state.resolve("log") + ")");
      Instant deadline = Instant.now().plus(UP_TIMEOUT);
      while (!Files.exists(state.resolve("ready"))) {
        if (!serve.isAlive() || Instant.now().isAfter(deadline)) {
          serve.destroy();
          out.println("up failed:\n" + tail(state.resolve("log")));
          return 1;
        }
        Thread.sleep(1000);
      }
    } else {
      out.println("a sandbox cluster is already running (process " + running.get().pid() + ")");
    }
    printNodesAndPods();
    out.println("kubeconfig: " + kubeconfig() + "\n  kubectl --kubeconfig " + kubeconfig() + " get pods -A"
        + "\nremove it with: bash scripts/sandbox-cluster.sh down");
    return 0;
  }

  /** Stops the background JVM, whose shutdown powers the hosts off and removes them. */
  int down() throws Exception {
    Optional<ProcessHandle> running = running();
    if (running.isEmpty()) {
      out.println("no sandbox cluster is running");
    } else {
      running.get().destroy();
      running.get().onExit().get(2, java.util.concurrent.TimeUnit.MINUTES);
      out.println("sandbox cluster removed");
    }
    for (String file : List.of("pid", "ready", "kubeconfig")) {
      Files.deleteIfExists(state.resolve(file));
    }
    return 0;
  }

  /** The background JVM: starts the cluster, publishes its kubeconfig, and holds it until it is stopped. */
  int serve() throws IOException, InterruptedException {
    SandboxClusterSpec spec = SandboxClusterSpec.builder().programs(programs().orElseThrow())
        .images(programs().orElseThrow().resolve("images")).build();
    SandboxCluster cluster = SandboxCluster.start(spec);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "sandbox-cluster-down"));
    Files.writeString(state.resolve("pid"), record(ProcessHandle.current()));
    Files.copy(cluster.kubeconfig(), kubeconfig(), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(kubeconfig(), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(state.resolve("ready"), cluster.toString());
    System.out.println(cluster + " ready in " + cluster.startup().toSeconds() + " s");
    Thread.currentThread().join();
    return 0;
  }

  private Optional<Path> programs() {
    String dir = environment.apply("KUBESTRAP_PROGRAMS");
    return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
  }

  /**
   * What the pid file holds: the pid and the start time, which tell the process apart from a later one given the same
   * pid (its command line cannot: the JDK cuts it at 4,096 characters, before the main class of a long class path).
   */
  static String record(ProcessHandle process) {
    return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
  }

  /** The background JVM recorded in the state directory, if it is still alive. */
  Optional<ProcessHandle> running() throws IOException {
    Path pid = state.resolve("pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    String recorded = Files.readString(pid).strip();
    return ProcessHandle.of(Long.parseLong(recorded.split(" ", 2)[0])).filter(ProcessHandle::isAlive)
        .filter(process -> record(process).equals(recorded));
  }

  private void printNodesAndPods() throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig(), StandardCharsets.UTF_8));
    config.setClientKeyAlgo("EC");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      out.printf("%-16s %-8s %s%n", "NODE", "READY", "VERSION");
      for (Node node : client.nodes().list().getItems()) {
        boolean ready = node.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        out.printf("%-16s %-8s %s%n", node.getMetadata().getName(), ready,
            node.getStatus().getNodeInfo().getKubeletVersion());
      }
      out.printf("%n%-14s %-40s %-10s %s%n", "NAMESPACE", "POD", "PHASE", "NODE");
      for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
        out.printf("%-14s %-40s %-10s %s%n", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            pod.getStatus().getPhase(), pod.getSpec().getNodeName());
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
