package dev.kubestrap.cluster;

import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;

/**
 * Opens the one {@link Transport} of a host. A {@link Cluster} calls it at most once per host, the first time
 * the host is needed, and closes what it got in {@link Cluster#close()}. The default, {@link #standard()},
 * connects over SSH with the host's {@link Host#sshConfig()} and uses {@link LocalTransport#create()} for
 * {@link Host#local()}.
 */
@FunctionalInterface
public interface TransportFactory {

  /** SSH for SSH hosts, the real local file system for the local host. */
  static TransportFactory standard() {
    return host -> host.sshConfig().<Transport>map(ssh -> ssh.connect()).orElseGet(LocalTransport::create);
  }

  /** Opens a connection to {@code host}. */
  Transport open(Host host);
}
