package dev.kubestrap.pki;

/**
 * A machine as the PKI sees it: its Kubernetes node (or etcd member) name and its IP address. Checked
 * by {@link KubernetesPki.Builder#build()}: the name is a lowercase RFC 1123 name, the address an IP literal.
 */
public record HostIdentity(String name, String address) {}
