package dev.kubestrap.examples.bench.transport;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): kubestrap's {@link SshTransport} against OpenSSH's own clients, on one sshd,
 * in one run. Started by {@code examples/bench/transport/ssh-vs-openssh.sh}, which starts the sshd.
 *
 * <ol>
 *   <li>Upload a file (100 MB by default) with {@code SshTransport.put} (atomic, sha256-verified on the
 *       host), with {@code scp} and with {@code sftp -b}; median of several rounds after one warm-up.
 *   <li>Run 200 small commands over one kubestrap connection, and as 200 separate {@code ssh}
 *       invocations (the seed scripts' way); also over one connection from 4 threads.
 * </ol>
 *
 * <p>Arguments: {@code host port user privateKey knownHosts workDir [megabytes] [rounds] [commands]}.
 */
public final class SshVsOpenSsh {
  private final SshConfig config;
  private final Path key;
  private final Path knownHosts;
  private final Path work;

  private SshVsOpenSsh(SshConfig config, Path key, Path knownHosts, Path work) {
    this.config = config;
    this.key = key;
    this.knownHosts = knownHosts;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println("usage: SshVsOpenSsh host port user privateKey knownHosts workDir [megabytes] [rounds] [commands]");
      System.exit(2);
    }
    Path key = Path.of(args[3]);
    Path knownHosts = Path.of(args[4]);
    SshConfig config = SshConfig.builder()
        .host(args[0]).port(Integer.parseInt(args[1])).user(args[2])
        .privateKey(key)
        .knownHosts(knownHosts)
        .build();
    int megabytes = args.length > 6 ? Integer.parseInt(args[6]) : 100;
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
    int commands = args.length > 8 ? Integer.parseInt(args[8]) : 200;
    new SshVsOpenSsh(config, key, knownHosts, Path.of(args[5])).run(megabytes, rounds, commands);
  }

  private void run(int megabytes, int rounds, int commands) throws Exception {
    Path file = work.resolve("payload.bin");
    writeRandom(file, megabytes * 1_000_000L);
    long bytes = Files.size(file);
    String remoteDir = work.resolve("remote").toString();
    System.out.printf(Locale.ROOT, "host %s, file %d MB, %d rounds (median), %d commands%n",
        config.target(), megabytes, rounds, commands);

    try (SshTransport ssh = SshTransport.connect(config)) {
      ssh.mkdirs(remoteDir, FileMode.DIRECTORY);
      String target = remoteDir + "/kubestrap.bin";
      timeKubestrapPut(ssh, file, target); // warm-up: JIT, SFTP channel
      double kubestrap = median(rounds, () -> timeKubestrapPut(ssh, file, target));
      double scp = median(rounds, () -> timeProcess(openSsh("scp", "-q", "-P", port(), file.toString(),
          config.user() + "@" + config.host() + ":" + remoteDir + "/scp.bin")));
      Path batch = Files.writeString(work.resolve("sftp.batch"), "put " + file + " " + remoteDir + "/sftp.bin\n");
      double sftp = median(rounds, () -> timeProcess(openSsh("sftp", "-q", "-b", batch.toString(), "-P", port(),
          config.user() + "@" + config.host())));
      System.out.println();
      System.out.println("Upload of " + megabytes + " MB (seconds, MB/s):");
      report("kubestrap put (atomic, sha256-verified)", kubestrap, bytes);
      report("OpenSSH scp", scp, bytes);
      report("OpenSSH sftp", sftp, bytes);
      System.out.printf(Locale.ROOT, "  ratio kubestrap/scp throughput: %.2fx  (target >= 0.9x)%n", scp / kubestrap);
      System.out.printf(Locale.ROOT, "  ratio kubestrap/sftp throughput: %.2fx%n", sftp / kubestrap);

      ssh.run(Command.of("true"));
      double oneConnection = time(() -> {
        for (int i = 0; i < commands; i++) {
          ssh.run(Command.of("true"));
        }
      });
      double fourThreads = time(() -> runConcurrently(ssh, commands, 4));
      double separate = time(() -> {
        for (int i = 0; i < commands; i++) {
          timeProcess(openSsh("ssh", "-p", port(), config.user() + "@" + config.host(), "true"));
        }
      });
      System.out.println();
      System.out.println(commands + " small commands (`true`), total seconds:");
      System.out.printf(Locale.ROOT, "  %-42s %8.2f s%n", "kubestrap, one connection, sequential", oneConnection);
      System.out.printf(Locale.ROOT, "  %-42s %8.2f s%n", "kubestrap, one connection, 4 threads", fourThreads);
      System.out.printf(Locale.ROOT, "  %-42s %8.2f s%n", commands + " separate ssh invocations", separate);
      System.out.printf(Locale.ROOT, "  speed-up, sequential: %.1fx  (target >= 10x)%n", separate / oneConnection);
      System.out.printf(Locale.ROOT, "  speed-up, 4 threads:  %.1fx%n", separate / fourThreads);
      ssh.remove(remoteDir);
    }
  }

  private static double timeKubestrapPut(SshTransport ssh, Path file, String target) {
    ssh.remove(target);
    long start = System.nanoTime();
    PutResult result = ssh.put(file, target, FileMode.PUBLIC);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.skipped()) {
      throw new IllegalStateException("upload was skipped; the benchmark would measure nothing");
    }
    return seconds;
  }

  private static void runConcurrently(SshTransport ssh, int commands, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < commands; i++) {
        done.add(pool.submit(() -> ssh.run(Command.of("true"))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> openSsh(String program, String... args) {
    List<String> argv = new ArrayList<>(List.of(program, "-i", key.toString(),
        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"));
    argv.addAll(List.of(args));
    return argv;
  }

  private String port() {
    return String.valueOf(config.port());
  }

  private static double timeProcess(List<String> argv) {
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed");
      }
      return (System.nanoTime() - start) / 1e9;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface Timed {
    double seconds() throws Exception;
  }

  private static double median(int rounds, Timed timed) throws Exception {
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      samples.add(timed.seconds());
    }
    samples.sort(Double::compare);
    return samples.get(samples.size() / 2);
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double time(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void report(String what, double seconds, long bytes) {
    System.out.printf(Locale.ROOT, "  %-42s %8.2f s %9.1f MB/s%n", what, seconds, bytes / 1e6 / seconds);
  }

  private static void writeRandom(Path file, long size) throws IOException {
    java.util.Random random = new java.util.Random(1);
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }
}
