package dev.kubestrap.cluster;

import dev.kubestrap.transport.ssh.SshConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One machine to install on, and how to reach it: over SSH ({@link #ssh(String)}, {@link #of(String,
 * SshConfig)}) or on this machine ({@link #local()}). A thin, immutable layer over {@link SshConfig}: each
 * setter returns a changed copy, and nothing is checked or contacted until {@link ClusterBuilder#build()}
 * (which checks every host) and {@link Cluster#apply()} (which connects).
 *
 * <p>Defaults of {@link #ssh(String)}: node name = the address; user {@code root}, port 22, host keys checked
 * against {@code ~/.ssh/known_hosts} (unknown keys refused), no jump host, no sudo, the ssh-agent or the
 * default keys when no identity is given. Defaults of {@link #local()}: name {@code localhost}, address
 * {@code 127.0.0.1}. The address must be an IP literal: it goes into certificates and flags.
 */
public final class Host {

  private final String name;
  private final String address;
  private final boolean local;
  private final SshConfig config;
  private final Ssh ssh;

  /** The SSH settings a {@link #ssh(String)} host collects before they become an {@link SshConfig}. */
  private record Ssh(String user, Integer port, Path identity, Path knownHosts, String fingerprint,
      boolean acceptNewHostKeys, Host jumpHost, boolean sudo) {}

  private Host(String name, String address, boolean local, SshConfig config, Ssh ssh) {
    this.name = name;
    this.address = address;
    this.local = local;
    this.config = config;
    this.ssh = ssh;
  }

  /** A host reached over SSH at {@code address} (an IP literal), named by its address until {@link #name} is set. */
  public static Host ssh(String address) {
    return new Host(null, address, false, null, new Ssh(null, null, null, null, null, false, null, false));
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

  /** The IP address other hosts reach this one at (and that certificates name). */
  public Host address(String address) {
    return new Host(name, address, local, config, ssh);
  }

  /** SSH login user; default {@code root}. */
  public Host user(String user) {
    Ssh s = requireSsh("user");
    return withSsh(new Ssh(user, s.port, s.identity, s.knownHosts, s.fingerprint, s.acceptNewHostKeys, s.jumpHost, s.sudo));
  }

  /** SSH port; default 22. */
  public Host port(int port) {
    Ssh s = requireSsh("port");
    return withSsh(new Ssh(s.user, port, s.identity, s.knownHosts, s.fingerprint, s.acceptNewHostKeys, s.jumpHost, s.sudo));
  }

  /** An unencrypted private key file; default the ssh-agent or {@code ~/.ssh/id_*}. */
  public Host identity(Path privateKey) {
    Ssh s = requireSsh("identity");
    return withSsh(new Ssh(s.user, s.port, privateKey, s.knownHosts, s.fingerprint, s.acceptNewHostKeys, s.jumpHost, s.sudo));
  }

  /** The known_hosts file the host key is checked against; default {@code ~/.ssh/known_hosts}. */
  public Host knownHosts(Path knownHosts) {
    Ssh s = requireSsh("knownHosts");
    return withSsh(new Ssh(s.user, s.port, s.identity, knownHosts, s.fingerprint, s.acceptNewHostKeys, s.jumpHost, s.sudo));
  }

  /** Pins the host key by its {@code SHA256:...} fingerprint instead of known_hosts. */
  public Host hostKeyFingerprint(String fingerprint) {
    Ssh s = requireSsh("hostKeyFingerprint");
    return withSsh(new Ssh(s.user, s.port, s.identity, s.knownHosts, fingerprint, s.acceptNewHostKeys, s.jumpHost, s.sudo));
  }

  /** Opt-in: trust and remember an unknown host key on first contact (a changed key is still refused). */
  public Host acceptNewHostKeys() {
    Ssh s = requireSsh("acceptNewHostKeys");
    return withSsh(new Ssh(s.user, s.port, s.identity, s.knownHosts, s.fingerprint, true, s.jumpHost, s.sudo));
  }

  /** Reaches this host through {@code jumpHost} (an SSH host). */
  public Host jumpHost(Host jumpHost) {
    Ssh s = requireSsh("jumpHost");
    return withSsh(new Ssh(s.user, s.port, s.identity, s.knownHosts, s.fingerprint, s.acceptNewHostKeys, jumpHost, s.sudo));
  }

  /** Runs commands and writes files through password-less {@code sudo}; needed for a non-root user. */
  public Host sudo() {
    Ssh s = requireSsh("sudo");
    return withSsh(new Ssh(s.user, s.port, s.identity, s.knownHosts, s.fingerprint, s.acceptNewHostKeys, s.jumpHost, true));
  }

  private Ssh requireSsh(String setting) {
    if (ssh == null) {
      throw new IllegalStateException(setting + " applies only to Host.ssh(address) hosts, not to " + this);
    }
    return ssh;
  }

  private Host withSsh(Ssh changed) {
    return new Host(name, address, local, config, changed);
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
    SshConfig.Builder b = SshConfig.builder().host(address);
    if (ssh.user != null) {
      b.user(ssh.user);
    }
    if (ssh.port != null) {
      b.port(ssh.port);
    }
    if (ssh.identity != null) {
      b.privateKey(ssh.identity);
    }
    if (ssh.knownHosts != null) {
      b.knownHosts(ssh.knownHosts);
    }
    if (ssh.fingerprint != null) {
      b.hostKeyFingerprint(ssh.fingerprint);
    }
    if (ssh.acceptNewHostKeys) {
      b.acceptNewHostKeys();
    }
    if (ssh.jumpHost != null) {
      b.jumpHost(ssh.jumpHost.sshConfig().orElseThrow(
          () -> new IllegalArgumentException("jumpHost must be an SSH host: " + ssh.jumpHost)));
    }
    if (ssh.sudo) {
      b.sudo();
    }
    return Optional.of(b.build());
  }

  /** Where commands go: {@code user@host:port}, or {@code local}. */
  public String target() {
    if (local) {
      return "local";
    }
    if (config != null) {
      return config.target();
    }
    return (ssh.user != null ? ssh.user : "root") + "@" + address + ":" + (ssh.port != null ? ssh.port : 22);
  }

  @Override
  public String toString() {
    return "Host[" + name() + " at " + target() + "]";
  }
}
