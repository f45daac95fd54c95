package dev.kubestrap.preflight;

import dev.kubestrap.component.ApiServerLoadBalancer;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.ProxyMode;
import dev.kubestrap.spec.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules a spec's hosts are held to, applied to their {@link HostFacts}: pure, so every rule is tested without a
 * host. Each rule names its fix: the package to install (Debian/Ubuntu, then RHEL/Fedora) or the option that
 * relaxes it.
 */
public final class PreflightChecks {
  /** Unit names kubestrap installs, whose packaged namesakes would run beside them. */
  static final List<String> UNITS = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
      "containerd", "kubelet", "kube-proxy", "docker");

  private final ClusterSpec spec;

  public PreflightChecks(ClusterSpec spec) {
    this.spec = spec;
  }

  /** The components kubestrap runs on {@code host}. */
  List<ComponentName> components(HostSpec host) {
    List<ComponentName> components = new ArrayList<>();
    if (spec.etcdMembers().contains(host)) {
      components.add(ComponentName.ETCD);
    }
    if (host.has(Role.CONTROL_PLANE)) {
      components.addAll(List.of(ComponentName.KUBE_APISERVER, ComponentName.KUBE_CONTROLLER_MANAGER,
          ComponentName.KUBE_SCHEDULER));
    }
    if (spec.isNode(host)) {
      components.addAll(List.of(ComponentName.CONTAINERD, ComponentName.KUBELET, ComponentName.KUBE_PROXY));
      if (spec.apiEndpoint().isNodeLocal()) {
        components.add(ComponentName.KUBE_APISERVER_LB);
      }
    }
    return components;
  }

  /** The ports the components on {@code host} listen on, each with the component that owns it. */
  public Map<Integer, ComponentName> ports(HostSpec host) {
    Map<Integer, ComponentName> ports = new LinkedHashMap<>();
    for (ComponentName component : components(host)) {
      switch (component) {
        case ETCD -> {
          ports.put(spec.etcdClientPort(), component);
          ports.put(spec.etcdPeerPort(), component);
        }
        case KUBE_APISERVER -> ports.put(spec.apiServerPort(), component);
        case KUBE_CONTROLLER_MANAGER -> ports.put(10257, component);
        case KUBE_SCHEDULER -> ports.put(10259, component);
        case KUBELET -> {
          ports.put(10250, component);
          ports.put(10248, component);
        }
        case KUBE_PROXY -> {
          ports.put(10256, component);
          ports.put(10249, component);
        }
        case KUBE_APISERVER_LB -> ports.put(spec.apiEndpoint().port(), component);
        case CONTAINERD -> { }
      }
    }
    return ports;
  }

  /** Every problem of every host, in spec order. */
  public List<Finding> check(Map<String, HostFacts> facts) {
    List<Finding> findings = new ArrayList<>();
    for (HostSpec host : spec.hosts()) {
      HostFacts hostFacts = facts.get(host.name());
      if (hostFacts != null) {
        findings.addAll(check(host, hostFacts));
      }
    }
    findings.addAll(duplicateMachineIds(facts));
    return findings;
  }

  List<Finding> check(HostSpec host, HostFacts facts) {
    List<Finding> findings = new ArrayList<>();
    String name = host.name();
    if (!facts.has("systemctl")) {
      findings.add(new Finding(name, "systemd", "systemctl is not on the PATH: kubestrap runs every component as a"
          + " systemd service", "use a host booted with systemd"));
    }
    String address = host.ip();
    if (!facts.addresses().isEmpty() && !facts.addresses().contains(address)) {
      findings.add(new Finding(name, "address", "the spec's address " + address + " is not one of the host's own ("
          + String.join(", ", facts.addresses()) + ")", "give the host its address in the spec, or reach it through"
          + " another one with reach(name, host)"));
    }
    if (spec.isNode(host)) {
      findings.addAll(nodeChecks(name, facts));
    }
    findings.addAll(portChecks(host, facts));
    findings.addAll(packagedUnits(host, facts));
    return findings;
  }

  private List<Finding> nodeChecks(String name, HostFacts facts) {
    List<Finding> findings = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("mount", "losetup", "cp")) {
      if (!facts.has(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      findings.add(new Finding(name, "tools", "the kubelet needs " + String.join(", ", missing) + ", missing",
          "Debian/Ubuntu: apt-get install mount coreutils; RHEL/Fedora: dnf install util-linux coreutils"));
    }
    ProxyMode mode = spec.proxyMode();
    List<String> proxyTools = mode == ProxyMode.NFTABLES ? List.of("nft")
        : mode == ProxyMode.IPVS ? List.of("iptables", "iptables-restore", "ipset") : List.of("iptables", "iptables-restore");
    List<String> proxyMissing = proxyTools.stream().filter(tool -> !facts.has(tool)).toList();
    if (!proxyMissing.isEmpty()) {
      String packages = mode == ProxyMode.NFTABLES ? "nftables" : mode == ProxyMode.IPVS ? "iptables ipset" : "iptables";
      findings.add(new Finding(name, "tools", "kube-proxy in " + mode.configName() + " mode needs "
          + String.join(", ", proxyMissing) + ", missing", "Debian/Ubuntu: apt-get install " + packages
          + "; RHEL/Fedora: dnf install " + packages));
    }
    if (spec.apiEndpoint().isNodeLocal() && !facts.has("haproxy")) {
      findings.add(new Finding(name, "tools", "the node-local API load balancer needs haproxy, missing",
          "Debian/Ubuntu: apt-get install haproxy; RHEL/Fedora: dnf install haproxy (or give your own load balancer"
              + " with apiEndpoint(ApiEndpoint.loadBalancer(address, port)))"));
    }
    if (!facts.cgroupV2() && !spec.allowCgroupV1()) {
      findings.add(new Finding(name, "cgroup", "the host runs cgroup v1; kubelet 1.35 and later refuse it",
          "boot with the unified hierarchy (systemd.unified_cgroup_hierarchy=1), or allowCgroupV1(true) if the host"
              + " cannot move yet"));
    }
    if (!facts.overlayFs() && !facts.has("modprobe")) {
      findings.add(new Finding(name, "kernel", "the kernel has no overlay file system loaded and modprobe is missing",
          "Debian/Ubuntu: apt-get install kmod; RHEL/Fedora: dnf install kmod (or load the overlay module)"));
    }
    if (!facts.bridgeNetfilter() && !facts.has("modprobe")) {
      findings.add(new Finding(name, "kernel", "br_netfilter is not loaded and modprobe is missing",
          "Debian/Ubuntu: apt-get install kmod; RHEL/Fedora: dnf install kmod (or load br_netfilter)"));
    }
    return findings;
  }

  private List<Finding> portChecks(HostSpec host, HostFacts facts) {
    List<Finding> findings = new ArrayList<>();
    ports(host).forEach((port, component) -> {
      if (!facts.listeners().containsKey(port)) {
        return;
      }
      Optional<String> program = facts.listeners().get(port).map(p -> p.replace(" (deleted)", ""));
      String ours = component == ComponentName.KUBE_APISERVER_LB ? ApiServerLoadBalancer.HAPROXY
          : spec.layout().file(component, component.id()).toString();
      if (program.isEmpty() || !program.get().equals(ours)) {
        findings.add(new Finding(host.name(), "port " + port, "port " + port + ", which " + component.id()
            + " needs, is in use" + program.map(p -> " by " + p).orElse(" (by a process not identified)"),
            "stop and disable the service that holds it"));
      }
    });
    return findings;
  }

  private List<Finding> packagedUnits(HostSpec host, HostFacts facts) {
    List<Finding> findings = new ArrayList<>();
    List<String> kubestrapUnits = components(host).stream().map(ComponentName::id).toList();
    for (HostFacts.PackagedUnit unit : facts.packagedUnits().values()) {
      boolean shadowed = facts.ownUnits().contains(unit.name()) && kubestrapUnits.contains(unit.name());
      boolean collides = kubestrapUnits.contains(unit.name())
          || unit.name().equals("docker") && kubestrapUnits.contains("containerd");
      if (collides && !shadowed && (unit.active() || unit.enabled())) {
        String origin = unit.pkg().map(pkg -> "package " + pkg + "'s ").orElse("");
        findings.add(new Finding(host.name(), "service " + unit.name(), origin + unit.name() + ".service ("
            + unit.path() + ") is " + (unit.active() ? "running" : "enabled") + " and would collide with kubestrap's "
            + (unit.name().equals("docker") ? "containerd" : unit.name()),
            unit.pkg().map(pkg -> "remove it (Debian/Ubuntu: apt-get remove " + pkg + "; RHEL/Fedora: dnf remove "
                + pkg + ")").orElse("systemctl disable --now " + unit.name() + ".service")));
      }
    }
    return findings;
  }

  private List<Finding> duplicateMachineIds(Map<String, HostFacts> facts) {
    Map<String, List<String>> byId = spec.hosts().stream().map(HostSpec::name)
        .filter(name -> facts.containsKey(name) && !facts.get(name).machineId().isBlank())
        .collect(Collectors.groupingBy(name -> facts.get(name).machineId(), LinkedHashMap::new, Collectors.toList()));
    List<Finding> findings = new ArrayList<>();
    byId.forEach((id, hosts) -> {
      if (hosts.size() > 1) {
        for (String host : hosts) {
          findings.add(new Finding(host, "machine-id", "the machine id " + id + " is also the one of "
              + hosts.stream().filter(h -> !h.equals(host)).toList() + " (a cloned image)",
              "give each host its own: rm /etc/machine-id && systemd-machine-id-setup"));
        }
      }
    });
    return findings;
  }
}
