package dev.kubestrap.cluster;

import dev.kubestrap.transport.ssh.SshConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One machine to install on, and how to reach it: over SSH ({@link #ssh(String, Consumer)}, {@link #of(String,
 * SshConfig)}) or on this machine ({@link #local()}). Immutable: {@link #name} and {@link #address} return changed
 * copies. The SSH settings are {@link SshConfig.Builder}'s, given to it as they are; they are applied and checked
 * by {@link #sshConfig()}, which {@link ClusterBuilder#build()} calls for every host, and nothing is contacted
 * before {@link Cluster#apply()}.
 *
 * <pre>{@code
 * Host node = Host.ssh("10.1.0.16", ssh -> ssh.user("debian").privateKey(key).sudo()).name("node-1");
 * }</pre>
 *
 * <p>Defaults of {@link #ssh(String, Consumer)}: node name = the address; every SSH setting at
 * {@link SshConfig}'s default (user {@value SshConfig#DEFAULT_USER}, port {@value SshConfig#DEFAULT_PORT}, host
 * keys checked against known_hosts with unknown keys refused, no jump host, no sudo, the ssh-agent or the default
 * keys). Defaults of {@link #local()}: name {@code localhost}, address {@code 127.0.0.1}. The address must be an IP
 * literal: it goes into certificates and flags.
 */
public final class Host {

  private final String name;
  private final String address;
  private final boolean local;
  private final SshConfig config;
  private final Consumer<SshConfig.Builder> ssh;

  private Host(String name, String address, boolean local, SshConfig config, Consumer<SshConfig.Builder> ssh) {
    this.name = name;
    this.address = address;
    this.local = local;
    this.config = config;
    this.ssh = ssh;
  }

  /**
   * A host reached over SSH at {@code address} (an IP literal) with {@code settings} applied to an
   * {@link SshConfig.Builder} whose host is the address, e.g. {@code ssh -> ssh.user("core").port(2222)}; named by
   * its address until {@link #name} is set.
   */
  public static Host ssh(String address, Consumer<SshConfig.Builder> settings) {
    Objects.requireNonNull(settings, () -> "ssh settings of host '" + address + "' must not be null");
    return new Host(null, address, false, null, settings);
  }

  /** A host reached over SSH at {@code address} with every SSH setting at its default. */
  public static Host ssh(String address) {
    return ssh(address, settings -> { });
  }

  /** A host reached with a ready {@link SshConfig}; its address is the config's host. */
  public static Host of(String name, SshConfig config) {
    Objects.requireNonNull(config, "ssh config of host '" + name + "' must not be null");
    return new Host(name, config.host(), false, config, null);
  }

  /** This machine, without SSH: name {@code localhost}, address {@code 127.0.0.1} unless set. */
  public static Host local() {
    return new Host("localhost", "127.0.0.1", true, null, null);
  }

  /** The node name (a lowercase RFC 1123 subdomain); default the address. */
  public Host name(String name) {
    return new Host(name, address, local, config, ssh);
  }

  /**
   * The IP address other hosts reach this one at (and that certificates name); an {@link #ssh(String, Consumer)}
   * host is also connected to there unless its settings name another host.
   */
  public Host address(String address) {
    return new Host(name, address, local, config, ssh);
  }

  /** The node name: the one set, else the address. */
  public String name() {
    return name != null ? name : address;
  }

  /** The address as given. */
  public String address() {
    return address;
  }

  /** Whether this is {@link #local()}: reached without SSH. */
  public boolean isLocal() {
    return local;
  }

  /**
   * The SSH configuration of this host (built and checked here), empty for a local host.
   *
   * @throws IllegalArgumentException naming the setting and value that are wrong
   */
  public Optional<SshConfig> sshConfig() {
    if (local) {
      return Optional.empty();
    }
    if (config != null) {
      return Optional.of(config);
    }
    SshConfig.Builder builder = SshConfig.builder().host(address);
    ssh.accept(builder);
    return Optional.of(builder.build());
  }

  /**
   * Where commands go: {@code user@host:port}, or {@code local}; for SSH settings that {@link #sshConfig()} refuses,
   * the address and the reason.
   */
  public String target() {
    if (local) {
      return "local";
    }
    try {
      return sshConfig().orElseThrow().target();
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      // toString must not throw: the settings are refused with their field by ClusterBuilder.build()
      return address + " (ssh settings refused: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "Host[" + name() + " at " + target() + "]";
  }
}
