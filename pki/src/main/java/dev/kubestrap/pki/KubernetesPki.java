package dev.kubestrap.pki;

import static dev.kubestrap.pki.ExtendedKeyUsage.CLIENT_AUTH;
import static dev.kubestrap.pki.ExtendedKeyUsage.SERVER_AUTH;
import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.Names;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The facts of a cluster that decide its certificates, and the table of certificates that follows from
 * them ({@link #roles()}). Immutable; made by {@link #builder()}; {@link #issue()} makes everything in
 * memory and {@link PkiStore#ensure} keeps it in a directory.
 *
 * <p>Defaults: cluster name {@code kubernetes} (the O of each CA kubestrap creates), service CIDR
 * {@code 10.96.0.0/12}, DNS domain {@code cluster.local}, etcd members = the control-plane hosts, every
 * control-plane host and every worker is a node with a kubelet (so gets kubelet client and serving
 * certificates), three CAs like kubeadm, key algorithm {@link KeyAlgorithm#ECDSA_P256}, leaf validity
 * 1 year, CA validity 10 years, the system UTC clock.
 */
public final class KubernetesPki {
  /** Default service CIDR, as kubeadm. */
  public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
  /** Default cluster DNS domain. */
  public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
  /** Default cluster name. */
  public static final String DEFAULT_CLUSTER_NAME = "kubernetes";
  /** The group {@code admin.pem} carries; bind it to cluster-admin with a ClusterRoleBinding (revocable). */
  public static final String ADMIN_GROUP = "kubestrap:cluster-admins";
  /** The group that bypasses RBAC; only the break-glass {@code super-admin.pem} carries it. */
  public static final String MASTERS_GROUP = "system:masters";

  private final String clusterName;
  private final List<HostIdentity> controlPlanes;
  private final List<HostIdentity> etcdMembers;
  private final List<HostIdentity> workers;
  private final boolean kubeletsOnControlPlane;
  private final String serviceCidr;
  private final String dnsDomain;
  private final List<String> extraSans;
  private final KeyAlgorithm keyAlgorithm;
  private final boolean singleCa;
  private final Duration leafValidity;
  private final Duration caValidity;
  private final Clock clock;
  private final String apiServerServiceIp;
  private final List<CertificateRole> roles;

  private KubernetesPki(Builder builder, List<HostIdentity> etcdMembers, String apiServerServiceIp) {
    this.clusterName = builder.clusterName;
    this.controlPlanes = List.copyOf(builder.controlPlanes);
    this.etcdMembers = List.copyOf(etcdMembers);
    this.workers = List.copyOf(builder.workers);
    this.kubeletsOnControlPlane = builder.kubeletsOnControlPlane;
    this.serviceCidr = builder.serviceCidr;
    this.dnsDomain = builder.dnsDomain;
    this.extraSans = List.copyOf(builder.extraSans);
    this.keyAlgorithm = builder.keyAlgorithm;
    this.singleCa = builder.singleCa;
    this.leafValidity = builder.leafValidity;
    this.caValidity = builder.caValidity;
    this.clock = builder.clock;
    this.apiServerServiceIp = apiServerServiceIp;
    this.roles = List.copyOf(new RoleTable().build());
  }

  public static Builder builder() {
    return new Builder();
  }

  public String clusterName() {
    return clusterName;
  }

  public List<HostIdentity> controlPlanes() {
    return controlPlanes;
  }

  public List<HostIdentity> etcdMembers() {
    return etcdMembers;
  }

  public List<HostIdentity> workers() {
    return workers;
  }

  /** The hosts that run a kubelet: the control-plane hosts (unless turned off), then the workers. */
  public List<HostIdentity> nodes() {
    List<HostIdentity> nodes = new ArrayList<>();
    if (kubeletsOnControlPlane) {
      nodes.addAll(controlPlanes);
    }
    nodes.addAll(workers);
    return List.copyOf(nodes);
  }

  public String serviceCidr() {
    return serviceCidr;
  }

  /** The first address of the service CIDR: the ClusterIP of the {@code kubernetes} Service. */
  public String apiServerServiceIp() {
    return apiServerServiceIp;
  }

  public String dnsDomain() {
    return dnsDomain;
  }

  public List<String> extraSans() {
    return extraSans;
  }

  public KeyAlgorithm keyAlgorithm() {
    return keyAlgorithm;
  }

  public boolean singleCa() {
    return singleCa;
  }

  public Duration leafValidity() {
    return leafValidity;
  }

  public Duration caValidity() {
    return caValidity;
  }

  public Clock clock() {
    return clock;
  }

  /** The CA roles that have their own CA: all three, or only {@link CaRole#CLUSTER} with {@code singleCa()}. */
  public Set<CaRole> distinctCas() {
    return singleCa ? EnumSet.of(CaRole.CLUSTER) : EnumSet.allOf(CaRole.class);
  }

  /** The CA that actually signs for {@code role} in this layout. */
  public CaRole signerOf(CaRole role) {
    return singleCa ? CaRole.CLUSTER : role;
  }

  /** Every leaf certificate of the cluster, in a stable order (the service-account key pair is not a certificate). */
  public List<CertificateRole> roles() {
    return roles;
  }

  /** Issues every CA, leaf and the service-account key in memory, generating keys in parallel. */
  public ClusterCertificates issue() {
    return Issuance.complete(this, Map.of(), Map.of(), null, Map.of());
  }

  @Override
  public String toString() {
    return "KubernetesPki[cluster=" + clusterName + ", controlPlanes=" + controlPlanes + ", workers=" + workers
        + ", etcdMembers=" + etcdMembers + ", serviceCidr=" + serviceCidr + ", dnsDomain=" + dnsDomain
        + ", keyAlgorithm=" + keyAlgorithm + ", singleCa=" + singleCa + "]";
  }

  /** The role table: CN, O, SANs and usages for each identity (see docs/pki.md for the reasons). */
  private final class RoleTable {
    private final List<CertificateRole> rows = new ArrayList<>();

    List<CertificateRole> build() {
      for (HostIdentity host : controlPlanes) {
        row(CertificateRole.apiServer(host.name()), CaRole.CLUSTER, "kube-apiserver", List.of(), apiServerSans(host),
            SERVER_AUTH);
      }
      row(CertificateRole.API_SERVER_KUBELET_CLIENT, CaRole.CLUSTER, "kube-apiserver-kubelet-client", List.of(),
          List.of(), CLIENT_AUTH);
      row(CertificateRole.API_SERVER_ETCD_CLIENT, CaRole.ETCD, "kube-apiserver-etcd-client", List.of(), List.of(),
          CLIENT_AUTH);
      for (HostIdentity member : etcdMembers) {
        List<String> sans = List.of(member.name(), "localhost", member.address(), "127.0.0.1", "::1");
        row(CertificateRole.etcdServer(member.name()), CaRole.ETCD, member.name(), List.of(), sans, SERVER_AUTH,
            CLIENT_AUTH);
        row(CertificateRole.etcdPeer(member.name()), CaRole.ETCD, member.name(), List.of(), sans, SERVER_AUTH,
            CLIENT_AUTH);
      }
      row(CertificateRole.ETCD_HEALTHCHECK_CLIENT, CaRole.ETCD, "kube-etcd-healthcheck-client", List.of(), List.of(),
          CLIENT_AUTH);
      row(CertificateRole.FRONT_PROXY_CLIENT, CaRole.FRONT_PROXY, "front-proxy-client", List.of(), List.of(),
          CLIENT_AUTH);
      row(CertificateRole.ADMIN, CaRole.CLUSTER, "kubernetes-admin", List.of(ADMIN_GROUP), List.of(), CLIENT_AUTH);
      row(CertificateRole.SUPER_ADMIN, CaRole.CLUSTER, "kubernetes-super-admin", List.of(MASTERS_GROUP), List.of(),
          CLIENT_AUTH);
      row(CertificateRole.CONTROLLER_MANAGER, CaRole.CLUSTER, "system:kube-controller-manager", List.of(), List.of(),
          CLIENT_AUTH);
      row(CertificateRole.SCHEDULER, CaRole.CLUSTER, "system:kube-scheduler", List.of(), List.of(), CLIENT_AUTH);
      row(CertificateRole.KUBE_PROXY, CaRole.CLUSTER, "system:kube-proxy", List.of("system:node-proxier"), List.of(),
          CLIENT_AUTH);
      for (HostIdentity node : nodes()) {
        row(CertificateRole.kubeletClient(node.name()), CaRole.CLUSTER, "system:node:" + node.name(),
            List.of("system:nodes"), List.of(), CLIENT_AUTH);
      }
      for (HostIdentity node : nodes()) {
        row(CertificateRole.kubeletServer(node.name()), CaRole.CLUSTER, "system:node:" + node.name(),
            List.of("system:nodes"), List.of(node.name(), node.address()), SERVER_AUTH);
      }
      return rows;
    }

    /**
     * The service names and IP every client in the cluster uses, the host's own name and address, loopback (a
     * client on the host, or a node-local load balancer in front of it), and the extra names (the API endpoint).
     */
    private List<String> apiServerSans(HostIdentity host) {
      List<String> sans = new ArrayList<>(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
          "kubernetes.default.svc." + dnsDomain, apiServerServiceIp, host.name(), host.address(), "localhost",
          "127.0.0.1"));
      sans.addAll(extraSans);
      return sans;
    }

    private void row(String name, CaRole issuer, String commonName, List<String> organizations, List<String> sans,
        ExtendedKeyUsage... usages) {
      Set<String> dns = new LinkedHashSet<>();
      Set<String> ips = new LinkedHashSet<>();
      for (String san : sans) {
        if (Names.isIpAddress(san)) {
          ips.add(Names.canonicalIp(san));
        } else {
          dns.add(san);
        }
      }
      rows.add(new CertificateRole(name, signerOf(issuer), commonName, organizations, List.copyOf(dns),
          List.copyOf(ips), List.of(usages)));
    }
  }

  /** Collects the facts; {@link #build()} validates all of them and names the field and value of the first bad one. */
  public static final class Builder {
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private final List<HostIdentity> controlPlanes = new ArrayList<>();
    private final List<HostIdentity> etcdMembers = new ArrayList<>();
    private final List<HostIdentity> workers = new ArrayList<>();
    private boolean kubeletsOnControlPlane = true;
    private String serviceCidr = DEFAULT_SERVICE_CIDR;
    private String dnsDomain = DEFAULT_DNS_DOMAIN;
    private final List<String> extraSans = new ArrayList<>();
    private KeyAlgorithm keyAlgorithm = KeyAlgorithm.DEFAULT;
    private boolean singleCa;
    private Duration leafValidity = IssuedCertificate.DEFAULT_VALIDITY;
    private Duration caValidity = CertificateAuthority.DEFAULT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Default {@code kubernetes}; written as the organization (O) of the CAs kubestrap creates. */
    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    /** Adds a control-plane host (API server, and by default etcd member and node). Repeatable; at least one. */
    public Builder controlPlane(String name, String address) {
      controlPlanes.add(new HostIdentity(name, address));
      return this;
    }

    /** Adds an etcd member. Default: every control-plane host is a member, with the same name and address. */
    public Builder etcdMember(String name, String address) {
      etcdMembers.add(new HostIdentity(name, address));
      return this;
    }

    /** Adds a worker node. Repeatable; default none. */
    public Builder worker(String name, String address) {
      workers.add(new HostIdentity(name, address));
      return this;
    }

    /** Whether control-plane hosts run a kubelet and so get kubelet certificates. Default {@code true}. */
    public Builder kubeletsOnControlPlane(boolean kubeletsOnControlPlane) {
      this.kubeletsOnControlPlane = kubeletsOnControlPlane;
      return this;
    }

    /** Default {@code 10.96.0.0/12}; its first address goes into the API server certificate. */
    public Builder serviceCidr(String serviceCidr) {
      this.serviceCidr = serviceCidr;
      return this;
    }

    /** Default {@code cluster.local}. */
    public Builder dnsDomain(String dnsDomain) {
      this.dnsDomain = dnsDomain;
      return this;
    }

    /** Adds an IP or DNS name to every API server certificate (a load balancer, a public name). */
    public Builder addExtraSan(String san) {
      extraSans.add(san);
      return this;
    }

    /** The algorithm of every key, CAs included. Default {@link KeyAlgorithm#ECDSA_P256}. */
    public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
      this.keyAlgorithm = keyAlgorithm;
      return this;
    }

    /** One CA signs everything, as the seed scripts did. Default: three CAs (cluster, etcd, front-proxy). */
    public Builder singleCa() {
      this.singleCa = true;
      return this;
    }

    /** Validity of every leaf certificate. Default 1 year. */
    public Builder leafValidity(Duration leafValidity) {
      this.leafValidity = leafValidity;
      return this;
    }

    /** Validity of the CAs kubestrap creates. Default 10 years. */
    public Builder caValidity(Duration caValidity) {
      this.caValidity = caValidity;
      return this;
    }

    /** Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public KubernetesPki build() {
      if (clusterName == null || clusterName.isBlank()) {
        throw new PkiException("clusterName must not be empty: " + quote(clusterName));
      }
      if (controlPlanes.isEmpty()) {
        throw new PkiException("controlPlane must be given at least once: no control-plane host");
      }
      Map<String, String> nodeNames = new LinkedHashMap<>();
      checkHosts("controlPlane", controlPlanes, nodeNames);
      checkHosts("worker", workers, nodeNames);
      List<HostIdentity> members = etcdMembers.isEmpty() ? controlPlanes : etcdMembers;
      checkHosts("etcdMember", members, new LinkedHashMap<>());
      String serviceIp = Names.firstAddress("serviceCidr", serviceCidr);
      Names.requireDnsName("dnsDomain", dnsDomain);
      for (String san : extraSans) {
        if (san != null && Names.looksLikeIpAddress(san)) {
          Names.requireIpAddress("extraSan", san);
        } else {
          Names.requireDnsName("extraSan", san);
        }
      }
      Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
      Objects.requireNonNull(clock, "clock");
      requirePositive("leafValidity", leafValidity);
      requirePositive("caValidity", caValidity);
      if (leafValidity.compareTo(caValidity) > 0) {
        throw new PkiException("leafValidity " + leafValidity + " must not be longer than caValidity " + caValidity);
      }
      return new KubernetesPki(this, members, serviceIp);
    }

    private static void checkHosts(String field, List<HostIdentity> hosts, Map<String, String> seen) {
      for (HostIdentity host : hosts) {
        Names.requireObjectName(field + " name", host.name());
        Names.requireIpAddress(field + " address", host.address());
        String previous = seen.putIfAbsent(host.name(), field);
        if (previous != null) {
          throw new PkiException(field + " name " + quote(host.name()) + " is already used by a " + previous);
        }
      }
    }

    private static void requirePositive(String field, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new PkiException(field + " must be positive: " + value);
      }
    }
  }
}
