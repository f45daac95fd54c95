package dev.kubestrap.transport.ssh;

import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.RemoteCommandException;
import dev.kubestrap.transport.RemoteFileException;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.Tunnel;
import dev.kubestrap.transport.internal.PinnedPuts;
import dev.kubestrap.transport.internal.RemotePaths;
import dev.kubestrap.transport.internal.Sha256;
import dev.kubestrap.transport.internal.StreamPumps;
import dev.kubestrap.transport.internal.TempNames;
import dev.kubestrap.transport.internal.UploadSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} contract over SSH (sshj): one connection per host, reused for every command
 * and file transfer, several channels at once, and on request a second one for long transfers
 * ({@link #bulk()}). Thread-safe: any number of threads may call {@code exec},
 * {@code put} and {@code get} concurrently. If the connection drops, the next operation reconnects.
 *
 * <p>Uploads stream over a channel of their own into a temporary file on the host (under sudo when
 * configured), which the host hashes (OpenSSL once the file is written, or {@code tee | sha256sum} as it is
 * written where OpenSSL is missing); they are atomic and verified (see {@link Transport}). Downloads stream {@code cat} the same way. Short commands
 * without stdin run in a few long-lived shells on the host (see {@link CommandShell}), which spares a new
 * SSH session, login shell and sudo for every command.
 *
 * <pre>{@code
 * try (SshTransport host = SshTransport.connect(config)) {
 *   host.run(Command.of("systemctl", "daemon-reload"));
 * }
 * }</pre>
 */
public final class SshTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);
  /**
   * Session channels (transfers and commands with stdin) one connection opens at once. Together with
   * {@link #MAX_SHELLS} this stays below OpenSSH's default {@code MaxSessions} of 10, with room for
   * channels that are still closing.
   */
  static final int MAX_CHANNELS = 3;
  /**
   * Uploads of at most this many bytes go in one command through a command shell (see {@link #sendSmall}); the
   * content goes base64-encoded as one shell argument, which Linux limits to 128 KiB.
   */
  static final int SMALL_PUT_BYTES = 64 * 1024;
  /** Long-lived command shells per connection, so at most this many commands run at once. */
  static final int MAX_SHELLS = 4;
  /** How long after the client-side timeout the remote watchdog kills the command. */
  private static final long WATCHDOG_SLACK_SECONDS = 2;

  private final SshConfig config;
  /** This transport's own copy of the sudo password, or null; wiped by {@link #close()}. */
  private final OwnedSecret sudoPassword;
  private final StreamPumps pumps;
  private final Object lock = new Object();
  private SshConnection connection;
  /** The second connection for long transfers ({@link #bulk()}), or null until one is asked for. */
  private SshTransport bulk;
  private volatile boolean closed;

  private SshTransport(SshConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.sudoPassword = config.sudoPassword().map(OwnedSecret::new).orElse(null);
    this.pumps = new StreamPumps("ssh-" + config.host());
  }

  /** Connects and authenticates now; failures name the host. */
  public static SshTransport connect(SshConfig config) {
    SshTransport transport = new SshTransport(config);
    try {
      transport.connection();
      return transport;
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  public SshConfig config() {
    return config;
  }

  @Override
  public String target() {
    return config.target();
  }

  /** Whether the underlying connection is currently up (it is re-established on demand). */
  public boolean isConnected() {
    synchronized (lock) {
      return connection != null && connection.isAlive();
    }
  }

  SshConnection connection() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("transport to " + target() + " is closed");
      }
      if (connection != null && !connection.isAlive()) {
        LOG.info("Connection to {} was lost; reconnecting", target());
        connection.close();
        connection = null;
      }
      if (connection == null) {
        connection = SshConnection.open(config, pumps);
      }
      return connection;
    }
  }

  /** Forwards a port on this machine's loopback to {@code port} on the host's, over this connection. */
  @Override
  public Tunnel tunnel(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    return new SshTunnel(connection().client(), target(), port);
  }

  // ---------------------------------------------------------------- commands

  /**
   * Commands without stdin run in one of the connection's {@link CommandShell}s; commands with stdin,
   * and every command when no shell can be started on the host, run in a session of their own.
   */
  @Override
  public ExecResult exec(Command command) {
    if (command.stdin().isEmpty()) {
      Optional<ExecResult> result = execInShell(command);
      if (result.isPresent()) {
        return result.get();
      }
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    InputStream stdin = new ByteArrayInputStream(command.stdin().orElse(new byte[0]));
    int exitCode = execStreams(command, stdin, stdout, stderr);
    return ExecResult.of(exitCode, stdout.toByteArray(), stderr.toByteArray());
  }

  private Optional<ExecResult> execInShell(Command command) {
    return execInShell(command, (shell, deadline) -> shell.run(command, pumps, deadline));
  }

  /** How a command reaches a borrowed shell: as {@code sh -c} or as a script in the shell's subshell itself. */
  @FunctionalInterface
  private interface ShellCall {
    Optional<ExecResult> run(CommandShell shell, Instant deadline) throws IOException, InterruptedException;
  }

  /** Runs {@code call} in a borrowed shell; {@code command} names it in logs and errors and sets its timeout. */
  private Optional<ExecResult> execInShell(Command command, ShellCall call) {
    Duration timeout = command.timeout().orElse(config.commandTimeout());
    Instant deadline = Instant.now().plus(timeout);
    SshConnection conn = connection();
    CommandShell shell;
    try {
      shell = conn.borrowShell(config, sudoPassword, pumps, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RemoteCommandException.noExitStatus(target(), command, "interrupted", "");
    }
    if (shell == null) {
      return Optional.empty();
    }
    LOG.debug("exec on {}{}: {}", target(), config.sudo() ? " (sudo)" : "", command.display());
    try {
      Optional<ExecResult> result = call.run(shell, deadline);
      if (result.isEmpty()) {
        kill(shell);
        throw RemoteCommandException.timedOut(target(), command, timeout, "");
      }
      return result;
    } catch (IOException e) {
      if (connectionLost(conn, e)) {
        throw new ConnectionException(target(), "exec " + command.display(), lost(conn, e), e);
      }
      throw RemoteCommandException.noExitStatus(target(), command,
          "the command shell ended unexpectedly: " + describe(e), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(shell);
      throw RemoteCommandException.noExitStatus(target(), command, "interrupted", "");
    } finally {
      conn.returnShell(shell);
    }
  }

  /** Kills an overrunning shell's process group from a separate session; the caller then drops the shell. */
  private void kill(CommandShell shell) {
    shell.processGroup().ifPresent(group -> {
      try {
        Command kill = Command.of("kill", "-KILL", "--", "-" + group).withTimeout(Duration.ofSeconds(15));
        execStreams(kill, InputStream.nullInputStream(), OutputStream.nullOutputStream(), new ByteArrayOutputStream());
      } catch (RuntimeException e) {
        LOG.debug("could not kill process group {} on {}: {}", group, target(), e.toString());
      }
    });
  }

  /**
   * Runs a command in a session of its own: stdout is streamed into {@code stdout} while stdin is fed from
   * {@code stdin}; the command's stderr, kept on the host while it runs, follows into {@code stderr} once it
   * ended (see {@link ChannelOutput}). Returns the exit code. Package-private for the tests of hostile output.
   */
  int execStreams(Command command, InputStream stdin, OutputStream stdout, ByteArrayOutputStream stderr) {
    Duration timeout = command.timeout().orElse(config.commandTimeout());
    Instant deadline = Instant.now().plus(timeout);
    String operation = "exec " + command.display();
    LOG.debug("exec on {}{}: {}", target(), config.sudo() ? " (sudo)" : "", command.display());
    SshConnection conn = connection();
    Session session = null;
    boolean channelHeld = false;
    try {
      if (!conn.acquireChannel(deadline)) {
        throw RemoteCommandException.timedOut(target(), command, timeout, "");
      }
      channelHeld = true;
      session = conn.client().startSession();
      String token = ChannelOutput.newToken();
      Session.Command running = session.exec(remoteForm(command, timeout, token).toShell());
      SudoHandshake sudo = sudoPassword == null ? null : new SudoHandshake(sudoPassword, stderr);
      ChannelOutput output =
          new ChannelOutput(token, sudo == null ? ChannelOutput.toStderr(stderr) : sudo, stdout, stderr);
      Future<Long> out = pumps.drain(running.getInputStream(), output);
      Future<?> in = sudo == null
          ? pumps.feed(stdin, running.getOutputStream())
          : pumps.submit(() -> {
            sudo.feed(stdin, running.getOutputStream(), deadline);
            return null;
          });
      if (!StreamPumps.await(out, deadline)) {
        in.cancel(true);
        stop(running);
        session = null;
        throw RemoteCommandException.timedOut(target(), command, timeout, stderr.toString());
      }
      output.close();
      in.cancel(true);
      try {
        running.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      } catch (net.schmizz.sshj.connection.ConnectionException e) {
        if (Instant.now().isBefore(deadline) || connectionLost(conn, e)) {
          throw e;
        }
        stop(running);
        session = null;
        throw RemoteCommandException.timedOut(target(), command, timeout, stderr.toString());
      }
      // only a login shell writes here, before the command starts; read last so it cannot hold back stdout
      appendAvailable(running.getErrorStream(), stderr);
      Integer status = running.getExitStatus();
      if (status == null) {
        Signal signal = running.getExitSignal();
        String why = signal != null ? "killed by signal " + signal
            : conn.isAlive() ? "ended without an exit status"
            : "connection lost while the command ran" + conn.deadPeer().map(d -> ": " + d).orElse("");
        throw RemoteCommandException.noExitStatus(target(), command, why, stderr.toString());
      }
      return status;
    } catch (IOException e) {
      if (session != null) {
        // closing waits for the server's answer, which a broken connection may never send
        Session broken = session;
        session = null;
        pumps.submit(() -> {
          closeQuietly(broken);
          return null;
        });
      }
      throw connectionFailure(conn, operation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RemoteCommandException.noExitStatus(target(), command, "interrupted", stderr.toString());
    } finally {
      closeQuietly(session);
      if (channelHeld) {
        conn.releaseChannel();
      }
    }
  }

  /**
   * What the server runs, inside out: the command under a remote watchdog (OpenSSH ignores signal requests for
   * some sessions, and closing a channel does not stop its process); its stderr kept aside and printed after its
   * stdout ({@link RemoteScripts#ONE_STREAM}); that under sudo when configured; and everything, sudo's own
   * messages included, on stdout ({@link RemoteScripts#JOIN_STDERR}).
   */
  private Command remoteForm(Command command, Duration timeout, String token) {
    long seconds = (timeout.toMillis() + 999) / 1000 + WATCHDOG_SLACK_SECONDS;
    Command guarded = command.prefixed("sh", "-c", RemoteScripts.WATCHDOG, String.valueOf(seconds))
        .prefixed("sh", "-c", RemoteScripts.ONE_STREAM, "sh", token);
    if (config.sudo()) {
      guarded = sudoPassword != null
          ? guarded.prefixed(SudoHandshake.prefix())
          : guarded.prefixed("sudo", "-n", "--");
    }
    return guarded.prefixed("sh", "-c", RemoteScripts.JOIN_STDERR, "sh");
  }

  /** Copies what a finished channel's stream still holds, without waiting for more. */
  private static void appendAvailable(InputStream in, ByteArrayOutputStream sink) throws IOException {
    int available = in.available();
    if (available > 0) {
      byte[] rest = new byte[available];
      sink.write(rest, 0, in.read(rest));
    }
  }

  /**
   * Gives up on a running command without waiting: asks for KILL (honoured by OpenSSH only for
   * privilege-separated sessions) and closes the channel in the background, since the server answers
   * the close only once the process is gone; the remote watchdog makes sure it goes.
   */
  private void stop(Session.Command running) {
    try {
      running.signal(Signal.KILL);
    } catch (IOException | RuntimeException ignored) {
      // not fatal: the watchdog ends the process
    }
    pumps.submit(() -> {
      closeQuietly(running);
      return null;
    });
  }

  private ConnectionException connectionFailure(SshConnection conn, String operation, Exception e) {
    String reason = connectionLost(conn, e) ? lost(conn, e) : describe(e);
    return new ConnectionException(target(), operation, reason, e);
  }

  /** {@code connection lost: <why>}, the dead-peer verdict when the watch cut the connection. */
  private static String lost(SshConnection conn, Throwable e) {
    return "connection lost: " + conn.deadPeer().orElseGet(() -> describe(e));
  }

  /**
   * Whether a failure means the whole connection is gone, not just one channel. sshj reports the broken
   * transport to the channel streams before it marks the client disconnected, so the cause counts too.
   */
  private static boolean connectionLost(SshConnection conn, Throwable e) {
    if (!conn.isAlive()) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSHException ssh && ssh.getDisconnectReason() == DisconnectReason.CONNECTION_LOST) {
        return true;
      }
      if (cause instanceof java.net.SocketException || String.valueOf(cause.getMessage()).contains("Broken transport")) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Runs one of {@link RemoteScripts} and turns a failure into a {@link RemoteFileException}. */
  private ExecResult fileScript(String operation, String remotePath, String script, String... args) {
    ExecResult result = exec(Command.script(script, args));
    if (!result.succeeded()) {
      throw new RemoteFileException(target(), operation, remotePath, "exit code " + result.exitCode()
          + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
    }
    return result;
  }

  // ---------------------------------------------------------------- uploads

  /**
   * Three steps: a prepare script (parent directory, stray cleanup, current sha256), the content
   * streamed into a temporary file on a channel of its own (under sudo when configured) and hashed by the
   * host, then, once the host's sum of the written bytes equals the local one, mode, owner and the rename.
   * A new target needs no local hashing before sending: the local sum is taken as the bytes go.
   */
  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    return put(UploadSource.of(content), remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    return put(UploadSource.of(localFile), remotePath, mode);
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    return put(UploadSource.of(content), remotePath, mode);
  }

  /**
   * Two commands and no hashing here: a prepare script in a command shell ({@link RemoteScripts#PREPARE_PINNED}:
   * parent directory, stray cleanup, and mode and owner when the target already has the pinned content), then the
   * content on a session of its own into a temporary file, which the host hashes and renames over the target only
   * when the sum is the pinned one ({@link RemoteScripts#RECEIVE_PINNED}). A file of at most 64 KiB is hashed here
   * and sent in one command like any small upload.
   */
  @Override
  public PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    PinnedPuts.requireSha256(sha256);
    RemotePaths.requireFile(remotePath);
    Objects.requireNonNull(mode, "mode");
    try (UploadSource source = UploadSource.of(localFile)) {
      if (source.size() <= SMALL_PUT_BYTES) {
        String local = source.sha256();
        if (!local.equals(sha256)) {
          throw PinnedPuts.differs(target(), remotePath, localFile, sha256, local);
        }
        return send(source, remotePath, mode);
      }
      LOG.debug("put on {}: {} ({} bytes, {}, pinned {})", target(), remotePath, source.size(), mode, sha256);
      String answer = fileScript("put", remotePath, RemoteScripts.PREPARE_PINNED, remotePath, sha256, mode.octal(),
          mode.chownSpec()).stdoutTrimmed();
      if (answer.equals("same")) {
        return new PutResult(remotePath, sha256, 0, true);
      }
      if (!answer.equals("send")) {
        throw new RemoteFileException(target(), "put", remotePath, "unexpected answer '" + answer + "'");
      }
      sendPinned(source, localFile, TempNames.beside(remotePath), remotePath, mode, sha256);
      return new PutResult(remotePath, sha256, source.size(), false);
    }
  }

  private void sendPinned(UploadSource source, Path localFile, String temp, String remotePath, FileMode mode,
      String sha256) {
    AesGcmWarmUp.JVM.beforeUpload(source.size());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exitCode;
    try (InputStream in = source.open()) {
      exitCode = execStreams(Command.script(RemoteScripts.RECEIVE_PINNED, temp, remotePath, sha256, mode.octal(),
          mode.chownSpec()), in, stdout, stderr);
    } catch (ConnectionException e) {
      throw new ConnectionException(target(), "put " + remotePath, e.reason(), e);
    } catch (IOException e) {
      throw new RemoteFileException(target(), "put", remotePath, "reading the local content: " + describe(e), e);
    }
    String answer = stdout.toString(StandardCharsets.UTF_8).strip();
    if (exitCode != 0 || !answer.equals("sent")) {
      String why = stderr.toString(StandardCharsets.UTF_8).strip();
      throw new RemoteFileException(target(), "put", remotePath, "exit code " + exitCode
          + (why.isEmpty() ? "" : ": " + why) + (exitCode == 0 ? ", answer '" + answer + "'" : "")
          + (exitCode == RemoteScripts.NOT_THE_PIN ? " (the local file " + localFile + " is not what its pin says)"
              : ""));
    }
  }

  /** Sends a source whose size and SHA-256 are known, then releases it (a temporary copy of a stream). */
  private PutResult put(UploadSource source, String remotePath, FileMode mode) {
    try (source) {
      return send(source, remotePath, mode);
    }
  }

  private PutResult send(UploadSource source, String remotePath, FileMode mode) {
    RemotePaths.requireFile(remotePath);
    Objects.requireNonNull(mode, "mode");
    LOG.debug("put on {}: {} ({} bytes, {})", target(), remotePath, source.size(), mode);
    if (source.size() <= SMALL_PUT_BYTES) {
      Optional<PutResult> small = sendSmall(source, remotePath, mode);
      if (small.isPresent()) {
        return small.get();
      }
    }
    String current = fileScript("put", remotePath, RemoteScripts.PREPARE_PUT, remotePath).stdoutTrimmed();
    if (!current.isEmpty() && current.equals(source.sha256())) {
      fileScript("put", remotePath, RemoteScripts.APPLY_MODE, remotePath, mode.octal(), mode.chownSpec());
      return new PutResult(remotePath, current, 0, true);
    }
    String temp = TempNames.beside(remotePath);
    String sent = send(source, temp, remotePath);
    fileScript("put", remotePath, RemoteScripts.FINISH_PUT, temp, remotePath, mode.octal(), mode.chownSpec());
    return new PutResult(remotePath, sent, source.size(), false);
  }

  /**
   * A content of at most {@link #SMALL_PUT_BYTES} in one command through a command shell ({@link
   * RemoteScripts#PUT_SMALL}) instead of three, one of them a session of its own: certificates, kubeconfigs, unit
   * and configuration files, most of a cluster's files. Empty when no command shell is available; the caller then
   * uses the three steps, which keep the content off the host's process arguments without a shell. The content
   * travels with the request, so when the target already has it, it crossed the link without being written.
   */
  private Optional<PutResult> sendSmall(UploadSource source, String remotePath, FileMode mode) {
    byte[] content;
    try (InputStream in = source.open()) {
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new RemoteFileException(target(), "put", remotePath, "reading the local content: " + describe(e), e);
    }
    String sha256 = Sha256.hex(content);
    if (source.knownSha256().filter(known -> !known.equals(sha256)).isPresent()) {
      throw new RemoteFileException(target(), "put", remotePath, "the local content changed while it was read");
    }
    List<String> args = List.of(remotePath, TempNames.beside(remotePath), sha256, mode.octal(), mode.chownSpec(),
        Base64.getEncoder().encodeToString(content));
    Command named = Command.script(RemoteScripts.PUT_SMALL, args.toArray(String[]::new)).sensitive();
    Optional<ExecResult> ran =
        execInShell(named, (shell, deadline) -> shell.runScript(RemoteScripts.PUT_SMALL, args, pumps, deadline));
    if (ran.isEmpty()) {
      return Optional.empty();
    }
    ExecResult result = ran.get();
    String answer = result.stdoutTrimmed();
    if (!result.succeeded() || !(answer.equals("same") || answer.equals("sent"))) {
      throw new RemoteFileException(target(), "put", remotePath, "exit code " + result.exitCode()
          + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip())
          + (result.succeeded() ? ", answer '" + answer + "'" : ""));
    }
    source.learnSha256(sha256);
    boolean same = answer.equals("same");
    return Optional.of(new PutResult(remotePath, sha256, same ? 0 : content.length, same));
  }

  /** Streams the content into {@code temp} and returns its sha256, verified against the host's. */
  private String send(UploadSource source, String temp, String remotePath) {
    AesGcmWarmUp.JVM.beforeUpload(source.size());
    MessageDigest digest = Sha256.newDigest();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exitCode;
    try (InputStream in = new DigestInputStream(source.open(), digest)) {
      exitCode = execStreams(Command.script(RemoteScripts.RECEIVE, temp), in, stdout, stderr);
    } catch (ConnectionException e) {
      throw new ConnectionException(target(), "put " + remotePath, e.reason(), e);
    } catch (IOException e) {
      throw new RemoteFileException(target(), "put", remotePath, "reading the local content: " + describe(e), e);
    }
    String sent = Sha256.hex(digest);
    String stored = stdout.toString(StandardCharsets.UTF_8).strip().split(" ")[0];
    String problem = exitCode != 0 ? "writing " + temp + " failed with exit code " + exitCode
        : !stored.equals(sent) ? "checksum mismatch: sent " + sent + ", stored " + stored
        : source.knownSha256().filter(known -> !known.equals(sent))
            .map(known -> "the local content changed while it was sent").orElse(null);
    if (problem != null) {
      exec(Command.of("rm", "-f", "--", temp));
      String why = stderr.toString(StandardCharsets.UTF_8).strip();
      throw new RemoteFileException(target(), "put", remotePath, problem + (why.isEmpty() ? "" : ": " + why));
    }
    source.learnSha256(sent);
    return sent;
  }

  // ---------------------------------------------------------------- downloads and queries

  @Override
  public byte[] get(String remotePath) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    download(remotePath, content);
    return content.toByteArray();
  }

  @Override
  public void get(String remotePath, Path localFile) {
    Objects.requireNonNull(localFile, "localFile");
    Path local = localFile.toAbsolutePath();
    try {
      AtomicFiles.write(local, AtomicFiles.PRIVATE, out -> download(remotePath, out));
    } catch (IOException e) {
      throw new RemoteFileException(target(), "get", remotePath, "writing " + local + ": " + describe(e), e);
    }
  }

  /**
   * Streams the file with {@code cat} over a channel of its own (under sudo when configured), the same
   * way as any command with streams, so no separate SFTP subsystem is needed on the host.
   */
  private void download(String remotePath, OutputStream sink) {
    RemotePaths.requireFile(remotePath);
    LOG.debug("get on {}: {}", target(), remotePath);
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exitCode;
    try {
      exitCode = execStreams(Command.of("cat", "--", remotePath), InputStream.nullInputStream(), sink, stderr);
    } catch (ConnectionException e) {
      throw new ConnectionException(target(), "get " + remotePath, e.reason(), e);
    }
    if (exitCode != 0) {
      throw new RemoteFileException(target(), "get", remotePath,
          "exit code " + exitCode + ": " + stderr.toString(StandardCharsets.UTF_8).strip());
    }
  }

  @Override
  public Optional<String> sha256(String remotePath) {
    RemotePaths.requireFile(remotePath);
    String hex = fileScript("sha256", remotePath, RemoteScripts.SHA256, remotePath).stdoutTrimmed();
    return hex.isEmpty() ? Optional.empty() : Optional.of(hex);
  }

  @Override
  public boolean exists(String remotePath) {
    RemotePaths.requireAbsolute(remotePath);
    ExecResult result = exec(Command.script(RemoteScripts.EXISTS, remotePath));
    if (result.exitCode() > 1) {
      throw new RemoteFileException(target(), "exists", remotePath,
          "exit code " + result.exitCode() + ": " + result.stderr().strip());
    }
    return result.succeeded();
  }

  @Override
  public void mkdirs(String remotePath, FileMode mode) {
    RemotePaths.requireAbsolute(remotePath);
    Objects.requireNonNull(mode, "mode");
    fileScript("mkdirs", remotePath, RemoteScripts.MKDIRS, remotePath, mode.octal(), mode.chownSpec());
  }

  @Override
  public void remove(String remotePath) {
    RemotePaths.requireAbsolute(remotePath);
    if (RemotePaths.isRoot(remotePath)) {
      throw new IllegalArgumentException("refusing to remove the root directory: '" + remotePath + "'");
    }
    LOG.debug("remove on {}: {}", target(), remotePath);
    ExecResult result = exec(Command.of("rm", "-rf", "--", remotePath));
    if (!result.succeeded()) {
      throw new RemoteFileException(target(), "remove", remotePath,
          "exit code " + result.exitCode() + ": " + result.stderr().strip());
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * A second connection with the same configuration, for long transfers; it connects on its first operation (so a
   * failure to connect surfaces there, naming the host), reconnects like this one, and is closed with this one.
   */
  @Override
  public Transport bulk() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("transport to " + target() + " is closed");
      }
      if (bulk == null) {
        bulk = new SshTransport(config);
      }
      return new OwnedBulk(bulk);
    }
  }

  @Override
  public void close() {
    SshTransport second;
    synchronized (lock) {
      closed = true;
      if (connection != null) {
        connection.close();
        connection = null;
      }
      second = bulk;
      bulk = null;
    }
    if (second != null) {
      second.close();
    }
    pumps.close();
    if (sudoPassword != null) {
      sudoPassword.close();
    }
  }

  @Override
  public String toString() {
    return "SshTransport[" + target() + "]";
  }

  /** The bulk connection as its callers see it: closing it is left to the transport that owns it. */
  private static final class OwnedBulk extends ForwardingTransport {
    OwnedBulk(SshTransport bulk) {
      super(bulk);
    }

    @Override
    public void close() {
      // closed with the transport that opened it
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing a channel on a dying connection may fail; nothing is left to release
    }
  }

  /** The SSH client behind one live connection, its command shells, its jump host and its dead-peer watch. */
  static final class SshConnection {
    private final SSHClient client;
    private final SshTransport jump;
    private final DeadPeerWatch watch;
    private final AtomicBoolean broken;
    private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);

    private SshConnection(SshConnector.Connected connected, AtomicBoolean broken) {
      this.client = connected.client();
      this.jump = connected.jump();
      this.watch = connected.watch();
      this.broken = broken;
    }

    /**
     * Opens a connection. Once it breaks it counts as lost at once (before sshj has told every channel) and the
     * threads feeding uploads through {@code pumps} are freed.
     */
    static SshConnection open(SshConfig config, StreamPumps pumps) {
      AtomicBoolean broken = new AtomicBoolean();
      SshConnector.Connected connected = SshConnector.connect(config, () -> {
        broken.set(true);
        pumps.interruptFeeds();
      });
      return new SshConnection(connected, broken);
    }

    SSHClient client() {
      return client;
    }

    boolean isAlive() {
      return !broken.get() && client.isConnected() && client.isAuthenticated() && deadPeer().isEmpty();
    }

    /** Why the dead-peer watch cut this connection, if it did. */
    Optional<String> deadPeer() {
      return watch == null ? Optional.empty() : watch.verdict();
    }

    private final Deque<CommandShell> idleShells = new ArrayDeque<>();
    private int liveShells;
    private volatile String shellsUnavailable;

    /**
     * An idle shell, a new one if fewer than {@link #MAX_SHELLS} exist, or (after waiting until the
     * deadline for one to come back) null. Also null, for good, once a shell failed to start: the host
     * then gets one session per command.
     */
    CommandShell borrowShell(SshConfig config, OwnedSecret sudoPassword, StreamPumps pumps, Instant deadline)
        throws InterruptedException {
      synchronized (idleShells) {
        while (true) {
          if (shellsUnavailable != null) {
            return null;
          }
          if (!idleShells.isEmpty()) {
            return idleShells.pop();
          }
          if (liveShells < MAX_SHELLS) {
            liveShells++;
            break;
          }
          long wait = Duration.between(Instant.now(), deadline).toMillis();
          if (wait <= 0) {
            return null;
          }
          idleShells.wait(wait);
        }
      }
      try {
        Instant openDeadline = Instant.now().plus(config.connectTimeout());
        return CommandShell.open(client, config, sudoPassword, pumps,
            openDeadline.isAfter(deadline) ? openDeadline : deadline);
      } catch (IOException e) {
        LOG.debug("no command shell on {} ({}); using one session per command", config.target(), e.toString());
        if (isAlive()) {
          shellsUnavailable = describe(e);
        }
        returnShell(null);
        return null;
      }
    }

    /**
     * Puts a healthy shell back; closes a broken one and frees its place only once its channel is
     * closed, so the channels open on the server never exceed the budget.
     */
    void returnShell(CommandShell shell) {
      boolean healthy = shell != null && !shell.isBroken();
      if (!healthy && shell != null) {
        shell.close();
      }
      synchronized (idleShells) {
        if (healthy) {
          idleShells.push(shell);
        } else {
          liveShells--;
        }
        idleShells.notifyAll();
      }
    }

    boolean acquireChannel(Instant deadline) throws InterruptedException {
      long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      return channels.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    void releaseChannel() {
      channels.release();
    }

    synchronized void close() {
      if (watch != null) {
        watch.close();
      }
      synchronized (idleShells) {
        idleShells.forEach(CommandShell::close);
        idleShells.clear();
      }
      try {
        client.disconnect();
      } catch (IOException | RuntimeException ignored) {
        // already gone
      }
      if (jump != null) {
        jump.close();
      }
    }
  }
}
