package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket on this machine's loopback whose every connection becomes a direct-tcpip
 * channel to {@code 127.0.0.1:<port>} on the host, over the transport's one SSH connection. Bytes
 * are copied by two daemon threads per connection; the tunnel is meant for health probes and other
 * small exchanges, not bulk transfer.
 */
final class SshTunnel implements Tunnel {
  private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);

  private final SSHClient client;
  private final String target;
  private final int remotePort;
  private final ServerSocket listener;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  SshTunnel(SSHClient client, String target, int remotePort) {
    this.client = client;
    this.target = target;
    this.remotePort = remotePort;
    try {
      this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new ConnectionException(target, "tunnel to port " + remotePort,
          "opening a local port failed: " + e.getMessage(), e);
    }
    Thread acceptor = new Thread(this::accept, "kubestrap-tunnel-" + target + ":" + remotePort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @Override
  public int localPort() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("tunnel to {} port {} stopped accepting: {}", target, remotePort, e.getMessage());
        }
        return;
      }
      open.add(socket);
      try {
        DirectConnection channel = client.newDirectConnection("127.0.0.1", remotePort);
        open.add(channel);
        Connection connection = new Connection(socket, channel);
        pump(socket.getInputStream(), channel.getOutputStream(), connection, "out", () -> channel.getOutputStream().close());
        pump(channel.getInputStream(), socket.getOutputStream(), connection, "in", socket::shutdownOutput);
      } catch (IOException e) {
        LOG.debug("tunnel to {} port {}: opening a channel failed: {}", target, remotePort, e.getMessage());
        closeQuietly(socket);
        open.remove(socket);
      }
    }
  }

  /** One forwarded connection: closed once both directions have ended, or one failed. */
  private final class Connection {
    private final Socket socket;
    private final DirectConnection channel;
    private int directionsLeft = 2;

    Connection(Socket socket, DirectConnection channel) {
      this.socket = socket;
      this.channel = channel;
    }

    synchronized void ended(boolean failed) {
      directionsLeft--;
      if (failed || directionsLeft == 0) {
        closeQuietly(socket);
        closeQuietly(channel);
        open.remove(socket);
        open.remove(channel);
      }
    }
  }

  private interface HalfClose {
    void run() throws IOException;
  }

  /** Copies one direction; at its end the other side is told (EOF), so half-closed exchanges work. */
  private void pump(InputStream from, OutputStream to, Connection connection, String direction, HalfClose atEnd) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      boolean failed = false;
      try {
        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
          to.write(buffer, 0, n);
          to.flush();
        }
        atEnd.run();
      } catch (IOException e) {
        failed = true;
      } finally {
        connection.ended(failed);
      }
    }, "kubestrap-tunnel-" + direction + "-" + target + ":" + remotePort);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(SshTunnel::closeQuietly);
    open.clear();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // best effort: the peer may be gone already
    }
  }

  @Override
  public String toString() {
    return "Tunnel[127.0.0.1:" + localPort() + " -> " + target + " 127.0.0.1:" + remotePort + "]";
  }
}
