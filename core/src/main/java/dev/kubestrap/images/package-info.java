/**
 * Container images for hosts that cannot pull them: archives (docker-archive or OCI layout tarballs) that
 * {@code apply()} places on every node and imports into containerd's {@code k8s.io} namespace before the
 * kubelet needs them.
 */
package dev.kubestrap.images;
