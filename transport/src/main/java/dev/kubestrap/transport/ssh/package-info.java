/**
 * {@link dev.kubestrap.transport.ssh.SshTransport}: the transport contract over one SSH connection
 * (sshj), configured by an immutable {@link dev.kubestrap.transport.ssh.SshConfig}.
 */
package dev.kubestrap.transport.ssh;
