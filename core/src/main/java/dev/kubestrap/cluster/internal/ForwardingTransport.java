package dev.kubestrap.cluster.internal;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** A {@link Transport} that forwards every call to another one; subclasses change the calls they care about. */
public abstract class ForwardingTransport implements Transport {
  private final Transport delegate;

  protected ForwardingTransport(Transport delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  protected Transport delegate() {
    return delegate;
  }

  @Override
  public String target() {
    return delegate.target();
  }

  @Override
  public ExecResult exec(Command command) {
    return delegate.exec(command);
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    return delegate.put(localFile, remotePath, mode);
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public byte[] get(String remotePath) {
    return delegate.get(remotePath);
  }

  @Override
  public void get(String remotePath, Path localFile) {
    delegate.get(remotePath, localFile);
  }

  @Override
  public Optional<String> sha256(String remotePath) {
    return delegate.sha256(remotePath);
  }

  @Override
  public boolean exists(String remotePath) {
    return delegate.exists(remotePath);
  }

  @Override
  public void mkdirs(String remotePath, FileMode mode) {
    delegate.mkdirs(remotePath, mode);
  }

  @Override
  public void remove(String remotePath) {
    delegate.remove(remotePath);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
