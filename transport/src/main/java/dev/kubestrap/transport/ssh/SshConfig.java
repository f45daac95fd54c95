package dev.kubestrap.transport.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to reach one host over SSH. Immutable; made by {@link #builder()}.
 *
 * <p>Defaults: port {@value #DEFAULT_PORT}, user {@value #DEFAULT_USER}; host keys checked against {@code ~/.ssh/known_hosts} and
 * {@code /etc/ssh/ssh_known_hosts} (unknown and revoked keys refused); OpenSSH's current client algorithms only;
 * connect timeout 10 s; command timeout 10 min; keep-alive every 5 s and a host that sends nothing for 20 s taken
 * for dead; no sudo. Without any authentication method set, the ssh-agent (when {@code SSH_AUTH_SOCK} is set) and the
 * unencrypted default keys {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa} are tried.
 *
 * <p>{@link #toString()} shows {@code user@host:port} and the shape of the configuration, never a
 * password, a passphrase or key material.
 *
 * <pre>{@code
 * SshConfig node = SshConfig.builder()
 *     .host("198.18.0.2")
 *     .user("debian")
 *     .privateKey(Path.of("keys/id_ed25519"))
 *     .sudo()
 *     .build();
 * try (SshTransport ssh = node.connect()) { ... }
 * }</pre>
 */
public final class SshConfig {
  /** The TCP port when none is set. */
  public static final int DEFAULT_PORT = 22;
  /** The login user when none is set. */
  public static final String DEFAULT_USER = "root";
  /** Connect timeout when none is set: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Command timeout when none is set: 10 minutes. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);
  /** The system-wide known_hosts file OpenSSH reads: {@code /etc/ssh/ssh_known_hosts}. */
  public static final Path DEFAULT_GLOBAL_KNOWN_HOSTS = Path.of("/etc/ssh/ssh_known_hosts");
  /** Keep-alive interval when none is set: 5 seconds. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(5);
  /** How long a host may send nothing before its connection is taken for dead, when none is set: 20 seconds. */
  public static final Duration DEFAULT_DEAD_PEER_TIMEOUT = Duration.ofSeconds(20);

  private final String host;
  private final int port;
  private final String user;
  private final List<PrivateKey> privateKeys;
  private final Supplier<char[]> password;
  private final boolean agent;
  private final Path agentSocket;
  private final Path knownHosts;
  private final Path globalKnownHosts;
  private final String hostKeyFingerprint;
  private final boolean acceptNewHostKeys;
  private final SshConfig jumpHost;
  private final boolean sudo;
  private final Supplier<char[]> sudoPassword;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final Duration keepAlive;
  private final Duration deadPeerTimeout;
  private final boolean legacyAlgorithms;

  private SshConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.user = b.user;
    this.privateKeys = List.copyOf(b.privateKeys);
    this.password = b.password;
    this.agent = b.agent;
    this.agentSocket = b.agentSocket;
    this.knownHosts = b.knownHosts;
    this.globalKnownHosts = b.globalKnownHosts;
    this.hostKeyFingerprint = b.hostKeyFingerprint;
    this.acceptNewHostKeys = b.acceptNewHostKeys;
    this.jumpHost = b.jumpHost;
    this.sudo = b.sudo;
    this.sudoPassword = b.sudoPassword;
    this.connectTimeout = b.connectTimeout;
    this.commandTimeout = b.commandTimeout;
    this.keepAlive = b.keepAlive;
    this.deadPeerTimeout = b.deadPeerTimeout;
    this.legacyAlgorithms = b.legacyAlgorithms;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preloaded with this configuration, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Opens a connection to the host. */
  public SshTransport connect() {
    return SshTransport.connect(this);
  }

  /** {@code user@host:port}. */
  public String target() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return user + "@" + shownHost + ":" + port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  /** The private key files to offer, in order. */
  public List<PrivateKey> privateKeys() {
    return privateKeys;
  }

  public Optional<Supplier<char[]>> password() {
    return Optional.ofNullable(password);
  }

  /** Whether an ssh-agent is asked for keys. */
  public boolean agent() {
    return agent;
  }

  /** The agent socket; empty means {@code SSH_AUTH_SOCK} at connect time. */
  public Optional<Path> agentSocket() {
    return Optional.ofNullable(agentSocket);
  }

  /** True when no authentication method was set, so the agent and default keys are tried. */
  public boolean usesDefaultAuthentication() {
    return privateKeys.isEmpty() && password == null && !agent;
  }

  /** The user's known_hosts file: read, and the only one {@link #acceptNewHostKeys()} writes to. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** The system-wide known_hosts file, read as OpenSSH reads it (never written). */
  public Path globalKnownHosts() {
    return globalKnownHosts;
  }

  /** The pinned {@code SHA256:...} host key fingerprint; when set, known_hosts is not consulted. */
  public Optional<String> hostKeyFingerprint() {
    return Optional.ofNullable(hostKeyFingerprint);
  }

  public boolean acceptNewHostKeys() {
    return acceptNewHostKeys;
  }

  public Optional<SshConfig> jumpHost() {
    return Optional.ofNullable(jumpHost);
  }

  public boolean sudo() {
    return sudo;
  }

  public Optional<Supplier<char[]>> sudoPassword() {
    return Optional.ofNullable(sudoPassword);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** The keep-alive interval; {@link Duration#ZERO} means none (and no dead-peer detection). */
  public Duration keepAlive() {
    return keepAlive;
  }

  /**
   * How long the host may send nothing at all (no answer to a keep-alive, no output, no acknowledgement of
   * uploaded data) before the connection is cut and every operation on it fails with {@code connection lost}.
   */
  public Duration deadPeerTimeout() {
    return deadPeerTimeout;
  }

  /** Whether algorithms older than OpenSSH's current client defaults are offered too (see {@link Builder#legacyAlgorithms()}). */
  public boolean legacyAlgorithms() {
    return legacyAlgorithms;
  }

  @Override
  public String toString() {
    List<String> traits = new ArrayList<>();
    privateKeys.forEach(k -> traits.add("key " + k.path() + (k.passphrase().isPresent() ? " (encrypted)" : "")));
    if (password != null) {
      traits.add("password");
    }
    if (agent) {
      traits.add(agentSocket == null ? "agent" : "agent " + agentSocket);
    }
    if (usesDefaultAuthentication()) {
      traits.add("default keys");
    }
    traits.add(hostKeyFingerprint != null ? "pinned " + hostKeyFingerprint
        : "known_hosts " + knownHosts + " and " + globalKnownHosts + (acceptNewHostKeys ? " (accept new)" : ""));
    if (sudo) {
      traits.add(sudoPassword == null ? "sudo" : "sudo with password");
    }
    if (jumpHost != null) {
      traits.add("via " + jumpHost.target());
    }
    if (legacyAlgorithms) {
      traits.add("legacy algorithms");
    }
    return "SshConfig[" + target() + ", " + String.join(", ", traits) + "]";
  }

  /**
   * A private key file (OpenSSH, PEM/PKCS#8 or PuTTY format) and, when it is encrypted, where its
   * passphrase comes from. {@code toString()} never shows the passphrase.
   */
  public record PrivateKey(Path path, Optional<Supplier<char[]>> passphrase) {
    public PrivateKey {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(passphrase, "passphrase");
    }

    @Override
    public String toString() {
      return "PrivateKey[" + path + (passphrase.isPresent() ? ", encrypted" : "") + "]";
    }
  }

  /** Builds an {@link SshConfig}; {@link #build()} validates and names the field and value on error. */
  public static final class Builder {
    private String host;
    private int port = DEFAULT_PORT;
    private String user = DEFAULT_USER;
    private final List<PrivateKey> privateKeys = new ArrayList<>();
    private Supplier<char[]> password;
    private boolean agent;
    private Path agentSocket;
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private Path globalKnownHosts = DEFAULT_GLOBAL_KNOWN_HOSTS;
    private String hostKeyFingerprint;
    private boolean acceptNewHostKeys;
    private SshConfig jumpHost;
    private boolean sudo;
    private Supplier<char[]> sudoPassword;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Duration deadPeerTimeout = DEFAULT_DEAD_PEER_TIMEOUT;
    private boolean legacyAlgorithms;

    private Builder() {}

    private Builder(SshConfig c) {
      host = c.host;
      port = c.port;
      user = c.user;
      privateKeys.addAll(c.privateKeys);
      password = c.password;
      agent = c.agent;
      agentSocket = c.agentSocket;
      knownHosts = c.knownHosts;
      globalKnownHosts = c.globalKnownHosts;
      hostKeyFingerprint = c.hostKeyFingerprint;
      acceptNewHostKeys = c.acceptNewHostKeys;
      jumpHost = c.jumpHost;
      sudo = c.sudo;
      sudoPassword = c.sudoPassword;
      connectTimeout = c.connectTimeout;
      commandTimeout = c.commandTimeout;
      keepAlive = c.keepAlive;
      deadPeerTimeout = c.deadPeerTimeout;
      legacyAlgorithms = c.legacyAlgorithms;
    }

    /** Host name or IP address (required). */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** TCP port; default {@value SshConfig#DEFAULT_PORT}. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Login user; default {@value SshConfig#DEFAULT_USER}. */
    public Builder user(String value) {
      this.user = value;
      return this;
    }

    /** Adds an unencrypted private key file to offer. */
    public Builder privateKey(Path path) {
      privateKeys.add(new PrivateKey(Objects.requireNonNull(path, "privateKey"), Optional.empty()));
      return this;
    }

    /**
     * Adds an encrypted private key file; the passphrase is asked for only when the key is loaded. The array the
     * supplier returns is copied, never written to.
     */
    public Builder privateKey(Path path, Supplier<char[]> passphrase) {
      privateKeys.add(new PrivateKey(
          Objects.requireNonNull(path, "privateKey"), Optional.of(Objects.requireNonNull(passphrase, "passphrase"))));
      return this;
    }

    /**
     * Password authentication (also answers keyboard-interactive prompts); tried after keys. The supplier is asked
     * at each login; the array it returns is copied, never written to, so it may return the same array every time.
     */
    public Builder password(Supplier<char[]> value) {
      this.password = Objects.requireNonNull(value, "password");
      return this;
    }

    /** Offers the keys of the ssh-agent at {@code SSH_AUTH_SOCK}; tried before key files. */
    public Builder agent() {
      this.agent = true;
      return this;
    }

    /** Offers the keys of the ssh-agent listening on this Unix socket; tried before key files. */
    public Builder agent(Path socket) {
      this.agent = true;
      this.agentSocket = Objects.requireNonNull(socket, "agent socket");
      return this;
    }

    /**
     * The user's OpenSSH known_hosts file (hashed entries, wildcards, {@code @revoked} and {@code @cert-authority}
     * lines understood); default {@code ~/.ssh/known_hosts}. New keys are appended here only.
     */
    public Builder knownHosts(Path value) {
      this.knownHosts = Objects.requireNonNull(value, "knownHosts");
      return this;
    }

    /**
     * The system-wide known_hosts file, read like the user's (a key known or revoked in either counts), never
     * written; default {@code /etc/ssh/ssh_known_hosts}, OpenSSH's own. A missing file is simply empty.
     */
    public Builder globalKnownHosts(Path value) {
      this.globalKnownHosts = Objects.requireNonNull(value, "globalKnownHosts");
      return this;
    }

    /**
     * Pins the host key: only a key with this {@code SHA256:<base64>} fingerprint (as {@code ssh-keygen -lf}
     * prints it) is accepted, and known_hosts is not consulted.
     */
    public Builder hostKeyFingerprint(String sha256Fingerprint) {
      this.hostKeyFingerprint = sha256Fingerprint;
      return this;
    }

    /**
     * Opt-in trust on first use: a host with no entry in known_hosts is accepted and its key appended
     * to the file. A host whose key differs from its entry is still refused. Off by default.
     */
    public Builder acceptNewHostKeys() {
      this.acceptNewHostKeys = true;
      return this;
    }

    /** Reaches the host through this bastion (which may itself have a jump host). */
    public Builder jumpHost(SshConfig value) {
      this.jumpHost = Objects.requireNonNull(value, "jumpHost");
      return this;
    }

    /** Runs every command and file operation through {@code sudo -n} (passwordless sudo). */
    public Builder sudo() {
      this.sudo = true;
      this.sudoPassword = null;
      return this;
    }

    /**
     * Runs every command and file operation through {@code sudo}, answering its password prompt on
     * stdin (never on the command line). Works with passwordless rules too: the password is only sent
     * when sudo asks for it. Each transport asks the supplier once, keeps a copy of its own (the caller's array is
     * never written to) and wipes that copy when it closes.
     */
    public Builder sudo(Supplier<char[]> password) {
      this.sudo = true;
      this.sudoPassword = Objects.requireNonNull(password, "sudo password");
      return this;
    }

    /** TCP connect, key exchange and authentication timeout; default 10 s. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Timeout of commands that set none; default 10 min. */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = value;
      return this;
    }

    /**
     * Keep-alive interval; default 5 s; {@link Duration#ZERO} turns keep-alive and dead-peer detection off (a
     * partitioned host then fails an operation only when TCP gives up, or at the command timeout).
     */
    public Builder keepAlive(Duration value) {
      this.keepAlive = value;
      return this;
    }

    /**
     * How long the host may send nothing before the connection is taken for dead; default 20 s; must be longer
     * than the keep-alive interval. Every byte from the host counts, so a long upload on a slow link, which the
     * host acknowledges as it goes, is not cut.
     */
    public Builder deadPeerTimeout(Duration value) {
      this.deadPeerTimeout = value;
      return this;
    }

    /**
     * Opt-in for old servers: after OpenSSH's current client defaults, also offers algorithms OpenSSH no longer
     * offers by default: SHA-1 key exchanges (diffie-hellman-group1-sha1, -group14-sha1, -group-exchange-sha1),
     * SHA-1 RSA and DSA host keys (ssh-rsa, ssh-dss), CBC ciphers (AES-CBC, 3DES-CBC) and the MD5 and truncated
     * SHA-1 MACs. Off by default: a server that offers only such algorithms is refused, with a message naming them.
     */
    public Builder legacyAlgorithms() {
      this.legacyAlgorithms = true;
      return this;
    }

    public SshConfig build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be empty: '" + (host == null ? "" : host) + "'");
      }
      if (!host.matches("[A-Za-z0-9_.:%-]+")) {
        throw new IllegalArgumentException("host must be a host name or IP address: '" + host + "'");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
      }
      if (user == null || !user.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*\\$?")) {
        throw new IllegalArgumentException("user must be a user name: '" + user + "'");
      }
      for (PrivateKey key : privateKeys) {
        if (!Files.isReadable(key.path())) {
          throw new IllegalArgumentException("privateKey must be a readable file: " + key.path());
        }
      }
      if (hostKeyFingerprint != null && !isSha256Fingerprint(hostKeyFingerprint)) {
        throw new IllegalArgumentException(
            "hostKeyFingerprint must look like SHA256:<43 base64 characters>: '" + hostKeyFingerprint + "'");
      }
      if (hostKeyFingerprint != null && acceptNewHostKeys) {
        throw new IllegalArgumentException(
            "acceptNewHostKeys cannot be combined with hostKeyFingerprint: '" + hostKeyFingerprint + "'");
      }
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("commandTimeout", commandTimeout);
      if (keepAlive == null || keepAlive.isNegative()) {
        throw new IllegalArgumentException("keepAlive must not be negative: " + keepAlive);
      }
      if (!keepAlive.isZero() && keepAlive.toMillis() < 100) {
        throw new IllegalArgumentException("keepAlive must be zero or at least 100 ms: " + keepAlive);
      }
      requirePositive("deadPeerTimeout", deadPeerTimeout);
      if (!keepAlive.isZero() && deadPeerTimeout.compareTo(keepAlive) <= 0) {
        throw new IllegalArgumentException("deadPeerTimeout must be longer than keepAlive (" + keepAlive + "): "
            + deadPeerTimeout);
      }
      return new SshConfig(this);
    }

    private static boolean isSha256Fingerprint(String value) {
      if (!value.startsWith("SHA256:") || value.length() != "SHA256:".length() + 43) {
        return false;
      }
      try {
        return Base64.getDecoder().decode(value.substring(7) + "=").length == 32;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private static void requirePositive(String field, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
    }
  }
}
