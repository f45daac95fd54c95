package dev.kubestrap.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command on one cluster: the {@link ClusterOptions} and the command line's output. Exits 0 when it returns. */
abstract class ClusterCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Spec
  CommandSpec spec;

  /** Does the work; a {@link dev.kubestrap.KubestrapException} becomes exit code 1 or 2 with its message. */
  abstract void run();

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public final Integer call() {
    run();
    return 0;
  }
}
