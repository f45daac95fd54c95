package dev.kubestrap.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.component.KubeApiServer;
import dev.kubestrap.component.KubeControllerManager;
import dev.kubestrap.component.KubeProxy;
import dev.kubestrap.component.KubeScheduler;
import dev.kubestrap.component.Kubelet;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-ins refuse what the official programs would refuse, and accept what kubestrap renders. */
class StandInRefusalsTest {
  private static final ClusterSpec SPEC = ClusterSpec.seedBuilder().kubernetesVersion("1.35.2").build();
  private static final HostSpec MASTER = SPEC.hosts().get(0);
  private static final HostSpec NODE = SPEC.hosts().get(1);

  @TempDir
  Path dir;

  @Test
  void everyFlagKubestrapRendersIsAcceptedOnceTheFilesItNamesExist() throws IOException {
    Map<String, List<String>> commands = Map.of(
        "kube-apiserver", new KubeApiServer(SPEC).command(MASTER),
        "kube-controller-manager", new KubeControllerManager(SPEC).command(MASTER),
        "kube-scheduler", new KubeScheduler(SPEC).command(MASTER),
        "kubelet", new Kubelet(SPEC).command(NODE),
        "kube-proxy", new KubeProxy(SPEC).command(NODE));
    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
      List<String> args = withExistingFiles(command.getValue().subList(1, command.getValue().size()));

      StandInFlags flags = StandInFlags.parse(command.getKey(), "1.35", args);

      assertThat(flags.values()).as(command.getKey()).hasSize(args.size());
    }
  }

  @Test
  void theAuthenticationConfigKubestrapRendersIsAcceptedAndLetsAnonymousReachOnlyHealth() throws IOException {
    Path file = dir.resolve("authentication-config.yaml");
    Files.write(file, new KubeApiServer(SPEC).authenticationConfigFile().content());

    AnonymousAccess anonymous = AnonymousAccess.of(StandInFlags.parse("kube-apiserver", "1.35",
        List.of("--authentication-config=" + file)));

    assertThat(anonymous.allows("/livez")).isTrue();
    assertThat(anonymous.allows("/readyz")).isTrue();
    assertThat(anonymous.allows("/healthz")).isTrue();
    assertThat(anonymous.allows("/version")).isFalse();
    assertThat(anonymous.allows("/api/v1/secrets")).isFalse();
  }

  @Test
  void anAuthenticationConfigTheRealApiserverRefusesIsRefused() throws IOException {
    String valid = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n";
    assertThat(refusal(valid + "anonymous:\n  enabled: false\n  conditions:\n  - path: /livez\n"))
        .contains("anonymous.conditions need anonymous.enabled to be true");
    assertThat(refusal(valid + "anonymous:\n  enabled: true\n  paths: [/livez]\n"))
        .contains("unknown AuthenticationConfiguration fields [anonymous.paths]");
    assertThat(refusal(valid.replace("/v1", "/v2") + "anonymous: {enabled: true}\n"))
        .contains("apiVersion apiserver.config.k8s.io/v2 is not served");
    assertThat(refusal(valid + "anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /livez\n"))
        .contains("repeated path: /livez");
    Path file = Files.writeString(dir.resolve("auth.yaml"), valid + "anonymous: {enabled: true}\n");
    assertThatThrownBy(() -> AnonymousAccess.of(StandInFlags.parse("kube-apiserver", "1.35",
        List.of("--anonymous-auth=false", "--authentication-config=" + file))))
        .hasMessageContaining("--anonymous-auth cannot be set when anonymous is configured in " + file);
  }

  private String refusal(String authenticationConfig) throws IOException {
    Path file = Files.writeString(dir.resolve("auth.yaml"), authenticationConfig);
    StandInFlags flags = StandInFlags.parse("kube-apiserver", "1.35", List.of("--authentication-config=" + file));
    try {
      AnonymousAccess.of(flags);
    } catch (StandInRefusal refused) {
      return refused.getMessage();
    }
    throw new AssertionError("accepted: " + authenticationConfig);
  }

  @Test
  void aFlagOutsideTheOfficialListIsRefusedNamingIt() {
    assertThatThrownBy(() -> StandInFlags.parse("kube-apiserver", "1.35", List.of("--v=2", "--kubelet-https=true")))
        .isInstanceOf(StandInRefusal.class)
        .hasMessage("kube-apiserver (kubestrap stand-in): unknown flag: --kubelet-https (not in the official 1.35"
            + " flag list)");
  }

  @Test
  void aDeprecatedFlagIsRefused() {
    assertThatThrownBy(() -> StandInFlags.parse("kubelet", "1.35", List.of("--cgroup-driver=systemd")))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("deprecated flag: --cgroup-driver");
  }

  @Test
  void aMissingFileNamedByAFlagIsRefusedWithFlagAndPath() {
    Path missing = dir.resolve("ca.pem");
    assertThatThrownBy(() -> StandInFlags.parse("kube-apiserver", "1.35", List.of("--client-ca-file=" + missing)))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("--client-ca-file=" + missing + ": no such file");
  }

  @Test
  void spaceSeparatedValuesAndBooleanFlagsParseLikeTheOfficialPrograms() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "");
    StandInFlags flags = StandInFlags.parse("kube-controller-manager", "1.35",
        List.of("--kubeconfig", kubeconfig.toString(), "--leader-elect", "--v=2"));
    assertThat(flags.values()).containsExactly(Map.entry("--kubeconfig", kubeconfig.toString()),
        Map.entry("--leader-elect", "true"), Map.entry("--v", "2"));
  }

  @Test
  void theConfigFilesKubestrapRendersUseOnlyOfficialFields() {
    ConfigDocument.parse("kubelet", "kubelet.yaml",
        yaml(new Kubelet(SPEC).configuration(NODE)), "KubeletConfiguration");
    ConfigDocument.parse("kube-proxy", "kube-proxy.yaml",
        yaml(new KubeProxy(SPEC).configuration(NODE)), "KubeProxyConfiguration");
    ConfigDocument scheduler = ConfigDocument.parse("kube-scheduler", "kube-scheduler.yaml",
        yaml(new KubeScheduler(SPEC).configuration()), "KubeSchedulerConfiguration");
    assertThat(scheduler.get("clientConnection.kubeconfig")).hasValueSatisfying(path -> assertThat(path)
        .endsWith("kube-scheduler.kubeconfig"));
  }

  @Test
  void aConfigFieldOutsideTheOfficialListIsRefusedWithItsPath() {
    String kubelet = yaml(new Kubelet(SPEC).configuration(NODE)) + "containerRuntime: remote\n";
    assertThatThrownBy(() -> ConfigDocument.parse("kubelet", "kubelet.yaml", kubelet, "KubeletConfiguration"))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("unknown KubeletConfiguration fields [containerRuntime]");
  }

  @Test
  void aConfigOfAnotherKindIsRefused() {
    String proxy = yaml(new KubeProxy(SPEC).configuration(NODE));
    assertThatThrownBy(() -> ConfigDocument.parse("kubelet", "kubelet.yaml", proxy, "KubeletConfiguration"))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("must have kind KubeletConfiguration, has: KubeProxyConfiguration");
  }

  @Test
  void aConfigFieldNamingAMissingFileIsRefused() {
    String kubelet = yaml(new Kubelet(SPEC).configuration(NODE));
    ConfigDocument config = ConfigDocument.parse("kubelet", "kubelet.yaml", kubelet, "KubeletConfiguration");
    assertThatThrownBy(() -> config.requireReadableFiles("kubelet", "authentication.x509.clientCAFile"))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("config field authentication.x509.clientCAFile names an unreadable or missing file");
  }

  /** The arguments with every value of an input-file flag replaced by an existing file. */
  private List<String> withExistingFiles(List<String> args) throws IOException {
    List<String> result = new ArrayList<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals > 0 && StandInFlags.namesInputFile(arg.substring(0, equals))) {
        Path file = dir.resolve(Path.of(arg.substring(equals + 1)).getFileName());
        if (!Files.exists(file)) {
          Files.writeString(file, "");
        }
        result.add(arg.substring(0, equals + 1) + file);
      } else {
        result.add(arg);
      }
    }
    return result;
  }

  private static String yaml(Object document) {
    return new String(ConfigFiles.yaml(document), StandardCharsets.UTF_8);
  }
}
