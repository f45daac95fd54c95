/** {@link dev.kubestrap.transport.local.LocalTransport}: the transport contract on this machine. */
package dev.kubestrap.transport.local;
