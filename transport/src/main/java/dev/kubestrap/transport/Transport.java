package dev.kubestrap.transport;

import dev.kubestrap.transport.internal.PinnedPuts;
import dev.kubestrap.transport.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
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
   * Writes a local file that must hold the bytes whose SHA-256 is {@code sha256} (a pinned program) to {@code
   * remotePath} atomically: the target is replaced only by content with that digest. A target that already has it is
   * only given mode and owner, and the local file may then not be read at all. Otherwise what the host stored is
   * compared with {@code sha256} before the rename, so a local file that differs from its pin is refused with a
   * {@link RemoteFileException} and the target is left as it was.
   *
   * <p>By default the local file is hashed here first, refused when it differs, and then sent with {@link #put(Path,
   * String, FileMode)}; should it change between the two, the target holds the new content and the call fails after
   * the rename. The SSH transport hashes nothing here: the host checks the stored bytes against {@code sha256} and
   * renames only on a match, in the command that receives them.
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 lowercase hex digits, naming it
   */
  default PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    PinnedPuts.requireSha256(sha256);
    Objects.requireNonNull(localFile, "localFile");
    String local;
    try {
      local = Sha256.of(localFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + localFile, e);
    }
    if (!local.equals(sha256)) {
      throw PinnedPuts.differs(target(), remotePath, localFile, sha256, local);
    }
    PutResult result = put(localFile, remotePath, mode);
    if (!result.sha256().equals(sha256)) {
      throw PinnedPuts.differs(target(), remotePath, localFile, sha256, result.sha256());
    }
    return result;
  }

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
