package dev.kubestrap.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.spec.ClusterSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubestrap} command line as a user runs it, through picocli: what each command prints and writes, and its
 * exit codes (0 done, 1 failed, 2 bad usage or invalid input). No command here contacts a host.
 */
class KubestrapCliTest {
  private static final Path SEED = Path.of("seed-cluster.yaml");

  @TempDir
  Path tmp;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = KubestrapCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String state() {
    return tmp.resolve("state").toString();
  }

  @Test
  void theSeedYamlIsTheSeedCluster() {
    assertThat(ClusterBuilder.fromYaml(SEED).stateDir(tmp).dryRunBinaries().build().spec())
        .usingRecursiveComparison().isEqualTo(ClusterSpec.seedDefault());
  }

  @Test
  void planPrintsThePlanAndWritesTheDryRun() {
    Run plan = run("plan", "-f", SEED.toString(), "--state-dir", state(), "--no-download", "--out",
        tmp.resolve("plan").toString());

    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("# Plan for cluster kubernetes", "2 hosts (10.1.0.15, 10.1.0.16)",
        "Wrote the dry run of 2 hosts");
    assertThat(tmp.resolve("plan/SUMMARY.md")).isRegularFile();
    assertThat(tmp.resolve("plan/10.1.0.15/opt/etcd")).isDirectory();
  }

  @Test
  void certsCheckExpirationListsWhatThePlanMadeAndRefusesAStateWithoutPki() {
    assertThat(run("plan", "-f", SEED.toString(), "--state-dir", state(), "--no-download").exit()).isZero();

    Run certs = run("certs", "check-expiration", "-f", SEED.toString(), "--state-dir", state());
    assertThat(certs.exit()).as(certs.err()).isZero();
    assertThat(certs.out()).contains("CERTIFICATE", "kube-apiserver-server-10.1.0.15 ", "CERTIFICATE AUTHORITY", "etcd-ca");

    Run none = run("certs", "check-expiration", "-f", SEED.toString(), "--state-dir", tmp.resolve("empty").toString());
    assertThat(none.exit()).isEqualTo(KubestrapCli.FAILED);
    assertThat(none.err()).contains("no PKI in " + tmp.resolve("empty/pki"));
  }

  @Test
  void kubeconfigMergesTheContextIntoTheFileGiven() {
    assertThat(run("plan", "-f", SEED.toString(), "--state-dir", state(), "--no-download").exit()).isZero();
    Path file = tmp.resolve("kube/config");

    Run merged = run("kubeconfig", "-f", SEED.toString(), "--state-dir", state(), "--kubeconfig", file.toString(),
        "--use-context");

    assertThat(merged.exit()).as(merged.err()).isZero();
    assertThat(merged.out()).contains("context admin@kubernetes-the-hard-way in " + file);
    Kubeconfig written = Kubeconfig.read(file);
    assertThat(written.currentContext()).isEqualTo("admin@kubernetes-the-hard-way");
    assertThat(written.cluster("kubernetes-the-hard-way").orElseThrow().server()).isEqualTo("https://10.1.0.15:6443");
  }

  @Test
  void anInvalidClusterExitsWith2NamingTheFieldAndValue() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), """
        serviceCidr: 10.254.0.0/33
        hosts:
          - {name: master, address: 10.1.0.15, roles: [master]}
        """);

    Run run = run("plan", "-f", bad.toString(), "--state-dir", state(), "--no-download");

    assertThat(run.exit()).isEqualTo(KubestrapCli.USAGE);
    assertThat(run.err()).startsWith("kubestrap: ").contains("serviceCidr", "10.254.0.0/33");
    assertThat(tmp.resolve("state")).doesNotExist();
  }

  @Test
  void aProgramsDirectoryThatDoesNotExistExitsWith2BeforeAnyHost() {
    Path missing = tmp.resolve("no-such-programs");

    Run run = run("plan", "--seed-environment", seedEnvironment().toString(), "--state-dir", state(), "--programs",
        missing.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(KubestrapCli.USAGE);
    assertThat(run.err()).startsWith("kubestrap: binaries: directory " + missing + " does not exist");
  }

  @Test
  void badUsageExitsWith2AndAFailedOperationWith1() {
    Run neither = run("plan");
    assertThat(neither.exit()).isEqualTo(KubestrapCli.USAGE);
    assertThat(neither.err()).contains("Missing required argument", "--file", "--seed-environment");

    Run unknown = run("apply", "-f", SEED.toString(), "--frobnicate");
    assertThat(unknown.exit()).isEqualTo(KubestrapCli.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");

    // A cluster planned without programs cannot be applied: refused before any host is contacted.
    Run refused = run("apply", "--seed-environment", seedEnvironment().toString(), "--state-dir", state(),
        "--no-download");
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(KubestrapCli.FAILED);
    assertThat(refused.err()).startsWith("kubestrap: apply of kubernetes needs binaries");
  }

  @Test
  void helpListsEveryCommand() {
    Run help = run("--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("plan", "apply", "verify", "reset", "certs", "kubeconfig");
    assertThat(run("certs", "--help").out()).contains("check-expiration");
  }

  private Path seedEnvironment() {
    try {
      return Files.writeString(tmp.resolve("environment"), """
          export MASTER_IP=10.1.0.15
          export NODE_IP=10.1.0.16
          export SERVICE_CIDR=10.254.0.0/16
          """);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
