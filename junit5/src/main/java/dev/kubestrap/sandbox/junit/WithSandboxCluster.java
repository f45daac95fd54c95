package dev.kubestrap.sandbox.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a Kubernetes cluster on sandbox hosts, started before the first test and
 * ready (nodes and system pods Ready) when it runs. Fields and parameters of type
 * {@link dev.kubestrap.sandbox.cluster.SandboxCluster}, {@link dev.kubestrap.cluster.Cluster} and fabric8's
 * {@code KubernetesClient}, and a {@code Path} marked {@link AdminKubeconfig @AdminKubeconfig}, receive it: static
 * fields before {@code @BeforeAll}, instance fields when the instance is made.
 *
 * <p>The cluster is stopped and removed after the class, also when tests fail; with {@link #reuse()} it is shared
 * by every class of the test run that asks for an equal cluster and removed when the run ends. A JVM that is
 * killed leaves hosts that the next sandbox start removes. Where a prerequisite is missing (root,
 * systemd-nspawn, debootstrap, kernel modules, the programs directory), the class is skipped with all of them
 * listed, or fails when the environment variable {@code KUBESTRAP_REQUIRE_SANDBOX=1} is set.
 *
 * <p>It may also sit on an annotation of your own, which then stands for it (one place for the settings of the
 * cluster that several classes share).
 *
 * <p>In {@link #programs()} and {@link #images()}, {@code ${NAME}} stands for the system property or environment
 * variable {@code NAME}. For registry mirrors, a proxy or add-ons, register a {@link SandboxClusterExtension}
 * built from a {@link dev.kubestrap.sandbox.cluster.SandboxClusterSpec} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SandboxClusterExtension.class)
public @interface WithSandboxCluster {
  /** How many control-plane hosts. Default 1. */
  int controlPlanes() default 1;

  /** How many workers. Default 2. */
  int workers() default 2;

  /** The Kubernetes version; empty for the programs directory's, else kubestrap's default. Default: empty. */
  String kubernetesVersion() default "";

  /**
   * A directory of programs instead of downloads, e.g. {@code "${KUBESTRAP_PROGRAMS}"} for the programs built from
   * source; empty for the official downloads. Default: empty.
   */
  String programs() default "";

  /** A directory of image archives to import on every node; empty for none. Default: empty. */
  String images() default "";

  /** Whether kubestrap's default add-ons (Flannel, CoreDNS) are applied. Default: true. */
  boolean addons() default true;

  /** Whether classes of one run that ask for an equal cluster share one. Default: false (one per class). */
  boolean reuse() default false;

  /** Seconds the nodes and system pods may take to become Ready after apply. Default: 300. */
  int readyTimeoutSeconds() default 300;
}
