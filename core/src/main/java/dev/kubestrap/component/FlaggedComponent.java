package dev.kubestrap.component;

import dev.kubestrap.reference.FlagList;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared flag handling: kubestrap's defaults, the spec's overrides over them, then the list check. */
abstract class FlaggedComponent {

  final ClusterSpec spec;
  final Layout layout;

  FlaggedComponent(ClusterSpec spec) {
    this.spec = spec;
    this.layout = spec.layout();
  }

  abstract ComponentName component();

  /** kubestrap's flags for {@code host}, before overrides. */
  abstract Flags defaultFlags(HostSpec host);

  FlagList flagList() {
    return component() == ComponentName.ETCD
        ? FlagList.etcd(spec.etcdVersion().line())
        : FlagList.kubernetes(component().id(), spec.kubernetesMinor());
  }

  public Map<String, String> flags(HostSpec host) {
    return defaultFlags(host).setAll(spec.extraFlags(component())).checkedAgainst(flagList()).asMap();
  }

  public List<String> command(HostSpec host) {
    List<String> argv = new ArrayList<>();
    argv.add(binary().toString());
    flags(host).forEach((flag, value) -> argv.add(flag + "=" + value));
    return List.copyOf(argv);
  }

  /** The component's main executable, {@code /opt/<component>/<component>}. */
  java.nio.file.Path binary() {
    return layout.file(component(), component().id());
  }

  public ComponentName name() {
    return component();
  }

  java.nio.file.Path file(String name) {
    return layout.file(component(), name);
  }

  static String key(String certFileName) {
    return certFileName.replaceFirst("\\.pem$", "-key.pem");
  }

  static String httpsUrl(java.net.InetAddress address, int port) {
    return "https://" + ClusterSpec.hostPort(address, port);
  }
}
