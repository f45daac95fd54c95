package dev.kubestrap.examples.addons;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.addons.AddonApplier;
import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.addons.ClusterRbac;
import dev.kubestrap.addons.CoreDns;
import dev.kubestrap.addons.Flannel;
import dev.kubestrap.verify.ClusterVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * The code behind the snippets of {@code docs/addons.md}. Both steps need a {@link KubernetesClient} of a running
 * cluster (or a mock API server for {@link #applyAddons}).
 */
public final class AddonsGuide {
  private AddonsGuide() {}

  /** Applies kubestrap's RBAC, Flannel and CoreDNS; returns one event per object. */
  public static List<AddonEvent> applyAddons(KubernetesClient client) {
    // tag::apply-addons[]
    List<Addon> addons = List.of(
        ClusterRbac.defaults(),
        Flannel.vxlan().network("10.244.0.0/16").build(),
        CoreDns.defaults().serviceIp("10.254.0.2").domain("cluster.local").kubernetesVersion("1.36.4").build());

    List<AddonEvent> events = AddonApplier.builder(client)
        .listener(event -> System.out.println(event))   // "flannel: DaemonSet/kube-flannel/kube-flannel-ds created"
        .build()
        .apply(addons);
    // end::apply-addons[]
    return events;
  }

  /** Waits until the two seed nodes are ready, system pods run, a smoke pod serves and DNS answers. */
  public static void verify(KubernetesClient client) {
    // tag::verify[]
    ClusterVerifier.builder(client)
        .expectNodes("master", "node")
        .dnsDomain("cluster.local")
        .listener(event -> System.out.println(event))
        .build()
        .verify(Duration.ofMinutes(5));
    // end::verify[]
  }
}
