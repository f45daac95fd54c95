package dev.kubestrap.transport;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way kubestrap touches a host: run commands, put and get files, check what is there. One
 * instance holds one connection and may be used from several threads at once.
 *
 * <p>Remote paths are absolute POSIX paths. Uploads are atomic and verified: content goes to a
 * temporary file beside the target (named {@code .<name>.kubestrap-tmp-<random>}), its SHA-256 is checked
 * on the host, mode and owner are applied, and only then is it renamed over the target. A target that
 * already has the same SHA-256 is not sent again ({@link PutResult#skipped()}). A transfer cut halfway
 * leaves the old target (or none) and a stray temporary file, which the next upload to that target
 * removes. Missing parent directories are created with mode {@code 0755}.
 *
 * <p>Failures are unchecked {@link TransportFailure}s: {@link ConnectionException},
 * {@link RemoteCommandException}, {@link RemoteFileException}.
 *
 * <p>Implementations: {@code dev.kubestrap.transport.ssh.SshTransport} and
 * {@code dev.kubestrap.transport.local.LocalTransport}.
 */
public interface Transport extends AutoCloseable {
  /**
   * What the name of every temporary upload file contains: {@code .<name>.kubestrap-tmp-<random>} beside the
   * target {@code <name>}. A file named so that no upload is writing is a stray of an interrupted one.
   */
  String TEMP_MARKER = ".kubestrap-tmp-";

  /** Who this transport talks to: {@code user@host:port}, {@code local} or {@code local:<root>}. */
  String target();

  /**
   * Runs a command and returns its exit code and output, whatever the exit code is.
   *
   * @throws RemoteCommandException when the command times out or ends without an exit status
   * @throws ConnectionException when the connection fails
   */
  ExecResult exec(Command command);

  /**
   * Runs a command and insists on success.
   *
   * @throws RemoteCommandException also when the command exits non-zero; the message carries the
   *     target, the redacted command, the exit code and the tail of stderr
   */
  default ExecResult run(Command command) {
    ExecResult result = exec(command);
    if (!result.succeeded()) {
      throw RemoteCommandException.nonZeroExit(target(), command, result);
    }
    return result;
  }

  /** Writes {@code content} to {@code remotePath} atomically (see the class comment). */
  PutResult put(byte[] content, String remotePath, FileMode mode);

  /** Writes a local file to {@code remotePath} atomically (see the class comment). */
  PutResult put(Path localFile, String remotePath, FileMode mode);

  /**
   * Writes a stream to {@code remotePath} atomically. The stream is read to its end (first into a
   * private local temporary file, so its SHA-256 is known before anything is sent) but not closed.
   */
  PutResult put(InputStream content, String remotePath, FileMode mode);

  /** The content of a remote file. Meant for files that fit in memory; see {@link #get(String, Path)}. */
  byte[] get(String remotePath);

  /**
   * Copies a remote file to a local path, replacing it atomically once the copy is complete. The copy is written
   * to a new temporary file beside it, readable by its owner only ({@code 0600}, also the mode of the result) and
   * never opened through a link; if that file is replaced while it is written, the call fails and the target is
   * left as it was.
   */
  void get(String remotePath, Path localFile);

  /** The lowercase hex SHA-256 of a remote regular file, or empty when nothing exists at that path. */
  Optional<String> sha256(String remotePath);

  /** Whether anything (file, directory, link) exists at that path. */
  boolean exists(String remotePath);

  /** Creates a directory and its missing parents; the last one gets {@code mode} (also if it existed). */
  void mkdirs(String remotePath, FileMode mode);

  /** Removes a file or a directory tree; does nothing when the path does not exist. Refuses {@code /}. */
  void remove(String remotePath);

  /**
   * A port on this machine that reaches {@code port} on the host's loopback interface, for as long as
   * the tunnel is open: over SSH a forwarded channel per connection, locally the port itself. It lets
   * kubestrap probe a component's loopback health endpoint with no program on the host.
   *
   * @throws ConnectionException when the connection fails
   */
  Tunnel tunnel(int port);

  /**
   * The transport for long transfers to the same host, so that they do not hold up this one's commands. Over SSH it
   * is a second connection, opened on first use and closed with this transport: on one connection a command's
   * packets queue behind the transfer's in the one TCP stream, and a short command then waits for megabytes. By
   * default, and for local transports, it is this transport itself. The caller does not close it.
   */
  default Transport bulk() {
    return this;
  }

  /** Closes the connection; idempotent. */
  @Override
  void close();
}
