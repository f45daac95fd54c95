package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /**
   * The library modules and these examples, less the JUnit extension: like JUnit's own {@code @TempDir} it sets
   * fields of the user's test class, which is no dependency's private part.
   */
  private static final List<CompiledModules.Module> MODULES = Stream.concat(CompiledModules.LIBRARY.stream(),
      Stream.of(new CompiledModules.Module("examples", Tour.class)))
      .filter(module -> !module.name().equals("junit5")).toList();

  @Test
  void noClassGeneratesPrimesDoesCurveArithmeticOrReflectsIntoPrivateMembers() throws Exception {
    List<String> found = new ArrayList<>();
    int classes = 0;
    for (CompiledModules.Module module : MODULES) {
      for (CompiledModules.ClassFile file : module.classFiles()) {
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
}
