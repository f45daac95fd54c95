package dev.kubestrap.examples.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * JMH benchmark of {@value #COUNT} ECDSA P-256 kubelet client certificates issued on every core and
 * written with one {@code PkiStore.putAll} into a fresh directory (2,000 files and the CA, one file-system sync), warm
 * and in-process: what a program that embeds kubestrap pays for a large cluster's kubelet certificates. The same work
 * as {@code PkiBench kubelets}, which {@code examples/bench/pki/pki-vs-cfssl.sh} times as a cold process.
 *
 * <p>Each invocation writes into a new directory; the written ones are moved aside and deleted only when the trial
 * ends, since deleting 2,000 files just before the next invocation would make its file creation pay for the deletion
 * (ext4 skips recently freed inodes; see {@code docs/benchmarks.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KubeletCertificatesBenchmark {
  /** As many as the issue's target names; a constant, since JMH sets a {@code @Param} field by reflection. */
  static final int COUNT = 1000;
  private Path root;
  private Path directory;
  private int invocation;

  @Setup(Level.Trial)
  public void root() throws IOException {
    root = Files.createTempDirectory("kubestrap-kubelets-jmh");
  }

  @Setup(Level.Invocation)
  public void freshDirectory() {
    directory = root.resolve("run-" + invocation++);
  }

  @Benchmark
  public int issueAndWrite() throws IOException {
    return PkiBench.kubelets(COUNT, directory);
  }

  @TearDown(Level.Trial)
  public void deleteAll() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
