package dev.kubestrap.e2e;

import dev.kubestrap.sandbox.junit.WithSandboxCluster;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one cluster of the run: 1 control-plane host and 2 workers with the programs {@code programs/build.sh} built
 * from their official Go modules and their images preloaded. The same settings as the first user's tests, so every
 * class of the module shares one cluster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithSandboxCluster(workers = 2, programs = "${KUBESTRAP_PROGRAMS}", images = "${KUBESTRAP_PROGRAMS}/images",
    reuse = true)
@interface ClusterBuiltFromSource {}
