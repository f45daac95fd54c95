/**
 * The certificates a running cluster's hosts hold: when each expires (as {@code kubeadm certs check-expiration}
 * shows it, read from the hosts themselves), and their renewal, as {@code Cluster.certificates()} gives them.
 */
package dev.kubestrap.certificates;
