package dev.kubestrap.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Skip or fail on a failed precondition. The failing precondition is real: the range
 * 127.0.0.0/24 overlaps loopback on every machine (or, where it is not Linux or not root, that).
 */
class SandboxExtensionTest {

  @WithSandbox(hosts = 2, addressRange = "127.0.0.0/24")
  static class AnnotatedWithAnUnusableRange {}

  @Test
  void skipsTheClassWithThePreconditionMessageByDefault() {
    SandboxExtension extension = new SandboxExtension(context -> unusable(), Map.<String, String>of()::get);

    ConditionEvaluationResult result = extension.evaluateExecutionCondition(classContext(null));

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).get().asString()
        .startsWith("sandbox preconditions failed:")
        .endsWith("(set KUBESTRAP_REQUIRE_SANDBOX=1 to fail instead of skipping)");
    assertThatThrownBy(() -> extension.beforeAll(classContext(null)))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageStartingWith("sandbox preconditions failed:");
  }

  @Test
  void failsInsteadWhenTheEnvironmentRequiresTheSandbox() {
    SandboxExtension extension = new SandboxExtension(context -> unusable(),
        Map.of("KUBESTRAP_REQUIRE_SANDBOX", "1")::get);

    assertThat(extension.evaluateExecutionCondition(classContext(null)).isDisabled()).isFalse();
    assertThatThrownBy(() -> extension.beforeAll(classContext(null)))
        .isInstanceOf(SandboxPreconditionException.class)
        .hasMessageContaining("sandbox preconditions failed:")
        .hasMessageContaining("KUBESTRAP_REQUIRE_SANDBOX=1 forbids skipping");
    assertThatThrownBy(extension::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theAnnotationCarriesTheSettings() {
    SandboxExtension extension = new SandboxExtension();

    ConditionEvaluationResult result =
        extension.evaluateExecutionCondition(classContext(AnnotatedWithAnUnusableRange.class));

    assertThat(result.isDisabled()).isEqualTo(!extension.required());
    if (result.isDisabled()) {
      assertThat(result.getReason()).get().asString().satisfiesAnyOf(
          reason -> assertThat(reason).contains("address range 127.0.0.0/24 is in use"),
          reason -> assertThat(reason).contains("needs root"),
          reason -> assertThat(reason).contains("needs Linux"));
    }
  }

  private static Sandbox.Builder unusable() {
    return Sandbox.builder().addressRange("127.0.0.0/24");
  }

  /** A test stand-in for JUnit's class-level context: only what the extension asks for. */
  private static ExtensionContext classContext(Class<?> testClass) {
    return (ExtensionContext) Proxy.newProxyInstance(SandboxExtensionTest.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getTestMethod" -> Optional.empty();
          case "getTestClass" -> Optional.ofNullable(testClass);
          case "toString" -> "class context stand-in";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
