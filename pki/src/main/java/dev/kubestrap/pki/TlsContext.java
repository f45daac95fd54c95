package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.CertificateFacts;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * What one side of a TLS connection holds: the certificate it presents (its identity) and the certificates it trusts,
 * as the JSSE objects a client or server is configured with ({@link #sslContext()}, {@link #keyManager()},
 * {@link #trustManager()}). Immutable and safe to share between threads. Made with
 * {@code TlsContext.builder().identity(clientCertificate).trust(ca).build()}.
 *
 * <p>Defaults: no identity (no certificate is presented: a server asking for a client certificate refuses the
 * handshake) and nothing trusted (every peer certificate is refused). The managers come from the JVM's default
 * {@link KeyManagerFactory} and {@link TrustManagerFactory} algorithms (PKIX in the JDK); nothing is ever trusted
 * without a chain to a trusted certificate.
 *
 * <p>The peer's <em>name</em> is checked by the connection, not by this class: {@code java.net.http.HttpClient}
 * checks the URL's host or IP against the server certificate's SANs by default; a plain {@code SSLSocket} does so
 * only when its parameters ask for it ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}), and
 * the trust manager then refuses a certificate for another name.
 */
public final class TlsContext {
  /** The key store lives only in memory for the key manager factory; a password on it would protect nothing. */
  private static final char[] NO_PASSWORD = new char[0];

  private final Optional<CertifiedKey> identity;
  private final List<X509Certificate> trusted;
  private final X509KeyManager keyManager;
  private final X509TrustManager trustManager;
  private final SSLContext sslContext;

  private TlsContext(Optional<CertifiedKey> identity, List<X509Certificate> trusted, X509KeyManager keyManager,
      X509TrustManager trustManager, SSLContext sslContext) {
    this.identity = identity;
    this.trusted = trusted;
    this.keyManager = keyManager;
    this.trustManager = trustManager;
    this.sslContext = sslContext;
  }

  /** A builder with no identity and nothing trusted. */
  public static Builder builder() {
    return new Builder();
  }

  /** An initialised {@code TLS} context with this key manager and trust manager, for clients and servers. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Presents the identity's certificate chain, or nothing when there is no identity. */
  public X509KeyManager keyManager() {
    return keyManager;
  }

  /** Accepts a peer whose chain ends at a trusted certificate (and, when the connection asks, names the peer). */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** The certificate and key presented in the handshake, if any. */
  public Optional<CertifiedKey> identity() {
    return identity;
  }

  /** The trust anchors, in the order they were added. */
  public List<X509Certificate> trustedCertificates() {
    return trusted;
  }

  @Override
  public String toString() {
    return "TlsContext[identity=" + identity.map(CertifiedKey::subject).orElse("none") + ", trusted="
        + trusted.stream().map(CertificateFacts::subject).toList() + "]";
  }

  /** Collects the identity and the trusted certificates; {@link #build()} checks them and makes the JSSE objects. */
  public static final class Builder {
    private CertifiedKey identity;
    private List<X509Certificate> intermediates = new ArrayList<>();
    private final List<X509Certificate> trusted = new ArrayList<>();

    private Builder() {}

    /**
     * Presents {@code certificate} with its key, followed by {@code intermediates} (each the issuer of the one
     * before it; leave out the root). Replaces an earlier identity. Default: none.
     */
    public Builder identity(CertifiedKey certificate, X509Certificate... intermediates) {
      this.identity = certificate;
      this.intermediates = intermediates == null ? null : new ArrayList<>(Arrays.asList(intermediates));
      return this;
    }

    /** Trusts chains that end at the certificate of each CA. */
    public Builder trust(CertificateAuthority... cas) {
      Objects.requireNonNull(cas, "cas");
      for (CertificateAuthority ca : cas) {
        trusted.add(ca == null ? null : ca.certificate());
      }
      return this;
    }

    /** Trusts chains that end at {@code certificate}, such as a CA certificate read from a file without its key. */
    public Builder addTrustedCertificate(X509Certificate certificate) {
      trusted.add(certificate);
      return this;
    }

    /** Checks the identity's chain and the trusted certificates, then makes the key manager, trust manager and context. */
    public TlsContext build() {
      if (intermediates == null || intermediates.contains(null)) {
        throw new PkiException("identity intermediates must not be null: " + intermediates);
      }
      if (identity == null && !intermediates.isEmpty()) {
        throw new PkiException("identity must be set when intermediates are given: " + intermediates.size());
      }
      if (trusted.contains(null)) {
        throw new PkiException("trusted certificates must not be null: " + trusted);
      }
      List<X509Certificate> chain = identity == null ? List.of()
          : Stream.concat(Stream.of(identity.certificate()), intermediates.stream()).toList();
      for (int i = 1; i < chain.size(); i++) {
        requireIssuer(chain.get(i), chain.get(i - 1));
      }
      try {
        KeyStore keys = emptyStore();
        if (identity != null) {
          keys.setKeyEntry("identity", identity.privateKey(), NO_PASSWORD, chain.toArray(X509Certificate[]::new));
        }
        KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, NO_PASSWORD);
        KeyStore anchors = emptyStore();
        for (int i = 0; i < trusted.size(); i++) {
          anchors.setCertificateEntry("trusted-" + i, trusted.get(i));
        }
        TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustFactory.init(anchors);
        X509KeyManager keyManager = only(X509KeyManager.class, keyFactory.getKeyManagers());
        X509TrustManager trustManager = only(X509TrustManager.class, trustFactory.getTrustManagers());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
        return new TlsContext(Optional.ofNullable(identity), List.copyOf(trusted), keyManager, trustManager, context);
      } catch (GeneralSecurityException | IOException e) {
        throw new PkiException("cannot set up TLS with identity " + quote(identity == null ? "none"
            : identity.subject()) + ": " + e.getMessage(), e);
      }
    }

    private static void requireIssuer(X509Certificate issuer, X509Certificate issued) {
      boolean named = issued.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
      try {
        if (named) {
          issued.verify(issuer.getPublicKey());
          return;
        }
      } catch (GeneralSecurityException e) {
        // the name fits but the key did not sign it: refused below
      }
      throw new PkiException("identity intermediate " + quote(CertificateFacts.subject(issuer))
          + " did not issue " + quote(CertificateFacts.subject(issued)) + " (its issuer is "
          + quote(issued.getIssuerX500Principal().getName()) + ")");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      return store;
    }

    private static <T> T only(Class<T> type, Object[] managers) {
      for (Object manager : managers) {
        if (type.isInstance(manager)) {
          return type.cast(manager);
        }
      }
      throw new PkiException("the JVM's default " + type.getSimpleName() + " factory gave none: "
          + List.of(managers));
    }
  }
}
