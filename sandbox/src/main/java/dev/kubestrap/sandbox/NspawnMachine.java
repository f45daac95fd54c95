package dev.kubestrap.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code systemd-nspawn --boot} process and the container's init under it. Stopping asks for
 * an orderly poweroff (nspawn turns SIGTERM into SIGRTMIN+3 for the container's systemd), then
 * kills nspawn and the container's init by process id: killing nspawn alone would leave the
 * container running.
 */
final class NspawnMachine {
  private static final Logger LOG = LoggerFactory.getLogger(NspawnMachine.class);
  private static final Duration RESEND_PAUSE = Duration.ofSeconds(1);

  /** A process identified by id and start time, so that a reused id is never signalled. */
  record ProcessId(long pid, Instant started) {
    Optional<ProcessHandle> live() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(handle -> handle.info().startInstant().map(this::sameStart).orElse(false));
    }

    private boolean sameStart(Instant other) {
      // Start times come from clock ticks since boot; allow for rounding between readers.
      return Math.abs(Duration.between(started, other).toMillis()) < 1000;
    }

    static ProcessId of(ProcessHandle handle) {
      return new ProcessId(handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH));
    }
  }

  /**
   * What a host needs to run containers (runc, kubelet) under its own systemd: every capability,
   * the system calls of session keyrings, mounts and privileged operations that nspawn's default
   * filter refuses, and the kernel log that kubelet's OOM watcher reads.
   */
  static final List<String> CONTAINER_OPTIONS = List.of("--capability=all",
      "--system-call-filter=@keyring @mount @privileged", "--bind-ro=/dev/kmsg");
  /**
   * Only the host's own network namespace becomes writable under /proc/sys (kube-proxy and the node
   * preparation set net.* keys there); kernel-wide keys stay read-only so nothing in a host can
   * change this machine's settings.
   */
  static final String API_VFS_WRITABLE = "network";

  private final String machineName;
  private final Path consoleLog;
  private final List<String> command;
  private final HostCgroups cgroups;
  private ProcessId nspawn;
  private ProcessId leader;

  /**
   * A machine booted from {@code <hostDir>/rootfs}, with {@code <hostDir>/real/<i>} bound to the i-th of
   * {@code realDirectories} (containerd's overlay snapshotter cannot work on an overlay root) and its
   * console written to {@code <hostDir>/console.log}, started inside {@code cgroups}.
   */
  NspawnMachine(String nspawnPath, String machineName, String hostname, Path hostDir,
      String bridge, List<ReadOnlyBind> readOnlyBinds, List<String> realDirectories, HostCgroups cgroups) {
    this.machineName = machineName;
    this.consoleLog = hostDir.resolve("console.log");
    this.cgroups = cgroups;
    List<String> argv = new ArrayList<>(List.of(nspawnPath, "--boot", "--directory=" + hostDir.resolve("rootfs"),
        "--machine=" + machineName, "--hostname=" + hostname, "--register=no", "--keep-unit",
        "--network-bridge=" + bridge,
        "--link-journal=no", "--resolv-conf=off", "--timezone=off", "--console=read-only"));
    for (int i = 0; i < realDirectories.size(); i++) {
      argv.add("--bind=" + realDirectory(hostDir, i) + ":" + realDirectories.get(i));
    }
    argv.addAll(CONTAINER_OPTIONS);
    readOnlyBinds.forEach(bind -> argv.add(bind.nspawnOption()));
    this.command = List.copyOf(argv);
  }

  /** Recreates a machine from recorded ids, to stop what a crashed sandbox left running. */
  NspawnMachine(String machineName, ProcessId nspawn, ProcessId leader) {
    this.machineName = machineName;
    this.consoleLog = null;
    this.command = List.of();
    this.nspawn = nspawn;
    this.leader = leader;
    this.cgroups = new HostCgroups(List.of());
  }

  List<String> command() {
    return command;
  }

  String machineName() {
    return machineName;
  }

  Optional<ProcessId> nspawn() {
    return Optional.ofNullable(nspawn);
  }

  Optional<ProcessId> leader() {
    return Optional.ofNullable(leader);
  }

  Path consoleLog() {
    return consoleLog;
  }

  /** Where the i-th real-file-system directory of a host lives on this machine. */
  static Path realDirectory(Path hostDir, int index) {
    return hostDir.resolve("real").resolve(Integer.toString(index));
  }

  HostCgroups cgroups() {
    return cgroups;
  }

  void start() {
    cgroups.create();
    try {
      ProcessBuilder builder = new ProcessBuilder(cgroups.wrap(command));
      builder.environment().put("SYSTEMD_NSPAWN_API_VFS_WRITABLE", API_VFS_WRITABLE);
      Process process = builder
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(consoleLog.toFile())
          .start();
      nspawn = ProcessId.of(process.toHandle());
    } catch (IOException e) {
      throw new SandboxException("starting " + machineName + " with systemd-nspawn failed: "
          + e.getMessage(), e);
    }
  }

  boolean isRunning() {
    return nspawn != null && nspawn.live().isPresent();
  }

  /** Finds the container's init (nspawn's child), waiting up to {@code timeout} for it to appear. */
  Optional<ProcessId> awaitLeader(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (leader == null && System.nanoTime() < deadline) {
      Optional<ProcessHandle> handle = nspawn == null ? Optional.empty() : nspawn.live();
      if (handle.isEmpty()) {
        break;
      }
      handle.get().children().findFirst().ifPresent(child -> leader = ProcessId.of(child));
      if (leader == null) {
        sleep(Duration.ofMillis(50));
      }
    }
    return Optional.ofNullable(leader);
  }

  /** Orderly poweroff within {@code timeout}, then SIGKILL to nspawn and the container's init. */
  void stop(Duration timeout) {
    Optional<ProcessHandle> running = nspawn == null ? Optional.empty() : nspawn.live();
    if (running.isPresent()) {
      if (leader == null) {
        awaitLeader(Duration.ZERO);
      }
      if (!askToPowerOff(running.get(), timeout)) {
        LOG.warn("{} did not power off within {}; killing nspawn (pid {})", machineName, timeout,
            nspawn.pid());
        running.get().destroyForcibly();
        awaitExit(running.get(), Duration.ofSeconds(5));
      }
    }
    Optional<ProcessHandle> orphan = leader == null ? Optional.empty() : leader.live();
    if (orphan.isPresent()) {
      LOG.warn("killing the init of {} (pid {}) that outlived nspawn", machineName, leader.pid());
      orphan.get().destroyForcibly();
      awaitExit(orphan.get(), Duration.ofSeconds(5));
    }
  }

  /**
   * SIGTERM to nspawn, repeated every second until it exits or {@code timeout} passes: a systemd
   * still starting up has no handler for the poweroff signal yet, and PID 1 ignores signals it
   * does not handle, so one early signal could be lost.
   */
  private static boolean askToPowerOff(ProcessHandle nspawn, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      nspawn.destroy();
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (awaitExit(nspawn, left.compareTo(RESEND_PAUSE) < 0 ? left : RESEND_PAUSE)) {
        return true;
      }
    }
    return !nspawn.isAlive();
  }

  /** The last {@code maxChars} of the console, with terminal colour codes removed. */
  String consoleTail(int maxChars) {
    if (consoleLog == null || !Files.isRegularFile(consoleLog)) {
      return "(no console log)";
    }
    try {
      String text = new String(Files.readAllBytes(consoleLog), StandardCharsets.UTF_8)
          .replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
      return LocalCommand.tail(text, maxChars);
    } catch (IOException e) {
      return "(console log unreadable: " + e.getMessage() + ")";
    }
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting", e);
    }
  }
}
