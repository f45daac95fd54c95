package dev.kubestrap.examples.component;

import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.Components;
import dev.kubestrap.component.EncryptionKey;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The code behind the snippets of {@code docs/components.md}; contacts no host. */
public final class ComponentsGuide {
  private ComponentsGuide() {}

  /** A two-host spec with one extra kube-apiserver flag. */
  public static ClusterSpec spec() {
    // tag::spec[]
    ClusterSpec spec = ClusterSpec.builder()
        .name("lab")
        .kubernetesVersion("1.35.1")
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE, Role.ETCD)
        .addHost("w-1", "198.18.0.20", Role.WORKER)
        .serviceCidr("10.254.0.0/16")
        .extraFlag(ComponentName.KUBE_APISERVER, "--event-ttl", "2h")
        .build();
    // end::spec[]
    return spec;
  }

  /** Writes each seed host's component files under {@code out/<host>}, with the PKI in {@code stateDir/pki}. */
  public static void writeSeedTrees(Path stateDir, Path out) {
    // tag::install[]
    ClusterSpec spec = ClusterSpec.seedDefault();
    ClusterCertificates pki = PkiStore.at(stateDir.resolve("pki")).ensure(spec.pkiFacts().build());
    EncryptionKey key = EncryptionKey.generate(new SecureRandom()); // once; keep toBase64() in local state
    for (HostSpec host : spec.hosts()) {
      for (ComponentInstall install : Components.install(spec, host, new ClusterSecrets(pki, key))) {
        install.writeTo(out.resolve(host.name()));               // a dry-run tree per host
      }
    }
    // end::install[]
  }
}
