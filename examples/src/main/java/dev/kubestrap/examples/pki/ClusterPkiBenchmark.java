package dev.kubestrap.examples.pki;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.pki.PkiStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the whole default cluster PKI (the seed cluster's facts, {@link SeedClusterPki#facts()}: three
 * CAs, every component identity, kubelet client and serving certificates for both hosts, the service-account key;
 * ECDSA P-256), warm and in-process, the way a program that embeds kubestrap makes it:
 *
 * <ul>
 *   <li>{@code issueInMemory}: {@link KubernetesPki#issue()}, keys and certificates only;</li>
 *   <li>{@code ensureEmptyStore}: {@link PkiStore#ensure(KubernetesPki)} into an empty directory, every file written
 *       atomically and forced to disk.</li>
 * </ul>
 *
 * Run by {@code examples/bench/pki/pki-vs-cfssl.sh}, or alone through JMH's own {@code org.openjdk.jmh.Main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClusterPkiBenchmark {
  private final KubernetesPki facts = SeedClusterPki.facts();
  private Path directory;

  @Setup(Level.Invocation)
  public void emptyDirectory() throws IOException {
    directory = Files.createTempDirectory("kubestrap-pki-jmh");
  }

  @TearDown(Level.Invocation)
  public void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public ClusterCertificates issueInMemory() {
    return facts.issue();
  }

  @Benchmark
  public ClusterCertificates ensureEmptyStore() {
    return PkiStore.at(directory).ensure(facts);
  }
}
