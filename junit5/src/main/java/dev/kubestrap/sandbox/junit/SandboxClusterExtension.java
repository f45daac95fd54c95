package dev.kubestrap.sandbox.junit;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithSandboxCluster}, also for registration with a full
 * {@link SandboxClusterSpec} (registry mirrors, a proxy, add-ons):
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxClusterExtension cluster = SandboxClusterExtension.reusing(SandboxClusterSpec.builder()
 *     .programs(Path.of(System.getenv("KUBESTRAP_PROGRAMS"))).build());
 * }</pre>
 *
 * <p>The running cluster is kept in JUnit's extension store as a closeable resource: in the store of the
 * top-level test class (one cluster per class, the default), or in the root store (with {@link #reusing}: one per
 * distinct spec for the whole run), so JUnit closes it after the class or at the end of the run, also when tests
 * fail. A cluster that failed to start is not tried again by later classes of the run: they fail with its error.
 * Skipping or failing on a missing prerequisite follows {@code KUBESTRAP_REQUIRE_SANDBOX}, as for
 * {@link SandboxExtension}.
 */
public final class SandboxClusterExtension
    implements ExecutionCondition, BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SandboxClusterExtension.class);

  /** The spec (or why there is none) and whether it is shared across classes. */
  record Settings(Optional<SandboxClusterSpec> spec, List<String> problems, boolean reuse) {}

  private final Function<ExtensionContext, Settings> settings;
  private final SkipOrFail policy;

  /** For {@link WithSandboxCluster}: reads the settings from the annotation. */
  public SandboxClusterExtension() {
    this(context -> fromAnnotation(context, System::getenv), System::getenv);
  }

  SandboxClusterExtension(Function<ExtensionContext, Settings> settings, Function<String, String> environment) {
    this.settings = settings;
    this.policy = new SkipOrFail(environment);
  }

  /** A cluster of {@code spec} for each test class that registers this extension. */
  public static SandboxClusterExtension of(SandboxClusterSpec spec) {
    Settings fixed = new Settings(Optional.of(Objects.requireNonNull(spec, "spec")), List.of(), false);
    return new SandboxClusterExtension(context -> fixed, System::getenv);
  }

  /** A cluster of {@code spec} shared by every class of the run that asks for an equal spec. */
  public static SandboxClusterExtension reusing(SandboxClusterSpec spec) {
    Settings fixed = new Settings(Optional.of(Objects.requireNonNull(spec, "spec")), List.of(), true);
    return new SandboxClusterExtension(context -> fixed, System::getenv);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) {
      return ConditionEvaluationResult.enabled("checked for the class");
    }
    Settings resolved = settings.apply(context);
    List<String> problems = new ArrayList<>(resolved.problems());
    if (problems.isEmpty() && !policy.required() && !alreadyShared(context, resolved)) {
      problems.addAll(SandboxCluster.checkPreconditions(resolved.spec().orElseThrow()));
    }
    return policy.condition(problems);
  }

  /** A shared cluster of this spec is already in the run: nothing more is needed from the machine. */
  private static boolean alreadyShared(ExtensionContext context, Settings resolved) {
    return resolved.reuse() && context.getRoot().getStore(NAMESPACE)
        .get(new Key(resolved.spec().orElseThrow(), true), StartedOnce.class) != null;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    SandboxCluster cluster = running(context);
    context.getTestClass().ifPresent(type -> inject(type, null, cluster, true));
  }

  @Override
  public void postProcessTestInstance(Object instance, ExtensionContext context) {
    inject(instance.getClass(), instance, running(context), false);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return injectable(parameter.getParameter().getType(), parameter.getParameter());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return valueFor(parameter.getParameter().getType(), running(context));
  }

  /** The cluster for this context, started on first use. */
  SandboxCluster running(ExtensionContext context) {
    Settings resolved = settings.apply(context);
    if (!resolved.problems().isEmpty()) {
      throw policy.refusal(new SandboxPreconditionException(resolved.problems()));
    }
    SandboxClusterSpec spec = resolved.spec().orElseThrow();
    ExtensionContext owner = resolved.reuse() ? context.getRoot() : topLevelClass(context);
    @SuppressWarnings("unchecked")
    StartedOnce<SandboxCluster> resource = owner.getStore(NAMESPACE).getOrComputeIfAbsent(
        new Key(spec, resolved.reuse()), key -> new StartedOnce<>(() -> SandboxCluster.start(key.spec())),
        StartedOnce.class);
    try {
      return resource.get();
    } catch (SandboxPreconditionException e) {
      throw policy.refusal(e);
    }
  }

  /** Per-class and shared clusters of one spec are different clusters. */
  private record Key(SandboxClusterSpec spec, boolean shared) {}

  private static ExtensionContext topLevelClass(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get().getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static boolean injectable(Class<?> type, AnnotatedElement element) {
    return type == SandboxCluster.class || type == Cluster.class || type == KubernetesClient.class
        || type == Path.class && element.isAnnotationPresent(AdminKubeconfig.class);
  }

  private static Object valueFor(Class<?> type, SandboxCluster cluster) {
    if (type == SandboxCluster.class) {
      return cluster;
    } else if (type == Cluster.class) {
      return cluster.cluster();
    } else if (type == KubernetesClient.class) {
      return cluster.client();
    }
    return cluster.kubeconfig();
  }

  /** Sets the static (or instance) fields of {@code type} and its superclasses that take a part of the cluster. */
  private static void inject(Class<?> type, Object instance, SandboxCluster cluster, boolean statics) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) != statics || !injectable(field.getType(), field)) {
          continue;
        }
        if (Modifier.isFinal(field.getModifiers())) {
          throw new ExtensionConfigurationException("field " + c.getSimpleName() + "." + field.getName()
              + " is final: the sandbox cluster cannot be injected into it");
        }
        try {
          field.setAccessible(true);
          field.set(instance, valueFor(field.getType(), cluster));
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new ExtensionConfigurationException("injecting the sandbox cluster into " + c.getSimpleName() + "."
              + field.getName() + " failed: " + e.getMessage(), e);
        }
      }
    }
  }

  static Settings fromAnnotation(ExtensionContext context, Function<String, String> environment) {
    WithSandboxCluster annotation = context.getTestClass().flatMap(SandboxClusterExtension::annotation)
        .orElseThrow(() -> new ExtensionConfigurationException("SandboxClusterExtension without"
            + " @WithSandboxCluster: register it with SandboxClusterExtension.of(spec)"));
    List<String> problems = new ArrayList<>();
    Placeholders placeholders = new Placeholders(environment);
    SandboxClusterSpec.Builder spec = SandboxClusterSpec.builder()
        .controlPlanes(annotation.controlPlanes())
        .workers(annotation.workers())
        .readyTimeout(java.time.Duration.ofSeconds(annotation.readyTimeoutSeconds()));
    if (!annotation.kubernetesVersion().isEmpty()) {
      spec.kubernetesVersion(annotation.kubernetesVersion());
    }
    if (!annotation.programs().isEmpty()) {
      placeholders.resolve("programs", annotation.programs(), problems).map(Path::of).ifPresent(spec::programs);
    }
    if (!annotation.images().isEmpty()) {
      placeholders.resolve("images", annotation.images(), problems).map(Path::of).ifPresent(spec::images);
    }
    if (!annotation.addons()) {
      spec.addons();
    }
    return new Settings(problems.isEmpty() ? Optional.of(spec.build()) : Optional.empty(), problems,
        annotation.reuse());
  }

  /** The annotation (directly, inherited or as a meta-annotation) on the class or an enclosing one. */
  private static Optional<WithSandboxCluster> annotation(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      Optional<WithSandboxCluster> found = AnnotationSupport.findAnnotation(c, WithSandboxCluster.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
