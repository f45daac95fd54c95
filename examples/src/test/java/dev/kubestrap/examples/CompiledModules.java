package dev.kubestrap.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The compiled classes of kubestrap's modules, found from one class of each: a directory in a reactor build, a jar
 * otherwise.
 */
final class CompiledModules {
  /** One module: its artifact's short name and one class of it. */
  record Module(String name, Class<?> anchor) {
    Path location() throws URISyntaxException {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    List<ClassFile> classFiles() throws IOException, URISyntaxException {
      return CompiledModules.classFiles(location());
    }
  }

  /** A class file: its name inside the directory or jar ({@code dev/kubestrap/Foo.class}) and its bytes. */
  record ClassFile(String name, byte[] bytes) {
    /** The binary name, {@code dev.kubestrap.Foo$Bar}. */
    String className() {
      return name.substring(0, name.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
  }

  /** The library modules, each with one of its classes. */
  static final List<Module> LIBRARY = List.of(
      new Module("common", dev.kubestrap.KubestrapException.class),
      new Module("pki", dev.kubestrap.pki.KeyAlgorithm.class),
      new Module("transport", dev.kubestrap.transport.Transport.class),
      new Module("core", dev.kubestrap.cluster.ClusterBuilder.class),
      new Module("sandbox", dev.kubestrap.sandbox.Sandbox.class),
      new Module("junit5", dev.kubestrap.sandbox.junit.WithSandboxCluster.class));

  private CompiledModules() {}

  static List<ClassFile> classFiles(Path location) throws IOException {
    List<ClassFile> files = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> walk = Files.walk(location)) {
        for (Path file : walk.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
          files.add(new ClassFile(location.relativize(file).toString(), Files.readAllBytes(file)));
        }
      }
      return files;
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = jar.getInputStream(entry)) {
          files.add(new ClassFile(entry.getName(), in.readAllBytes()));
        }
      }
    }
    return files;
  }
}
