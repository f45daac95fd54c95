package dev.kubestrap.spec;

import dev.kubestrap.component.Layout;
import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.proxy.HttpProxy;
import dev.kubestrap.reference.FlagList;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An immutable, validated description of a cluster. Everything is checked in {@link Builder#build()},
 * before any host is touched, and every error names the field and the value.
 *
 * <p>Defaults, each a constant of this class and nowhere else: name {@value #DEFAULT_NAME}; Kubernetes
 * {@value #DEFAULT_KUBERNETES_VERSION} (supported minors 1.34, 1.35, 1.36; the default is the newest release every
 * program of which kubestrap pins from a source other than the download site, see {@code docs/security.md}); etcd
 * {@value #DEFAULT_ETCD_VERSION} ({@value #DEFAULT_ETCD_VERSION_1_34} for Kubernetes 1.34), containerd
 * {@value #DEFAULT_CONTAINERD_VERSION}, runc {@value #DEFAULT_RUNC_VERSION}, CNI plugins
 * {@value #DEFAULT_CNI_PLUGINS_VERSION}, crictl {@code <minor>.0}; service CIDR {@value #DEFAULT_SERVICE_CIDR};
 * cluster (pod) CIDR {@value #DEFAULT_CLUSTER_CIDR}; NodePorts {@link NodePortRange#DEFAULT}; DNS domain
 * {@value #DEFAULT_DNS_DOMAIN}; DNS service IP the {@value #DEFAULT_DNS_SERVICE_INDEX}th address of the service CIDR
 * (like kubeadm); the {@code kubernetes} service IP is always address {@value #KUBERNETES_SERVICE_INDEX}; apiserver
 * port {@value #DEFAULT_API_SERVER_PORT}; etcd ports {@value #DEFAULT_ETCD_CLIENT_PORT}/{@value
 * #DEFAULT_ETCD_PEER_PORT}; key algorithm {@link #DEFAULT_KEY_ALGORITHM}; layout {@link Layout#seed()}; kube-proxy
 * mode {@link #DEFAULT_PROXY_MODE}; audit logging on; encryption provider {@link #DEFAULT_ENCRYPTION_PROVIDER};
 * kubeconfig cluster name = the cluster name, context {@value #DEFAULT_KUBECONFIG_CONTEXT}; kubelet resolvConf
 * {@value #DEFAULT_RESOLV_CONF}; swap {@link #DEFAULT_SWAP}. etcd members are the hosts with role
 * {@link Role#ETCD}, or the control-plane hosts when no host has it. The API endpoint of the nodes is the
 * control-plane host with one of them and a node-local load balancer on port 7443 with more.
 */
public final class ClusterSpec {
  /** The taint and label key of control-plane nodes, as kubeadm sets them. */
  public static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";


  /**
   * The default Kubernetes version: the newest release whose every program kubestrap pins (1.36.1 to 1.36.4 lack
   * the server tarball's sha512 in kubestrap's table; pin it to use them).
   */
  public static final String DEFAULT_KUBERNETES_VERSION = "1.36.0";

  /**
   * The ports components listen on at their defaults, on every host that runs them; the spec's own ports and the
   * NodePort range must leave them free.
   */
  public static final Map<Integer, String> COMPONENT_PORTS = Map.of(
      10248, "the kubelet's healthz port", 10250, "the kubelet API port", 10249, "kube-proxy's metrics port",
      10256, "kube-proxy's healthz port", 10257, "kube-controller-manager's port", 10259, "kube-scheduler's port");

  /** The kubelet's resolv.conf unless set or detected otherwise. */
  public static final String DEFAULT_RESOLV_CONF = "/etc/resolv.conf";

  /** The cluster name unless set: the PKI's default, the O of each CA. */
  public static final String DEFAULT_NAME = KubernetesPki.DEFAULT_CLUSTER_NAME;

  /** The etcd version unless set, for Kubernetes 1.35 and later. */
  public static final String DEFAULT_ETCD_VERSION = "3.6.14";

  /** The etcd version unless set, for Kubernetes 1.34 (whose apiserver is tested against etcd 3.5). */
  public static final String DEFAULT_ETCD_VERSION_1_34 = "3.5.33";

  /** The containerd version unless set. */
  public static final String DEFAULT_CONTAINERD_VERSION = "2.3.4";

  /** The runc version unless set. */
  public static final String DEFAULT_RUNC_VERSION = "1.4.3";

  /** The CNI plugins version unless set. */
  public static final String DEFAULT_CNI_PLUGINS_VERSION = "1.9.1";

  /**
   * The service CIDR unless set (kubeadm's): the PKI's default, so the apiserver certificate names the same
   * {@code kubernetes} service IP.
   */
  public static final String DEFAULT_SERVICE_CIDR = KubernetesPki.DEFAULT_SERVICE_CIDR;

  /**
   * Which address of the service CIDR the {@code kubernetes} service gets: always the first (the apiserver
   * allocates it so; it is not a setting).
   */
  public static final int KUBERNETES_SERVICE_INDEX = 1;

  /** Which address of the service CIDR the cluster DNS gets unless {@code dnsServiceIp} is set: as kubeadm's. */
  public static final int DEFAULT_DNS_SERVICE_INDEX = 10;

  /** The cluster (pod) CIDR unless set, also Flannel's network. */
  public static final String DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";

  /** The cluster DNS domain unless set: the PKI's default, so the apiserver certificate names the same. */
  public static final String DEFAULT_DNS_DOMAIN = KubernetesPki.DEFAULT_DNS_DOMAIN;

  /** The apiserver's secure port unless set. */
  public static final int DEFAULT_API_SERVER_PORT = 6443;

  /** The etcd client port unless set. */
  public static final int DEFAULT_ETCD_CLIENT_PORT = 2379;

  /** The etcd peer port unless set. */
  public static final int DEFAULT_ETCD_PEER_PORT = 2380;

  /** The algorithm of the PKI's keys unless set. */
  public static final KeyAlgorithm DEFAULT_KEY_ALGORITHM = KeyAlgorithm.ECDSA_P256;

  /** kube-proxy's mode unless set. */
  public static final ProxyMode DEFAULT_PROXY_MODE = ProxyMode.IPTABLES;

  /** The Secrets encryption provider unless set. */
  public static final EncryptionProvider DEFAULT_ENCRYPTION_PROVIDER = EncryptionProvider.SECRETBOX;

  /** The context name in kubeconfigs unless set. */
  public static final String DEFAULT_KUBECONFIG_CONTEXT = "default";

  /** What happens to swap on the nodes unless set. */
  public static final SwapPolicy DEFAULT_SWAP = SwapPolicy.TURN_OFF;

  /** The Kubernetes minor versions kubestrap has flag lists for. */
  public static final List<String> SUPPORTED_MINORS = List.of("1.34", "1.35", "1.36");

  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String name;
  private final ReleaseVersion kubernetesVersion;
  private final ReleaseVersion etcdVersion;
  private final ReleaseVersion containerdVersion;
  private final ReleaseVersion runcVersion;
  private final ReleaseVersion cniPluginsVersion;
  private final ReleaseVersion crictlVersion;
  private final List<HostSpec> hosts;
  private final Cidr serviceCidr;
  private final Cidr clusterCidr;
  private final NodePortRange nodePortRange;
  private final String dnsDomain;
  private final InetAddress dnsServiceIp;
  private final int apiServerPort;
  private final int etcdClientPort;
  private final int etcdPeerPort;
  private final KeyAlgorithm keyAlgorithm;
  private final Layout layout;
  private final ProxyMode proxyMode;
  private final Map<ComponentName, Map<String, String>> extraFlags;
  private final Set<String> allowedInsecure;
  private final List<String> insecureSettings;
  private final boolean auditLogging;
  private final EncryptionProvider encryptionProvider;
  private final String kubeconfigClusterName;
  private final String kubeconfigContextName;
  private final String kubeletResolvConf;
  private final Map<String, String> hostResolvConfs;
  private final boolean allowCgroupV1;
  private final SwapPolicy swap;
  private final boolean containerHosts;
  private final boolean controlPlaneNodes;
  private final ApiEndpoint apiEndpointSetting;
  private final ApiEndpoint apiEndpoint;
  private final List<RegistryMirror> registryMirrors;
  private final Optional<HttpProxy> httpProxy;

  private ClusterSpec(Builder b) {
    this.name = dnsName("name", b.name);
    this.kubernetesVersion = kubernetesVersion(b.kubernetesVersion);
    String minor = kubernetesVersion.line();
    this.etcdVersion = etcdVersion(b.etcdVersion != null ? b.etcdVersion : defaultEtcdVersion(minor));
    this.containerdVersion = containerdVersion(b.containerdVersion);
    this.runcVersion = ReleaseVersion.parse("runcVersion", b.runcVersion);
    this.cniPluginsVersion = ReleaseVersion.parse("cniPluginsVersion", b.cniPluginsVersion);
    this.crictlVersion = ReleaseVersion.parse("crictlVersion", b.crictlVersion != null ? b.crictlVersion : minor + ".0");
    this.hosts = hosts(b.hosts);
    this.serviceCidr = Cidr.parse("serviceCidr", b.serviceCidr);
    this.clusterCidr = Cidr.parse("clusterCidr", b.clusterCidr);
    this.nodePortRange = b.nodePortRange;
    this.dnsDomain = dnsName("dnsDomain", b.dnsDomain);
    this.dnsServiceIp = b.dnsServiceIp == null
        ? serviceCidr.address(DEFAULT_DNS_SERVICE_INDEX)
        : IpAddresses.parse("dnsServiceIp", b.dnsServiceIp);
    this.apiServerPort = port("apiServerPort", b.apiServerPort);
    this.etcdClientPort = port("etcdClientPort", b.etcdClientPort);
    this.etcdPeerPort = port("etcdPeerPort", b.etcdPeerPort);
    this.keyAlgorithm = Objects.requireNonNull(b.keyAlgorithm, "keyAlgorithm must not be null");
    this.layout = Objects.requireNonNull(b.layout, "layout must not be null");
    this.proxyMode = Objects.requireNonNull(b.proxyMode, "proxyMode must not be null");
    this.auditLogging = b.auditLogging;
    this.encryptionProvider = Objects.requireNonNull(b.encryptionProvider, "encryptionProvider must not be null");
    this.kubeconfigClusterName = nonBlank("kubeconfigClusterName", b.kubeconfigClusterName != null ? b.kubeconfigClusterName : name);
    this.kubeconfigContextName = nonBlank("kubeconfigContextName", b.kubeconfigContextName);
    this.kubeletResolvConf = absolutePath("kubeletResolvConf", b.kubeletResolvConf);
    Map<String, String> perHost = new java.util.LinkedHashMap<>();
    b.hostResolvConfs.forEach((host, path) -> perHost.put(host, absolutePath("kubeletResolvConf of host '" + host + "'", path)));
    this.hostResolvConfs = java.util.Collections.unmodifiableMap(perHost);
    perHost.keySet().stream().filter(host -> hosts.stream().noneMatch(h -> h.name().equals(host))).findFirst()
        .ifPresent(host -> {
          throw new InvalidSpecException("kubeletResolvConf names no host of the spec: '" + host + "' (hosts: "
              + hostNames(hosts) + ")");
        });
    this.allowCgroupV1 = b.allowCgroupV1;
    this.swap = Objects.requireNonNull(b.swap, "swap must not be null");
    this.containerHosts = b.containerHosts;
    this.controlPlaneNodes = b.controlPlaneNodes;
    this.apiEndpointSetting = b.apiEndpoint;
    this.apiEndpoint = apiEndpoint(b.apiEndpoint, controlPlaneHosts().size());
    this.registryMirrors = registryMirrors(b.registryMirrors);
    this.httpProxy = Optional.ofNullable(b.httpProxy);
    checkNetworks();
    checkPorts();
    this.allowedInsecure = Set.copyOf(b.allowedInsecure);
    FlagOverrides.Checked flags = FlagOverrides.validate(b.extraFlags, minor, etcdVersion.line(), allowedInsecure);
    this.extraFlags = flags.flags();
    this.insecureSettings = flags.insecure();
  }

  /** A builder with every default set; add hosts before building. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The seed's two-node cluster: master {@code 10.1.0.15} (control plane and etcd), node {@code 10.1.0.16}
   * (worker), both named by their IP like the seed; service CIDR {@code 10.254.0.0/16}, DNS IP
   * {@code 10.254.0.2}, kubeconfig cluster {@code kubernetes-the-hard-way} and aescbc encryption like the seed;
   * everything else at the defaults, which match the seed's pod CIDR, NodePorts, domain and context (but
   * Kubernetes is the default version, not the seed's 1.18).
   */
  public static ClusterSpec seedDefault() {
    return seedBuilder().build();
  }

  /** The builder behind {@link #seedDefault()}, to change a few settings of the seed's cluster. */
  public static Builder seedBuilder() {
    return builder()
        .addHost("10.1.0.15", "10.1.0.15", Role.CONTROL_PLANE, Role.ETCD)
        .addHost("10.1.0.16", "10.1.0.16", Role.WORKER)
        .serviceCidr("10.254.0.0/16")
        .dnsServiceIp("10.254.0.2")
        .encryptionProvider(EncryptionProvider.AESCBC)
        .kubeconfigClusterName("kubernetes-the-hard-way");
  }

  private static ReleaseVersion kubernetesVersion(String value) {
    ReleaseVersion version = ReleaseVersion.parse("kubernetesVersion", value);
    if (!SUPPORTED_MINORS.contains(version.line())) {
      throw new InvalidSpecException("kubernetesVersion is not supported: '" + value
          + "' (supported minor versions: " + String.join(", ", SUPPORTED_MINORS) + ")");
    }
    return version;
  }

  private static ReleaseVersion etcdVersion(String value) {
    ReleaseVersion version = ReleaseVersion.parse("etcdVersion", value);
    if (!List.of("3.4", "3.5", "3.6").contains(version.line())) {
      throw new InvalidSpecException("etcdVersion is not supported: '" + value + "' (supported lines: 3.4, 3.5, 3.6)");
    }
    return version;
  }

  private static ReleaseVersion containerdVersion(String value) {
    ReleaseVersion version = ReleaseVersion.parse("containerdVersion", value);
    if (!version.atLeast(1, 6) || version.major() > 2) {
      throw new InvalidSpecException("containerdVersion is not supported: '" + value + "' (supported: 1.6, 1.7, 2.x)");
    }
    return version;
  }

  private static ApiEndpoint apiEndpoint(ApiEndpoint setting, int controlPlanes) {
    if (setting == null) {
      return controlPlanes > 1 ? ApiEndpoint.nodeLocal() : ApiEndpoint.controlPlaneHost();
    }
    if (setting.kind() == ApiEndpoint.Kind.CONTROL_PLANE_HOST && controlPlanes > 1) {
      throw new InvalidSpecException("apiEndpoint controlPlaneHost() with " + controlPlanes + " control-plane hosts "
          + "would make the first one a single point of failure for every node: use ApiEndpoint.nodeLocal() or "
          + "ApiEndpoint.loadBalancer(address, port)");
    }
    return setting;
  }

  private static List<HostSpec> hosts(List<HostSpec> hosts) {
    if (hosts.stream().noneMatch(h -> h.has(Role.CONTROL_PLANE))) {
      throw new InvalidSpecException("hosts must include a CONTROL_PLANE host: " + hostNames(hosts));
    }
    Map<String, String> names = new HashMap<>();
    Map<InetAddress, String> addresses = new HashMap<>();
    for (HostSpec host : hosts) {
      if (names.put(host.name(), host.name()) != null) {
        throw new InvalidSpecException("hosts has a duplicate name: '" + host.name() + "'");
      }
      String other = addresses.put(host.address(), host.name());
      if (other != null) {
        throw new InvalidSpecException("hosts has a duplicate address: '" + host.ip() + "' (hosts '"
            + other + "' and '" + host.name() + "')");
      }
    }
    return List.copyOf(hosts);
  }

  private static List<RegistryMirror> registryMirrors(List<RegistryMirror> mirrors) {
    Set<String> registries = new HashSet<>();
    for (RegistryMirror mirror : mirrors) {
      if (!registries.add(mirror.registry())) {
        throw new InvalidSpecException("registryMirrors has two entries for registry '" + mirror.registry()
            + "': give one entry with several endpoints");
      }
    }
    return List.copyOf(mirrors);
  }

  private static List<String> hostNames(List<HostSpec> hosts) {
    return hosts.stream().map(HostSpec::name).toList();
  }

  private void checkNetworks() {
    if (serviceCidr.overlaps(clusterCidr)) {
      throw new InvalidSpecException("serviceCidr '" + serviceCidr + "' overlaps clusterCidr '" + clusterCidr + "'");
    }
    for (HostSpec host : hosts) {
      if (serviceCidr.contains(host.address())) {
        throw new InvalidSpecException("serviceCidr '" + serviceCidr + "' contains the address of host '"
            + host.name() + "': " + host.ip());
      }
      if (clusterCidr.contains(host.address())) {
        throw new InvalidSpecException("clusterCidr '" + clusterCidr + "' contains the address of host '"
            + host.name() + "': " + host.ip());
      }
    }
    if (!serviceCidr.contains(dnsServiceIp)) {
      throw new InvalidSpecException("dnsServiceIp is outside serviceCidr '" + serviceCidr + "': " + dnsServiceIp.getHostAddress());
    }
    if (dnsServiceIp.equals(serviceCidr.address(0)) || dnsServiceIp.equals(kubernetesServiceIp())) {
      throw new InvalidSpecException("dnsServiceIp must not be the network address or the kubernetes service IP of '"
          + serviceCidr + "': " + dnsServiceIp.getHostAddress());
    }
    if (serviceCidr.prefixLength() < 12) {
      throw new InvalidSpecException("serviceCidr is larger than kube-apiserver accepts (a prefix of at least /12): '"
          + serviceCidr + "'");
    }
  }

  /** Every listener needs its own port: etcd's two, the apiserver's, the components' fixed ones, the NodePorts. */
  private void checkPorts() {
    Map<Integer, String> taken = new TreeMap<>(COMPONENT_PORTS);
    claim(taken, "etcdClientPort", etcdClientPort);
    claim(taken, "etcdPeerPort", etcdPeerPort);
    claim(taken, "apiServerPort", apiServerPort);
    if (apiEndpoint.isNodeLocal()) {
      claim(taken, "apiEndpoint port", apiEndpoint.port());
    }
    taken.forEach((port, owner) -> {
      if (nodePortRange.contains(port)) {
        throw new InvalidSpecException("nodePortRange '" + nodePortRange + "' contains " + owner + ": " + port
            + " (kube-proxy would take it for NodePort services)");
      }
    });
  }

  private static void claim(Map<Integer, String> taken, String field, int port) {
    String owner = taken.putIfAbsent(port, field);
    if (owner != null) {
      throw new InvalidSpecException(field + " collides with " + owner + ": " + port
          + " (every listener on a host needs its own port)");
    }
  }

  private static String dnsName(String field, String value) {
    if (value == null || value.length() > 253 || !DNS_NAME.matcher(value).matches()) {
      throw new InvalidSpecException(field + " is not a lowercase DNS name: '" + value + "'");
    }
    return value;
  }

  private static String nonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidSpecException(field + " must not be blank: '" + value + "'");
    }
    FlagOverrides.requirePrintable(field, value);
    return value;
  }

  private static String absolutePath(String field, String value) {
    if (value == null || !value.startsWith("/")) {
      throw new InvalidSpecException(field + " must be an absolute path: '" + value + "'");
    }
    return value;
  }

  private static int port(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidSpecException(field + " is outside 1-65535: " + port);
    }
    return port;
  }

  /** The cluster name (default {@value #DEFAULT_NAME}); the controller-manager's {@code --cluster-name}. */
  public String name() {
    return name;
  }

  /** The Kubernetes version (default {@value #DEFAULT_KUBERNETES_VERSION}). */
  public ReleaseVersion kubernetesVersion() {
    return kubernetesVersion;
  }

  /** {@code major.minor} of the Kubernetes version, which selects the flag lists. */
  public String kubernetesMinor() {
    return kubernetesVersion.line();
  }

  /** The etcd version (default {@value #DEFAULT_ETCD_VERSION}; {@value #DEFAULT_ETCD_VERSION_1_34} with Kubernetes 1.34). */
  public ReleaseVersion etcdVersion() {
    return etcdVersion;
  }

  /**
   * The etcd version a cluster of Kubernetes {@code kubernetesMinor} (e.g. {@code 1.36}) gets when none is set:
   * {@value #DEFAULT_ETCD_VERSION_1_34} for 1.34, {@value #DEFAULT_ETCD_VERSION} for later minors.
   */
  public static String defaultEtcdVersion(String kubernetesMinor) {
    return kubernetesMinor.equals("1.34") ? DEFAULT_ETCD_VERSION_1_34 : DEFAULT_ETCD_VERSION;
  }

  /** The containerd version (default {@value #DEFAULT_CONTAINERD_VERSION}): 1.6/1.7 get config version 2, 2.x version 3. */
  public ReleaseVersion containerdVersion() {
    return containerdVersion;
  }

  /** The runc version (default {@value #DEFAULT_RUNC_VERSION}). */
  public ReleaseVersion runcVersion() {
    return runcVersion;
  }

  /** The CNI plugins version (default {@value #DEFAULT_CNI_PLUGINS_VERSION}). */
  public ReleaseVersion cniPluginsVersion() {
    return cniPluginsVersion;
  }

  /** The crictl version (default {@code <kubernetes minor>.0}). */
  public ReleaseVersion crictlVersion() {
    return crictlVersion;
  }

  /** Every host, in the order added. */
  public List<HostSpec> hosts() {
    return hosts;
  }

  /** The hosts with role {@link Role#CONTROL_PLANE}. */
  public List<HostSpec> controlPlaneHosts() {
    return withRole(Role.CONTROL_PLANE);
  }

  /** The hosts with role {@link Role#WORKER}. */
  public List<HostSpec> workers() {
    return withRole(Role.WORKER);
  }

  /** The etcd members: the hosts with role {@link Role#ETCD}, else the control-plane hosts. */
  public List<HostSpec> etcdMembers() {
    List<HostSpec> etcd = withRole(Role.ETCD);
    return etcd.isEmpty() ? controlPlaneHosts() : etcd;
  }

  /** Whether {@code host} runs an etcd member. */
  public boolean isEtcdMember(HostSpec host) {
    return etcdMembers().contains(host);
  }

  private List<HostSpec> withRole(Role role) {
    return hosts.stream().filter(h -> h.has(role)).toList();
  }

  /** The host named {@code name}. */
  public HostSpec host(String name) {
    return hosts.stream()
        .filter(h -> h.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new InvalidSpecException("no host named '" + name + "' in " + hostNames(hosts)));
  }

  /** The service CIDR (default {@value #DEFAULT_SERVICE_CIDR}). */
  public Cidr serviceCidr() {
    return serviceCidr;
  }

  /** The cluster (pod) CIDR (default {@value #DEFAULT_CLUSTER_CIDR}). */
  public Cidr clusterCidr() {
    return clusterCidr;
  }

  /** The NodePort range (default 30000-32767). */
  public NodePortRange nodePortRange() {
    return nodePortRange;
  }

  /** The cluster DNS domain (default {@value #DEFAULT_DNS_DOMAIN}). */
  public String dnsDomain() {
    return dnsDomain;
  }

  /** The cluster DNS service IP (default: address {@value #DEFAULT_DNS_SERVICE_INDEX} of the service CIDR). */
  public InetAddress dnsServiceIp() {
    return dnsServiceIp;
  }

  /** The {@code kubernetes} service IP: address {@value #KUBERNETES_SERVICE_INDEX} of the service CIDR. */
  public InetAddress kubernetesServiceIp() {
    return serviceCidr.address(KUBERNETES_SERVICE_INDEX);
  }

  /** The apiserver's secure port (default {@value #DEFAULT_API_SERVER_PORT}). */
  public int apiServerPort() {
    return apiServerPort;
  }

  /** The etcd client port (default {@value #DEFAULT_ETCD_CLIENT_PORT}). */
  public int etcdClientPort() {
    return etcdClientPort;
  }

  /** The etcd peer port (default {@value #DEFAULT_ETCD_PEER_PORT}). */
  public int etcdPeerPort() {
    return etcdPeerPort;
  }

  /**
   * The apiserver URL of the kubeconfigs kubestrap writes on this machine ({@code admin}, {@code super-admin}): the
   * load balancer of {@link ApiEndpoint#loadBalancer}, else the first control-plane host at {@link #apiServerPort()}.
   */
  public URI apiServerUrl() {
    if (apiEndpoint.kind() == ApiEndpoint.Kind.LOAD_BALANCER) {
      return apiEndpointUrl();
    }
    return URI.create("https://" + hostPort(controlPlaneHosts().get(0).address(), apiServerPort));
  }

  /**
   * Where nodes reach the API (default: the first control-plane host with one of them, a node-local load balancer
   * with more); see {@link ApiEndpoint}.
   */
  public ApiEndpoint apiEndpoint() {
    return apiEndpoint;
  }

  /** The URL of {@link #apiEndpoint()} that the kubelet and kube-proxy kubeconfigs name. */
  public URI apiEndpointUrl() {
    return switch (apiEndpoint.kind()) {
      case CONTROL_PLANE_HOST -> URI.create("https://" + hostPort(controlPlaneHosts().get(0).address(), apiServerPort));
      case NODE_LOCAL -> URI.create("https://127.0.0.1:" + apiEndpoint.port());
      case LOAD_BALANCER -> URI.create("https://" + apiEndpoint.address() + ":" + apiEndpoint.port());
    };
  }

  /**
   * What the plan warns about: an even number of etcd members tolerates no more failed members than one fewer
   * (and two tolerate none), so they are a passing state while a member is replaced; empty otherwise.
   */
  public List<String> availabilityWarnings() {
    int members = etcdMembers().size();
    if (members % 2 == 0) {
      return List.of(members + " etcd members tolerate as many failed members as " + (members - 1) + " ("
          + (members / 2 - 1) + "): add or remove one to make their number odd");
    }
    return List.of();
  }

  /** {@code address:port}, with IPv6 addresses in brackets. */
  public static String hostPort(InetAddress address, int port) {
    String text = address.getHostAddress();
    return (text.contains(":") ? "[" + text + "]" : text) + ":" + port;
  }

  /** The algorithm of every key in the cluster's PKI (default {@link #DEFAULT_KEY_ALGORITHM}). */
  public KeyAlgorithm keyAlgorithm() {
    return keyAlgorithm;
  }

  /**
   * The PKI facts of this cluster, to complete (a clock, validities) and issue or keep in a
   * {@code PkiStore}: cluster name, control-plane hosts, etcd members, workers, service CIDR, DNS domain,
   * key algorithm. Control-plane hosts get kubelet certificates when they are nodes.
   */
  public KubernetesPki.Builder pkiFacts() {
    KubernetesPki.Builder pki = KubernetesPki.builder()
        .clusterName(name)
        .serviceCidr(serviceCidr.toString())
        .dnsDomain(dnsDomain)
        .keyAlgorithm(keyAlgorithm)
        .kubeletsOnControlPlane(controlPlaneHosts().stream().anyMatch(this::isNode));
    controlPlaneHosts().forEach(h -> pki.controlPlane(h.name(), h.ip()));
    if (apiEndpoint.kind() == ApiEndpoint.Kind.LOAD_BALANCER) {
      pki.addExtraSan(apiEndpoint.address());
    }
    etcdMembers().forEach(h -> pki.etcdMember(h.name(), h.ip()));
    workers().stream().filter(h -> !h.has(Role.CONTROL_PLANE)).forEach(h -> pki.worker(h.name(), h.ip()));
    return pki;
  }

  /** The layout (default {@link Layout#seed()}). */
  public Layout layout() {
    return layout;
  }

  /** kube-proxy's mode (default {@link #DEFAULT_PROXY_MODE}). */
  public ProxyMode proxyMode() {
    return proxyMode;
  }

  /** The validated flag overrides of {@code component}, keyed by flag with leading dashes; empty if none. */
  public Map<String, String> extraFlags(ComponentName component) {
    return extraFlags.getOrDefault(component, Map.of());
  }

  /**
   * The insecure flag values accepted with {@link Builder#allowInsecure}, each with what it does, e.g.
   * {@code kube-apiserver --authorization-mode=AlwaysAllow: authorizes every request, ...}; empty by default.
   */
  public List<String> insecureSettings() {
    return insecureSettings;
  }

  /** Whether the apiserver writes an audit log with an audit policy (default true). */
  public boolean auditLogging() {
    return auditLogging;
  }

  /** The provider that encrypts Secrets at rest (default {@link #DEFAULT_ENCRYPTION_PROVIDER}). */
  public EncryptionProvider encryptionProvider() {
    return encryptionProvider;
  }

  /** The cluster entry name in kubeconfigs (default: the cluster name). */
  public String kubeconfigClusterName() {
    return kubeconfigClusterName;
  }

  /** The context name in kubeconfigs (default {@value #DEFAULT_KUBECONFIG_CONTEXT}). */
  public String kubeconfigContextName() {
    return kubeconfigContextName;
  }

  /** The resolv.conf the kubelet gives pods with dnsPolicy Default (default {@code /etc/resolv.conf}). */
  public String kubeletResolvConf() {
    return kubeletResolvConf;
  }

  /**
   * The resolv.conf the kubelet on {@code host} hands to pods: the host's own setting if one was given (or, at
   * apply, detected: systemd-resolved's upstream file where {@code /etc/resolv.conf} points at its stub), else
   * {@link #kubeletResolvConf()}.
   */
  public String kubeletResolvConf(HostSpec host) {
    return hostResolvConfs.getOrDefault(host.name(), kubeletResolvConf);
  }

  /** Whether {@code host} has a resolv.conf of its own (given, or detected at apply). */
  public boolean hasOwnResolvConf(HostSpec host) {
    return hostResolvConfs.containsKey(host.name());
  }

  /**
   * Whether kubelet may run on hosts with cgroup v1 (default {@code false}: kubelet 1.35 and later
   * refuse cgroup v1 unless {@code failCgroupV1: false}, and kubestrap's preflight refuses such hosts).
   * cgroup v1 is in maintenance in Kubernetes; this is for hosts that cannot move yet.
   */
  public boolean allowCgroupV1() {
    return allowCgroupV1;
  }

  /** What kubestrap does about swap on the nodes; default {@link SwapPolicy#TURN_OFF}. */
  public SwapPolicy swap() {
    return swap;
  }

  /**
   * Whether the hosts are system containers (systemd-nspawn, LXC) rather than machines (default
   * {@code false}): kube-proxy then leaves the kernel-wide conntrack table size alone
   * ({@code conntrack.maxPerCore: 0}), which a container cannot set, and containerd keeps pods' OOM score
   * adjustments at or above its own ({@code restrict_oom_score_adj}), which a container without
   * {@code CAP_SYS_RESOURCE} cannot lower.
   */
  public boolean containerHosts() {
    return containerHosts;
  }

  /**
   * Whether control-plane hosts are nodes too (default {@code true}), as kubeadm, k0s and the hard way make
   * them: they run containerd, the kubelet and kube-proxy, join the pod network, and register tainted
   * {@value #CONTROL_PLANE_TAINT}:NoSchedule and labelled {@value #CONTROL_PLANE_TAINT}. Without it the API
   * server cannot reach pod or service IPs: admission webhooks, aggregated APIs (metrics-server) and
   * {@code kubectl port-forward} to a service stop working.
   */
  public boolean controlPlaneNodes() {
    return controlPlaneNodes;
  }

  /** Where containerd pulls registries' images from instead of the registries; default none. */
  public List<RegistryMirror> registryMirrors() {
    return registryMirrors;
  }

  /** The proxy containerd on the nodes pulls images through; default none (direct). */
  public Optional<HttpProxy> httpProxy() {
    return httpProxy;
  }

  /**
   * What a proxied program on the hosts reaches directly besides {@link HttpProxy#noProxy()}: the cluster and
   * service ranges, every host's address and name, and the cluster's names ({@code .svc} and the DNS domain).
   */
  public List<String> clusterNoProxy() {
    List<String> direct = new ArrayList<>(List.of(clusterCidr.toString(), serviceCidr.toString()));
    hosts.forEach(h -> direct.add(h.address().getHostAddress()));
    hosts.forEach(h -> direct.add(h.name()));
    direct.add(".svc");
    direct.add("." + dnsDomain);
    return List.copyOf(direct);
  }

  /** Whether {@code host} runs the node components (containerd, kubelet, kube-proxy). */
  public boolean isNode(HostSpec host) {
    return host.has(Role.WORKER) || controlPlaneNodes && host.has(Role.CONTROL_PLANE);
  }

  /** Whether {@code host} registers with the control-plane taint: a control-plane node not also named a worker. */
  public boolean isTaintedControlPlane(HostSpec host) {
    return isNode(host) && host.has(Role.CONTROL_PLANE) && !host.has(Role.WORKER);
  }

  /** The hosts that run a kubelet, in spec order. */
  public List<HostSpec> nodes() {
    return hosts.stream().filter(this::isNode).toList();
  }

  /** A builder holding this spec's settings, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = builder()
        .name(name)
        .kubernetesVersion(kubernetesVersion.toString())
        .etcdVersion(etcdVersion.toString())
        .containerdVersion(containerdVersion.toString())
        .runcVersion(runcVersion.toString())
        .cniPluginsVersion(cniPluginsVersion.toString())
        .crictlVersion(crictlVersion.toString())
        .serviceCidr(serviceCidr.toString())
        .clusterCidr(clusterCidr.toString())
        .nodePortRange(nodePortRange)
        .dnsDomain(dnsDomain)
        .dnsServiceIp(dnsServiceIp.getHostAddress())
        .apiServerPort(apiServerPort)
        .etcdClientPort(etcdClientPort)
        .etcdPeerPort(etcdPeerPort)
        .keyAlgorithm(keyAlgorithm)
        .layout(layout)
        .proxyMode(proxyMode)
        .auditLogging(auditLogging)
        .encryptionProvider(encryptionProvider)
        .kubeconfigClusterName(kubeconfigClusterName)
        .kubeconfigContextName(kubeconfigContextName)
        .kubeletResolvConf(kubeletResolvConf)
        .allowCgroupV1(allowCgroupV1)
        .swap(swap)
        .containerHosts(containerHosts)
        .controlPlaneNodes(controlPlaneNodes)
        .apiEndpoint(apiEndpointSetting);
    hosts.forEach(b::addHost);
    hostResolvConfs.forEach(b::kubeletResolvConf);
    registryMirrors.forEach(b::registryMirror);
    httpProxy.ifPresent(b::httpProxy);
    extraFlags.forEach((component, flags) -> flags.forEach((flag, value) -> b.extraFlag(component, flag, value)));
    b.allowedInsecure.addAll(allowedInsecure);
    return b;
  }

  @Override
  public String toString() {
    return "ClusterSpec[name=" + name + ", kubernetes=" + kubernetesVersion + ", hosts=" + hostNames(hosts)
        + ", serviceCidr=" + serviceCidr + ", clusterCidr=" + clusterCidr + "]";
  }

  /** Builds a {@link ClusterSpec}; see the class comment for every default. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private String kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
    private String etcdVersion;
    private String containerdVersion = DEFAULT_CONTAINERD_VERSION;
    private String runcVersion = DEFAULT_RUNC_VERSION;
    private String cniPluginsVersion = DEFAULT_CNI_PLUGINS_VERSION;
    private String crictlVersion;
    private final List<HostSpec> hosts = new ArrayList<>();
    private String serviceCidr = DEFAULT_SERVICE_CIDR;
    private String clusterCidr = DEFAULT_CLUSTER_CIDR;
    private NodePortRange nodePortRange = NodePortRange.DEFAULT;
    private String dnsDomain = DEFAULT_DNS_DOMAIN;
    private String dnsServiceIp;
    private int apiServerPort = DEFAULT_API_SERVER_PORT;
    private int etcdClientPort = DEFAULT_ETCD_CLIENT_PORT;
    private int etcdPeerPort = DEFAULT_ETCD_PEER_PORT;
    private KeyAlgorithm keyAlgorithm = DEFAULT_KEY_ALGORITHM;
    private Layout layout = Layout.seed();
    private ProxyMode proxyMode = DEFAULT_PROXY_MODE;
    private final Map<ComponentName, Map<String, String>> extraFlags = new EnumMap<>(ComponentName.class);
    private final Set<String> allowedInsecure = new LinkedHashSet<>();
    private boolean auditLogging = true;
    private EncryptionProvider encryptionProvider = DEFAULT_ENCRYPTION_PROVIDER;
    private String kubeconfigClusterName;
    private String kubeconfigContextName = DEFAULT_KUBECONFIG_CONTEXT;
    private String kubeletResolvConf = DEFAULT_RESOLV_CONF;
    private final Map<String, String> hostResolvConfs = new java.util.LinkedHashMap<>();
    private boolean allowCgroupV1;
    private SwapPolicy swap = DEFAULT_SWAP;
    private boolean containerHosts;
    private boolean controlPlaneNodes = true;
    private ApiEndpoint apiEndpoint;
    private final List<RegistryMirror> registryMirrors = new ArrayList<>();
    private HttpProxy httpProxy;

    private Builder() {}

    /** The cluster name, a lowercase DNS name; default {@value ClusterSpec#DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The Kubernetes version, minor 1.34, 1.35 or 1.36; default {@value ClusterSpec#DEFAULT_KUBERNETES_VERSION}. */
    public Builder kubernetesVersion(String kubernetesVersion) {
      this.kubernetesVersion = kubernetesVersion;
      return this;
    }

    /** The etcd version, line 3.4, 3.5 or 3.6; default {@value ClusterSpec#DEFAULT_ETCD_VERSION} ({@value
     * ClusterSpec#DEFAULT_ETCD_VERSION_1_34} with Kubernetes 1.34). */
    public Builder etcdVersion(String etcdVersion) {
      this.etcdVersion = etcdVersion;
      return this;
    }

    /** The containerd version, 1.6, 1.7 or 2.x; default {@value ClusterSpec#DEFAULT_CONTAINERD_VERSION}. */
    public Builder containerdVersion(String containerdVersion) {
      this.containerdVersion = containerdVersion;
      return this;
    }

    /** The runc version; default {@value ClusterSpec#DEFAULT_RUNC_VERSION}. */
    public Builder runcVersion(String runcVersion) {
      this.runcVersion = runcVersion;
      return this;
    }

    /** The CNI plugins version; default {@value ClusterSpec#DEFAULT_CNI_PLUGINS_VERSION}. */
    public Builder cniPluginsVersion(String cniPluginsVersion) {
      this.cniPluginsVersion = cniPluginsVersion;
      return this;
    }

    /** The crictl version; default {@code <kubernetes minor>.0}. */
    public Builder crictlVersion(String crictlVersion) {
      this.crictlVersion = crictlVersion;
      return this;
    }

    /** Adds a host; names and addresses must be unique. */
    public Builder addHost(HostSpec host) {
      hosts.add(Objects.requireNonNull(host, "host must not be null"));
      return this;
    }

    /** Removes the host named {@code name}, if added. */
    public Builder removeHost(String name) {
      hosts.removeIf(host -> host.name().equals(name));
      return this;
    }

    /** Adds a host named {@code name} at the IP literal {@code address} with {@code roles}. */
    public Builder addHost(String name, String address, Role... roles) {
      return addHost(HostSpec.of(name, address, roles));
    }

    /** The service CIDR; default {@value ClusterSpec#DEFAULT_SERVICE_CIDR}. */
    public Builder serviceCidr(String serviceCidr) {
      this.serviceCidr = serviceCidr;
      return this;
    }

    /** The cluster (pod) CIDR; default {@value ClusterSpec#DEFAULT_CLUSTER_CIDR}. */
    public Builder clusterCidr(String clusterCidr) {
      this.clusterCidr = clusterCidr;
      return this;
    }

    /** The NodePort range; default 30000-32767. */
    public Builder nodePortRange(NodePortRange nodePortRange) {
      this.nodePortRange = Objects.requireNonNull(nodePortRange, "nodePortRange must not be null");
      return this;
    }

    /** The NodePort range as {@code first-last}; default {@code 30000-32767}. */
    public Builder nodePortRange(String nodePortRange) {
      return nodePortRange(NodePortRange.parse(nodePortRange));
    }

    /** The cluster DNS domain; default {@value ClusterSpec#DEFAULT_DNS_DOMAIN}. */
    public Builder dnsDomain(String dnsDomain) {
      this.dnsDomain = dnsDomain;
      return this;
    }

    /**
     * The DNS service IP, inside the service CIDR; default its address number
     * {@value ClusterSpec#DEFAULT_DNS_SERVICE_INDEX}.
     */
    public Builder dnsServiceIp(String dnsServiceIp) {
      this.dnsServiceIp = dnsServiceIp;
      return this;
    }

    /** The apiserver secure port; default {@value ClusterSpec#DEFAULT_API_SERVER_PORT}. */
    public Builder apiServerPort(int apiServerPort) {
      this.apiServerPort = apiServerPort;
      return this;
    }

    /** The etcd client port; default {@value ClusterSpec#DEFAULT_ETCD_CLIENT_PORT}. */
    public Builder etcdClientPort(int etcdClientPort) {
      this.etcdClientPort = etcdClientPort;
      return this;
    }

    /** The etcd peer port; default {@value ClusterSpec#DEFAULT_ETCD_PEER_PORT}. */
    public Builder etcdPeerPort(int etcdPeerPort) {
      this.etcdPeerPort = etcdPeerPort;
      return this;
    }

    /** The algorithm of every key of the PKI; default {@link ClusterSpec#DEFAULT_KEY_ALGORITHM}. */
    public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
      this.keyAlgorithm = keyAlgorithm;
      return this;
    }

    /** The layout; default {@link Layout#seed()}. */
    public Builder layout(Layout layout) {
      this.layout = layout;
      return this;
    }

    /** kube-proxy's mode; default {@link ClusterSpec#DEFAULT_PROXY_MODE}. */
    public Builder proxyMode(ProxyMode proxyMode) {
      this.proxyMode = proxyMode;
      return this;
    }

    /**
     * Sets {@code flag} (with or without leading dashes) of {@code component} to {@code value}, over
     * kubestrap's default. The flag must be in the official list for the Kubernetes minor (or etcd line)
     * and not deprecated; containerd takes no flag overrides. Checked in {@link #build()}.
     */
    public Builder extraFlag(ComponentName component, String flag, String value) {
      Objects.requireNonNull(component, "component must not be null");
      Objects.requireNonNull(flag, "flag must not be null");
      Objects.requireNonNull(value, () -> "value of flag " + flag + " must not be null");
      extraFlags.computeIfAbsent(component, c -> new LinkedHashMap<>()).put(flag, value);
      return this;
    }

    /**
     * Accepts an {@link #extraFlag} of {@code component} that switches off or weakens a protection kubestrap sets up
     * (kubestrap's list: {@code insecure-flags.tsv}, e.g. {@code --authorization-mode=AlwaysAllow},
     * {@code --anonymous-auth=true}, TLS 1.0); without it such a flag is refused. The accepted flag is listed in the
     * plan's warnings. Default: none accepted. Naming a flag that is not set to an insecure value is an error.
     */
    public Builder allowInsecure(ComponentName component, String flag) {
      Objects.requireNonNull(component, "component must not be null");
      Objects.requireNonNull(flag, "flag must not be null");
      allowedInsecure.add(component.id() + " " + FlagList.normalize(flag));
      return this;
    }

    /** Whether the apiserver writes an audit log under a policy; default true. */
    public Builder auditLogging(boolean auditLogging) {
      this.auditLogging = auditLogging;
      return this;
    }

    /** The Secrets encryption provider; default {@link ClusterSpec#DEFAULT_ENCRYPTION_PROVIDER}. */
    public Builder encryptionProvider(EncryptionProvider encryptionProvider) {
      this.encryptionProvider = encryptionProvider;
      return this;
    }

    /** The cluster entry name in kubeconfigs; default the cluster name. */
    public Builder kubeconfigClusterName(String kubeconfigClusterName) {
      this.kubeconfigClusterName = kubeconfigClusterName;
      return this;
    }

    /** The context name in kubeconfigs; default {@value ClusterSpec#DEFAULT_KUBECONFIG_CONTEXT}. */
    public Builder kubeconfigContextName(String kubeconfigContextName) {
      this.kubeconfigContextName = kubeconfigContextName;
      return this;
    }

    /**
     * The resolv.conf the kubelet hands to pods; default {@code /etc/resolv.conf}. Hosts running
     * systemd-resolved need {@code /run/systemd/resolve/resolv.conf}, or CoreDNS loops.
     */
    public Builder kubeletResolvConf(String kubeletResolvConf) {
      this.kubeletResolvConf = kubeletResolvConf;
      return this;
    }

    /**
     * The resolv.conf of one host's kubelet, overriding {@link #kubeletResolvConf(String)} and what apply would
     * detect there. Default: none (detected at apply).
     */
    public Builder kubeletResolvConf(String hostName, String path) {
      this.hostResolvConfs.put(hostName, path);
      return this;
    }

    /**
     * Lets kubelet run on cgroup v1 hosts ({@code failCgroupV1: false}); default {@code false}. The
     * plan summary says so when set.
     */
    public Builder allowCgroupV1(boolean allow) {
      this.allowCgroupV1 = allow;
      return this;
    }

    /**
     * What to do about swap on the nodes; default {@link SwapPolicy#TURN_OFF} (off now and after every reboot).
     * {@link SwapPolicy#KEEP} is shown in the plan summary.
     */
    public Builder swap(SwapPolicy policy) {
      this.swap = policy;
      return this;
    }

    /**
     * Marks the hosts as system containers (systemd-nspawn, LXC); default {@code false}. kube-proxy then
     * leaves the kernel-wide conntrack table size to the machine. The plan summary says so when set.
     */
    public Builder containerHosts(boolean containers) {
      this.containerHosts = containers;
      return this;
    }

    /**
     * Whether control-plane hosts are also (tainted) nodes; default {@code true}. Turning it off is shown in
     * the plan summary with what stops working; see {@link ClusterSpec#controlPlaneNodes()}.
     */
    public Builder controlPlaneNodes(boolean nodes) {
      this.controlPlaneNodes = nodes;
      return this;
    }

    /**
     * Where nodes reach the API; default {@link ApiEndpoint#controlPlaneHost()} with one control-plane host,
     * {@link ApiEndpoint#nodeLocal()} with more; {@code null} restores the default.
     */
    public Builder apiEndpoint(ApiEndpoint apiEndpoint) {
      this.apiEndpoint = apiEndpoint;
      return this;
    }

    /**
     * Adds a registry mirror: containerd on every node pulls that registry's images from the mirror's endpoints
     * ({@code certs.d/<registry>/hosts.toml}); default none. One entry per registry.
     */
    public Builder registryMirror(RegistryMirror mirror) {
      registryMirrors.add(Objects.requireNonNull(mirror, "registryMirror must not be null"));
      return this;
    }

    /**
     * Sends containerd's pulls on every node through {@code proxy} (a unit drop-in with {@code HTTP_PROXY},
     * {@code HTTPS_PROXY} and a {@code NO_PROXY} that adds {@link ClusterSpec#clusterNoProxy()}); default none.
     */
    public Builder httpProxy(HttpProxy proxy) {
      this.httpProxy = Objects.requireNonNull(proxy, "httpProxy must not be null");
      return this;
    }

    /**
     * @throws InvalidSpecException naming the field and value of the first problem found
     */
    public ClusterSpec build() {
      return new ClusterSpec(this);
    }
  }
}
