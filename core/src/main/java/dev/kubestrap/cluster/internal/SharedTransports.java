package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.Host;
import dev.kubestrap.cluster.TransportFactory;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One transport per host for the life of a cluster object: opened the first time the host is needed, lent to
 * executors as a view whose {@code close()} does nothing, and closed by {@link #close()}.
 */
public final class SharedTransports implements AutoCloseable {
  private final Map<String, Host> hosts;
  private final TransportFactory factory;
  private final Map<String, Transport> open = new ConcurrentHashMap<>();

  public SharedTransports(Map<String, Host> hosts, TransportFactory factory) {
    this.hosts = new ConcurrentHashMap<>(hosts);
    this.factory = factory;
  }

  /** Makes a host reachable by name (a host added to the cluster). */
  public void add(String name, Host host) {
    hosts.put(name, host);
  }

  /** Closes the host's connection, if open, and forgets the host (a host removed from the cluster). */
  public void forget(String name) {
    hosts.remove(name);
    Transport transport = open.remove(name);
    if (transport != null) {
      transport.close();
    }
  }

  /** The host's transport, opened on first use; closing the returned view leaves the connection open. */
  public Transport borrow(String hostName) {
    Transport transport = open.computeIfAbsent(hostName, name -> {
      Host host = hosts.get(name);
      if (host == null) {
        throw new IllegalArgumentException("no host named '" + name + "'");
      }
      return factory.open(host);
    });
    return new Lent(transport);
  }

  /** Where the host's commands go, e.g. {@code root@198.18.0.2:22}, for messages. */
  public String target(String name) {
    Host host = hosts.get(name);
    return host == null ? name : host.target();
  }

  /** How many connections were opened so far. */
  public int opened() {
    return open.size();
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Transport transport : open.values()) {
      try {
        transport.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    open.clear();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  /** A view of a shared transport that cannot close it. */
  private static final class Lent extends ForwardingTransport {
    Lent(Transport delegate) {
      super(delegate);
    }

    @Override
    public Transport bulk() {
      return new Lent(delegate().bulk());
    }

    @Override
    public void close() {
      // the connection belongs to the cluster object
    }
  }
}
