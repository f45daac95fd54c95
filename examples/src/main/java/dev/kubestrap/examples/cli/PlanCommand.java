package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.plan.ClusterPlan;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubestrap plan}: prints the plan; with {@code --out}, writes the dry run. Contacts no host. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Print what apply would do; with --out, write each host's exact file tree (the dry run).")
final class PlanCommand extends ClusterCommand {
  @Option(names = "--out", paramLabel = "DIR", description = "write the dry run here")
  Path out;

  @Override
  void run() {
    try (Cluster built = cluster.build()) {
      ClusterPlan plan = built.plan();
      out().println(plan.summary());
      if (out != null) {
        plan.writeTo(out);
        out().println("Wrote the dry run of " + plan.hosts().size() + " hosts ("
            + plan.actionCount() + " actions) to " + out.toAbsolutePath().normalize());
      }
    }
  }
}
