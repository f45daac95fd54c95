/**
 * HTTP(S) forward proxies for closed networks: {@link dev.kubestrap.proxy.HttpProxy} for this machine's
 * downloads and for containerd on the nodes.
 */
package dev.kubestrap.proxy;
