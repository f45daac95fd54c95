package dev.kubestrap.examples.cli;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.spec.InvalidSpecException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kubestrap} command line, the examples' executable jar: {@code plan}, {@code apply}, {@code verify},
 * {@code reset}, {@code certs check-expiration} and {@code kubeconfig} for a cluster described in YAML or by the
 * seed scripts' environment file. Exit codes: 0 done; 1 the operation failed (the message names the host and step);
 * 2 bad usage or an invalid cluster description (the message names the field and the value), before any host is
 * contacted.
 */
@Command(name = "kubestrap", mixinStandardHelpOptions = true, version = "kubestrap 0.1.0-SNAPSHOT",
    description = "Bootstraps a Kubernetes cluster from official binaries onto hosts reached over SSH.",
    subcommands = {PlanCommand.class, ApplyCommand.class, VerifyCommand.class, ResetCommand.class,
        CertsCommand.class, KubeconfigCommand.class})
public final class KubestrapCli {
  /** The operation failed. */
  public static final int FAILED = 1;
  /** Bad usage or an invalid cluster description. */
  public static final int USAGE = CommandLine.ExitCode.USAGE;
  /** slf4j-simple's level for kubestrap's progress logger. */
  private static final String PROGRESS_LEVEL = "org.slf4j.simpleLogger.log.dev.kubestrap.progress";

  public static void main(String[] args) {
    // The progress line shows what the progress log would say; its warnings and failures still go to stderr.
    if (System.getProperty(PROGRESS_LEVEL) == null) {
      System.setProperty(PROGRESS_LEVEL, "warn");
    }
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  /** The command line writing to {@code out} and {@code err}, with kubestrap's errors mapped to exit codes. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new KubestrapCli());
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler((failure, command, parsed) -> {
      if (!(failure instanceof KubestrapException)) {
        throw failure;
      }
      command.getErr().println("kubestrap: " + failure.getMessage());
      return failure instanceof InvalidSpecException || failure instanceof ClusterOptions.RefusedInput ? USAGE : FAILED;
    });
    return line;
  }
}
