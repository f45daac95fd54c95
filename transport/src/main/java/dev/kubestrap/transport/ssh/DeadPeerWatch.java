package dev.kubestrap.transport.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.SocketFactory;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a host that stopped answering (a network partition, a host that froze) on one connection and cuts the
 * connection, so that whatever waits on it fails at once instead of after TCP gives up (many minutes).
 *
 * <p>Every {@code keepAlive} an OpenSSH keep-alive request ({@code keepalive@openssh.com}, answered by every
 * OpenSSH server) goes out; the peer counts as alive while any bytes arrive from it, whether the answer to a
 * keep-alive, command output or the window adjustments that acknowledge an upload. Counting every byte, not only
 * the answers, keeps a long upload on a slow link alive: its keep-alives wait behind megabytes of data, but the
 * host acknowledges the data all along. After {@code deadPeerTimeout} without a byte, the socket is closed (which
 * wakes a writer blocked on a full send buffer, where a keep-alive alone would wait forever for the write lock)
 * and the connection is declared dead; {@link #verdict()} then says why.
 *
 * <p>Requests are sent from a thread of their own, since a send may block behind a stalled upload; the checks run
 * on a thread of their own too, one per connection, asleep between checks.
 */
final class DeadPeerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadPeerWatch.class);

  private final String target;
  private final Duration keepAlive;
  private final Duration timeout;
  private volatile long lastHeard = System.nanoTime();
  private volatile String verdict;
  private volatile boolean closed;
  private SSHClient client;
  private Thread checker;
  private Thread sender;

  DeadPeerWatch(String target, Duration keepAlive, Duration timeout) {
    this.target = target;
    this.keepAlive = keepAlive;
    this.timeout = timeout;
  }

  /** Sockets whose reads count as signs of life; set on the client before it connects. */
  SocketFactory sockets() {
    return new WatchedSockets();
  }

  /** Starts watching {@code client}, connected and authenticated. */
  void start(SSHClient client) {
    this.client = client;
    heard();
    checker = daemon(this::checkLoop, "kubestrap-ssh-watch-" + target);
    sender = daemon(this::sendLoop, "kubestrap-ssh-keepalive-" + target);
  }

  /** Why the connection was declared dead, e.g. {@code no data from the host for 20 s}; empty while it is not. */
  Optional<String> verdict() {
    return Optional.ofNullable(verdict);
  }

  private void heard() {
    lastHeard = System.nanoTime();
  }

  private void checkLoop() {
    long step = Math.max(50, Math.min(keepAlive.toMillis(), timeout.toMillis() / 4));
    while (!closed) {
      if (System.nanoTime() - lastHeard >= timeout.toNanos()) {
        declareDead();
        return;
      }
      if (!sleep(step)) {
        return;
      }
    }
  }

  /**
   * A keep-alive request every interval while none is outstanding. An answer, the OpenSSH server's refusal of the
   * request included, is a sign of life even where no socket of ours carries the connection (via a jump host).
   * Answers are looked at, never awaited: sshj logs an error for every refusal a waiting thread receives.
   */
  private void sendLoop() {
    Promise<SSHPacket, ConnectionException> pending = null;
    while (!closed) {
      try {
        if (pending != null && pending.isFulfilled()) {
          heard();
          pending = null;
        }
        if (pending == null) {
          pending = client.getConnection().sendGlobalRequest("keepalive@openssh.com", true, new byte[0]);
        }
      } catch (IOException | RuntimeException e) {
        return;
      }
      if (!sleep(keepAlive.toMillis())) {
        return;
      }
    }
  }

  private void declareDead() {
    verdict = "no data from the host for " + seconds(timeout) + " (keep-alive every " + seconds(keepAlive) + ")";
    LOG.warn("{}: {}; closing the connection", target, verdict);
    Socket socket = client.getSocket();
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all that was wanted
      }
    }
    // dying tries to say goodbye to the peer, which may block on a dead link: not on the checker's time
    daemon(() -> client.getTransport().die(
        new net.schmizz.sshj.transport.TransportException(DisconnectReason.CONNECTION_LOST, verdict)),
        "kubestrap-ssh-cut-" + target);
  }

  @Override
  public void close() {
    closed = true;
    if (checker != null) {
      checker.interrupt();
      sender.interrupt();
    }
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** Plain TCP sockets that report every successful read to the watch. */
  private final class WatchedSockets extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new WatchedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new WatchedSocket(), InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return createSocket(InetAddress.getByName(host), port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connected(new WatchedSocket(), host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      Socket socket = new WatchedSocket();
      socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
      return connected(socket, address, port);
    }

    private Socket connected(Socket socket, InetAddress host, int port) throws IOException {
      socket.connect(new java.net.InetSocketAddress(host, port));
      return socket;
    }
  }

  private final class WatchedSocket extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
              heard();
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
              heard();
            }
            return n;
          }
        };
      }
      return in;
    }
  }
}
