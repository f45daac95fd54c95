package dev.kubestrap.examples.cluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time spent so far: by the whole machine (every process on every core, sandbox hosts included: the busy
 * columns of the first line of {@code /proc/stat}, in the kernel's 1/100 s ticks) and by this JVM. Two readings
 * around a measured window say how much work the window took, which tells a wall-clock ratio caused by more work
 * from one caused by waiting. Linux only, like the sandbox the benchmarks run on.
 */
record CpuClock(long machineTicks, long processNanos) {
  private static final double TICKS_PER_SECOND = 100.0;

  static CpuClock now() {
    return new CpuClock(machineBusyTicks(), processCpuNanos());
  }

  /** Machine and JVM CPU seconds since {@code this} reading. */
  Use until(CpuClock later) {
    return new Use((later.machineTicks - machineTicks) / TICKS_PER_SECOND,
        (later.processNanos - processNanos) / 1e9);
  }

  /** CPU seconds of one window: the machine's in all, and the part this JVM used. */
  record Use(double machineSeconds, double jvmSeconds) {
    String describe() {
      return String.format("%.1f CPU s (JVM %.1f s)", machineSeconds, jvmSeconds);
    }
  }

  /** user, nice, system, irq, softirq and steal: every column of the {@code cpu} line but idle and iowait. */
  private static long machineBusyTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      long[] ticks = Arrays.stream(line.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
      return ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/stat", e);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
