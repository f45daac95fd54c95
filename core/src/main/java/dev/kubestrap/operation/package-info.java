/**
 * Day-2 operations on a running cluster (add or remove a host, renew certificates, restore etcd, upgrade), each
 * an {@link dev.kubestrap.operation.Operation}: a list of steps shown by {@code plan()} before {@code apply()} does
 * anything, read-only checks first, then the steps in order, stopping at the first failure with what is done and
 * what remains.
 */
package dev.kubestrap.operation;
