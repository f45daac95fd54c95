package dev.kubestrap.addons;

import dev.kubestrap.addons.internal.Addresses;
import dev.kubestrap.addons.internal.Images;
import dev.kubestrap.addons.internal.JsonDocument;
import dev.kubestrap.addons.internal.Labels;
import dev.kubestrap.addons.internal.Rbac;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The flannel pod network (flannel v0.28.9, {@code Documentation/kube-flannel.yml}) as typed objects:
 * Namespace {@value #NAMESPACE}, ServiceAccount, ClusterRole and binding, the {@code
 * kube-flannel-cfg} ConfigMap ({@code cni-conf.json}, {@code net-conf.json}) and the {@code
 * kube-flannel-ds} DaemonSet. There is no PodSecurityPolicy: that API was removed in Kubernetes 1.25.
 *
 * <p>Defaults: backend {@link FlannelBackend#VXLAN}; images {@value #DEFAULT_IMAGE} and {@value
 * #DEFAULT_CNI_PLUGIN_IMAGE}; CNI binary directory {@value #DEFAULT_CNI_BIN_DIR}; CNI configuration
 * directory {@value #DEFAULT_CNI_CONF_DIR}. The network has no default and must be the cluster
 * (pod) CIDR, which the controller manager also splits into per-node {@code podCIDR}s: flannel's
 * kube subnet manager reads them from the Node objects. Each flanneld uses the interface holding its node's
 * registered address ({@code --iface=$(NODE_IP)} from {@code status.hostIP}), not the default route's.
 */
public final class Flannel implements Addon {
  public static final String NAMESPACE = "kube-flannel";
  public static final String DEFAULT_IMAGE = "ghcr.io/flannel-io/flannel:v0.28.9";
  public static final String DEFAULT_CNI_PLUGIN_IMAGE = "ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3";
  public static final String DEFAULT_CNI_BIN_DIR = "/opt/cni/bin";
  public static final String DEFAULT_CNI_CONF_DIR = "/etc/cni/net.d";

  static final String NAME = "flannel";
  static final String CONFIG_MAP = "kube-flannel-cfg";
  static final String DAEMON_SET = "kube-flannel-ds";
  private static final String CONFIG_MOUNT = "/etc/kube-flannel/";
  /**
   * The node's address as its kubelet registered it ({@code --node-ip}, the spec's host address). flanneld is
   * told to use the interface that holds it; left to itself it takes the default route's interface, which on a
   * host with several interfaces may not be the one the other nodes reach.
   */
  static final String NODE_IP = "NODE_IP";

  private final String network;
  private final FlannelBackend backend;
  private final String image;
  private final String cniPluginImage;
  private final String cniBinDir;
  private final String cniConfDir;

  private Flannel(Builder builder) {
    this.network = builder.network;
    this.backend = builder.backend;
    this.image = builder.image;
    this.cniPluginImage = builder.cniPluginImage;
    this.cniBinDir = builder.cniBinDir;
    this.cniConfDir = builder.cniConfDir;
  }

  /** A builder preset with the VXLAN backend (the default); set the network before {@code build()}. */
  public static Builder vxlan() {
    return builder().backend(FlannelBackend.VXLAN);
  }

  /** A builder preset with the host-gw backend; set the network before {@code build()}. */
  public static Builder hostGw() {
    return builder().backend(FlannelBackend.HOST_GW);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String network() {
    return network;
  }

  public FlannelBackend backend() {
    return backend;
  }

  public String image() {
    return image;
  }

  public String cniPluginImage() {
    return cniPluginImage;
  }

  public String cniBinDir() {
    return cniBinDir;
  }

  public String cniConfDir() {
    return cniConfDir;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<HasMetadata> objects() {
    return List.of(namespace(), clusterRole(), clusterRoleBinding(), serviceAccount(), configMap(), daemonSet());
  }

  /** The CNI configuration list flannel installs as {@code 10-flannel.conflist} on every node. */
  public String cniConfJson() {
    Map<String, Object> delegate = new LinkedHashMap<>();
    delegate.put("hairpinMode", true);
    delegate.put("isDefaultGateway", true);
    Map<String, Object> flannel = new LinkedHashMap<>();
    flannel.put("type", "flannel");
    flannel.put("delegate", delegate);
    Map<String, Object> portmap = new LinkedHashMap<>();
    portmap.put("type", "portmap");
    portmap.put("capabilities", Map.of("portMappings", true));
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("name", "cbr0");
    conf.put("cniVersion", "0.3.1");
    conf.put("plugins", List.of(flannel, portmap));
    return JsonDocument.write(conf);
  }

  /** Flannel's network configuration: the pod network and the backend type. */
  public String netConfJson() {
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("Network", network);
    conf.put("EnableNFTables", false);
    conf.put("Backend", Map.of("Type", backend.type()));
    return JsonDocument.write(conf);
  }

  private Namespace namespace() {
    return new NamespaceBuilder()
        .withNewMetadata().withName(NAMESPACE)
        .withLabels(Labels.managed("k8s-app", NAME, "pod-security.kubernetes.io/enforce", "privileged"))
        .endMetadata()
        .build();
  }

  private ClusterRole clusterRole() {
    return new ClusterRoleBuilder()
        .withNewMetadata().withName(NAME).withLabels(Labels.managed("k8s-app", NAME)).endMetadata()
        .addNewRule().withApiGroups("").withResources("pods").withVerbs("get").endRule()
        .addNewRule().withApiGroups("").withResources("nodes").withVerbs("get", "list", "watch").endRule()
        .addNewRule().withApiGroups("").withResources("nodes/status").withVerbs("patch").endRule()
        .build();
  }

  private ClusterRoleBinding clusterRoleBinding() {
    return Rbac.bind(new ObjectMetaBuilder().withName(NAME).withLabels(Labels.managed("k8s-app", NAME)).build(),
        NAME, Rbac.serviceAccount(NAMESPACE, NAME));
  }

  private ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(Labels.managed("k8s-app", NAME))
        .endMetadata()
        .build();
  }

  private ConfigMap configMap() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("cni-conf.json", cniConfJson());
    data.put("net-conf.json", netConfJson());
    return new ConfigMapBuilder()
        .withNewMetadata().withName(CONFIG_MAP).withNamespace(NAMESPACE)
        .withLabels(Labels.managed("tier", "node", "k8s-app", NAME, "app", NAME))
        .endMetadata()
        .withData(data)
        .build();
  }

  private DaemonSet daemonSet() {
    return new DaemonSetBuilder()
        .withNewMetadata().withName(DAEMON_SET).withNamespace(NAMESPACE)
        .withLabels(Labels.managed("tier", "node", "k8s-app", NAME, "app", NAME))
        .endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("tier", "node").addToLabels("app", NAME).endMetadata()
        .withSpec(podSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private PodSpec podSpec() {
    return new PodSpecBuilder()
        .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("kubernetes.io/os").withOperator("In").withValues("linux")
        .endMatchExpression().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .withHostNetwork(true)
        .withPriorityClassName("system-node-critical")
        .addNewToleration().withOperator("Exists").withEffect("NoSchedule").endToleration()
        .withServiceAccountName(NAME)
        .addNewInitContainer()
        .withName("install-cni-plugin").withImage(cniPluginImage)
        .withCommand("cp").withArgs("-f", "/flannel", "/opt/cni/bin/flannel")
        .addNewVolumeMount().withName("cni-plugin").withMountPath("/opt/cni/bin").endVolumeMount()
        .endInitContainer()
        .addNewInitContainer()
        .withName("install-cni").withImage(image)
        .withCommand("/opt/bin/install-conf")
        .withArgs(CONFIG_MOUNT + "cni-conf.json", "/etc/cni/net.d/10-flannel.conflist")
        .addNewVolumeMount().withName("cni").withMountPath("/etc/cni/net.d").endVolumeMount()
        .addNewVolumeMount().withName("flannel-cfg").withMountPath(CONFIG_MOUNT).endVolumeMount()
        .endInitContainer()
        .addNewContainer()
        .withName("kube-flannel").withImage(image)
        .withCommand("/opt/bin/flanneld")
        .withArgs("--ip-masq", "--kube-subnet-mgr", "--healthz-port=8081", "--iface=$(" + NODE_IP + ")")
        .addNewPort().withName("healthz").withContainerPort(8081).withProtocol("TCP").endPort()
        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("healthz")).endHttpGet()
        .withInitialDelaySeconds(10).withPeriodSeconds(30).endLivenessProbe()
        .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("healthz")).endHttpGet()
        .withInitialDelaySeconds(5).withPeriodSeconds(10).endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("50Mi"))
        .endResources()
        .withNewSecurityContext().withPrivileged(false)
        .withNewCapabilities().withAdd("NET_ADMIN", "NET_RAW").endCapabilities()
        .endSecurityContext()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName(NODE_IP).withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("EVENT_QUEUE_DEPTH").withValue("5000").endEnv()
        .addNewEnv().withName("CONT_WHEN_CACHE_NOT_READY").withValue("false").endEnv()
        .addNewVolumeMount().withName("run").withMountPath("/run/flannel").endVolumeMount()
        .addNewVolumeMount().withName("flannel-cfg").withMountPath(CONFIG_MOUNT).endVolumeMount()
        .addNewVolumeMount().withName("xtables-lock").withMountPath("/run/xtables.lock").endVolumeMount()
        .endContainer()
        .withVolumes(
            hostPath("run", "/run/flannel", null),
            hostPath("cni-plugin", cniBinDir, null),
            hostPath("cni", cniConfDir, null),
            new VolumeBuilder().withName("flannel-cfg").withNewConfigMap().withName(CONFIG_MAP).endConfigMap().build(),
            hostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"))
        .build();
  }

  private static Volume hostPath(String name, String path, String type) {
    return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath().build();
  }

  @Override
  public String toString() {
    return "Flannel{network=" + network + ", backend=" + backend.type() + ", image=" + image + "}";
  }

  /** Builds a {@link Flannel}; only {@link #network(String)} is required. */
  public static final class Builder {
    private String network;
    private FlannelBackend backend = FlannelBackend.VXLAN;
    private String image = DEFAULT_IMAGE;
    private String cniPluginImage = DEFAULT_CNI_PLUGIN_IMAGE;
    private String cniBinDir = DEFAULT_CNI_BIN_DIR;
    private String cniConfDir = DEFAULT_CNI_CONF_DIR;

    private Builder() {}

    /** The pod network, the cluster CIDR (for example {@code 10.244.0.0/16}). Required. */
    public Builder network(String cidr) {
      this.network = cidr;
      return this;
    }

    /** The backend. Default {@link FlannelBackend#VXLAN}. */
    public Builder backend(FlannelBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** The flanneld image. Default {@value #DEFAULT_IMAGE}. */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /** The image that carries the {@code flannel} CNI plugin. Default {@value #DEFAULT_CNI_PLUGIN_IMAGE}. */
    public Builder cniPluginImage(String image) {
      this.cniPluginImage = image;
      return this;
    }

    /** The host directory of CNI plugin binaries, as the kubelet's runtime sees it. Default {@value #DEFAULT_CNI_BIN_DIR}. */
    public Builder cniBinDir(String dir) {
      this.cniBinDir = dir;
      return this;
    }

    /** The host directory of CNI configuration files. Default {@value #DEFAULT_CNI_CONF_DIR}. */
    public Builder cniConfDir(String dir) {
      this.cniConfDir = dir;
      return this;
    }

    public Flannel build() {
      Addresses.requireCidr("network", network);
      Images.require("image", image);
      Images.require("cniPluginImage", cniPluginImage);
      requireAbsolute("cniBinDir", cniBinDir);
      requireAbsolute("cniConfDir", cniConfDir);
      return new Flannel(this);
    }

    private static void requireAbsolute(String field, String value) {
      if (value == null || !value.startsWith("/") || value.contains("..")) {
        throw new IllegalArgumentException(field + " must be an absolute path: '" + value + "'");
      }
    }
  }
}
