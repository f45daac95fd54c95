package dev.kubestrap.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.sandbox.SandboxPreconditionException;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The fixture's settings and its skip-or-fail policy, through the real JUnit engine: scenario classes (nested, so
 * the build does not run them itself) are launched here and their outcome inspected. No cluster is started: every
 * scenario lacks a prerequisite.
 */
class SandboxClusterExtensionTest {
  private static final Map<String, String> SKIPPING = Map.of("KUBESTRAP_PROGRAMS", "/srv/programs");
  private static final Map<String, String> REQUIRED = Map.of("KUBESTRAP_REQUIRE_SANDBOX", "1");

  @Retention(RetentionPolicy.RUNTIME)
  @WithSandboxCluster(workers = 1, programs = "${KUBESTRAP_PROGRAMS}", images = "${KUBESTRAP_PROGRAMS}/images",
      reuse = true)
  @interface OwnCluster {}

  @OwnCluster
  static class MetaAnnotated {}

  @WithSandboxCluster(programs = "${KUBESTRAP_PROGRAMS_NOT_SET_ANYWHERE}")
  static class UnsetPlaceholder {}

  static class SkippedScenario {
    @RegisterExtension
    static SandboxClusterExtension cluster = annotated(Map.of());

    @Test
    void needsTheCluster() {}
  }

  static class RequiredScenario {
    @RegisterExtension
    static SandboxClusterExtension cluster = annotated(REQUIRED);

    @Test
    void needsTheCluster() {}
  }

  @Test
  void aMetaAnnotationCarriesTheSettingsAndPlaceholdersResolve() {
    SandboxClusterExtension.Settings settings =
        SandboxClusterExtension.fromAnnotation(classContext(MetaAnnotated.class), SKIPPING::get);

    assertThat(settings.problems()).isEmpty();
    assertThat(settings.reuse()).isTrue();
    SandboxClusterSpec spec = settings.spec().orElseThrow();
    assertThat(spec.workers()).isEqualTo(1);
    assertThat(spec.programs()).contains(Path.of("/srv/programs"));
    assertThat(spec.images()).contains(Path.of("/srv/programs/images"));
    assertThat(spec).isEqualTo(SandboxClusterSpec.builder().workers(1).programs(Path.of("/srv/programs"))
        .images(Path.of("/srv/programs/images")).build());
  }

  @Test
  void anUnsetPlaceholderSkipsTheClassSayingWhichOne() {
    List<String> skipped = new ArrayList<>();
    List<TestExecutionResult> finished = new ArrayList<>();

    launch(SkippedScenario.class, skipped, finished);

    assertThat(skipped).singleElement().asString()
        .contains("programs = \"${KUBESTRAP_PROGRAMS_NOT_SET_ANYWHERE}\" names ${KUBESTRAP_PROGRAMS_NOT_SET_ANYWHERE},"
            + " which is set neither as a system property nor as an environment variable")
        .endsWith("(set KUBESTRAP_REQUIRE_SANDBOX=1 to fail instead of skipping)");
  }

  @Test
  void withTheSwitchSetTheClassFailsInsteadOfSkipping() {
    List<String> skipped = new ArrayList<>();
    List<TestExecutionResult> finished = new ArrayList<>();

    launch(RequiredScenario.class, skipped, finished);

    assertThat(skipped).isEmpty();
    assertThat(finished).filteredOn(r -> r.getStatus() == TestExecutionResult.Status.FAILED).singleElement()
        .satisfies(result -> assertThat(result.getThrowable()).get()
            .isInstanceOf(SandboxPreconditionException.class)
            .asString().contains("KUBESTRAP_PROGRAMS_NOT_SET_ANYWHERE").contains("forbids skipping"));
  }

  /** The scenario classes' extension: {@link UnsetPlaceholder}'s annotation read with {@code environment}. */
  private static SandboxClusterExtension annotated(Map<String, String> environment) {
    Function<String, String> env = environment::get;
    return new SandboxClusterExtension(context -> SandboxClusterExtension.fromAnnotation(
        classContext(UnsetPlaceholder.class), env), env);
  }

  private static void launch(Class<?> scenario, List<String> skipped, List<TestExecutionResult> finished) {
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(scenario)).build(), new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            skipped.add(reason);
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            finished.add(result);
          }
        });
  }

  /** A test stand-in for JUnit's class-level context: only what reading the annotation asks for. */
  private static ExtensionContext classContext(Class<?> testClass) {
    return (ExtensionContext) Proxy.newProxyInstance(SandboxClusterExtensionTest.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getTestClass" -> Optional.of(testClass);
          case "toString" -> "class context stand-in";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
