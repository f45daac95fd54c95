package dev.kubestrap.transport;

/**
 * A TCP port on this machine's loopback interface that reaches a port on the host's loopback
 * interface while the tunnel is open. Made by {@link Transport#tunnel(int)}; closing it stops
 * accepting connections and closes those still open.
 */
public interface Tunnel extends AutoCloseable {
  /** The port to connect to on {@code 127.0.0.1} of this machine. */
  int localPort();

  /** Stops the tunnel; idempotent. */
  @Override
  void close();

  /** A tunnel that is no tunnel: the port is reached directly (a host that is this machine). */
  static Tunnel direct(int port) {
    return new Tunnel() {
      @Override
      public int localPort() {
        return port;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "Tunnel[direct 127.0.0.1:" + port + "]";
      }
    };
  }
}
