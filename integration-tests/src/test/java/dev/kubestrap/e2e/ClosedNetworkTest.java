package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.images.ImageArchive;
import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.proxy.HttpProxy;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ssh.SshTransport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images at a closed site, against real parts: Debian's docker-registry on this machine's bridge address serving
 * an image built here (busybox-static packed with umoci, pushed with skopeo) under a registry name that resolves
 * nowhere, so containerd on the nodes can only get it through the mirror configuration the plan wrote; then the
 * same through Debian's tinyproxy set as containerd's proxy, whose log shows the requests it passed; and the image
 * archives preloaded into every node. The shared cluster is changed for this and put back afterwards.
 */
@ClusterBuiltFromSource
@Order(4)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosedNetworkTest {
  private static final String REGISTRY = "mirror.kubestrap.test";

  private SandboxCluster sandbox;
  private Cluster cluster;
  private KubernetesClient client;
  private Path dir;
  private LocalServer registry;
  private LocalServer proxy;

  @BeforeAll
  void startTheRegistryAndTheProxy(@TempDir Path temporary) throws Exception {
    dir = temporary;
    StartedSandboxes.record(sandbox);
    String bridge = sandbox.sandbox().bridgeAddress();
    registry = RealServers.registry(dir, bridge);
    proxy = RealServers.tinyproxy(dir, bridge);
    RealServers.pushBusyboxImage(dir, registry, "kubestrap/hello:mirrored", "kubestrap/hello:proxied");
  }

  @AfterAll
  void putTheClusterBackAndStopTheServers() {
    try {
      for (SandboxHost host : sandbox.sandbox().hosts()) {
        run(host, "rm -rf /etc/systemd/system/containerd.service.d /opt/containerd/certs.d && systemctl daemon-reload");
      }
      cluster.apply();
    } finally {
      if (registry != null) {
        registry.close();
      }
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  @Test
  @Order(1)
  void aPodPullsItsImageThroughTheRegistryMirrorThePlanConfigured() throws Exception {
    applyChanged(mirrored());

    runToCompletion("mirrored", REGISTRY + "/kubestrap/hello:mirrored");

    String worker1 = sandbox.sandbox().host("worker1").address();
    assertThat(registry.log()).as("the registry's log of worker1's pull")
        .containsPattern("http.request.method=(GET|HEAD) http.request.remoteaddr=\"" + worker1.replace(".", "\\.")
            + ":\\d+\" http.request.uri=\"?/v2/kubestrap/hello/manifests/mirrored");
    assertThat(run(sandbox.sandbox().host("worker1"), "cat /opt/containerd/certs.d/" + REGISTRY + "/hosts.toml"))
        .contains(registry.url());
  }

  @Test
  @Order(2)
  void withAProxyContainerdPullsThroughItAndItsLogShowsTheRequests() throws Exception {
    applyChanged(mirrored().spec(s -> s.httpProxy(HttpProxy.of(proxy.url()))));

    assertThat(run(sandbox.sandbox().host("worker1"), "systemctl show containerd -p Environment"))
        .contains("HTTP_PROXY=" + proxy.url()).contains("NO_PROXY=localhost,127.0.0.1,");
    runToCompletion("proxied", REGISTRY + "/kubestrap/hello:proxied");

    assertThat(proxy.log()).as("the proxy's log").containsPattern("Request \\(file descriptor \\d+\\): (GET|HEAD) "
        + registry.url() + "/v2/kubestrap/hello/manifests/proxied");
  }

  @Test
  @Order(3)
  void everyPreloadedArchiveIsInContainerdOnEveryNode() {
    List<String> references = ImageArchive.inDirectory(sandbox.spec().images().orElseThrow()).stream()
        .flatMap(archive -> archive.references().stream()).toList();
    assertThat(references).isNotEmpty();
    for (SandboxHost host : sandbox.sandbox().hosts()) {
      assertThat(run(host, "/opt/containerd/ctr --address /run/containerd/containerd.sock -n k8s.io images ls -q")
          .lines()).as("images on %s", host.name()).containsAll(references);
    }
  }

  private ClusterBuilder mirrored() {
    return sandbox.changedCluster()
        .spec(s -> s.registryMirror(RegistryMirror.forRegistry(REGISTRY).endpoint(registry.url()).build()));
  }

  private static void applyChanged(ClusterBuilder builder) {
    try (Cluster changed = builder.build()) {
      changed.apply();
    }
  }

  /** A pod on a worker running the image; it has finished when it has run ({@code echo} exits at once). */
  private void runToCompletion(String name, String image) throws Exception {
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withRestartPolicy("Never").withNodeName("worker1")
        .addNewContainer().withName("hello").withImage(image).withImagePullPolicy("Always")
        .withArgs("pulled", name).endContainer().endSpec().build();
    client.pods().inNamespace("default").resource(pod).create();
    try {
      Pod done = client.pods().inNamespace("default").withName(name).waitUntilCondition(
          p -> p != null && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()), 3, TimeUnit.MINUTES);
      assertThat(done.getStatus().getPhase()).as("pod %s: %s", name, done.getStatus()).isEqualTo("Succeeded");
      assertThat(client.pods().inNamespace("default").withName(name).getLog()).isEqualTo("pulled " + name + "\n");
    } finally {
      client.pods().inNamespace("default").withName(name).delete();
    }
  }

  private static String run(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.run(Command.script(script)).stdout();
    }
  }

}
