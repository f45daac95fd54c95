package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.pki.KubernetesPki;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A user's own fabric8 client, configured only by {@code Config.fromKubeconfig} from the kubeconfig kubestrap
 * writes (no hint about the key's algorithm), connects to an HTTPS server that demands a client certificate from the
 * cluster CA, and is seen there as the admin.
 */
class Fabric8KubeconfigTest {
  private static final String VERSION = "{\"major\":\"1\",\"minor\":\"36\",\"gitVersion\":\"v1.36.4\","
      + "\"gitCommit\":\"0\",\"gitTreeState\":\"clean\",\"buildDate\":\"2026-01-01T00:00:00Z\","
      + "\"goVersion\":\"go1.24\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048"})
  void fromKubeconfigReadsTheKeyAndConnectsAsTheAdmin(KeyAlgorithm algorithm) throws Exception {
    ClusterCertificates pki = KubernetesPki.builder().clusterName("lab").controlPlane("master", "127.0.0.1")
        .keyAlgorithm(algorithm).build().issue();
    List<String> clients = new CopyOnWriteArrayList<>();
    HttpsServer server = server(pki, clients);
    try {
      String kubeconfig = Kubeconfig.forClientCertificate("lab",
          URI.create("https://127.0.0.1:" + server.getAddress().getPort()), pki.ca().certificatePem(), "admin",
          pki.admin().certificatePem(), pki.admin().privateKeyPem(), "default").toYaml();

      VersionInfo version;
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
          .build()) {
        version = client.getKubernetesVersion();
      }

      assertThat(version.getGitVersion()).isEqualTo("v1.36.4");
      assertThat(clients).containsOnly(pki.admin().subject());
    } finally {
      server.stop(0);
    }
  }

  /** Serves {@code /version} to clients with a certificate of the cluster CA, and records who they were. */
  private static HttpsServer server(ClusterCertificates pki, List<String> clients) throws Exception {
    IssuedCertificate apiServer = pki.apiServer("master");
    char[] password = "test".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("apiserver", apiServer.privateKey(), password, new Certificate[] {apiServer.certificate()});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca().certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);

    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters demanding = tls.getDefaultSSLParameters();
        demanding.setNeedClientAuth(true);
        parameters.setSSLParameters(demanding);
      }
    });
    server.createContext("/version", exchange -> {
      X509Certificate client = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
      clients.add(client.getSubjectX500Principal().getName());
      byte[] body = VERSION.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }
}
