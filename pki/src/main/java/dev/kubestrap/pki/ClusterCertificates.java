package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import java.security.KeyPair;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's complete key material: the CAs, every leaf certificate of {@link KubernetesPki#roles()} and the
 * service-account key pair, plus a report of how each was obtained. Immutable. In the single-CA layout
 * {@link #ca()}, {@link #etcdCa()} and {@link #frontProxyCa()} return the same CA.
 */
public final class ClusterCertificates {
  private final KubernetesPki facts;
  private final Map<CaRole, CertificateAuthority> cas;
  private final Map<String, IssuedCertificate> leaves;
  private final KeyPair serviceAccountKey;
  private final List<PkiReportEntry> report;

  ClusterCertificates(KubernetesPki facts, Map<CaRole, CertificateAuthority> cas, Map<String, IssuedCertificate> leaves,
      KeyPair serviceAccountKey, List<PkiReportEntry> report) {
    this.facts = facts;
    this.cas = new EnumMap<>(cas);
    this.leaves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leaves));
    this.serviceAccountKey = serviceAccountKey;
    this.report = List.copyOf(report);
  }

  /** The facts these certificates were made from. */
  public KubernetesPki facts() {
    return facts;
  }

  /** The CA that signs for {@code role} (the cluster CA for every role in the single-CA layout). */
  public CertificateAuthority ca(CaRole role) {
    return cas.get(facts.signerOf(role));
  }

  public CertificateAuthority ca() {
    return ca(CaRole.CLUSTER);
  }

  public CertificateAuthority etcdCa() {
    return ca(CaRole.ETCD);
  }

  public CertificateAuthority frontProxyCa() {
    return ca(CaRole.FRONT_PROXY);
  }

  /** Serving certificate of the kube-apiserver on control-plane host {@code host}. */
  public IssuedCertificate apiServer(String host) {
    return leaf(CertificateRole.apiServer(host));
  }

  /** Client certificate kube-apiserver shows to kubelets. */
  public IssuedCertificate apiServerKubeletClient() {
    return leaf(CertificateRole.API_SERVER_KUBELET_CLIENT);
  }

  /** Client certificate kube-apiserver shows to etcd. */
  public IssuedCertificate apiServerEtcdClient() {
    return leaf(CertificateRole.API_SERVER_ETCD_CLIENT);
  }

  public IssuedCertificate etcdServer(String member) {
    return leaf(CertificateRole.etcdServer(member));
  }

  public IssuedCertificate etcdPeer(String member) {
    return leaf(CertificateRole.etcdPeer(member));
  }

  public IssuedCertificate etcdHealthcheckClient() {
    return leaf(CertificateRole.ETCD_HEALTHCHECK_CLIENT);
  }

  public IssuedCertificate frontProxyClient() {
    return leaf(CertificateRole.FRONT_PROXY_CLIENT);
  }

  /** {@code kubernetes-admin} in group {@code kubestrap:cluster-admins}: bind that group to cluster-admin. */
  public IssuedCertificate admin() {
    return leaf(CertificateRole.ADMIN);
  }

  /** Break-glass {@code kubernetes-super-admin} in {@code system:masters}; keep it on the deploying machine only. */
  public IssuedCertificate superAdmin() {
    return leaf(CertificateRole.SUPER_ADMIN);
  }

  public IssuedCertificate controllerManager() {
    return leaf(CertificateRole.CONTROLLER_MANAGER);
  }

  public IssuedCertificate scheduler() {
    return leaf(CertificateRole.SCHEDULER);
  }

  public IssuedCertificate kubeProxy() {
    return leaf(CertificateRole.KUBE_PROXY);
  }

  public IssuedCertificate kubeletClient(String node) {
    return leaf(CertificateRole.kubeletClient(node));
  }

  public IssuedCertificate kubeletServer(String node) {
    return leaf(CertificateRole.kubeletServer(node));
  }

  /** The leaf certificate of a role by its name ({@link CertificateRole#name()}). */
  public IssuedCertificate leaf(String name) {
    IssuedCertificate certificate = leaves.get(name);
    if (certificate == null) {
      throw new PkiException("no certificate named " + quote(name) + "; known: " + leaves.keySet());
    }
    return certificate;
  }

  /** Every leaf certificate by role name, in {@link KubernetesPki#roles()} order. */
  public Map<String, IssuedCertificate> leaves() {
    return leaves;
  }

  /** The key pair kube-controller-manager signs service-account tokens with and kube-apiserver verifies them with. */
  public KeyPair serviceAccountKey() {
    return serviceAccountKey;
  }

  public String serviceAccountPublicKeyPem() {
    return Pem.writePublicKey(serviceAccountKey.getPublic());
  }

  /** The service-account signing key as PEM: SEC1 for EC keys, PKCS#8 for RSA (see {@link Pem}). */
  public String serviceAccountPrivateKeyPem() {
    return Pem.writePrivateKey(serviceAccountKey);
  }

  /** One entry per CA, leaf and the service-account key: issued, reused or re-issued, and why. */
  public List<PkiReportEntry> report() {
    return report;
  }

  /** Expiry of every certificate as of the facts' clock, like {@code kubeadm certs check-expiration}. */
  public ExpiryReport expiryReport() {
    return expiryReport(facts.clock());
  }

  public ExpiryReport expiryReport(Clock clock) {
    ExpiryReport.Collector collector = new ExpiryReport.Collector(clock.instant());
    for (CaRole role : facts.distinctCas()) {
      collector.authority(role.fileBase(), cas.get(role).certificate());
    }
    for (CertificateRole role : facts.roles()) {
      collector.certificate(role.name(), leaves.get(role.name()).certificate(), role.issuer().fileBase());
    }
    return collector.build();
  }

  /** Re-issues every leaf certificate (new keys) under the same CAs, keeping the service-account key. */
  public ClusterCertificates renewLeaves() {
    Map<String, String> reasons = new LinkedHashMap<>();
    facts.roles().forEach(role -> reasons.put(role.name(), "renewal requested"));
    reasons.put(Issuance.SERVICE_ACCOUNT, "kept on renewal");
    return Issuance.complete(facts, cas, Map.of(), serviceAccountKey, reasons);
  }

  @Override
  public String toString() {
    return "ClusterCertificates[cluster=" + facts.clusterName() + ", cas=" + cas.keySet() + ", leaves=" + leaves.size()
        + "]";
  }
}
