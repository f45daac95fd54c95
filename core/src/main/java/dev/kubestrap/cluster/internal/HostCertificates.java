package dev.kubestrap.cluster.internal;

import dev.kubestrap.certificates.CertificateAdmin;
import dev.kubestrap.certificates.CertificateExpiry;
import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.kubeconfig.NamedUser;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.pki.Pem;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.PhasePlan;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** {@code Cluster.certificates()}: expiry read from the hosts, and renewal of every leaf. */
public final class HostCertificates implements CertificateAdmin {
  private final ClusterContext cluster;
  private final ClusterSpec spec;

  public HostCertificates(ClusterContext cluster) {
    this.cluster = cluster;
    this.spec = cluster.spec();
  }

  @Override
  public CertificateExpiry expiry() {
    Instant now = Instant.now();
    // one plan, read for its paths only: which files each host was given, not the programs it runs
    ClusterPlan plan = cluster.pathsPlan(spec,
        PlanScope.hosts(spec.hosts().stream().map(HostSpec::name).collect(Collectors.toSet())));
    Map<String, ExpiryReport> hosts = new LinkedHashMap<>();
    for (HostSpec host : spec.hosts()) {
      hosts.put(host.name(), read(host.name(), certificateFiles(plan, host.name()), now));
    }
    return new CertificateExpiry(now, hosts);
  }

  /** The certificates in {@code paths} (certificate files and kubeconfigs) as the host has them. */
  private ExpiryReport read(String host, List<String> paths, Instant now) {
    Transport transport = cluster.transport(host);
    ExpiryReport.Collector report = new ExpiryReport.Collector(now);
    for (String path : paths) {
      String text = new String(transport.get(path), StandardCharsets.UTF_8);
      X509Certificate certificate = path.endsWith(".kubeconfig") ? clientCertificate(text, host, path)
          : Pem.readCertificate(text, host + ":" + path);
      if (certificate.getBasicConstraints() >= 0) {
        report.authority(path, certificate);
      } else {
        report.certificate(path, certificate, commonName(certificate.getIssuerX500Principal().getName()));
      }
    }
    return report.build();
  }

  /** The {@code .pem} certificates (not keys, not the service-account public key) and kubeconfigs {@code host} gets. */
  private static List<String> certificateFiles(ClusterPlan plan, String host) {
    List<String> files = new ArrayList<>();
    for (PhasePlan phase : plan.phases()) {
      for (HostPlan hostPlan : phase.hosts()) {
        if (!hostPlan.host().name().equals(host)) {
          continue;
        }
        for (PutFile file : hostPlan.actionsOf(PutFile.class)) {
          String path = file.path();
          boolean certificate = path.endsWith(".pem") && !path.endsWith("-key.pem")
              && !path.endsWith(PkiStore.SERVICE_ACCOUNT_PUBLIC_KEY);
          if ((certificate || path.endsWith(".kubeconfig")) && !files.contains(path)) {
            files.add(path);
          }
        }
      }
    }
    return files;
  }

  private static X509Certificate clientCertificate(String yaml, String host, String path) {
    List<NamedUser> users = Kubeconfig.parse(yaml).users();
    if (users.isEmpty() || users.get(0).user().clientCertificatePem() == null) {
      throw new ClusterException(path + " on " + host + " embeds no client certificate");
    }
    return Pem.readCertificate(users.get(0).user().clientCertificatePem(), host + ":" + path);
  }

  private static String commonName(String distinguishedName) {
    try {
      for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return distinguishedName;
    } catch (InvalidNameException e) {
      return distinguishedName;
    }
  }

  @Override
  public Operation renew() {
    List<String> oneByOne = spec.hosts().stream()
        .filter(h -> h.has(Role.CONTROL_PLANE) || spec.isEtcdMember(h)).map(HostSpec::name).toList();
    List<String> others = spec.hosts().stream().map(HostSpec::name).filter(h -> !oneByOne.contains(h)).toList();
    Operation.Builder operation = Operation.builder("renew certificates").on(cluster)
        .warning("the CAs and the service-account key are kept: certificates and tokens they signed stay valid")
        .check("reach every host", () -> spec.hosts().forEach(h -> cluster.transport(h.name()).exists("/")))
        .step("renew every leaf certificate in the state directory (new keys, under the same CAs)", () -> {
          PkiStore.at(cluster.state().directory().resolve(LocalState.PKI_DIR)).renewLeaves(spec.pkiFacts().build());
          cluster.adopt(spec, cluster.hosts());
        });
    for (String host : oneByOne) {
      operation.step("apply " + host + ": its renewed certificates and kubeconfigs; restart what reads them, "
          + "waiting until healthy", () -> cluster.apply(cluster.plan(spec, PlanScope.hosts(Set.of(host)), Map.of())));
    }
    if (!others.isEmpty()) {
      operation.step("apply " + others + ": their renewed certificates and kubeconfigs; restart what reads them",
          () -> cluster.apply(cluster.plan(spec, PlanScope.hosts(Set.copyOf(others)), Map.of())));
    }
    return operation.step("rewrite admin.kubeconfig and super-admin.kubeconfig in the state directory; record the "
        + "applied plan", () -> {
          cluster.state().writeKubeconfigs(spec, cluster.secrets(spec).certificates());
          cluster.recordApplied(spec);
        }).build();
  }
}
