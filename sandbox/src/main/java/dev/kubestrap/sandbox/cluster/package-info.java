/**
 * A whole Kubernetes cluster on sandbox hosts: {@link dev.kubestrap.sandbox.cluster.SandboxCluster#start} with a
 * {@link dev.kubestrap.sandbox.cluster.SandboxClusterSpec}.
 */
package dev.kubestrap.sandbox.cluster;
