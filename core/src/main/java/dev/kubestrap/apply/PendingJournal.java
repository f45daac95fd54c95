package dev.kubestrap.apply;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.io.AtomicFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The append-only file {@value #FILE} in the state directory that records owed work before it is owed: a line
 * is written and forced to disk before the file that causes it is renamed into place on a host, and another
 * once the work is done. Lines:
 *
 * <pre>
 * owe  &lt;id&gt; &lt;host&gt; &lt;item&gt;    a placement about to change a file owes &lt;item&gt; (a unit, @daemon-reload, or @daemon-reload:&lt;unit&gt;)
 * drop &lt;id&gt; &lt;host&gt; &lt;item&gt;    that placement changed nothing after all
 * done &lt;host&gt; &lt;item&gt;         the restart (or reload) happened: every debt of &lt;item&gt; is paid
 * </pre>
 *
 * Lines are written with plain blocking file writes and {@code fsync}, not with NIO channels, so an interrupted
 * thread still writes them. A line cut short by a crash has no newline and is ignored. Opening the journal
 * rewrites it atomically with only what is still owed (which also drops such a partial line), and takes over a
 * {@value #LEGACY} written by earlier versions.
 */
final class PendingJournal implements AutoCloseable {
  static final String FILE = "pending-work.journal";
  static final String LEGACY = "pending-work.txt";
  /** The id of debts carried over from earlier runs; ids of a run are {@code <run>.<n>}. */
  static final String CARRIED = "0";

  private final Path file;
  private final FileOutputStream out;
  private final Object writing = new Object();
  private final Object syncing = new Object();
  private long written;
  private long synced;

  private PendingJournal(Path file, FileOutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** What the journal (and a legacy file) in {@code dir} still owes: {@code "<host> <item>"} to the debts' ids. */
  static Map<String, Set<String>> replay(Path dir) {
    Map<String, Set<String>> owed = new TreeMap<>();
    readIfPresent(dir.resolve(LEGACY)).ifPresent(text -> text.lines().filter(l -> !l.isBlank())
        .forEach(l -> owed.computeIfAbsent(l.strip(), k -> new TreeSet<>()).add(CARRIED)));
    readIfPresent(dir.resolve(FILE)).ifPresent(text -> {
      int end = text.lastIndexOf('\n');
      for (String line : text.substring(0, end + 1).split("\n")) {
        String[] f = line.split(" ", 4);
        if (f[0].equals("owe") && f.length == 4) {
          owed.computeIfAbsent(f[2] + " " + f[3], k -> new TreeSet<>()).add(f[1]);
        } else if (f[0].equals("drop") && f.length == 4) {
          Set<String> ids = owed.get(f[2] + " " + f[3]);
          if (ids != null) {
            ids.remove(f[1]);
          }
        } else if (f[0].equals("done") && f.length >= 3) {
          owed.remove(line.substring("done ".length()));
        }
      }
    });
    owed.values().removeIf(Set::isEmpty);
    return owed;
  }

  /**
   * Opens the journal of {@code dir} for appending after rewriting it with {@code owed} (one carried debt per
   * item) and removing a legacy file. The caller holds the state directory's lock.
   */
  static PendingJournal open(Path dir, Set<String> owed) {
    Path file = dir.resolve(FILE);
    StringBuilder text = new StringBuilder();
    owed.forEach(key -> text.append(line("owe", CARRIED, key)));
    try {
      AtomicFiles.writeUninterruptibly(file, text.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
      Files.deleteIfExists(dir.resolve(LEGACY));
      return new PendingJournal(file, new FileOutputStream(file.toFile(), true));
    } catch (IOException e) {
      throw new KubestrapException("writing " + file + " failed: " + e, e);
    }
  }

  static String line(String kind, String id, String key) {
    return kind + " " + id + " " + key + "\n";
  }

  static String done(String key) {
    return "done " + key + "\n";
  }

  /**
   * Appends the lines and returns once they are on disk. Threads appending at the same time share one
   * {@code fsync}: each waits only until a sync that started after its write has finished.
   */
  void append(List<String> lines) {
    byte[] bytes = String.join("", lines).getBytes(StandardCharsets.UTF_8);
    long mine;
    try {
      synchronized (writing) {
        out.write(bytes);
        mine = ++written;
      }
      synchronized (syncing) {
        if (synced >= mine) {
          return;
        }
        long upTo;
        synchronized (writing) {
          upTo = written;
        }
        out.getFD().sync();
        synced = upTo;
      }
    } catch (IOException e) {
      throw new KubestrapException("recording owed work in " + file + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new KubestrapException("closing " + file + " failed: " + e, e);
    }
  }

  private static java.util.Optional<String> readIfPresent(Path file) {
    try {
      return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new KubestrapException("reading " + file + " failed: " + e, e);
    }
  }
}
