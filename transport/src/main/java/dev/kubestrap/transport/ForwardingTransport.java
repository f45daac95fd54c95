package dev.kubestrap.transport;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A transport that hands every call to another one: the base for wrappers that observe or shape calls
 * (counting round trips, adding latency for a simulation, recording commands) without restating the whole
 * contract. {@link #beforeRoundTrip()} runs before every call that would cross the network on a remote host
 * (everything but {@link #target()} and {@link #close()}); by default it does nothing. {@link #target()} is the
 * delegate's. {@link #bulk()} is not forwarded: it is the wrapper itself (the interface's default), so that what a
 * wrapper adds also covers long transfers; a wrapper that should pass them on overrides it.
 */
public abstract class ForwardingTransport implements Transport {
  private final Transport delegate;

  protected ForwardingTransport(Transport delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  /** The transport every call goes to. */
  protected final Transport delegate() {
    return delegate;
  }

  /** Runs before each call that would be a round trip to a remote host. */
  protected void beforeRoundTrip() {}

  @Override
  public String target() {
    return delegate.target();
  }

  @Override
  public ExecResult exec(Command command) {
    beforeRoundTrip();
    return delegate.exec(command);
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    beforeRoundTrip();
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    beforeRoundTrip();
    return delegate.put(localFile, remotePath, mode);
  }

  @Override
  public PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    beforeRoundTrip();
    return delegate.putPinned(localFile, remotePath, mode, sha256);
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    beforeRoundTrip();
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public byte[] get(String remotePath) {
    beforeRoundTrip();
    return delegate.get(remotePath);
  }

  @Override
  public void get(String remotePath, Path localFile) {
    beforeRoundTrip();
    delegate.get(remotePath, localFile);
  }

  @Override
  public Optional<String> sha256(String remotePath) {
    beforeRoundTrip();
    return delegate.sha256(remotePath);
  }

  @Override
  public boolean exists(String remotePath) {
    beforeRoundTrip();
    return delegate.exists(remotePath);
  }

  @Override
  public void mkdirs(String remotePath, FileMode mode) {
    beforeRoundTrip();
    delegate.mkdirs(remotePath, mode);
  }

  @Override
  public void remove(String remotePath) {
    beforeRoundTrip();
    delegate.remove(remotePath);
  }

  @Override
  public Tunnel tunnel(int port) {
    beforeRoundTrip();
    return delegate.tunnel(port);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
