package dev.kubestrap.sandbox.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code java.nio.file.Path} field or parameter that receives the admin kubeconfig of the sandbox cluster
 * ({@link WithSandboxCluster}), for tools such as {@code kubectl --kubeconfig}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface AdminKubeconfig {}
