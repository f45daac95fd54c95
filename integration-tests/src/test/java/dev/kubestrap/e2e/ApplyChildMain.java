package dev.kubestrap.e2e;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterEvent;
import java.nio.file.Path;

/**
 * Test program run in a separate JVM by the fault tests: applies the {@link FaultCluster} described by the
 * properties file given as the only argument, printing {@code APPLYING <pid>} first and {@code APPLIED} or
 * {@code FAILED <message>} at the end; the test kills it ({@code kill -9}) in between.
 */
public final class ApplyChildMain {
  private ApplyChildMain() {}

  public static void main(String[] args) throws Exception {
    FaultCluster described = FaultCluster.readFrom(Path.of(args[0]));
    System.out.println("APPLYING " + ProcessHandle.current().pid());
    System.out.flush();
    try (Cluster cluster = described.builder().listener(ApplyChildMain::print).build()) {
      cluster.apply();
      System.out.println("APPLIED");
    } catch (RuntimeException e) {
      System.out.println("FAILED " + e.getMessage());
    }
    System.out.flush();
  }

  private static void print(ClusterEvent event) {
    System.out.println("EVENT " + event.describe().replace('\n', ' '));
  }
}
