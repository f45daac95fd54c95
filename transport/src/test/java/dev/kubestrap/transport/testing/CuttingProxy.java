package dev.kubestrap.transport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for fault tests: forwards connections to a target port and, once armed, drops
 * every connection after a given number of further client-to-server bytes, as a network cut would; or
 * stops forwarding in both directions while keeping the connections open, as a network partition does
 * ({@link #stall()}); or forwards client-to-server bytes at a limited rate, as a slow link does
 * ({@link #throttle}).
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
  private volatile boolean stalled;
  private volatile long bytesPerSecond = Long.MAX_VALUE;
  private final Thread acceptor;

  public CuttingProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.acceptor = new Thread(this::acceptLoop, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on, cut all connections after this many more bytes from client to server. */
  public void cutAfter(long bytes) {
    budget.set(bytes);
  }

  /** From now on, forward nothing in either direction, and keep every connection open. */
  public void stall() {
    stalled = true;
  }

  /** From now on, forward at most this many client-to-server bytes per second. */
  public void throttle(long rate) {
    bytesPerSecond = rate;
  }

  /** Stop cutting, stalling and throttling. */
  public void heal() {
    budget.set(Long.MAX_VALUE);
    stalled = false;
    bytesPerSecond = Long.MAX_VALUE;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean counted) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer, 0, counted ? chunk(buffer.length) : buffer.length)) > 0; ) {
          if (counted && budget.addAndGet(-n) < 0) {
            break;
          }
          while (stalled && !to.isClosed()) {
            Thread.sleep(10);
          }
          if (counted && bytesPerSecond != Long.MAX_VALUE) {
            Thread.sleep(Math.max(1, n * 1000L / bytesPerSecond));
          }
          out.write(buffer, 0, n);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException ignored) {
        // the other direction closed the sockets
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cutting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads in small pieces while throttled, so that the rate holds over short spans too. */
  private int chunk(int most) {
    return bytesPerSecond == Long.MAX_VALUE ? most : (int) Math.max(512, Math.min(most, bytesPerSecond / 20));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(CuttingProxy::closeQuietly);
  }
}
