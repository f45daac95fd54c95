package dev.kubestrap.pki;

import java.util.List;

/**
 * One row of the Kubernetes certificate table: what one leaf certificate must state. {@code name} is also
 * the store's file base ({@code <name>.pem}, {@code <name>-key.pem}). Made by {@link KubernetesPki#roles()}.
 */
public record CertificateRole(
    String name,
    CaRole issuer,
    String commonName,
    List<String> organizations,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<ExtendedKeyUsage> extendedKeyUsages) {

  public static final String API_SERVER_KUBELET_CLIENT = "kube-apiserver-kubelet-client";
  public static final String API_SERVER_ETCD_CLIENT = "kube-apiserver-etcd-client";
  public static final String ETCD_HEALTHCHECK_CLIENT = "etcd-healthcheck-client";
  public static final String FRONT_PROXY_CLIENT = "front-proxy-client";
  public static final String ADMIN = "admin";
  public static final String SUPER_ADMIN = "super-admin";
  public static final String CONTROLLER_MANAGER = "kube-controller-manager";
  public static final String SCHEDULER = "kube-scheduler";
  public static final String KUBE_PROXY = "kube-proxy";

  public CertificateRole {
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    extendedKeyUsages = List.copyOf(extendedKeyUsages);
  }

  /**
   * The serving certificate of the kube-apiserver on one control-plane host: each host has its own, naming itself
   * and the API endpoint, so that adding or removing a control-plane host re-issues no other host's certificate.
   */
  public static String apiServer(String host) {
    return "kube-apiserver-server-" + host;
  }

  public static String etcdServer(String member) {
    return "etcd-server-" + member;
  }

  public static String etcdPeer(String member) {
    return "etcd-peer-" + member;
  }

  public static String kubeletClient(String node) {
    return "kubelet-client-" + node;
  }

  public static String kubeletServer(String node) {
    return "kubelet-server-" + node;
  }

  /** A builder for the certificate this row describes, without issuer, key or clock. */
  IssuedCertificate.Builder toBuilder() {
    IssuedCertificate.Builder builder = IssuedCertificate.builder().commonName(commonName);
    organizations.forEach(builder::addOrganization);
    dnsNames.forEach(builder::addDnsName);
    ipAddresses.forEach(builder::addIpAddress);
    return builder.extendedKeyUsage(extendedKeyUsages.toArray(ExtendedKeyUsage[]::new));
  }
}
