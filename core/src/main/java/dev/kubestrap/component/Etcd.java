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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * etcd on each etcd member: client and peer traffic over mutual TLS with the etcd CA (a certificate from
 * the cluster CA is refused), data in {@code /opt/etcd/data} with mode 0700 (not the binary directory, as
 * in the seed), a {@code Type=notify} unit. Listens on the member's address and on 127.0.0.1 for clients,
 * on the member's address for peers; ports from the spec (2379/2380).
 *
 * <p>The members to form or join ({@code ETCD_INITIAL_CLUSTER}, {@code ETCD_INITIAL_CLUSTER_STATE}) are not
 * flags: etcd reads them only while its data directory holds no member, so they live in {@value #BOOTSTRAP_ENV},
 * written only then ({@link #bootstrapCommand}). A member added or removed later changes no other member's unit.
 */
public final class Etcd extends FlaggedComponent implements Component {

  /** The etcd CA certificate file name. */
  public static final String CA = "etcd-ca.pem";
  /** The file of bootstrap settings the unit reads, if present. */
  public static final String BOOTSTRAP_ENV = "etcd-bootstrap.env";
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

  /**
   * What etcd reads at its first start: {@code ETCD_INITIAL_CLUSTER} (see {@link #initialCluster}),
   * and {@code ETCD_INITIAL_CLUSTER_STATE} {@code new} to form a cluster, or {@code existing} to join one whose
   * members already list this one ({@code etcdctl member add}).
   */
  public Map<String, String> bootstrapEnvironment(String initialCluster, boolean join) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("ETCD_INITIAL_CLUSTER", initialCluster);
    environment.put("ETCD_INITIAL_CLUSTER_STATE", join ? "existing" : "new");
    return environment;
  }

  /** {@code name=https://address:peerPort,...}, as {@code --initial-cluster} and {@code etcdutl} take it. */
  public String initialCluster(List<HostSpec> members) {
    return members.stream().map(m -> m.name() + "=" + peerUrl(m.address())).collect(Collectors.joining(","));
  }

  /** The member's peer URL, {@code https://<address>:<peer port>}. */
  public String peerUrl(HostSpec member) {
    return peerUrl(member.address());
  }

  /** The bootstrap file, {@code /opt/etcd/etcd-bootstrap.env}. */
  public Path bootstrapFile() {
    return file(BOOTSTRAP_ENV);
  }

  /** The directory etcd makes in its data directory once it has a member: {@code <data>/member}. */
  public Path memberDir() {
    return dataDir().resolve("member");
  }

  /**
   * A shell command writing {@code environment} to {@link #bootstrapFile()} (0644, atomically); run it only while
   * {@link #memberDir()} is absent, since etcd ignores the file afterwards.
   */
  public List<String> bootstrapCommand(Map<String, String> environment) {
    String file = bootstrapFile().toString();
    return List.of("sh", "-c", "umask 022 && printf '%s\\n'" + lines(environment) + " > " + file + ".tmp && mv -f "
        + file + ".tmp " + file);
  }

  /**
   * The guard of {@link #bootstrapCommand}: passes when {@link #memberDir()} exists (etcd ignores the file then) or
   * the file already holds {@code environment}, so an unchanged apply does not write it again.
   */
  public List<String> bootstrapGuard(Map<String, String> environment) {
    return List.of("sh", "-c", "test -d " + memberDir() + " || [ \"$(cat " + bootstrapFile()
        + " 2>/dev/null)\" = \"$(printf '%s\\n'" + lines(environment) + ")\" ]");
  }

  private static String lines(Map<String, String> environment) {
    StringBuilder lines = new StringBuilder();
    environment.forEach((key, value) -> lines.append(" '").append(key).append('=').append(value).append('\''));
    return lines.toString();
  }

  private String clientUrl(InetAddress address) {
    return httpsUrl(address, spec.etcdClientPort());
  }

  private String peerUrl(InetAddress address) {
    return httpsUrl(address, spec.etcdPeerPort());
  }

  /** Every member's client URL, as an apiserver without a local member uses them. */
  public String clientEndpoints() {
    return spec.etcdMembers().stream().map(m -> clientUrl(m.address())).collect(Collectors.joining(","));
  }

  /** {@code GET /health} on loopback with the health-check client certificate and the etcd CA. */
  public HealthCheck healthCheck() {
    return HealthCheck.mutualTls(URI.create(clientUrl(InetAddress.getLoopbackAddress()) + "/health"),
        file(CA), file(HEALTHCHECK_CLIENT), file(key(HEALTHCHECK_CLIENT)));
  }

  /** etcd and etcdctl, and from 3.5 on etcdutl (which restores snapshots). */
  private List<RequiredBinary> binaries(String version) {
    List<RequiredBinary> binaries = new ArrayList<>(List.of(new RequiredBinary("etcd", version, "etcd", binary()),
        new RequiredBinary("etcd", version, "etcdctl", etcdctl())));
    if (shipsEtcdutl()) {
      binaries.add(new RequiredBinary("etcd", version, "etcdutl", etcdutl()));
    }
    return binaries;
  }

  /** {@code /opt/etcd/etcdctl}. */
  public Path etcdctl() {
    return file("etcdctl");
  }

  /** {@code /opt/etcd/etcdutl} (etcd 3.5 and later). */
  public Path etcdutl() {
    return file("etcdutl");
  }

  /**
   * The program that reads and restores snapshot files ({@code snapshot status}, {@code snapshot restore}):
   * {@link #etcdutl()} from etcd 3.5 on, {@link #etcdctl()} in 3.4, which has no etcdutl.
   */
  public Path snapshotTool() {
    return shipsEtcdutl() ? etcdutl() : etcdctl();
  }

  private boolean shipsEtcdutl() {
    return !spec.etcdVersion().line().equals("3.4");
  }

  /**
   * {@code etcdctl} against the member on this host over mutual TLS with the health-check client, then {@code args};
   * e.g. {@code member list -w json}.
   */
  public List<String> etcdctl(String... args) {
    List<String> argv = new ArrayList<>(List.of(etcdctl().toString(),
        "--endpoints=" + clientUrl(InetAddress.getLoopbackAddress()), "--cacert=" + file(CA),
        "--cert=" + file(HEALTHCHECK_CLIENT), "--key=" + file(key(HEALTHCHECK_CLIENT)), "--dial-timeout=5s",
        "--command-timeout=30s"));
    argv.addAll(List.of(args));
    return List.copyOf(argv);
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
        binaries(version),
        unit(host, "etcd key-value store", "https://etcd.io/docs/", Dependencies.onNetworkOnline())
            .type(ServiceType.NOTIFY)
            .directive("Service", "EnvironmentFile", "-" + bootstrapFile())
            .build(),
        healthCheck());
  }
}
