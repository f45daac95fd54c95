package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of the project makes its own cryptography or reads a dependency's private parts. Every name a class
 * calls or refers to sits in its constant pool as plain text, so the compiled classes of each module (a directory
 * in a reactor build, a jar otherwise) are searched for the names below.
 */
class ForbiddenCallsTest {
  /** What a forbidden name means, by the name as it appears in a class file. */
  private static final Map<String, String> FORBIDDEN = Map.of(
      "isProbablePrime", "a prime search: RSA keys come from a JCA KeyPairGenerator",
      "probablePrime", "a prime search: RSA keys come from a JCA KeyPairGenerator",
      "org/bouncycastle/math/", "curve arithmetic: EC keys come from a JCA KeyPairGenerator",
      "org/bouncycastle/crypto/generators/", "Bouncy Castle's lightweight key generators bypass the JCA providers",
      "org/bouncycastle/crypto/signers/", "Bouncy Castle's lightweight signers bypass the JCA providers",
      "setAccessible", "reflection into another class's private members",
      "getDeclaredField", "reflection into another class's private members");

  /** One class per module, to find where the module's classes were loaded from. */
  private static final List<Class<?>> MODULES = List.of(dev.kubestrap.KubestrapException.class,
      dev.kubestrap.pki.KeyAlgorithm.class, dev.kubestrap.transport.Transport.class,
      dev.kubestrap.cluster.ClusterBuilder.class, Tour.class);

  @Test
  void noClassGeneratesPrimesDoesCurveArithmeticOrReflectsIntoPrivateMembers() throws Exception {
    List<String> found = new ArrayList<>();
    int classes = 0;
    for (Class<?> module : MODULES) {
      Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (ClassFile file : classFiles(location)) {
        classes++;
        String text = new String(file.bytes(), StandardCharsets.ISO_8859_1);
        FORBIDDEN.forEach((name, why) -> {
          if (text.contains(name)) {
            found.add(file.name() + " refers to " + name + " (" + why + ")");
          }
        });
      }
    }

    assertThat(classes).as("classes searched").isGreaterThan(200);
    assertThat(found).isEmpty();
  }

  private record ClassFile(String name, byte[] bytes) {}

  private static List<ClassFile> classFiles(Path location) throws IOException, URISyntaxException {
    List<ClassFile> files = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> walk = Files.walk(location)) {
        for (Path file : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
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
