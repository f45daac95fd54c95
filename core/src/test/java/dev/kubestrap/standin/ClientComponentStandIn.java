package dev.kubestrap.standin;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test stand-ins for the API server's clients that kubestrap starts as services: kube-controller-manager,
 * kube-scheduler and kube-proxy. Each checks its flags and configuration file against the official lists and the
 * files they name, makes a real mutual-TLS request to the API server through its kubeconfig (whose certificate must
 * carry the identity the default RBAC bindings name), and serves its health endpoint: HTTPS {@code /healthz} on
 * 10257 (controller-manager) and 10259 (scheduler) with a self-signed certificate, HTTP {@code /healthz} on 10256
 * (kube-proxy). They run no control loops, schedule nothing and program no rules.
 */
public final class ClientComponentStandIn {
  private ClientComponentStandIn() {}

  /** Validates, connects and serves health for {@code program}; returns the health server. */
  public static HttpServer start(String program, String minor, List<String> args) {
    StandInFlags flags = StandInFlags.parse(program, minor, args);
    return switch (program) {
      case "kube-controller-manager" -> {
        connect(program, flags.requireFile("--kubeconfig"), "system:kube-controller-manager");
        yield HealthEndpoints.https(program, bind(flags, "10257"), TlsFiles.selfSigned(program));
      }
      case "kube-scheduler" -> {
        Path kubeconfig = flags.get("--config")
            .map(file -> ConfigDocument.read(program, Path.of(file), "KubeSchedulerConfiguration")
                .requireReadableFiles(program, "clientConnection.kubeconfig").get("clientConnection.kubeconfig")
                .orElseThrow(() -> new StandInRefusal(program, file + " sets no clientConnection.kubeconfig")))
            .map(Path::of).orElseGet(() -> flags.requireFile("--kubeconfig"));
        connect(program, kubeconfig, "system:kube-scheduler");
        yield HealthEndpoints.https(program, bind(flags, "10259"), TlsFiles.selfSigned(program));
      }
      case "kube-proxy" -> {
        String configFile = flags.require("--config");
        ConfigDocument config = ConfigDocument.read(program, Path.of(configFile), "KubeProxyConfiguration")
            .requireReadableFiles(program, "clientConnection.kubeconfig");
        connect(program, Path.of(config.get("clientConnection.kubeconfig").orElseThrow(() ->
            new StandInRefusal(program, configFile + " sets no clientConnection.kubeconfig"))), "system:kube-proxy");
        yield HealthEndpoints.http(program, HealthEndpoints.parse(
            config.get("healthzBindAddress").orElse("0.0.0.0:10256")));
      }
      default -> throw new IllegalArgumentException("not an API client component: " + program);
    };
  }

  private static void connect(String program, Path kubeconfig, String expectedUser) {
    try (ApiConnection api = ApiConnection.open(program, kubeconfig, Duration.ofSeconds(60))) {
      if (!api.userName().equals(expectedUser)) {
        throw new StandInRefusal(program, "the kubeconfig certificate is for '" + api.userName() + "', but the"
            + " default RBAC bindings name '" + expectedUser + "'");
      }
    }
  }

  private static InetSocketAddress bind(StandInFlags flags, String defaultPort) {
    return new InetSocketAddress(flags.get("--bind-address").orElse("0.0.0.0"),
        Integer.parseInt(flags.get("--secure-port").orElse(defaultPort)));
  }
}
