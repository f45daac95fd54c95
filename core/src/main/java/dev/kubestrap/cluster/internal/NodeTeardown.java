package dev.kubestrap.cluster.internal;

import dev.kubestrap.component.Containerd;
import dev.kubestrap.component.Layout;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.Command;
import java.util.List;

/**
 * What a node's reset must undo beyond kubestrap's own files, in the order kubeadm and k0s use: pods removed while
 * containerd still runs (their shims outlive containerd by design), kube-proxy's rules removed by kube-proxy itself,
 * then — containerd stopped — any shim left killed, every mount under the kubelet's and containerd's state and the
 * pods' network namespaces unmounted before anything is deleted, the CNI links ({@code cni0}, {@code flannel.1}),
 * what is left of the {@code KUBE-} chains (the kubelet's canaries) and Flannel's {@code FLANNEL-} chains in
 * iptables and ip6tables, the CNI state and the kubelet's state removed. Each step tolerates what is already gone,
 * so a reset of a half-installed or half-reset node converges.
 */
final class NodeTeardown {
  /** The kubelet's state directory (its {@code --root-dir} default, which kubestrap keeps). */
  static final String KUBELET_ROOT = "/var/lib/kubelet";
  /** What Flannel leaves on a node besides its links and chains. */
  static final List<String> FLANNEL_STATE = List.of("/run/flannel", "/var/lib/cni", "/etc/cni/net.d/10-flannel.conflist");

  private final Layout layout;
  private final String crictl;
  private final String kubeProxy;
  private final String shim;

  NodeTeardown(ClusterSpec spec) {
    this.layout = spec.layout();
    Containerd containerd = new Containerd(spec);
    this.crictl = containerd.ctr().resolveSibling("crictl").toString();
    this.shim = containerd.ctr().resolveSibling("containerd-shim-runc-v2").toString();
    this.kubeProxy = layout.file(ComponentName.KUBE_PROXY, ComponentName.KUBE_PROXY.id()).toString();
  }

  /** While containerd still runs: every pod sandbox and container stopped and removed; kube-proxy's rules removed. */
  Command beforeContainerdStops() {
    return Command.script("""
        if [ -x '%s' ] && [ -S '%s' ]; then
          '%s' --runtime-endpoint 'unix://%s' --timeout 30s rmp --all --force >/dev/null 2>&1 \\
            || echo "could not remove every pod" >&2
        fi
        if [ -x '%s' ]; then '%s' --cleanup >/dev/null 2>&1 || echo "kube-proxy --cleanup failed" >&2; fi
        true
        """.formatted(crictl, layout.containerdSocket(), crictl, layout.containerdSocket(), kubeProxy, kubeProxy));
  }

  /**
   * Once containerd is stopped: leftover shims killed, mounts unmounted (deepest first), CNI links, the
   * {@code KUBE-} and {@code FLANNEL-} chains and the CNI and kubelet state removed.
   */
  Command afterContainerdStopped() {
    return Command.script("""
        for p in /proc/[0-9]*; do
          [ "$(readlink "$p/exe" 2>/dev/null)" = '%s' ] && kill -9 "${p#/proc/}" 2>/dev/null
        done
        for root in '%s' '%s' /run/netns; do
          cut -d' ' -f2 /proc/self/mounts | grep -e "^$root/" | sort -r | while read -r mount; do
            umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || echo "could not unmount $mount" >&2
          done
        done
        rm -f /run/netns/cni-* 2>/dev/null
        if command -v ip >/dev/null 2>&1; then
          for link in cni0 flannel.1; do ip link show "$link" >/dev/null 2>&1 && ip link delete "$link"; done
        fi
        for tool in iptables ip6tables; do
          command -v "$tool" >/dev/null 2>&1 || continue
          for table in nat filter mangle raw; do
            rules=$("$tool" -t "$table" -S 2>/dev/null) || continue
            printf '%%s\n' "$rules" | grep -E -e '-j (KUBE|FLANNEL)-' | grep -v -E '^-A (KUBE|FLANNEL)-' \
              | sed 's/^-A /-D /' | while read -r rule; do eval "$tool -t $table $rule"; done
            chains=$(printf '%%s\n' "$rules" | grep -E '^-N (KUBE|FLANNEL)-' | cut -d' ' -f2)
            for chain in $chains; do "$tool" -t "$table" -F "$chain"; done
            for chain in $chains; do "$tool" -t "$table" -X "$chain"; done
          done
        done
        rm -rf '%s' %s
        true
        """.formatted(shim, KUBELET_ROOT, layout.containerdState(), KUBELET_ROOT,
        String.join(" ", FLANNEL_STATE.stream().map(path -> "'" + path + "'").toList())));
  }
}
