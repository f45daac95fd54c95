package dev.kubestrap.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.addons.MockServerLogs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterVerifierTest {
  static {
    MockServerLogs.quiet();
  }

  private static final Duration POLL = Duration.ofMillis(25);
  private static final String DNS_LOG = "Server:\t\t10.254.0.2\nAddress:\t10.254.0.2:53\n\n"
      + "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.254.0.1\n\n";

  KubernetesMockServer server;
  KubernetesClient client;
  FakeKubelet kubelet;

  @BeforeEach
  void startFakeKubelet() {
    kubelet = new FakeKubelet(client);
  }

  @AfterEach
  void stopFakeKubelet() {
    kubelet.close();
  }

  @Test
  void passesWhenTheWholeClusterTurnsReadyAfterAFewPolls() {
    kubelet.registerNotReadyNode("master", "KubeletNotReady", "container runtime network not ready");
    kubelet.registerNotReadyNode("node", "KubeletNotReady", "container runtime network not ready");
    kubelet.runningPod("kube-system", "coredns-1");
    kubelet.runningPod("kube-flannel", "kube-flannel-ds-1");
    kubelet.startsPodAfter("default", "nginx", "Running", Duration.ofMillis(100));
    kubelet.startsPodAfter("default", "kubestrap-dns-check", "Succeeded", Duration.ofMillis(100));
    expectDnsLog(DNS_LOG);
    server.expect().get().withPath("/readyz").andReturn(200, "ok").always();
    List<VerificationEvent> events = new CopyOnWriteArrayList<>();
    // Each state turns Ready a few polls after the verifier has seen it not Ready.
    Set<String> scripted = ConcurrentHashMap.newKeySet();
    Consumer<VerificationEvent> script = e -> {
      events.add(e);
      if (e.stage() != VerificationEvent.Stage.WAITING || !scripted.add(e.check())) {
        return;
      }
      if (e.check().startsWith("nodes")) {
        kubelet.nodeBecomesReadyAfter("master", Duration.ofMillis(100));
        kubelet.nodeBecomesReadyAfter("node", Duration.ofMillis(150));
      } else if (e.check().startsWith("pods")) {
        kubelet.podBecomesReadyAfter("kube-system", "coredns-1", Duration.ofMillis(100));
        kubelet.podBecomesReadyAfter("kube-flannel", "kube-flannel-ds-1", Duration.ofMillis(150));
      }
    };

    verifier().expectNodes("master", "node").listener(script).build().verify(Duration.ofSeconds(10));

    assertThat(events).filteredOn(e -> e.stage() == VerificationEvent.Stage.PASSED)
        .extracting(VerificationEvent::check).containsExactly(
            "the API server to be ready (/readyz)",
            "nodes [master, node] to be Ready",
            "pods in [kube-system, kube-flannel] to be Ready",
            "smoke pod default/nginx (docker.io/library/nginx:1.27) to be Running",
            "pod default/kubestrap-dns-check to resolve kubernetes.default.svc.cluster.local");
    assertThat(events).as("the verifier saw the scripted states before they turned Ready")
        .filteredOn(e -> e.stage() == VerificationEvent.Stage.WAITING).extracting(VerificationEvent::state)
        .anySatisfy(state -> assertThat(state).startsWith("node 'master' not Ready: conditions Ready=False"))
        .anySatisfy(state -> assertThat(state).startsWith("pod kube-system/coredns-1 Running (Ready=False)"))
        .anySatisfy(state -> assertThat(state).isEqualTo("pod default/nginx Pending"))
        .anySatisfy(state -> assertThat(state).isEqualTo("pod default/kubestrap-dns-check Pending"));
    assertThat(client.pods().inNamespace("default").list().getItems()).as("test pods are cleaned up").isEmpty();
  }

  @Test
  void aNodeThatNeverTurnsReadyTimesOutWithItsLastConditions() {
    kubelet.registerNotReadyNode("node", "KubeletNotReady", "container runtime network not ready: cni plugin not initialized");

    assertThatThrownBy(() -> verifier().checks(new NodesReadyCheck(List.of("node"), 1)).build()
        .verify(Duration.ofMillis(300)))
        .isInstanceOf(VerificationTimeoutException.class)
        .isInstanceOf(KubestrapException.class)
        .hasMessage("verify timed out after 300ms waiting for nodes [node] to be Ready; last state: node 'node' not Ready: "
            + "conditions Ready=False (KubeletNotReady: container runtime network not ready: cni plugin not initialized)");
  }

  @Test
  void aMissingNodeIsReportedAsNotRegistered() {
    kubelet.registerReadyNode("master");

    assertThatThrownBy(() -> verifier().checks(new NodesReadyCheck(List.of("master", "worker-2"), 1)).build()
        .verify(Duration.ofMillis(300)))
        .isInstanceOfSatisfying(VerificationTimeoutException.class, e -> {
          assertThat(e.waited()).isEqualTo(Duration.ofMillis(300));
          assertThat(e.lastState()).isEqualTo("node 'worker-2' not registered");
        });
  }

  @Test
  void aSystemNamespaceWithoutPodsDoesNotPass() {
    kubelet.runningPod("kube-system", "coredns-1", true);

    assertThatThrownBy(() -> verifier().checks(new PodsReadyCheck(List.of("kube-system", "kube-flannel"), 1)).build()
        .verify(Duration.ofMillis(250)))
        .hasMessageEndingWith("waiting for pods in [kube-system, kube-flannel] to be Ready; "
            + "last state: no pods in namespace 'kube-flannel' yet");
  }

  @Test
  void aPodThatStaysUnreadyIsNamedWithItsConditions() {
    kubelet.runningPod("kube-system", "coredns-1");

    assertThatThrownBy(() -> verifier().checks(new PodsReadyCheck(List.of("kube-system"), 1)).build()
        .verify(Duration.ofMillis(200)))
        .hasMessageEndingWith("last state: pod kube-system/coredns-1 Running (Ready=False)");
  }

  @Test
  void aSmokePodThatNeverRunsTimesOutAndIsRemoved() {
    assertThatThrownBy(() -> verifier().checks(new SmokePodCheck("default", "nginx", "docker.io/library/nginx:1.27", 1))
        .build().verify(Duration.ofMillis(250)))
        .hasMessage("verify timed out after 250ms waiting for smoke pod default/nginx (docker.io/library/nginx:1.27) "
            + "to be Running; last state: pod default/nginx Pending");
    assertThat(client.pods().inNamespace("default").withName("nginx").get()).isNull();
  }

  @Test
  void theSmokePodIsTheSeedsPodYml() {
    var pod = new SmokePodCheck("default", "nginx", "docker.io/library/nginx:1.27", 1).pod();

    assertThat(pod.getMetadata().getLabels()).containsEntry("run", "test");
    assertThat(pod.getSpec().getContainers()).singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("docker.io/library/nginx:1.27"));
  }

  @Test
  void aFailedLookupIsRetriedWithAFreshPodAndReportedWithItsOutput() {
    kubelet.startsPodAfter("default", "kubestrap-dns-check", "Failed", Duration.ofMillis(20));
    expectDnsLog(";; connection timed out; no servers could be reached\n");
    AtomicInteger polls = new AtomicInteger();
    DnsLookupCheck dns = new DnsLookupCheck("default", "kubestrap-dns-check", "docker.io/library/busybox:1.37", "cluster.local", 1);

    assertThatThrownBy(() -> verifier().checks(counting(dns, polls)).build().verify(Duration.ofMillis(600)))
        .isInstanceOf(VerificationTimeoutException.class)
        .hasMessageContaining("waiting for pod default/kubestrap-dns-check to resolve kubernetes.default.svc.cluster.local")
        .hasMessageMatching(".*last state: (nslookup kubernetes.default.svc.cluster.local Failed, output: "
            + ";; connection timed out; no servers could be reached|pod default/kubestrap-dns-check Pending)");
    assertThat(server.getRequestCount()).isGreaterThan(polls.get());
    assertThat(client.pods().inNamespace("default").withName("kubestrap-dns-check").get()).isNull();
  }

  @Test
  void aLookupWithoutAnAnswerDoesNotPass() {
    DnsLookupCheck dns = new DnsLookupCheck("default", "p", "busybox:1.37", "cluster.local", 1);

    assertThat(dns.answered(DNS_LOG)).isTrue();
    assertThat(dns.answered("Server:\t10.254.0.2\nAddress:\t10.254.0.2:53\n\n"
        + "** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN\n")).isFalse();
    assertThat(dns.answered(DNS_LOG.replace("cluster.local", "lab.internal"))).isFalse();
  }

  @Test
  void timeIsSharedAndUnusedTimePassesOn() {
    kubelet.registerReadyNode("node");
    kubelet.runningPod("kube-system", "coredns-1");

    // Nodes pass at once, so the pods check gets more than its 1:1 half of the 3s.
    assertThatThrownBy(() -> verifier().checks(new NodesReadyCheck(List.of(), 1), new PodsReadyCheck(List.of("kube-system"), 1))
        .build().verify(Duration.ofSeconds(3)))
        .isInstanceOfSatisfying(VerificationTimeoutException.class,
            e -> assertThat(e.waited()).isGreaterThan(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(3)));
  }

  @Test
  void refusesToTouchAPodItDidNotCreate() {
    kubelet.runningPod("default", "nginx");

    assertThatThrownBy(() -> verifier().checks(new SmokePodCheck("default", "nginx", "nginx:1.27", 1)).build()
        .verify(Duration.ofMillis(200)))
        .isInstanceOf(VerificationException.class)
        .hasMessage("pod default/nginx exists and is not kubestrap's (no label app.kubernetes.io/managed-by=kubestrap); "
            + "remove it or choose another pod name");
    assertThat(client.pods().inNamespace("default").withName("nginx").get()).isNotNull();
  }

  @Test
  void refusesBadSettingsNamingTheField() {
    assertThatThrownBy(() -> verifier().build().verify(Duration.ZERO)).hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> ClusterVerifier.builder(client).pollInterval(Duration.ofMillis(-1)).build())
        .hasMessage("pollInterval must be positive: PT-0.001S");
    assertThatThrownBy(() -> ClusterVerifier.builder(client).smokeImage("nginx latest").build())
        .hasMessage("smokeImage must be an image reference without spaces: 'nginx latest'");
    assertThatThrownBy(() -> new NodesReadyCheck(List.of(), 0)).hasMessage("share must be positive: 0.0");
  }

  private ClusterVerifier.Builder verifier() {
    return ClusterVerifier.builder(client).pollInterval(POLL);
  }

  private void expectDnsLog(String log) {
    server.expect().get().withPath("/api/v1/namespaces/default/pods/kubestrap-dns-check/log?pretty=false")
        .andReturn(200, log).always();
  }

  private static Check counting(Check check, AtomicInteger polls) {
    return new Check() {
      @Override
      public String description() {
        return check.description();
      }

      @Override
      public double share() {
        return check.share();
      }

      @Override
      public void prepare(KubernetesClient client) {
        check.prepare(client);
      }

      @Override
      public CheckState poll(KubernetesClient client) {
        polls.incrementAndGet();
        return check.poll(client);
      }

      @Override
      public void cleanUp(KubernetesClient client) {
        check.cleanUp(client);
      }
    };
  }
}
