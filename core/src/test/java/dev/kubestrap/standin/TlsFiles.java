package dev.kubestrap.standin;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts made from PEM files, as the components are given them by flags. */
final class TlsFiles {
  private static final char[] IN_MEMORY = new char[0];

  private TlsFiles() {}

  /** A context presenting {@code certFile}/{@code keyFile} and trusting only the certificates in {@code caFile}. */
  static SSLContext context(Path certFile, Path keyFile, Path caFile) {
    List<X509Certificate> chain = Pem.readCertificates(readText(certFile), certFile.toString());
    return context(chain, Pem.readPrivateKey(keyFile), Pem.readCertificates(readText(caFile), caFile.toString()));
  }

  /** A context presenting a fresh self-signed certificate, as components without a serving certificate do. */
  static SSLContext selfSigned(String commonName) {
    CertificateAuthority self = CertificateAuthority.selfSigned(commonName).build();
    return context(List.of(self.certificate()), self.privateKey(), List.of());
  }

  /** A context without a client certificate, trusting only {@code trusted}. */
  static SSLContext trusting(List<X509Certificate> trusted) {
    return context(List.of(), null, trusted);
  }

  static SSLContext context(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (key != null) {
        keys.setKeyEntry("identity", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, IN_MEMORY);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        trust.setCertificateEntry("ca" + i, trusted.get(i));
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("building a TLS context failed: " + e.getMessage(), e);
    }
  }

  /**
   * An HTTPS configurator for {@code tls} that asks clients for a certificate: {@code required} makes it mandatory
   * (as etcd does), otherwise it is optional (as the API server does, to answer health checks anonymously).
   */
  static HttpsConfigurator askingForClientCertificates(SSLContext tls, boolean required) {
    return new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        if (required) {
          parameters.setNeedClientAuth(true);
        } else {
          parameters.setWantClientAuth(true);
        }
        params.setSSLParameters(parameters);
      }
    };
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
