package dev.kubestrap.e2e;

import dev.kubestrap.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How the stand-ins reach the sandbox hosts without installing anything there: this JVM's JDK and test classpath,
 * bound read-only at the same paths inside every host ({@code systemd-nspawn --bind-ro}).
 *
 * @param javaHome the JDK ({@code java.home})
 * @param classpath the test classpath entries (jars and class directories)
 */
record GuestJava(Path javaHome, List<Path> classpath) {

  /** The running JVM's JDK and the test classpath (surefire's, when run by Maven). */
  static GuestJava current() {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> entries = Stream.of(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank())
        .map(s -> Path.of(s).toAbsolutePath()).filter(Files::exists).toList();
    return new GuestJava(Path.of(System.getProperty("java.home")), entries);
  }

  /** The {@code java} launcher, at the same path inside the hosts. */
  Path java() {
    return javaHome.resolve("bin/java");
  }

  /** Adds the read-only binds: the JDK, the directories its symbolic links point into, and the classpath. */
  Sandbox.Builder bindInto(Sandbox.Builder sandbox) {
    for (Path directory : directoriesToBind()) {
      sandbox.bindReadOnly(directory, directory.toString());
    }
    return sandbox;
  }

  /**
   * Every directory to bind, none inside another: the JDK itself; outside it, where its links lead (Debian keeps
   * the JDK's configuration and trust store under {@code /etc}); the directory of each jar; each class directory.
   */
  List<Path> directoriesToBind() {
    TreeSet<Path> wanted = new TreeSet<>();
    wanted.add(javaHome.toAbsolutePath());
    try (Stream<Path> files = Files.walk(javaHome)) {
      files.filter(Files::isSymbolicLink).forEach(link -> {
        Path target = resolve(link);
        if (target != null && !target.startsWith(javaHome) && !target.startsWith("/usr/share/doc")) {
          wanted.add(Files.isDirectory(target) ? target : target.getParent());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path entry : classpath) {
      wanted.add(Files.isDirectory(entry) ? entry : entry.getParent());
    }
    List<Path> outermost = new ArrayList<>();
    for (Path path : wanted) {
      if (outermost.stream().noneMatch(path::startsWith)) {
        outermost.add(path);
      }
    }
    return outermost;
  }

  /** The classpath as the {@code -cp} argument. */
  String classpathArgument() {
    return String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
  }

  private static Path resolve(Path link) {
    try {
      return link.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }
}
