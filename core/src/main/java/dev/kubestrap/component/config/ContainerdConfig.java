package dev.kubestrap.component.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * containerd's {@code config.toml}: version 2 for containerd 1.6/1.7, version 3 for 2.x. It sets only
 * what kubestrap relies on: root and state directories, the gRPC socket, the CRI's runc runtime with the
 * systemd cgroup driver and an absolute runc path (so the runtime does not depend on the unit's
 * {@code PATH}), the sandbox (pause) image, and the CNI directories. No {@code imports}.
 *
 * @param configVersion 2 or 3
 * @param root persistent state, e.g. {@code /opt/containerd/data}
 * @param state runtime state on tmpfs, e.g. {@code /run/containerd}
 * @param socket the gRPC socket, e.g. {@code /run/containerd/containerd.sock}
 * @param runcBinary the runc the CRI runs, e.g. {@code /opt/containerd/runc}
 * @param sandboxImage the pause image for the Kubernetes minor
 * @param cniBinDir CNI plugin binaries
 * @param cniConfDir CNI network configs
 * @param cniBinDirs whether version 3 writes {@code bin_dirs} (containerd 2.1 and later) instead of
 *     {@code bin_dir} (2.0)
 * @param restrictOomScoreAdj whether the CRI keeps containers' OOM score adjustments at or above containerd's
 *     own ({@code restrict_oom_score_adj}): for hosts whose root lacks {@code CAP_SYS_RESOURCE}, such as
 *     system containers, where lowering it fails and no pod could start
 * @param registryConfigPath the directory of per-registry {@code hosts.toml} files (registry mirrors), or empty
 *     for none: containerd's {@code registry.config_path}
 */
public record ContainerdConfig(
    int configVersion,
    String root,
    String state,
    String socket,
    String runcBinary,
    String sandboxImage,
    String cniBinDir,
    String cniConfDir,
    boolean cniBinDirs,
    boolean restrictOomScoreAdj,
    String registryConfigPath) {

  public ContainerdConfig {
    if (configVersion != 2 && configVersion != 3) {
      throw new IllegalArgumentException("containerd config version must be 2 or 3: " + configVersion);
    }
    java.util.Objects.requireNonNull(registryConfigPath, "registryConfigPath must not be null (empty for none)");
  }

  /** The TOML tree. */
  public Map<String, Object> toTree() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("version", configVersion);
    tree.put("root", root);
    tree.put("state", state);
    tree.put("grpc", Map.of("address", socket));
    Map<String, Object> plugins = new LinkedHashMap<>();
    if (configVersion == 2) {
      Map<String, Object> cri = new LinkedHashMap<>();
      cri.put("sandbox_image", sandboxImage);
      cri.put("containerd", runtimes());
      cri.put("cni", ordered("bin_dir", cniBinDir, "conf_dir", cniConfDir));
      if (restrictOomScoreAdj) {
        cri.put("restrict_oom_score_adj", true);
      }
      registry().ifPresent(registry -> cri.put("registry", registry));
      plugins.put("io.containerd.grpc.v1.cri", cri);
    } else {
      Map<String, Object> images = new LinkedHashMap<>();
      images.put("pinned_images", Map.of("sandbox", sandboxImage));
      registry().ifPresent(registry -> images.put("registry", registry));
      plugins.put("io.containerd.cri.v1.images", images);
      Map<String, Object> runtime = new LinkedHashMap<>();
      runtime.put("containerd", runtimes());
      runtime.put("cni", cniBinDirs
          ? ordered("bin_dirs", List.of(cniBinDir), "conf_dir", cniConfDir)
          : ordered("bin_dir", cniBinDir, "conf_dir", cniConfDir));
      if (restrictOomScoreAdj) {
        runtime.put("restrict_oom_score_adj", true);
      }
      plugins.put("io.containerd.cri.v1.runtime", runtime);
    }
    tree.put("plugins", plugins);
    return tree;
  }

  private java.util.Optional<Map<String, Object>> registry() {
    return registryConfigPath.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(Map.of("config_path", registryConfigPath));
  }

  private Map<String, Object> runtimes() {
    Map<String, Object> options = ordered("BinaryName", runcBinary, "SystemdCgroup", true);
    Map<String, Object> runc = ordered("runtime_type", "io.containerd.runc.v2", "options", options);
    return ordered("default_runtime_name", "runc", "runtimes", Map.of("runc", runc));
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  /** The file's bytes. */
  public byte[] render() {
    return ConfigFiles.toml(toTree());
  }
}
