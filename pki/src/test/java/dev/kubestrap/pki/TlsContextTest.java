package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsContext} on both ends of real TLS handshakes over loopback: a server socket made from one context, a
 * client socket from another, asking for the server's name to be checked as an HTTPS client does.
 */
class TlsContextTest {
  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("test ca").build();
  private static final CertificateAuthority OTHER_CA = CertificateAuthority.selfSigned("other ca").build();
  private static final IssuedCertificate SERVER = server("127.0.0.1", CA);
  private static final IssuedCertificate CLIENT = IssuedCertificate.builder().commonName("jane")
      .organization("lab:operators").extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(CA).build();

  private static IssuedCertificate server(String address, CertificateAuthority issuer) {
    return IssuedCertificate.builder().commonName("server").addIpAddress(address)
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(issuer).build();
  }

  @Test
  void aServerOfTheTrustedCaOnTheRightAddressIsAccepted() throws Exception {
    try (Server server = Server.start(TlsContext.builder().identity(SERVER).build(), false)) {
      assertThat(connect(TlsContext.builder().trust(CA).build(), server, true)).isEqualTo("client: none");
    }
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() throws Exception {
    TlsContext other = TlsContext.builder().identity(server("127.0.0.1", OTHER_CA)).build();
    try (Server server = Server.start(other, false)) {
      assertThatThrownBy(() -> connect(TlsContext.builder().trust(CA).build(), server, true))
          .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("certification path");
    }
  }

  @Test
  void aServerCertificateForAnotherAddressIsRefusedWhenTheClientChecksTheName() throws Exception {
    TlsContext elsewhere = TlsContext.builder().identity(server("198.18.0.7", CA)).build();
    TlsContext client = TlsContext.builder().trust(CA).build();
    try (Server server = Server.start(elsewhere, false)) {
      assertThatThrownBy(() -> connect(client, server, true))
          .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.1");
      // the same chain passes when the connection does not ask for the name: the refusal above is the name check
      assertThat(connect(client, server, false)).isEqualTo("client: none");
    }
  }

  @Test
  void byDefaultNothingIsTrusted() throws Exception {
    try (Server server = Server.start(TlsContext.builder().identity(SERVER).build(), false)) {
      // the JDK's PKIX trust manager reports an empty trust store as "trustAnchors parameter must be non-empty"
      assertThatThrownBy(() -> connect(TlsContext.builder().build(), server, true)).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void theIdentityIsPresentedAsAClientCertificate() throws Exception {
    TlsContext serverSide = TlsContext.builder().identity(SERVER).trust(CA).build();
    try (Server server = Server.start(serverSide, true)) {
      TlsContext client = TlsContext.builder().identity(CLIENT).trust(CA).build();
      assertThat(connect(client, server, true)).isEqualTo("client: " + CLIENT.subject());
      // without an identity the server, which needs one, ends the connection
      assertThatThrownBy(() -> connect(TlsContext.builder().trust(CA).build(), server, true))
          .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefusedByTheServer() throws Exception {
    IssuedCertificate stranger = IssuedCertificate.builder().commonName("mallory")
        .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(OTHER_CA).build();
    try (Server server = Server.start(TlsContext.builder().identity(SERVER).trust(CA).build(), true)) {
      TlsContext client = TlsContext.builder().identity(stranger).trust(CA).build();
      assertThatThrownBy(() -> connect(client, server, true))
          .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void anIdentityUnderAnIntermediateSendsItsChain() throws Exception {
    CertificateAuthority issuing = CertificateAuthority.intermediate("issuing ca").validity(Duration.ofDays(365))
        .signedBy(CA).build();
    IssuedCertificate leaf = server("127.0.0.1", issuing);
    try (Server server = Server.start(TlsContext.builder().identity(leaf, issuing.certificate()).build(), false)) {
      assertThat(connect(TlsContext.builder().trust(CA).build(), server, true)).isEqualTo("client: none");
    }
    try (Server server = Server.start(TlsContext.builder().identity(leaf).build(), false)) {
      assertThatThrownBy(() -> connect(TlsContext.builder().trust(CA).build(), server, true))
          .as("the root alone cannot verify a leaf whose intermediate is not sent")
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aCertificateAuthorityIsACertifiedKeyToo() {
    CertifiedKey key = CA;
    TlsContext context = TlsContext.builder().identity(key).addTrustedCertificate(CA.certificate()).build();

    String alias = context.keyManager().getServerAliases("EC", null)[0];
    assertThat(context.keyManager().getCertificateChain(alias)).containsExactly(CA.certificate());
    assertThat(context.identity()).contains(key);
    assertThat(context.trustManager().getAcceptedIssuers()).containsExactly(CA.certificate());
    assertThat(context.toString()).isEqualTo("TlsContext[identity=CN=test ca, trusted=[CN=test ca]]");
  }

  @Test
  void badInputIsRefusedNamingTheValue() {
    CertificateAuthority unrelated = CertificateAuthority.selfSigned("unrelated").build();
    assertThatThrownBy(() -> TlsContext.builder().identity(SERVER, unrelated.certificate()).build())
        .isInstanceOf(PkiException.class)
        .hasMessage("identity intermediate 'CN=unrelated' did not issue 'CN=server' (its issuer is 'CN=test ca')");
    assertThatThrownBy(() -> TlsContext.builder().identity(SERVER, (X509Certificate) null).build())
        .isInstanceOf(PkiException.class).hasMessage("identity intermediates must not be null: [null]");
    assertThatThrownBy(() -> TlsContext.builder().identity(null, CA.certificate()).build())
        .isInstanceOf(PkiException.class).hasMessage("identity must be set when intermediates are given: 1");
    assertThatThrownBy(() -> TlsContext.builder().trust(CA).addTrustedCertificate(null).build())
        .isInstanceOf(PkiException.class).hasMessageStartingWith("trusted certificates must not be null: [");
  }

  /** Handshakes with {@code server} as a client of {@code context} and returns the server's one-line answer. */
  private static String connect(TlsContext context, Server server, boolean checkName) throws IOException {
    try (SSLSocket socket = (SSLSocket) context.sslContext().getSocketFactory()
        .createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      if (checkName) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
      }
      socket.startHandshake();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  /** A loopback TLS server that answers each connection with the subject of the client's certificate, or none. */
  private static final class Server implements AutoCloseable {
    private final SSLServerSocket listener;

    private Server(SSLServerSocket listener) {
      this.listener = listener;
    }

    static Server start(TlsContext context, boolean needClientCertificate) throws IOException {
      SSLServerSocket listener = (SSLServerSocket) context.sslContext().getServerSocketFactory()
          .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
      listener.setNeedClientAuth(needClientCertificate);
      Server server = new Server(listener);
      Thread accept = new Thread(server::serve, "tls-context-test-server");
      accept.setDaemon(true);
      accept.start();
      return server;
    }

    int port() {
      return listener.getLocalPort();
    }

    private void serve() {
      while (!listener.isClosed()) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          socket.setSoTimeout(10_000);
          socket.startHandshake();
          String client;
          try {
            client = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
          } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            client = "none";
          }
          OutputStream out = socket.getOutputStream();
          out.write(("client: " + client + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          // a refused handshake ends only this connection
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
