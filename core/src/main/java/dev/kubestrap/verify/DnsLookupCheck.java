package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.OwnedPod;
import dev.kubestrap.verify.internal.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.regex.Pattern;

/**
 * Cluster DNS answers from inside a pod: a short-lived pod runs {@code nslookup
 * kubernetes.default.svc.<domain>}, and the check passes when it Succeeded and its log names the
 * service with an address. A failed lookup is retried with a fresh pod until the time runs out,
 * since CoreDNS may come up after the first attempt. The pod is deleted afterwards.
 *
 * @param namespace where the pod runs
 * @param name the pod name
 * @param image an image with {@code nslookup}, e.g. {@code docker.io/library/busybox:1.37}
 * @param domain the cluster DNS domain
 * @param share the weight of this check in the verifier's timeout
 */
public record DnsLookupCheck(String namespace, String name, String image, String domain, double share)
    implements PodCheck {
  private static final int LOG_TAIL = 200;

  public DnsLookupCheck {
    ClusterVerifier.requireName("namespace", namespace);
    ClusterVerifier.requireName("name", name);
    ClusterVerifier.requireImage("dnsImage", image);
    ClusterVerifier.requireName("domain", domain);
    ClusterVerifier.requirePositiveShare(share);
  }

  /** The name looked up: {@code kubernetes.default.svc.<domain>}. */
  public String queriedName() {
    return "kubernetes.default.svc." + domain;
  }

  @Override
  public String description() {
    return "pod " + namespace + "/" + name + " to resolve " + queriedName();
  }

  /** The pod this check creates. */
  @Override
  public Pod pod() {
    return new PodBuilder()
        .withMetadata(OwnedPod.metadata(namespace, name))
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer().withName("nslookup").withImage(image).withCommand("nslookup", queriedName()).endContainer()
        .endSpec()
        .build();
  }

  @Override
  public CheckState poll(KubernetesClient client) {
    OwnedPod owned = new OwnedPod(pod());
    OwnedPod.Observed observed = owned.observe(client);
    if (observed.pod() == null) {
      return CheckState.waiting(observed.detail());
    }
    String phase = PodStates.phase(observed.pod());
    if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
      return CheckState.waiting("pod " + PodStates.describe(observed.pod()));
    }
    String log = owned.log(client);
    if (phase.equals("Succeeded") && answered(log)) {
      return CheckState.satisfied(queriedName() + " resolved: " + tail(log));
    }
    // A finished pod cannot run again: remove it so that the next poll starts a fresh lookup.
    owned.delete(client);
    return CheckState.waiting("nslookup " + queriedName() + " " + phase + ", output: " + tail(log));
  }

  /** nslookup printed the queried name followed by an address line. */
  boolean answered(String log) {
    return Pattern.compile("(?m)^Name:\\s*" + Pattern.quote(queriedName()) + "\\.?\\s*$[\\s\\S]*?^Address(\\s+\\d+)?:\\s*\\S+")
        .matcher(log).find();
  }

  private static String tail(String log) {
    String flat = log.strip().replaceAll("\\s*\\n\\s*", " | ");
    if (flat.isEmpty()) {
      return "(empty)";
    }
    return flat.length() <= LOG_TAIL ? flat : "..." + flat.substring(flat.length() - LOG_TAIL);
  }
}
