package dev.kubestrap.sandbox.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against one {@link dev.kubestrap.sandbox.Sandbox}, started before
 * the first test and closed after the last (also when tests fail). Test methods, constructors and
 * lifecycle methods receive it as a {@code Sandbox} parameter. Where a precondition fails the
 * class is skipped with the reason, or fails when the environment variable
 * {@code KUBESTRAP_REQUIRE_SANDBOX=1} is set. For settings beyond these, register a
 * {@link SandboxExtension} built with {@link SandboxExtension#of}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SandboxExtension.class)
public @interface WithSandbox {
  /** How many hosts, named {@code host1} …; ignored when {@link #names()} is given. Default 1. */
  int hosts() default 1;

  /** Host names, in address order. Default: none, so {@link #hosts()} applies. */
  String[] names() default {};

  /** Debian packages added to the base root filesystem. Default: none. */
  String[] packages() default {};

  /** The address range; empty means the first free /24 from 198.18.0.0/24. Default: empty. */
  String addressRange() default "";

  /** Seconds all hosts may take to become ready. Default: 120. */
  int bootTimeoutSeconds() default 120;
}
