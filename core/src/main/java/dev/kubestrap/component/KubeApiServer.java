package dev.kubestrap.component;

import java.util.ArrayList;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.component.config.AuditPolicy;
import dev.kubestrap.component.config.AuthenticationConfiguration;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.component.config.EncryptionConfiguration;
import dev.kubestrap.component.config.EncryptionConfiguration.Key;
import dev.kubestrap.component.config.EncryptionConfiguration.Keys;
import dev.kubestrap.component.config.EncryptionConfiguration.ResourceConfiguration;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver on each control-plane host. One certificate per purpose: serving, etcd client (etcd CA),
 * kubelet client, front-proxy client. Anonymous requests authenticate only for the health endpoints
 * ({@code authentication-config.yaml}). Node and RBAC authorization, the NodeRestriction admission plugin,
 * bound service-account tokens ({@code --service-account-issuer}, signing key), Secrets encrypted at rest,
 * the aggregation layer, and with audit logging an audit policy. None of the seed's
 * {@code --runtime-config=api/all=true}, {@code --apiserver-count} or {@code --kubelet-https}.
 */
public final class KubeApiServer extends FlaggedComponent implements Component {

  public static final String CA = "ca.pem";
  public static final String SERVING = "kube-apiserver.pem";
  public static final String KUBELET_CLIENT = "kube-apiserver-kubelet-client.pem";
  public static final String ETCD_CLIENT = "kube-apiserver-etcd-client.pem";
  public static final String FRONT_PROXY_CA = "front-proxy-ca.pem";
  public static final String FRONT_PROXY_CLIENT = "front-proxy-client.pem";
  public static final String SERVICE_ACCOUNT_PUBLIC = "service-account-pub.pem";
  public static final String SERVICE_ACCOUNT_PRIVATE = "service-account-key.pem";
  public static final String ENCRYPTION_CONFIG = "encryption-config.yaml";
  public static final String AUDIT_POLICY = "audit-policy.yaml";
  public static final String AUTHENTICATION_CONFIG = "authentication-config.yaml";
  /** The common name the apiserver accepts from the front-proxy client certificate. */
  public static final String FRONT_PROXY_CLIENT_NAME = "front-proxy-client";

  public KubeApiServer(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.KUBE_APISERVER;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return host.has(Role.CONTROL_PLANE);
  }

  /** The audit log, {@code /opt/kube-apiserver/log/audit.log}. */
  public Path auditLog() {
    return layout.logDir(ComponentName.KUBE_APISERVER).resolve("audit.log");
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    Flags flags = new Flags()
        .set("--advertise-address", host.ip())
        .set("--secure-port", spec.apiServerPort())
        .set("--allow-privileged", true)
        .set("--authorization-mode", "Node,RBAC")
        .set("--enable-admission-plugins", "NodeRestriction")
        .set("--authentication-config", file(AUTHENTICATION_CONFIG))
        .set("--client-ca-file", file(CA))
        .set("--tls-cert-file", file(SERVING))
        .set("--tls-private-key-file", file(key(SERVING)))
        .set("--etcd-servers", etcdServers(host))
        .set("--etcd-cafile", file(Etcd.CA))
        .set("--etcd-certfile", file(ETCD_CLIENT))
        .set("--etcd-keyfile", file(key(ETCD_CLIENT)))
        .set("--kubelet-certificate-authority", file(CA))
        .set("--kubelet-client-certificate", file(KUBELET_CLIENT))
        .set("--kubelet-client-key", file(key(KUBELET_CLIENT)))
        .set("--kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname")
        .set("--requestheader-client-ca-file", file(FRONT_PROXY_CA))
        .set("--requestheader-allowed-names", FRONT_PROXY_CLIENT_NAME)
        .set("--requestheader-username-headers", "X-Remote-User")
        .set("--requestheader-group-headers", "X-Remote-Group")
        .set("--requestheader-extra-headers-prefix", "X-Remote-Extra-")
        .set("--proxy-client-cert-file", file(FRONT_PROXY_CLIENT))
        .set("--proxy-client-key-file", file(key(FRONT_PROXY_CLIENT)))
        .set("--service-account-issuer", "https://kubernetes.default.svc." + spec.dnsDomain())
        .set("--service-account-key-file", file(SERVICE_ACCOUNT_PUBLIC))
        .set("--service-account-signing-key-file", file(SERVICE_ACCOUNT_PRIVATE))
        .set("--service-cluster-ip-range", spec.serviceCidr())
        .set("--service-node-port-range", spec.nodePortRange())
        .set("--encryption-provider-config", file(ENCRYPTION_CONFIG))
        .set("--profiling", false)
        // Without it a stop waits out the 60 s HTTP shutdown timeout for the open watches of every kubelet and
        // controller (measured: a restart took 60.3 s, with it 2.2 s); requests in the window get 429 Retry-After,
        // which clients honour, and every rolling restart, upgrade and renewal step is shorter by the difference.
        .set("--shutdown-send-retry-after", true);
    if (spec.auditLogging()) {
      flags.set("--audit-policy-file", file(AUDIT_POLICY))
          .set("--audit-log-path", auditLog())
          .set("--audit-log-maxage", 30)
          .set("--audit-log-maxbackup", 3)
          .set("--audit-log-maxsize", 100);
    }
    return flags.set("--v", 2);
  }

  /**
   * The etcd member on the host itself when the host is one (as kubeadm's stacked control plane does: adding or
   * removing a member then changes no apiserver's flags), else every member.
   */
  String etcdServers(HostSpec host) {
    return spec.isEtcdMember(host)
        ? httpsUrl(InetAddress.getLoopbackAddress(), spec.etcdClientPort())
        : new Etcd(spec).clientEndpoints();
  }

  /** {@code EncryptionConfiguration} v1: Secrets under the spec's provider with {@code key}, then identity. */
  public EncryptionConfiguration encryptionConfiguration(EncryptionKey key) {
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put(spec.encryptionProvider().configName(), new Keys(List.of(new Key("key1", key.toBase64()))));
    return new EncryptionConfiguration(EncryptionConfiguration.API_VERSION, EncryptionConfiguration.KIND,
        List.of(new ResourceConfiguration(List.of("secrets"), List.of(provider, Map.of("identity", Map.of())))));
  }

  /** The encryption config file (0600: it holds the key). */
  public PlacedFile encryptionConfigFile(EncryptionKey key) {
    return new PlacedFile(file(ENCRYPTION_CONFIG), ConfigFiles.yaml(encryptionConfiguration(key)), PlacedFile.SECRET);
  }

  /**
   * The authentication config: anonymous requests authenticate only for {@code /livez}, {@code /readyz} and
   * {@code /healthz}, so no RBAC binding to {@code system:anonymous} can open anything else. It replaces
   * {@code --anonymous-auth}, which kube-apiserver refuses together with it.
   */
  public PlacedFile authenticationConfigFile() {
    return new PlacedFile(file(AUTHENTICATION_CONFIG), ConfigFiles.yaml(AuthenticationConfiguration.anonymousHealthOnly()),
        PlacedFile.PUBLIC);
  }

  /** The audit policy file. */
  public PlacedFile auditPolicyFile() {
    return new PlacedFile(file(AUDIT_POLICY), ConfigFiles.yaml(AuditPolicy.standard()), PlacedFile.PUBLIC);
  }

  /** {@code GET /livez} on loopback, verified with the cluster CA (anonymous access is allowed to it only). */
  public HealthCheck healthCheck() {
    return HealthCheck.https(
        URI.create(httpsUrl(InetAddress.getLoopbackAddress(), spec.apiServerPort()) + "/livez"), file(CA));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    String frontProxyName = pki.frontProxyClient().commonName();
    if (!frontProxyName.equals(FRONT_PROXY_CLIENT_NAME)) {
      throw new ComponentException("kube-apiserver accepts the front-proxy client as '" + FRONT_PROXY_CLIENT_NAME
          + "' but the certificate's common name is '" + frontProxyName + "'");
    }
    List<PlacedFile> files = new ArrayList<>();
    files.add(caFile(CA, pki.ca()));
    files.addAll(certificateFiles(SERVING, pki.apiServer(host.name())));
    files.addAll(certificateFiles(KUBELET_CLIENT, pki.apiServerKubeletClient()));
    files.add(caFile(Etcd.CA, pki.etcdCa()));
    files.addAll(certificateFiles(ETCD_CLIENT, pki.apiServerEtcdClient()));
    files.add(caFile(FRONT_PROXY_CA, pki.frontProxyCa()));
    files.addAll(certificateFiles(FRONT_PROXY_CLIENT, pki.frontProxyClient()));
    files.add(PlacedFile.publicFile(file(SERVICE_ACCOUNT_PUBLIC), pki.serviceAccountPublicKeyPem()));
    files.add(PlacedFile.secretFile(file(SERVICE_ACCOUNT_PRIVATE), pki.serviceAccountPrivateKeyPem()));
    files.add(encryptionConfigFile(secrets.encryptionKey()));
    files.add(authenticationConfigFile());
    List<PlacedDirectory> directories = new ArrayList<>(List.of(homeDirectory()));
    if (spec.auditLogging()) {
      files.add(auditPolicyFile());
      directories.add(new PlacedDirectory(layout.logDir(ComponentName.KUBE_APISERVER), 0700));
    }
    Dependencies order = spec.isEtcdMember(host)
        ? Dependencies.onNetworkOnline().and(Dependencies.onEtcd())
        : Dependencies.onNetworkOnline();
    return assembleKubernetes(host, directories, files, "Kubernetes API Server", order, healthCheck());
  }
}
