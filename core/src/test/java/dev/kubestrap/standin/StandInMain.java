package dev.kubestrap.standin;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the stand-in programs: {@code StandInMain <program> [flags…]}, with the Kubernetes version in the
 * system property {@code kubestrap.standin.version} (e.g. {@code v1.35.2}; its minor picks the official flag list).
 * A refusal prints one line to standard error and exits with status 1, as the real programs do on bad flags.
 */
public final class StandInMain {
  /** The system property that carries the Kubernetes version the stand-in pretends to be. */
  public static final String VERSION_PROPERTY = "kubestrap.standin.version";

  private StandInMain() {}

  public static void main(String[] argv) {
    if (argv.length == 0) {
      System.err.println("usage: StandInMain <program> [flags...]");
      System.exit(2);
    }
    String version = System.getProperty(VERSION_PROPERTY, "");
    if (!version.matches("v\\d+\\.\\d+\\.\\d+")) {
      System.err.println("system property " + VERSION_PROPERTY + " must be like v1.35.2: '" + version + "'");
      System.exit(2);
    }
    String minor = version.substring(1, version.lastIndexOf('.'));
    List<String> args = Arrays.asList(argv).subList(1, argv.length);
    try {
      start(argv[0], version, minor, args);
    } catch (StandInRefusal e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** Starts {@code program}; its servers keep the JVM running. */
  static AutoCloseable start(String program, String version, String minor, List<String> args) {
    return switch (program) {
      case "kube-apiserver" -> {
        var server = KubeApiServerStandIn.start(minor, version, args);
        yield () -> server.stop(0);
      }
      case "kubelet" -> {
        var server = KubeletStandIn.start(minor, version, args);
        yield () -> server.stop(0);
      }
      case "kube-controller-manager", "kube-scheduler", "kube-proxy" -> {
        var server = ClientComponentStandIn.start(program, minor, args);
        yield () -> server.stop(0);
      }
      default -> throw new StandInRefusal(program, "no stand-in for this program");
    };
  }
}
