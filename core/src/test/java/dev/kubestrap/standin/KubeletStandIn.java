package dev.kubestrap.standin;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test stand-in for the kubelet. Checks its flags and {@code --config} (KubeletConfiguration) against the official
 * lists and the files they name, connects to the container runtime's socket, then registers its Node through
 * {@code --kubeconfig} (whose certificate must say {@code system:node:<name>}) with condition Ready and serves
 * {@code /healthz} on the configured healthz address. It runs no pods: a Ready node here means "registered and
 * heart-beating", not "can run containers".
 */
public final class KubeletStandIn {
  static final String PROGRAM = "kubelet";

  private KubeletStandIn() {}

  /** Validates, registers the node and serves health; returns the health server. */
  public static HttpServer start(String minor, String gitVersion, List<String> args) {
    StandInFlags flags = StandInFlags.parse(PROGRAM, minor, args);
    ConfigDocument config = ConfigDocument.read(PROGRAM, flags.requireFile("--config"), "KubeletConfiguration")
        .requireReadableFiles(PROGRAM, "authentication.x509.clientCAFile", "tlsCertFile", "tlsPrivateKeyFile");
    config.get("containerRuntimeEndpoint").ifPresent(endpoint -> awaitRuntime(endpoint, Duration.ofSeconds(30)));
    String nodeName = flags.get("--hostname-override").orElseGet(KubeletStandIn::hostname);
    ApiConnection api = ApiConnection.open(PROGRAM, flags.requireFile("--kubeconfig"), Duration.ofSeconds(60));
    if (!api.userName().equals("system:node:" + nodeName)) {
      throw new StandInRefusal(PROGRAM, "the --kubeconfig certificate is for '" + api.userName()
          + "' but this node is '" + nodeName + "': the node authorizer would refuse it");
    }
    String nodeIp = flags.get("--node-ip").orElse("");
    register(api, nodeName, nodeIp, gitVersion);
    ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
    heartbeat.scheduleWithFixedDelay(() -> {
      try {
        register(api, nodeName, nodeIp, gitVersion);
      } catch (KubernetesClientException e) {
        System.err.println(PROGRAM + ": heartbeat failed: " + e.getMessage());
      }
    }, 10, 10, TimeUnit.SECONDS);
    InetSocketAddress healthz = new InetSocketAddress(config.get("healthzBindAddress").orElse("127.0.0.1"),
        Integer.parseInt(config.get("healthzPort").orElse("10248")));
    return HealthEndpoints.http(PROGRAM, healthz);
  }

  /** Creates the Node when the API server lacks it (first start, or a restarted in-memory stand-in), then marks it Ready. */
  static void register(ApiConnection api, String nodeName, String nodeIp, String gitVersion) {
    Node existing = api.client().nodes().withName(nodeName).get();
    Node node = existing != null ? existing : api.client().nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(nodeName)
        .addToLabels("kubernetes.io/hostname", nodeName)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .endMetadata().build()).create();
    String now = Instant.now().toString();
    Node ready = new NodeBuilder(node).withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withMessage("kubestrap stand-in kubelet: registered, runs no pods")
        .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
        .addNewAddress().withType("InternalIP").withAddress(nodeIp).endAddress()
        .addNewAddress().withType("Hostname").withAddress(nodeName).endAddress()
        .withNewNodeInfo().withKubeletVersion(gitVersion).withKubeProxyVersion(gitVersion)
        .withOperatingSystem("linux").withArchitecture("amd64").withContainerRuntimeVersion("containerd://")
        .withOsImage("").withKernelVersion("").withMachineID("").withSystemUUID("").withBootID("").endNodeInfo()
        .endStatus().build();
    api.client().nodes().resource(ready).updateStatus();
  }

  private static void awaitRuntime(String endpoint, Duration patience) {
    if (!endpoint.startsWith("unix://")) {
      throw new StandInRefusal(PROGRAM, "containerRuntimeEndpoint must be a unix:// socket: " + endpoint);
    }
    Path socket = Path.of(endpoint.substring("unix://".length()));
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(socket));
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new StandInRefusal(PROGRAM, "the container runtime at " + endpoint + " does not accept connections: "
              + e.getMessage(), e);
        }
        ApiConnection.sleep(Duration.ofSeconds(1));
      }
    }
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      throw new StandInRefusal(PROGRAM, "cannot tell this host's name; give --hostname-override", e);
    }
  }
}
