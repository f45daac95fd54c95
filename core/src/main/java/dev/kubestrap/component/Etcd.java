package dev.kubestrap.component;

import java.util.List;
import java.util.ArrayList;
import dev.kubestrap.systemd.ServiceType;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * etcd on each etcd member: client and peer traffic over mutual TLS with the etcd CA (a certificate from
 * the cluster CA is refused), data in {@code /opt/etcd/data} with mode 0700 (not the binary directory, as
 * in the seed), a {@code Type=notify} unit. Listens on the member's address and on 127.0.0.1 for clients,
 * on the member's address for peers; ports from the spec (2379/2380).
 */
public final class Etcd extends FlaggedComponent implements Component {

  /** The etcd CA certificate file name. */
  public static final String CA = "etcd-ca.pem";
  /** The health-check client certificate file name (the etcd CA's {@code kube-etcd-healthcheck-client}). */
  public static final String HEALTHCHECK_CLIENT = "etcd-healthcheck-client.pem";

  public Etcd(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.ETCD;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return spec.isEtcdMember(host);
  }

  /** The member's server certificate file, {@code etcd-server-<member>.pem}. */
  public static String serverCert(HostSpec member) {
    return "etcd-server-" + member.name() + ".pem";
  }

  /** The member's peer certificate file, {@code etcd-peer-<member>.pem}. */
  public static String peerCert(HostSpec member) {
    return "etcd-peer-" + member.name() + ".pem";
  }

  /** The etcd data directory, {@code /opt/etcd/data}. */
  public Path dataDir() {
    return layout.dataDir(ComponentName.ETCD);
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    Set<String> clientUrls = new LinkedHashSet<>();
    clientUrls.add(clientUrl(host.address()));
    clientUrls.add(clientUrl(InetAddress.getLoopbackAddress()));
    Flags flags = new Flags()
        .set("--name", host.name())
        .set("--data-dir", dataDir())
        .set("--listen-client-urls", String.join(",", clientUrls))
        .set("--advertise-client-urls", clientUrl(host.address()))
        .set("--listen-peer-urls", peerUrl(host.address()))
        .set("--initial-advertise-peer-urls", peerUrl(host.address()))
        .set("--initial-cluster", initialCluster())
        .set("--initial-cluster-state", "new")
        .set("--initial-cluster-token", spec.name())
        .set("--client-cert-auth", true)
        .set("--trusted-ca-file", file(CA))
        .set("--cert-file", file(serverCert(host)))
        .set("--key-file", file(key(serverCert(host))))
        .set("--peer-client-cert-auth", true)
        .set("--peer-trusted-ca-file", file(CA))
        .set("--peer-cert-file", file(peerCert(host)))
        .set("--peer-key-file", file(key(peerCert(host))));
    if (spec.etcdVersion().line().equals("3.4")) {
      // 3.4 defaults to the capnslog logger, which it warns is deprecated; zap is the later default.
      flags.set("--logger", "zap");
    }
    return flags;
  }

  private String initialCluster() {
    return spec.etcdMembers().stream()
        .map(m -> m.name() + "=" + peerUrl(m.address()))
        .collect(Collectors.joining(","));
  }

  private String clientUrl(InetAddress address) {
    return httpsUrl(address, spec.etcdClientPort());
  }

  private String peerUrl(InetAddress address) {
    return httpsUrl(address, spec.etcdPeerPort());
  }

  /** The URLs the apiserver uses: every member's client URL. */
  public String clientEndpoints() {
    return spec.etcdMembers().stream().map(m -> clientUrl(m.address())).collect(Collectors.joining(","));
  }

  /** {@code GET /health} on loopback with the health-check client certificate and the etcd CA. */
  public HealthCheck healthCheck() {
    return HealthCheck.mutualTls(URI.create(clientUrl(InetAddress.getLoopbackAddress()) + "/health"),
        file(CA), file(HEALTHCHECK_CLIENT), file(key(HEALTHCHECK_CLIENT)));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    List<PlacedFile> files = new ArrayList<>();
    files.add(caFile(CA, pki.etcdCa()));
    files.addAll(certificateFiles(serverCert(host), pki.etcdServer(host.name())));
    files.addAll(certificateFiles(peerCert(host), pki.etcdPeer(host.name())));
    files.addAll(certificateFiles(HEALTHCHECK_CLIENT, pki.etcdHealthcheckClient()));
    String version = spec.etcdVersion().toString();
    return assemble(host,
        List.of(homeDirectory(), new PlacedDirectory(dataDir(), 0700)),
        files,
        List.of(new RequiredBinary("etcd", version, "etcd", binary()),
            new RequiredBinary("etcd", version, "etcdctl", file("etcdctl"))),
        unit(host, "etcd key-value store", "https://etcd.io/docs/", Dependencies.onNetworkOnline())
            .type(ServiceType.NOTIFY)
            .build(),
        healthCheck());
  }
}
