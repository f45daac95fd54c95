package dev.kubestrap.standin;

import dev.kubestrap.kubeconfig.Context;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.kubeconfig.User;
import dev.kubestrap.pki.Pem;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;

/**
 * A component's connection to the API server, made only from its kubeconfig file: the server URL, the cluster CA and
 * the embedded client certificate, used for a real mutual-TLS request.
 *
 * @param client the fabric8 client built from the kubeconfig
 * @param userName the identity the client certificate carries (its common name)
 */
record ApiConnection(KubernetesClient client, String userName) implements AutoCloseable {

  /**
   * Reads {@code kubeconfigFile} and retries {@code GET /version} through it until it answers or {@code patience}
   * runs out (the API server may still be starting).
   *
   * @throws StandInRefusal if the kubeconfig is unusable or the API server never answered
   */
  static ApiConnection open(String program, Path kubeconfigFile, Duration patience) {
    String text;
    try {
      text = Files.readString(kubeconfigFile);
    } catch (IOException e) {
      throw new StandInRefusal(program, "cannot read " + kubeconfigFile + ": " + e.getMessage(), e);
    }
    Kubeconfig kubeconfig = Kubeconfig.parse(text);
    String contextName = kubeconfig.currentContext();
    Context context = kubeconfig.context(contextName == null ? "" : contextName).orElseThrow(() ->
        new StandInRefusal(program, kubeconfigFile + " has no current context"));
    User user = kubeconfig.user(context.user()).orElseThrow(() ->
        new StandInRefusal(program, kubeconfigFile + " names user '" + context.user() + "' but does not define it"));
    X509Certificate certificate = Pem.readCertificate(user.clientCertificatePem());
    String commonName = commonName(certificate.getSubjectX500Principal());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(text)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        VersionInfo version = client.getKubernetesVersion();
        System.err.println(program + ": connected to the API server " + client.getMasterUrl() + " as " + commonName
            + " (server " + version.getGitVersion() + ")");
        return new ApiConnection(client, commonName);
      } catch (KubernetesClientException e) {
        if (System.nanoTime() > deadline) {
          client.close();
          throw new StandInRefusal(program, "the API server at " + client.getMasterUrl() + " did not answer as "
              + commonName + ": " + e.getMessage(), e);
        }
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  static String commonName(X500Principal principal) {
    for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return "";
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
