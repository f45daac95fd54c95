package dev.kubestrap.transport.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of the temporary files uploads write beside their target: {@code .<name>.kubestrap-tmp-<random>}.
 * The fixed part lets the next upload to the same target find and remove strays left by an
 * interrupted one.
 */
public final class TempNames {
  /** What every temporary upload file name contains. */
  public static final String MARKER = dev.kubestrap.transport.Transport.TEMP_MARKER;

  private static final SecureRandom RANDOM = new SecureRandom();

  private TempNames() {}

  /** A fresh temporary path in the same directory as {@code target}. */
  public static String beside(String target) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return strayPrefix(target) + HexFormat.of().formatHex(random);
  }

  /** The common prefix of every temporary file for {@code target}, e.g. {@code /etc/.x.kubestrap-tmp-}. */
  public static String strayPrefix(String target) {
    String dir = RemotePaths.parent(target);
    String prefix = dir.equals("/") ? "/" : dir + "/";
    return prefix + "." + RemotePaths.fileName(target) + MARKER;
  }
}
