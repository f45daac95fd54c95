package dev.kubestrap.kubeconfig;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/** Writes files that hold credentials: owner-only from creation on, replaced atomically. */
final class PrivateFiles {
  private PrivateFiles() {}

  static void writeAtomically(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Path temp = null;
    try {
      Files.createDirectories(directory);
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      temp = posix
          ? Files.createTempFile(directory, "." + target.getFileName(), ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new KubeconfigException("cannot write kubeconfig " + file + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the rename already happened or the write failed; nothing more to clean
        }
      }
    }
  }
}
