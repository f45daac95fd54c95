package dev.kubestrap.sandbox.junit;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that provides one {@link Sandbox} per test class: started before the first
 * test, closed after the last, also when a test or the start fails. The running sandbox is kept in
 * JUnit's extension store of the top-level class as a closeable resource (nested classes share it),
 * so JUnit closes it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandbox = SandboxExtension.of(Sandbox.builder().hosts(2));
 *
 * @Test
 * void hostsTalk() {
 *   SandboxHost host1 = sandbox.get().host("host1");
 * }
 * }</pre>
 *
 * <p>or {@link WithSandbox @WithSandbox(hosts = 2)} on the class and a {@code Sandbox} parameter.
 * Register it on a {@code static} field. When a precondition fails (not Linux, not root, a tool or
 * the address range missing) the class is skipped with the reason; when the environment variable
 * {@value #REQUIRE_VARIABLE} is {@code 1} it fails instead, so that a CI run cannot pass by
 * skipping.
 */
public final class SandboxExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SandboxExtension.class);

  /** Set to {@code 1} to turn skipped sandbox tests into failures. */
  public static final String REQUIRE_VARIABLE = Sandbox.REQUIRE_VARIABLE;

  private final Function<ExtensionContext, Sandbox.Builder> settings;
  private final SkipOrFail policy;
  /** Where {@link #get()} finds the sandbox; JUnit's store owns it and closes it. */
  private volatile StartedOnce<Sandbox> current;

  /** For {@link WithSandbox}: reads the settings from the annotation. */
  public SandboxExtension() {
    this(SandboxExtension::fromAnnotation, System::getenv);
  }

  SandboxExtension(Function<ExtensionContext, Sandbox.Builder> settings,
      Function<String, String> environment) {
    this.settings = settings;
    this.policy = new SkipOrFail(environment);
  }

  /** An extension that starts a sandbox with these settings. */
  public static SandboxExtension of(Sandbox.Builder builder) {
    return new SandboxExtension(context -> builder, System::getenv);
  }

  /** The running sandbox; only between the class's first and last test. */
  public Sandbox get() {
    StartedOnce<Sandbox> resource = current;
    Sandbox sandbox = resource == null ? null : resource.current().orElse(null);
    if (sandbox == null) {
      throw new IllegalStateException("the sandbox is not running: register SandboxExtension on a"
          + " static field and use it from tests, @BeforeAll or @AfterAll");
    }
    return sandbox;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || required()) {
      return ConditionEvaluationResult.enabled("sandbox preconditions checked per class");
    }
    return policy.condition(settings.apply(context).checkPreconditions());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Sandbox.Builder builder = settings.apply(context);
    List<String> problems = builder.checkPreconditions();
    if (!problems.isEmpty()) {
      throw policy.refusal(new SandboxPreconditionException(problems));
    }
    @SuppressWarnings("unchecked")
    StartedOnce<Sandbox> resource = topLevelClass(context).getStore(NAMESPACE)
        .getOrComputeIfAbsent(Sandbox.class, type -> new StartedOnce<>(builder::start), StartedOnce.class);
    current = resource;
    try {
      resource.get();
    } catch (SandboxPreconditionException e) {
      throw policy.refusal(e);
    }
  }

  private static ExtensionContext topLevelClass(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get().getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Sandbox.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get();
  }

  boolean required() {
    return policy.required();
  }

  private static Sandbox.Builder fromAnnotation(ExtensionContext context) {
    Optional<WithSandbox> found = context.getTestClass()
        .flatMap(type -> Optional.ofNullable(type.getAnnotation(WithSandbox.class)));
    WithSandbox settings = found.orElseThrow(() -> new ExtensionConfigurationException(
        "SandboxExtension without @WithSandbox: register it with SandboxExtension.of(builder)"));
    Sandbox.Builder builder = Sandbox.builder()
        .addPackages(settings.packages())
        .bootTimeout(Duration.ofSeconds(settings.bootTimeoutSeconds()));
    if (settings.names().length > 0) {
      builder.hosts(settings.names());
    } else {
      builder.hosts(settings.hosts());
    }
    if (!settings.addressRange().isEmpty()) {
      builder.addressRange(settings.addressRange());
    }
    return builder;
  }
}
