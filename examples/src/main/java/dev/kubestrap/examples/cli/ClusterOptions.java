package dev.kubestrap.examples.cli;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.examples.ConsoleProgress;
import dev.kubestrap.spec.InvalidSpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command's cluster comes from (a YAML file or the seed scripts' {@code environment} file, one of them) and
 * how it is installed: the state directory (default {@code ~/.kubestrap/<cluster>}), a directory of programs
 * instead of downloading the official release files, or no programs at all (a plan only).
 */
final class ClusterOptions {
  /** Exactly one description of the cluster. */
  static final class Source {
    @Option(names = {"-f", "--file"}, paramLabel = "cluster.yaml", description = "the cluster as YAML")
    Path yaml;

    @Option(names = "--seed-environment", paramLabel = "FILE",
        description = "the seed scripts' environment file (MASTER_IP, NODE_IP, SERVICE_CIDR, ...)")
    Path seedEnvironment;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "local state: PKI, encryption key, kubeconfigs (default: ~/.kubestrap/<cluster>)")
  Path stateDir;

  @Option(names = "--programs", paramLabel = "DIR",
      description = "install the programs of this directory instead of downloading the official release files")
  Path programs;

  @Option(names = "--no-download", description = "resolve no programs: plan without downloading (programs without"
      + " a pinned digest are listed, not planned); apply refuses such a cluster")
  boolean noDownload;

  /** The builder the options describe, reporting progress on the console. */
  ClusterBuilder builder() {
    ClusterBuilder builder = source.yaml != null ? ClusterBuilder.fromYaml(source.yaml)
        : ClusterBuilder.fromSeedEnvironment(source.seedEnvironment);
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
    if (programs != null) {
      builder.binaries(BinarySource.directory(programs));
    }
    if (noDownload) {
      builder.dryRunBinaries();
    }
    return builder.listener(ConsoleProgress.toConsole());
  }

  /**
   * The PKI directory of a cluster's state, which must exist: commands that read the state (certificates, the
   * admin kubeconfig) would otherwise make a new CA that no host trusts.
   */
  static Path existingPki(Cluster cluster) {
    Path pki = cluster.stateDir().resolve("pki");
    if (!Files.isDirectory(pki)) {
      throw new ClusterException("no PKI in " + pki + ": run plan or apply with this state directory first");
    }
    return pki;
  }

  /** The cluster, built (every setting checked, no host contacted). */
  Cluster build() {
    try {
      return builder().build();
    } catch (InvalidSpecException e) {
      throw e;
    } catch (KubestrapException e) {
      // build() contacts no host, so what it refuses (say, a programs directory without programs) is bad input
      throw new RefusedInput(e);
    }
  }

  /** A refusal of {@code ClusterBuilder.build()} other than an invalid spec; it exits as bad usage does. */
  static final class RefusedInput extends KubestrapException {
    private static final long serialVersionUID = 1L;

    RefusedInput(KubestrapException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
