package dev.kubestrap.io;

import java.nio.file.Path;

/**
 * Test program run in a separate JVM: takes the lock of the directory given as the first argument, prints
 * {@code LOCKED}, and keeps it until its stdin ends (or it is killed).
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "test work of " + args[0])) {
      System.out.println("LOCKED");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    System.out.println("RELEASED");
  }
}
