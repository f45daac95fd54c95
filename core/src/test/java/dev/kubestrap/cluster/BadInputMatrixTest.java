package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through every door (fluent builder, YAML, the seed's environment file) is refused before any host is
 * touched, with a message that names the field, the value and the reason.
 */
class BadInputMatrixTest {
  @TempDir
  static Path tmp;

  private static final String HOSTS = """
      hosts:
        - {name: master, address: 10.1.0.15, roles: [master]}
        - {name: node, address: 10.1.0.16, roles: [worker]}
      """;

  private static final String ENVIRONMENT = "export MASTER_IP=10.1.0.15\nexport NODE_IP=10.1.0.16\n";

  private static ClusterBuilder lab() {
    return ClusterBuilder.named("lab").master(Host.ssh("10.1.0.15")).worker(Host.ssh("10.1.0.16"))
        .transports(host -> {
          throw new AssertionError("a host was contacted: " + host);
        });
  }

  private static ThrowingCallable fluent(Function<ClusterBuilder, ClusterBuilder> change) {
    return () -> change.apply(lab()).build();
  }

  private static ThrowingCallable yaml(String text) {
    return () -> ClusterBuilder.fromYaml(text).build();
  }

  private static ThrowingCallable environment(String text) {
    return () -> ClusterBuilder.fromSeedEnvironment(text).build();
  }

  private static ThrowingCallable flag(ComponentName component, String flag, String value) {
    return fluent(b -> b.spec(s -> s.extraFlag(component, flag, value)));
  }

  private static Arguments row(String input, ThrowingCallable action, String... message) {
    return Arguments.of(input, action, List.of(message));
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        row("two hosts with one name", fluent(b -> b.worker(Host.ssh("10.1.0.17").name("10.1.0.16"))),
            "hosts has two hosts named '10.1.0.16'", "10.1.0.17", "only for the same host"),
        row("two YAML hosts with one name", yaml(HOSTS + "  - {name: node, address: 10.1.0.17, roles: [worker]}\n"),
            "hosts[2] has the name of hosts[1]: 'node'"),
        row("a duplicate YAML key", yaml("name: lab\nname: prod\n" + HOSTS), "name", "Duplicate"),
        row("a repeated environment variable", environment(ENVIRONMENT + "export MASTER_IP=10.1.0.20\n"),
            "environment line 3 sets MASTER_IP again: '10.1.0.20'", "first set on line 1"),
        row("a YAML anchor", yaml("hosts:\n  - &m {name: master, address: 10.1.0.15, roles: [master]}\n"),
            "anchor at line 2: '&m'", "not accepted"),
        row("a YAML alias", yaml("serviceCidr: 10.254.0.0/16\nclusterCidr: *c\n" + HOSTS), "alias at line 2: '*c'"),
        row("a YAML anchor on a value", yaml("serviceCidr: &c 10.254.0.0/16\n" + HOSTS), "anchor at line 1: '&c'"),
        row("an IPv6 host address", fluent(b -> b.worker(Host.ssh("fd00::17"))),
            "host address of 'fd00::17' is an IPv6 address: 'fd00::17'", "IPv4 single-stack"),
        row("an IPv6 service CIDR", fluent(b -> b.spec(s -> s.serviceCidr("fd00::/108"))),
            "serviceCidr is an IPv6 address: 'fd00::'", "IPv4 single-stack"),
        row("apiServerPort 2379", fluent(b -> b.spec(s -> s.apiServerPort(2379))),
            "apiServerPort collides with etcdClientPort: 2379", "its own port"),
        row("apiServerPort on the kubelet's port", fluent(b -> b.spec(s -> s.apiServerPort(10250))),
            "apiServerPort collides with the kubelet API port: 10250"),
        row("etcd's ports swapped onto each other", fluent(b -> b.spec(s -> s.etcdPeerPort(2379))),
            "etcdPeerPort collides with etcdClientPort: 2379"),
        row("NodePorts over the apiserver's port", fluent(b -> b.spec(s -> s.nodePortRange("6000-7000"))),
            "nodePortRange '6000-7000' contains apiServerPort: 6443"),
        row("0.0.0.0 as a host address", fluent(b -> b.worker(Host.ssh("0.0.0.0"))),
            "host address of '0.0.0.0' is in 0.0.0.0/8", "'0.0.0.0'"),
        row("the broadcast address", fluent(b -> b.worker(Host.ssh("255.255.255.255"))),
            "host address of '255.255.255.255' is reserved or the broadcast address"),
        row("a multicast host address", fluent(b -> b.worker(Host.ssh("224.0.0.1"))),
            "host address of '224.0.0.1' is a multicast address"),
        row("an octet with a leading zero", fluent(b -> b.worker(Host.ssh("010.1.0.17"))),
            "has an octet with a leading zero: '010.1.0.17'", "octal"),
        row("a leading zero in the environment file", environment("export MASTER_IP=010.1.0.15\nexport NODE_IP=10.1.0.16\n"),
            "leading zero: '010.1.0.15'"),
        row("port: 1.5", yaml(HOSTS.replace("roles: [worker]}", "roles: [worker], ssh: {port: 1.5}}")),
            "hosts[1].ssh.port", "1.5"),
        row("a version written as a number", yaml("kubernetesVersion: 1.30\n" + HOSTS),
            "cluster YAML is invalid at kubernetesVersion: Cannot coerce Float value (1.30) to `java.lang.String`"),
        row("sudo: 1", yaml(HOSTS.replace("roles: [worker]}", "roles: [worker], ssh: {sudo: 1}}")),
            "hosts[1].ssh.sudo"),
        row("AlwaysAllow authorization", flag(ComponentName.KUBE_APISERVER, "--authorization-mode", "AlwaysAllow"),
            "extraFlags[kube-apiserver] --authorization-mode is insecure: 'AlwaysAllow' authorizes every request",
            "allowInsecure(KUBE_APISERVER, \"--authorization-mode\")"),
        row("anonymous auth on the apiserver", flag(ComponentName.KUBE_APISERVER, "--anonymous-auth", "true"),
            "extraFlags[kube-apiserver] --anonymous-auth cannot be set: 'true'", "only for /livez, /readyz and /healthz"),
        row("anonymous auth on the kubelet", flag(ComponentName.KUBELET, "--anonymous-auth", "true"),
            "extraFlags[kubelet] --anonymous-auth is insecure: 'true'"),
        row("AlwaysAllow on the kubelet", flag(ComponentName.KUBELET, "authorization-mode", "AlwaysAllow"),
            "extraFlags[kubelet] --authorization-mode is insecure: 'AlwaysAllow'"),
        row("etcd without client certificates", flag(ComponentName.ETCD, "--client-cert-auth", "false"),
            "extraFlags[etcd] --client-cert-auth is insecure: 'false'"),
        row("TLS 1.0", flag(ComponentName.KUBE_APISERVER, "--tls-min-version", "VersionTLS10"),
            "--tls-min-version is insecure: 'VersionTLS10' accepts TLS 1.0 and 1.1"),
        row("an RC4 cipher suite", flag(ComponentName.KUBE_SCHEDULER, "--tls-cipher-suites",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA"), "--tls-cipher-suites is insecure"),
        row("metrics open to anyone", flag(ComponentName.KUBE_CONTROLLER_MANAGER, "--authorization-always-allow-paths",
            "/healthz,/metrics"), "--authorization-always-allow-paths is insecure: '/healthz,/metrics'"),
        row("NodeRestriction dropped", flag(ComponentName.KUBE_APISERVER, "--enable-admission-plugins",
            "AlwaysPullImages"), "--enable-admission-plugins is insecure: 'AlwaysPullImages' drops NodeRestriction"),
        row("an opt-in for nothing", fluent(b -> b.spec(s -> s.allowInsecure(ComponentName.KUBE_APISERVER, "--profiling"))),
            "allowInsecure names a flag that extraFlags does not set to an insecure value: 'kube-apiserver --profiling'"),
        row("a line break in a flag value", flag(ComponentName.KUBE_APISERVER, "--v", "2\nExecStartPre=/bin/sh"),
            "extraFlags[kube-apiserver] --v has a control character (code 10) in its value: '2\\nExecStartPre=/bin/sh'"),
        row("a line break in a kubeconfig name", fluent(b -> b.spec(s -> s.kubeconfigContextName("a\nb"))),
            "kubeconfigContextName has a control character"),
        row("a service CIDR larger than /12", fluent(b -> b.spec(s -> s.serviceCidr("172.0.0.0/8"))),
            "serviceCidr is larger than kube-apiserver accepts (a prefix of at least /12): '172.0.0.0/8'"),
        row("a 2 MiB YAML document", yaml("#".repeat(2 << 20) + "\n" + HOSTS),
            "cluster YAML is too long: " + ((2 << 20) + 1 + HOSTS.length()) + " characters (at most 1048576)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void isRefusedNamingFieldValueAndReason(String input, ThrowingCallable action, List<String> message) {
    assertThatThrownBy(action).isInstanceOf(KubestrapException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(message));
  }

  @Test
  void aClusterFileLargerThanTheCapIsRefusedBeforeItIsRead() throws Exception {
    Path big = tmp.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat(3 << 20) + "\n" + HOSTS);

    assertThatThrownBy(() -> ClusterBuilder.fromYaml(big))
        .isInstanceOf(ClusterException.class)
        .hasMessage(big + " is too large: " + Files.size(big) + " bytes (a cluster file has at most 1048576)");
  }

  @Test
  void anInsecureFlagAcceptedExplicitlyIsPrintedAtTheTopOfThePlanSummary() {
    try (Cluster cluster = lab()
        .spec(s -> s.extraFlag(ComponentName.KUBE_APISERVER, "--authorization-mode", "Node,RBAC,AlwaysAllow")
            .allowInsecure(ComponentName.KUBE_APISERVER, "authorization-mode")
            .extraFlag(ComponentName.KUBE_SCHEDULER, "--authorization-always-allow-paths", "/healthz, /livez")
            .auditLogging(false))
        .stateDir(tmp.resolve("state")).dryRunBinaries().build()) {
      ClusterSpec spec = cluster.spec();
      ClusterPlan plan = cluster.plan();

      assertThat(spec.insecureSettings()).containsExactly("kube-apiserver --authorization-mode=Node,RBAC,AlwaysAllow: "
          + "authorizes every request, anonymous ones included (allowInsecure)");
      assertThat(plan.warnings()).containsExactly(spec.insecureSettings().get(0),
          "auditLogging is off: the apiserver keeps no record of who did what");
      assertThat(plan.summary()).contains("## Warnings\n\n- kube-apiserver --authorization-mode=Node,RBAC,AlwaysAllow");
      assertThat(ClusterBuilder.fromSpec(spec).build().spec().insecureSettings()).isEqualTo(spec.insecureSettings());
    }
  }
}
