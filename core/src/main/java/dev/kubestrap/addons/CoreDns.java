package dev.kubestrap.addons;

import dev.kubestrap.addons.internal.Addresses;
import dev.kubestrap.addons.internal.Images;
import dev.kubestrap.addons.internal.Labels;
import dev.kubestrap.addons.internal.Rbac;
import dev.kubestrap.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster DNS: CoreDNS as the Kubernetes project ships it ({@code cluster/addons/dns/coredns}),
 * with the image kubespray pins for the target Kubernetes minor. Objects, all in {@code
 * kube-system} except the cluster-scoped RBAC: ServiceAccount {@code coredns}, ClusterRole and
 * ClusterRoleBinding {@code system:coredns} (including {@code discovery.k8s.io} endpointslices),
 * ConfigMap {@code coredns} with the Corefile, Deployment {@code coredns} and Service {@value
 * #SERVICE} with the fixed cluster IP that kubelets hand to pods.
 *
 * <p>Defaults: domain {@value #DEFAULT_DOMAIN}; Kubernetes version {@value #DEFAULT_KUBERNETES_VERSION}
 * (image {@code registry.k8s.io/coredns/coredns:v1.14.2}); {@value #DEFAULT_REPLICAS} replicas,
 * spread over nodes where possible; memory limit {@value #DEFAULT_MEMORY_LIMIT}; upstream resolver
 * {@value #DEFAULT_UPSTREAM}. The service IP has no default and must lie in the service CIDR.
 */
public final class CoreDns implements Addon {
  public static final String NAMESPACE = "kube-system";
  public static final String SERVICE = "kube-dns";
  public static final String DEFAULT_DOMAIN = ClusterSpec.DEFAULT_DNS_DOMAIN;
  public static final String DEFAULT_KUBERNETES_VERSION = ClusterSpec.DEFAULT_KUBERNETES_VERSION;
  public static final int DEFAULT_REPLICAS = 2;
  public static final String DEFAULT_MEMORY_LIMIT = "170Mi";
  public static final String DEFAULT_UPSTREAM = "/etc/resolv.conf";
  public static final String IMAGE_REPOSITORY = "registry.k8s.io/coredns/coredns";

  /** CoreDNS tags per Kubernetes minor, as kubespray pins them ({@code images.tsv}). */
  private static final Map<String, String> TAG_BY_MINOR = Map.of("1.36", "v1.14.2", "1.35", "v1.12.4", "1.34", "v1.12.1");

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?([-+].*)?");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final String NAME = "coredns";
  private static final String ROLE = "system:coredns";
  private static final String APP_LABEL = "k8s-app";
  private static final String APP = "kube-dns";

  private final String serviceIp;
  private final String domain;
  private final String image;
  private final int replicas;
  private final String memoryLimit;
  private final String upstream;

  private CoreDns(Builder builder, String image) {
    this.serviceIp = builder.serviceIp;
    this.domain = builder.domain;
    this.image = image;
    this.replicas = builder.replicas;
    this.memoryLimit = builder.memoryLimit;
    this.upstream = builder.upstream;
  }

  /** A builder with every default; set the service IP before {@code build()}. */
  public static Builder defaults() {
    return new Builder();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The CoreDNS image for a Kubernetes version ({@code "1.36"}, {@code "1.36.4"} or {@code
   * "v1.36.4"}); only the three supported minors are known.
   */
  public static String imageFor(String kubernetesVersion) {
    Matcher m = kubernetesVersion == null ? null : VERSION.matcher(kubernetesVersion);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("kubernetesVersion must look like 1.36 or 1.36.4: '" + kubernetesVersion + "'");
    }
    String minor = m.group(1) + "." + m.group(2);
    String tag = TAG_BY_MINOR.get(minor);
    if (tag == null) {
      throw new IllegalArgumentException("kubernetesVersion must be one of the supported minors "
          + TAG_BY_MINOR.keySet().stream().sorted().toList() + ": '" + kubernetesVersion + "'");
    }
    return IMAGE_REPOSITORY + ":" + tag;
  }

  public String serviceIp() {
    return serviceIp;
  }

  public String domain() {
    return domain;
  }

  public String image() {
    return image;
  }

  public int replicas() {
    return replicas;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<HasMetadata> objects() {
    return List.of(serviceAccount(), clusterRole(), clusterRoleBinding(), configMap(), deployment(), service());
  }

  /** The Corefile: cluster names under the domain, everything else forwarded upstream. */
  public String corefile() {
    return ".:53 {\n"
        + "    errors\n"
        + "    health {\n"
        + "        lameduck 5s\n"
        + "    }\n"
        + "    ready\n"
        + "    kubernetes " + domain + " in-addr.arpa ip6.arpa {\n"
        + "        pods insecure\n"
        + "        fallthrough in-addr.arpa ip6.arpa\n"
        + "        ttl 30\n"
        + "    }\n"
        + "    prometheus :9153\n"
        + "    forward . " + upstream + " {\n"
        + "        max_concurrent 1000\n"
        + "    }\n"
        + "    cache 30\n"
        + "    loop\n"
        + "    reload\n"
        + "    loadbalance\n"
        + "}\n";
  }

  private ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
        .withLabels(Labels.managed("kubernetes.io/cluster-service", "true"))
        .endMetadata()
        .build();
  }

  private ClusterRole clusterRole() {
    return new ClusterRoleBuilder()
        .withNewMetadata().withName(ROLE).withLabels(Labels.managed("kubernetes.io/bootstrapping", "rbac-defaults"))
        .endMetadata()
        .addNewRule().withApiGroups("").withResources("endpoints", "services", "pods", "namespaces")
        .withVerbs("list", "watch").endRule()
        .addNewRule().withApiGroups("discovery.k8s.io").withResources("endpointslices")
        .withVerbs("list", "watch").endRule()
        .build();
  }

  private ClusterRoleBinding clusterRoleBinding() {
    return Rbac.bind(new ObjectMetaBuilder().withName(ROLE)
            .withLabels(Labels.managed("kubernetes.io/bootstrapping", "rbac-defaults"))
            .addToAnnotations("rbac.authorization.kubernetes.io/autoupdate", "true")
            .build(),
        ROLE, Rbac.serviceAccount(NAMESPACE, NAME));
  }

  private ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(Labels.managed()).endMetadata()
        .addToData("Corefile", corefile())
        .build();
  }

  private Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
        .withLabels(Labels.managed(APP_LABEL, APP, "kubernetes.io/name", "CoreDNS"))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewStrategy().withType("RollingUpdate")
        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
        .endStrategy()
        .withNewSelector().addToMatchLabels(APP_LABEL, APP).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels(APP_LABEL, APP).endMetadata()
        .withSpec(podSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private PodSpec podSpec() {
    return new PodSpecBuilder()
        .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withPriorityClassName("system-cluster-critical")
        .withServiceAccountName(NAME)
        .addNewToleration().withKey("CriticalAddonsOnly").withOperator("Exists").endToleration()
        // As kubeadm's CoreDNS: it may run on control-plane nodes, so DNS works before any worker joins.
        .addNewToleration().withKey(ClusterSpec.CONTROL_PLANE_TAINT).withEffect("NoSchedule").endToleration()
        .addToNodeSelector("kubernetes.io/os", "linux")
        .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100).withNewPodAffinityTerm()
        .withNewLabelSelector().addNewMatchExpression().withKey(APP_LABEL).withOperator("In").withValues(APP)
        .endMatchExpression().endLabelSelector()
        .withTopologyKey("kubernetes.io/hostname")
        .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
        .addNewContainer()
        .withName(NAME).withImage(image).withImagePullPolicy("IfNotPresent")
        .withNewResources()
        .addToLimits("memory", new Quantity(memoryLimit))
        .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("70Mi"))
        .endResources()
        .withArgs("-conf", "/etc/coredns/Corefile")
        .addNewVolumeMount().withName("config-volume").withMountPath("/etc/coredns").withReadOnly(true).endVolumeMount()
        .addNewPort().withName("dns").withContainerPort(53).withProtocol("UDP").endPort()
        .addNewPort().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withContainerPort(9153).withProtocol("TCP").endPort()
        .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).withScheme("HTTP")
        .endHttpGet().withInitialDelaySeconds(60).withTimeoutSeconds(5).withSuccessThreshold(1).withFailureThreshold(5)
        .endLivenessProbe()
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8181)).withScheme("HTTP")
        .endHttpGet().endReadinessProbe()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withAdd("NET_BIND_SERVICE").withDrop("ALL").endCapabilities()
        .withReadOnlyRootFilesystem(true)
        .endSecurityContext()
        .endContainer()
        .withDnsPolicy("Default")
        .addNewVolume().withName("config-volume").withNewConfigMap().withName(NAME)
        .addNewItem().withKey("Corefile").withPath("Corefile").endItem()
        .endConfigMap().endVolume()
        .build();
  }

  private Service service() {
    return new ServiceBuilder()
        .withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE)
        .withLabels(Labels.managed(APP_LABEL, APP, "kubernetes.io/cluster-service", "true", "kubernetes.io/name", "CoreDNS"))
        .addToAnnotations("prometheus.io/port", "9153")
        .addToAnnotations("prometheus.io/scrape", "true")
        .endMetadata()
        .withNewSpec()
        .addToSelector(APP_LABEL, APP)
        .withClusterIP(serviceIp)
        .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
        .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }

  @Override
  public String toString() {
    return "CoreDns{serviceIp=" + serviceIp + ", domain=" + domain + ", image=" + image + ", replicas=" + replicas + "}";
  }

  /** Builds a {@link CoreDns}; only {@link #serviceIp(String)} is required. */
  public static final class Builder {
    private String serviceIp;
    private String domain = DEFAULT_DOMAIN;
    private String kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
    private String image;
    private int replicas = DEFAULT_REPLICAS;
    private String memoryLimit = DEFAULT_MEMORY_LIMIT;
    private String upstream = DEFAULT_UPSTREAM;

    private Builder() {}

    /** The cluster IP of Service {@value #SERVICE}: the kubelets' {@code clusterDNS}. Required. */
    public Builder serviceIp(String ip) {
      this.serviceIp = ip;
      return this;
    }

    /** The cluster DNS domain. Default {@value #DEFAULT_DOMAIN}. */
    public Builder domain(String domain) {
      this.domain = domain;
      return this;
    }

    /** The Kubernetes version that picks the image. Default {@value #DEFAULT_KUBERNETES_VERSION}. */
    public Builder kubernetesVersion(String version) {
      this.kubernetesVersion = version;
      return this;
    }

    /** An explicit image (a mirror, say), overriding the one picked by version. Default: none. */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /** The number of CoreDNS pods. Default {@value #DEFAULT_REPLICAS}. */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** The container memory limit. Default {@value #DEFAULT_MEMORY_LIMIT}. */
    public Builder memoryLimit(String quantity) {
      this.memoryLimit = quantity;
      return this;
    }

    /** Where names outside the cluster are forwarded: a resolv.conf path or resolver IPs. Default {@value #DEFAULT_UPSTREAM}. */
    public Builder upstream(String upstream) {
      this.upstream = upstream;
      return this;
    }

    public CoreDns build() {
      Addresses.requireIp("serviceIp", serviceIp);
      if (domain == null || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
        throw new IllegalArgumentException("domain must be a lower-case DNS name like cluster.local: '" + domain + "'");
      }
      String versionImage = imageFor(kubernetesVersion);
      if (image != null) {
        Images.require("image", image);
      }
      if (replicas < 1) {
        throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
      }
      requireQuantity(memoryLimit);
      if (upstream == null || upstream.isBlank() || upstream.contains("{") || upstream.contains("}") || upstream.contains("\n")) {
        throw new IllegalArgumentException("upstream must be a resolv.conf path or resolver addresses: '" + upstream + "'");
      }
      return new CoreDns(this, image != null ? image : versionImage);
    }

    private static void requireQuantity(String value) {
      try {
        Quantity.getAmountInBytes(new Quantity(value));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("memoryLimit must be a Kubernetes quantity like 170Mi: '" + value + "'");
      }
    }
  }
}
