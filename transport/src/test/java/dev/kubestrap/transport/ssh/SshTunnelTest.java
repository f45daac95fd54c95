package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link SshTransport#tunnel(int)} through a real OpenSSH server to a service on the host's loopback. */
class SshTunnelTest extends OneRootSession {
  @Test
  void bytesCrossTheTunnelBothWaysForSeveralConnections() throws Exception {
    try (ServerSocket service = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Tunnel tunnel = ssh.tunnel(service.getLocalPort())) {
      Thread server = echoTwice(service);

      for (String message : new String[] {"first", "second"}) {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
          client.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
          client.shutdownOutput();
          assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo("echo " + message + "\n");
        }
      }
      server.join(10_000);
      assertThat(tunnel.localPort()).isNotEqualTo(service.getLocalPort());
    }
  }

  @Test
  void aClosedTunnelRefusesConnections() throws IOException {
    Tunnel tunnel = ssh.tunnel(9);
    int port = tunnel.localPort();
    tunnel.close();

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // with no listener left, the kernel can still pick the same port as the source and connect the socket to
      // itself (TCP simultaneous open); any other connection means something still listens there
      assertThat(socket.getLocalPort()).as("a connection to the closed tunnel's port " + port).isEqualTo(port);
    } catch (ConnectException refused) {
      assertThat(refused).hasMessageContaining("refused");
    }
  }

  @Test
  void aPortOutsideTheRangeIsRefused() {
    assertThatThrownBy(() -> ssh.tunnel(0)).hasMessage("port must be 1..65535: 0");
  }

  private static Thread echoTwice(ServerSocket service) {
    Thread thread = new Thread(() -> {
      for (int i = 0; i < 2; i++) {
        try (Socket socket = service.accept(); InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream()) {
          out.write(("echo " + new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          return;
        }
      }
    });
    thread.start();
    return thread;
  }
}
