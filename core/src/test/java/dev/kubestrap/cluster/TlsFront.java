package dev.kubestrap.cluster;

import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.TlsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Test-only stand-in for the apiserver's TLS endpoint: listens on 127.0.0.1, terminates TLS with the
 * kube-apiserver certificate of the cluster's PKI (so a client built from the generated admin kubeconfig
 * verifies it against the cluster CA, as with a real apiserver) and relays the plain bytes to fabric8's mock
 * server.
 */
final class TlsFront implements AutoCloseable {
  private final ServerSocket listener;
  private final int backendPort;
  private volatile SSLContext tls;

  TlsFront(int backendPort) throws IOException {
    this.backendPort = backendPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tls-front");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Serves with this certificate (PEM files of the PKI store) from now on. */
  void serve(Path certificatePem, Path keyPem) {
    tls = TlsContext.builder().identity(IssuedCertificate.load(certificatePem, keyPem)).build().sslContext();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket raw = listener.accept();
        Thread relay = new Thread(() -> relay(raw), "tls-front-relay");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket raw) {
    try (Socket client = wrap(raw); Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      Thread up = new Thread(() -> pump(client, backend), "tls-front-up");
      up.setDaemon(true);
      up.start();
      pump(backend, client);
      up.join(5000);
    } catch (Exception e) {
      // a client that hung up: nothing to relay
    }
  }

  private Socket wrap(Socket raw) throws IOException {
    if (tls == null) {
      raw.close();
      throw new IOException("no certificate yet");
    }
    SSLSocket socket = (SSLSocket) tls.getSocketFactory()
        .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
    socket.setUseClientMode(false);
    socket.startHandshake();
    return socket;
  }

  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16384];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException | UnsupportedOperationException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
