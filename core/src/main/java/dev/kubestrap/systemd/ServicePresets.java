package dev.kubestrap.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Service builders pre-filled with settings that are facts about a program rather than choices of
 * a cluster. Callers add their own arguments and environment and then call {@code build()}.
 */
public final class ServicePresets {
  private ServicePresets() {}

  /**
   * containerd, as upstream's current {@code containerd.service} (containerd 2.3) and fixing the seed's unit
   * (bug B11: no {@code Restart=}): {@code Type=notify}, {@code ExecStartPre=-/sbin/modprobe overlay} (failure
   * ignored where the module is built in), {@code Restart=always} with {@code RestartSec=5s},
   * {@code Delegate=yes} (the runtime owns the cgroups of its containers), {@code KillMode=process} (restarting
   * containerd leaves running containers alone), {@code OOMScoreAdjust=-999}, {@code LimitNPROC=infinity},
   * {@code LimitCORE=infinity}, {@code TasksMax=infinity}, ordered after {@code network.target} and
   * {@code dbus.service}. No {@code LimitNOFILE}: upstream dropped it (containers inherit the limit, and an
   * infinite one breaks programs that loop over every descriptor).
   *
   * @param program absolute path of the containerd binary
   * @param arguments containerd's arguments, e.g. {@code --config /etc/containerd/config.toml}
   */
  public static SystemdUnit.ServiceBuilder containerd(String program, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(program);
    command.addAll(arguments);
    return SystemdUnit.service("containerd.service")
        .description("containerd container runtime")
        .documentation("https://containerd.io")
        .after("network.target", "dbus.service")
        .type(ServiceType.NOTIFY)
        .execStartPre(List.of("-/sbin/modprobe", "overlay"))
        .execStart(command)
        .restart(Restart.ALWAYS)
        .restartSec(Duration.ofSeconds(5))
        .delegate(true)
        .killMode("process")
        .oomScoreAdjust(-999)
        .directive("Service", "LimitNPROC", "infinity")
        .directive("Service", "LimitCORE", "infinity")
        .directive("Service", "TasksMax", "infinity");
  }
}
