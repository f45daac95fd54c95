package dev.kubestrap.sandbox;

import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real systemd machines on this Linux box: each host is a Debian root filesystem booted with
 * {@code systemd-nspawn --boot}, joined by a veth to a bridge the sandbox creates, with its own
 * static address, hostname, SSH host key, and root login by a key generated for this sandbox.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().hosts(2).addPackages("etcd-server").start()) {
 *   try (SshTransport host1 = sandbox.hosts().get(0).connect()) {
 *     host1.run(Command.of("systemctl", "is-system-running"));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} returns once every host answers over SSH and reports its boot
 * finished. {@link #close()} powers the hosts off, kills what did not stop, and removes the veths,
 * the bridge and the per-host copies; a JVM shutdown hook does the same if the program exits
 * without closing. What a killed JVM left behind is removed by the next {@code start()} (or by
 * {@link #cleanLeftovers()}).
 *
 * <p>Needs Linux, root, {@code systemd-nspawn}, {@code ip}, and, to build the root filesystem the
 * first time, {@code debootstrap} and {@code systemctl}. See {@code docs/sandbox.md} for the exact
 * commands.
 */
public final class Sandbox implements AutoCloseable {
  /**
   * The one switch between skipping and failing: where a precondition fails, tests built on sandboxes skip,
   * unless this environment variable is {@code 1}, when they fail (so that a CI run cannot pass by skipping).
   */
  public static final String REQUIRE_VARIABLE = "KUBESTRAP_REQUIRE_SANDBOX";

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern HOSTNAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
  private static final Path DEFAULT_CACHE_DIR = Path.of("/var/cache/kubestrap/rootfs");
  private static final Path DEFAULT_WORK_DIR = Path.of("/var/lib/kubestrap/sandbox");

  /**
   * The guest directories kept on the real file system by default: containerd's default root, and {@code /opt},
   * the install root of kubestrap's default layout, which holds containerd's root there. Binding all of
   * {@code /opt} rather than containerd's root alone leaves no mount point inside a directory a reset removes.
   */
  public static final List<String> DEFAULT_REAL_DIRECTORIES = List.of("/var/lib/containerd",
      dev.kubestrap.component.Layout.seed().installRoot().toString());

  private final SandboxSpec spec;
  private final SandboxRegistry.Claim claim;
  private final String ip;
  private final Path directory;
  private final List<NspawnMachine> machines = new ArrayList<>();
  private final List<SandboxHost> hosts = new ArrayList<>();
  private final Thread shutdownHook;
  private String bridge;
  private AddressRange range;
  private volatile boolean closed;

  private Sandbox(SandboxSpec spec, SandboxRegistry.Claim claim, String ip) {
    this.spec = spec;
    this.claim = claim;
    this.ip = ip;
    this.directory = spec.workDir().resolve(claim.id());
    this.shutdownHook = new Thread(this::closeQuietly, "kubestrap-sandbox-" + claim.id() + "-exit");
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Removes what sandboxes whose JVM died left on this machine (processes, bridges, veths,
   * per-host copies under the default work directory and the directories their state names).
   * Live sandboxes, in this JVM or another, are never touched. {@link Builder#start()} does this
   * itself first.
   *
   * @return one line per thing removed
   */
  public static List<String> cleanLeftovers() {
    return cleanLeftovers(DEFAULT_WORK_DIR);
  }

  static List<String> cleanLeftovers(Path workDir) {
    String ip = Tools.find("ip").orElseThrow(() -> new SandboxPreconditionException(
        List.of("ip not found on PATH or in /usr/sbin, /usr/bin, /sbin, /bin (Debian package:"
            + " iproute2)")));
    return new Leftovers(new SandboxRegistry(SandboxRegistry.DEFAULT_DIRECTORY), ip).clean(workDir);
  }

  /** The six hex digits that name everything this sandbox creates. */
  public String id() {
    return claim.id();
  }

  /** The hosts, in the order they were named. */
  public List<SandboxHost> hosts() {
    return List.copyOf(hosts);
  }

  /** The host called {@code name}. */
  public SandboxHost host(String name) {
    return hosts.stream().filter(host -> host.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no sandbox host named '" + name
            + "'; hosts: " + hosts.stream().map(SandboxHost::name).toList()));
  }

  /** The bridge's name on this machine. */
  public String bridgeName() {
    return bridge;
  }

  /** The range the hosts' addresses come from. */
  public AddressRange addressRange() {
    return range;
  }

  /** This machine's address on the bridge (the range's first address): the hosts can reach it. */
  public String bridgeAddress() {
    return range.address(1);
  }

  /** This sandbox's directory: per-host copies, console logs, keys; deleted on close. */
  public Path directory() {
    return directory;
  }

  /**
   * An OpenSSH {@code known_hosts} file with every host's key, for tools outside Java: {@code ssh
   * -o UserKnownHostsFile=<this> -i <clientKey()> root@<address>}.
   */
  public Path knownHosts() {
    return directory.resolve("ssh/known_hosts");
  }

  /** The private key (OpenSSH format, 0600) that every host accepts for root. */
  public Path clientKey() {
    return directory.resolve("ssh/id_ed25519");
  }

  /**
   * Whether the hosts see cgroup v1: this machine binds its resource controllers to cgroup v1
   * hierarchies, and a host gets the same kind beneath its own cgroups. A cluster on such hosts needs
   * {@code allowCgroupV1} (kubelet refuses cgroup v1 by default).
   */
  public boolean hostsUseCgroupV1() {
    return HostCgroups.controllersOnV1();
  }

  /** The nspawn machines, in host order. */
  List<NspawnMachine> machines() {
    return List.copyOf(machines);
  }

  /**
   * Powers every host off (SIGTERM to nspawn, which asks the container's systemd to power off),
   * kills nspawn and the container's init by process id after the shutdown timeout, then removes
   * the bridge, any veth left, and this sandbox's directory. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      List<RuntimeException> failures = new ArrayList<>();
      failures.addAll(Parallel.forEachIndex(machines.size(),
          i -> machines.get(i).stop(spec.shutdownTimeout())));
      attempt(failures, () -> {
        List<String> left = machines.stream().flatMap(machine -> machine.cgroups().remove().stream()).toList();
        if (!left.isEmpty()) {
          throw new SandboxException("removing the hosts' cgroups failed: " + String.join("; ", left));
        }
      });
      attempt(failures, () -> {
        for (NspawnMachine machine : machines) {
          Bridge.deleteLink(ip, "vb-" + machine.machineName());
          FileTrees.deleteRecursively(Path.of("/run/systemd/nspawn/propagate",
              machine.machineName()));
        }
      });
      if (bridge != null) {
        attempt(failures, () -> Bridge.deleteLink(ip, bridge));
      }
      attempt(failures, () -> FileTrees.deleteRecursively(directory));
      attempt(failures, claim::close);
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: this close may be the hook itself.
      }
      if (!failures.isEmpty()) {
        SandboxException failure = new SandboxException("closing sandbox " + id() + " failed: "
            + failures.get(0).getMessage(), failures.get(0));
        failures.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
      }
      LOG.info("sandbox {} closed", id());
    }
  }

  @Override
  public String toString() {
    return "Sandbox[" + id() + ", bridge " + bridge + ", " + range + ", hosts "
        + hosts.stream().map(host -> host.name() + "=" + host.address()).toList() + "]";
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      LOG.warn("closing sandbox {} at JVM exit failed: {}", id(), e.getMessage());
    }
  }

  /** Below this, a few cluster hosts exhaust root's inotify instances and containerd's CRI cannot start. */
  static final int INOTIFY_INSTANCES_FOR_CLUSTERS = 1024;

  private static void warnAboutInotifyLimit() {
    try {
      // a sysctl answers only a read from offset 0, and Files.readString's first read is one byte: read by lines
      Path setting = Path.of("/proc/sys/fs/inotify/max_user_instances");
      int limit = Integer.parseInt(Files.readAllLines(setting).get(0).strip());
      if (limit < INOTIFY_INSTANCES_FOR_CLUSTERS) {
        LOG.warn("fs.inotify.max_user_instances is {}: every host's systemd, containerd and kubelet count against"
            + " root's limit, and with a cluster of a few hosts containerd's CRI fails with 'too many open files';"
            + " raise it with sysctl -w fs.inotify.max_user_instances={}", limit, INOTIFY_INSTANCES_FOR_CLUSTERS);
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("cannot read fs.inotify.max_user_instances: {}", e.toString());
    }
  }

  private void boot(RootfsCache cache, String nspawnPath) {
    warnAboutInotifyLimit();
    try {
      Files.createDirectories(directory.resolve("ssh"));
    } catch (IOException e) {
      throw new SandboxException("creating " + directory + " failed: " + e.getMessage(), e);
    }
    SshKeyPair clientKey = SshKeyPair.generateEd25519();
    clientKey.writeTo(clientKey(), "kubestrap-sandbox-" + id());
    claimNetwork();

    Map<String, String> addresses = new LinkedHashMap<>();
    for (int i = 0; i < spec.hostNames().size(); i++) {
      addresses.put(spec.hostNames().get(i), range.address(2 + i));
    }
    List<SshKeyPair> hostKeys = new ArrayList<>();
    StringBuilder knownHosts = new StringBuilder();
    for (String name : spec.hostNames()) {
      SshKeyPair hostKey = SshKeyPair.generateEd25519();
      hostKeys.add(hostKey);
      knownHosts.append(addresses.get(name)).append(' ')
          .append(hostKey.publicKeyLine("root@" + name)).append('\n');
      String machineName = "ks" + id() + "-" + (hostKeys.size());
      Path hostDir = directory.resolve(name);
      machines.add(new NspawnMachine(nspawnPath, machineName, name, hostDir, bridge,
          spec.readOnlyBinds(), spec.realDirectories(), HostCgroups.forHost("kubestrap-" + machineName)));
      hosts.add(new SandboxHost(name, addresses.get(name),
          sshConfig(addresses.get(name), hostKey.fingerprint()), hostDir.resolve("console.log")));
    }
    writeKnownHosts(knownHosts.toString());

    long preparing = System.nanoTime();
    Parallel.throwFirst(Parallel.forEachIndex(hosts.size(), i -> prepareRoot(cache.directory(), i,
        addresses, hostKeys.get(i), clientKey)));
    LOG.info("sandbox {}: root filesystems prepared in {} ms", id(), millisSince(preparing));

    for (NspawnMachine machine : machines) {
      machine.start();
    }
    for (NspawnMachine machine : machines) {
      machine.awaitLeader(Duration.ofSeconds(5));
    }
    saveState();
    long booting = System.nanoTime();
    Parallel.throwFirst(Parallel.forEachIndex(hosts.size(),
        i -> ReadinessProbe.await(hosts.get(i), machines.get(i), spec.bootTimeout())));
    LOG.info("sandbox {}: hosts booted and ready in {} ms", id(), millisSince(booting));
  }

  private static long millisSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
  }

  private void claimNetwork() {
    new SandboxRegistry(SandboxRegistry.DEFAULT_DIRECTORY).withNetworkLock(() -> {
      NetworkInventory network = NetworkInventory.read(ip);
      AddressRange chosen = spec.addressRange()
          .or(() -> Preconditions.freeRange(network))
          .orElseThrow(() -> new SandboxPreconditionException(List.of("no free address range")));
      Optional<String> problem = Preconditions.rangeProblem(chosen, spec.hostNames().size(),
          network);
      if (problem.isPresent()) {
        throw new SandboxPreconditionException(List.of(problem.get()));
      }
      String name = spec.bridgeName().orElse("ksbr-" + id());
      if (network.linkNames().contains(name)) {
        // Checked again under the lock: close() deletes the bridge by name, so it must be ours.
        throw new SandboxPreconditionException(List.of("bridge name " + name
            + " is already a link on this machine"));
      }
      // Recorded before it exists, so that a crash half way still leaves its name behind.
      bridge = name;
      range = chosen;
      saveState();
      Bridge.create(ip, name, chosen);
      return null;
    });
  }

  private void prepareRoot(Path base, int index, Map<String, String> addresses,
      SshKeyPair hostKey, SshKeyPair clientKey) {
    SandboxHost host = hosts.get(index);
    Path hostDir = directory.resolve(host.name());
    try {
      for (int i = 0; i < spec.realDirectories().size(); i++) {
        Files.createDirectories(NspawnMachine.realDirectory(hostDir, i));
      }
      FileTrees.mountOverlay(base, hostDir.resolve("upper"), hostDir.resolve("work"),
          hostDir.resolve("rootfs"));
      new GuestFiles(hostDir.resolve("rootfs")).configure(host.name(), host.address(), range,
          addresses, hostKey, clientKey.publicKeyLine("kubestrap-sandbox-" + id()));
    } catch (IOException e) {
      throw new SandboxException("preparing the root filesystem of " + host.name() + " in "
          + hostDir + " failed: " + e.getMessage(), e);
    }
  }

  private SshConfig sshConfig(String address, String fingerprint) {
    return SshConfig.builder()
        .host(address)
        .port(22)
        .user("root")
        .privateKey(clientKey())
        .hostKeyFingerprint(fingerprint)
        .build();
  }

  private void writeKnownHosts(String content) {
    try {
      Files.writeString(knownHosts(), content);
    } catch (IOException e) {
      throw new SandboxException("writing " + knownHosts() + " failed: " + e.getMessage(), e);
    }
  }

  private void saveState() {
    Properties state = new Properties();
    state.setProperty("directory", directory.toString());
    if (bridge != null) {
      state.setProperty("bridge", bridge);
      state.setProperty("range", range.toString());
    }
    state.setProperty("machines", String.join(",",
        machines.stream().map(NspawnMachine::machineName).toList()));
    for (NspawnMachine machine : machines) {
      machine.nspawn().ifPresent(id -> recordProcess(state, machine.machineName() + ".nspawn", id));
      machine.leader().ifPresent(id -> recordProcess(state, machine.machineName() + ".leader", id));
      state.setProperty(machine.machineName() + ".cgroups", String.join(",",
          machine.cgroups().directories().stream().map(Path::toString).toList()));
    }
    claim.save(state);
  }

  private static void recordProcess(Properties state, String key, NspawnMachine.ProcessId id) {
    state.setProperty(key + ".pid", Long.toString(id.pid()));
    state.setProperty(key + ".started", Long.toString(id.started().toEpochMilli()));
  }

  private static void attempt(List<RuntimeException> failures, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /**
   * Settings for a {@link Sandbox}. Defaults: one host named {@code host1}; the first free /27
   * of {@code 198.18.0.0/24} (198.18.0.0/27 on an otherwise idle machine); the base
   * packages only; cache in {@code /var/cache/kubestrap/rootfs}; per-host copies in
   * {@code /var/lib/kubestrap/sandbox}; bridge {@code ksbr-<id>}; boot timeout 2 minutes;
   * shutdown timeout 15 seconds; this machine's Debian suite and apt mirror; no read-only binds;
   * {@link #DEFAULT_REAL_DIRECTORIES} on the real file system.
   */
  public static final class Builder {
    private List<String> hostNames = List.of("host1");
    private AddressRange addressRange;
    private final List<String> packages = new ArrayList<>();
    private final List<ReadOnlyBind> readOnlyBinds = new ArrayList<>();
    private final List<String> realDirectories = new ArrayList<>(DEFAULT_REAL_DIRECTORIES);
    private Path cacheDir = DEFAULT_CACHE_DIR;
    private Path workDir = DEFAULT_WORK_DIR;
    private String bridgeName;
    private Duration bootTimeout = Duration.ofMinutes(2);
    private Duration shutdownTimeout = Duration.ofSeconds(15);
    private String suite;
    private URI mirror;

    private Builder() {}

    /** {@code count} hosts named {@code host1} … {@code host<count>}. Default: 1. */
    public Builder hosts(int count) {
      if (count < 1 || count > 99) {
        throw new IllegalArgumentException("hosts must be 1..99: " + count);
      }
      String[] names = new String[count];
      for (int i = 0; i < count; i++) {
        names[i] = "host" + (i + 1);
      }
      return hosts(names);
    }

    /**
     * Hosts with these names (lowercase hostnames: letters, digits, inner hyphens), addressed in
     * this order from the range's third address on.
     */
    public Builder hosts(String... names) {
      if (names.length < 1 || names.length > 99) {
        throw new IllegalArgumentException("hosts must name 1..99 hosts: " + names.length);
      }
      Set<String> seen = new HashSet<>();
      for (String name : names) {
        if (name == null || !HOSTNAME.matcher(name).matches()) {
          throw new IllegalArgumentException("host name must be a lowercase hostname: '" + name
              + "'");
        }
        if (!seen.add(name)) {
          throw new IllegalArgumentException("host name appears twice: '" + name + "'");
        }
      }
      this.hostNames = List.copyOf(Arrays.asList(names));
      return this;
    }

    /**
     * The IPv4 range for the bridge (first address) and the hosts (following addresses), e.g.
     * {@code 198.18.0.0/24}. It must not overlap any address or route on this machine. Default:
     * the first free /27 of 198.18.0.0/24 (room for 29 hosts each), so that a second sandbox on the
     * same machine takes the next one.
     */
    public Builder addressRange(String cidr) {
      this.addressRange = AddressRange.parse(cidr);
      return this;
    }

    /**
     * Debian packages installed in the root filesystem besides the base (systemd, dbus,
     * openssh-server, iproute2, ca-certificates). Services these packages enable are disabled in
     * the cached root filesystem, so hosts boot blank. Default: none.
     */
    public Builder addPackages(String... names) {
      for (String name : names) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9+.-]+")) {
          throw new IllegalArgumentException("package name is not a Debian package name: '"
              + name + "'");
        }
        packages.add(name);
      }
      return this;
    }

    /** {@link #addPackages(String...)} for a list. */
    public Builder addPackages(List<String> names) {
      return addPackages(names.toArray(String[]::new));
    }

    /**
     * Makes the host directory {@code hostPath} visible read-only at {@code guestPath} on every
     * host ({@code systemd-nspawn --bind-ro}), e.g. a JDK for test programs. Default: none.
     */
    public Builder bindReadOnly(Path hostPath, String guestPath) {
      readOnlyBinds.add(ReadOnlyBind.of(hostPath, guestPath));
      return this;
    }

    /**
     * Puts {@code guestPath} on this machine's file system rather than on the host's overlay root,
     * for programs that stack overlays themselves: containerd's overlay snapshotter cannot use an
     * overlay as its upper layer. Default: {@link #DEFAULT_REAL_DIRECTORIES}.
     */
    public Builder realDirectory(String guestPath) {
      if (guestPath == null || !guestPath.startsWith("/") || guestPath.contains(":") || guestPath.contains("..")) {
        throw new IllegalArgumentException("realDirectory must be an absolute path without ':' or '..': '"
            + guestPath + "'");
      }
      if (!realDirectories.contains(guestPath)) {
        realDirectories.add(guestPath);
      }
      return this;
    }

    /**
     * Where base root filesystems are cached, each in {@code <suite>-<hash of the package list>}.
     * Default: {@code /var/cache/kubestrap/rootfs}.
     */
    public Builder cacheDir(Path directory) {
      this.cacheDir = requireMountable("cacheDir", directory);
      return this;
    }

    /**
     * Where each sandbox keeps its per-host copies, console logs and keys, in {@code <id>/}.
     * Default: {@code /var/lib/kubestrap/sandbox}.
     */
    public Builder workDir(Path directory) {
      this.workDir = requireMountable("workDir", directory);
      return this;
    }

    /** The bridge's name (at most 15 characters). Default: {@code ksbr-<id>}. */
    public Builder bridgeName(String name) {
      if (name == null || !LINK_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "bridgeName must be 1..15 characters of letters, digits, '_', '.', '-': '" + name + "'");
      }
      this.bridgeName = name;
      return this;
    }

    /** How long all hosts together may take to become ready. Default: 2 minutes. */
    public Builder bootTimeout(Duration timeout) {
      this.bootTimeout = requirePositive("bootTimeout", timeout);
      return this;
    }

    /** How long a host may take to power off before it is killed. Default: 15 seconds. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requirePositive("shutdownTimeout", timeout);
      return this;
    }

    /** The Debian suite to bootstrap. Default: this machine's {@code VERSION_CODENAME}. */
    public Builder suite(String codename) {
      if (codename == null || !codename.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("suite must be a Debian codename: '" + codename + "'");
      }
      this.suite = codename;
      return this;
    }

    /** The Debian mirror to bootstrap from. Default: the one this machine's apt uses for the suite. */
    public Builder mirror(URI uri) {
      if (uri == null || uri.getScheme() == null) {
        throw new IllegalArgumentException("mirror must be an absolute URI: " + uri);
      }
      this.mirror = uri;
      return this;
    }

    /**
     * Checks the preconditions without changing anything.
     *
     * @return every failed precondition as a sentence; empty when {@link #start()} can proceed
     */
    public List<String> checkPreconditions() {
      return Preconditions.check(spec(), this::cache, Preconditions.Machine.current());
    }

    /**
     * Cleans leftovers of dead sandboxes, builds the root filesystem if it is not cached, and boots
     * every host; returns once all are ready. On failure everything it made is removed again.
     *
     * @throws SandboxPreconditionException if a precondition fails (nothing was changed)
     * @throws SandboxException if a step fails; the message names the host and ends with its
     *     console
     */
    public Sandbox start() {
      SandboxSpec spec = spec();
      List<String> problems = Preconditions.check(spec, this::cache,
          Preconditions.Machine.current());
      if (!problems.isEmpty()) {
        throw new SandboxPreconditionException(problems);
      }
      RootfsCache cache = cache();
      String ip = Tools.find("ip").orElseThrow();
      long cleaning = System.nanoTime();
      cleanLeftovers(spec.workDir());
      LOG.debug("leftovers checked in {} ms", millisSince(cleaning));
      if (!cache.isBuilt()) {
        String debianSuite = cache.suite();
        AptSources.Source source = mirror == null
            ? AptSources.sourceFor(Path.of("/etc/apt"), debianSuite)
            : new AptSources.Source(mirror, List.of(debianSuite), Optional.empty());
        cache.ensureBuilt(Tools.find("debootstrap").orElseThrow(),
            Tools.find("systemctl").orElseThrow(), source.uri(), source.signedBy());
      }
      SandboxRegistry registry = new SandboxRegistry(SandboxRegistry.DEFAULT_DIRECTORY);
      SandboxRegistry.Claim claim = null;
      while (claim == null) {
        claim = registry.claimNew(HexFormat.of().toHexDigits(RANDOM.nextInt(), 6)).orElse(null);
      }
      Sandbox sandbox = new Sandbox(spec, claim, ip);
      Runtime.getRuntime().addShutdownHook(sandbox.shutdownHook);
      long started = System.nanoTime();
      try {
        sandbox.boot(cache, Tools.find("systemd-nspawn").orElseThrow());
      } catch (RuntimeException e) {
        try {
          sandbox.close();
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      LOG.info("sandbox {} ready in {} ms: {}", sandbox.id(), millisSince(started), sandbox);
      return sandbox;
    }

    SandboxSpec spec() {
      return new SandboxSpec(hostNames, Optional.ofNullable(addressRange), packages, cacheDir,
          workDir, Optional.ofNullable(bridgeName), readOnlyBinds, realDirectories, bootTimeout, shutdownTimeout);
    }

    RootfsCache cache() {
      String debianSuite = suite != null ? suite : AptSources.suiteOf(Path.of("/etc/os-release"));
      return new RootfsCache(cacheDir, debianSuite, packages);
    }

    /** Absolute, and free of what overlay mount options cannot carry. */
    private static Path requireMountable(String field, Path directory) {
      if (directory == null || !directory.isAbsolute()) {
        throw new IllegalArgumentException(field + " must be an absolute path: " + directory);
      }
      if (!directory.toString().matches("[A-Za-z0-9/_.+@-]+")) {
        throw new IllegalArgumentException(field + " may hold only letters, digits and / _ . + @ -"
            + " (it becomes an overlay mount option): " + directory);
      }
      return directory;
    }

    private static Duration requirePositive(String field, Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException(field + " must be positive: " + timeout);
      }
      return timeout;
    }
  }
}
