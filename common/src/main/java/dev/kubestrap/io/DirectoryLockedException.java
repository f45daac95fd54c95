package dev.kubestrap.io;

import dev.kubestrap.KubestrapException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link DirectoryLock} is held by someone else. The message names the directory and the holder: {@code
 * "/home/me/.kubestrap/lab is in use: apply of cluster lab by process 4711 on build-1 (started ...), holding it
 * since ...; wait for it to finish or stop it, then run again"}.
 */
public class DirectoryLockedException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;
  private final transient Optional<DirectoryLock.Holder> holder;

  DirectoryLockedException(Path directory, Optional<DirectoryLock.Holder> holder, String detail) {
    super(directory + " is in use: " + holder.map(DirectoryLock.Holder::describe)
        .orElse("by a process that has not named itself yet") + detail
        + "; wait for it to finish or stop it, then run again");
    this.directory = directory;
    this.holder = holder;
  }

  /** The locked directory. */
  public Path directory() {
    return directory;
  }

  /** Who holds the lock, as far as its holder file says. */
  public Optional<DirectoryLock.Holder> holder() {
    return holder;
  }
}
