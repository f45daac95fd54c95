package dev.kubestrap.sandbox.junit;

import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox cluster in JUnit's extension store: started on first use, closed by JUnit with the context that holds
 * it. A start that failed is remembered, so later users fail at once with the same error instead of booting again.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit closes it in every 5.x release, AutoCloseable only since 5.13
final class ClusterResource implements ExtensionContext.Store.CloseableResource {
  private final SandboxClusterSpec spec;
  private SandboxCluster cluster;
  private RuntimeException failure;

  ClusterResource(SandboxClusterSpec spec) {
    this.spec = spec;
  }

  synchronized SandboxCluster get() {
    if (cluster != null) {
      return cluster;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      cluster = SandboxCluster.start(spec);
      return cluster;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (cluster != null) {
      SandboxCluster running = cluster;
      cluster = null;
      running.close();
    }
  }
}
