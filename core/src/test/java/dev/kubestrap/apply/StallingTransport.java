package dev.kubestrap.apply;

import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.RemoteFileException;
import dev.kubestrap.transport.Transport;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Test-only transport: an upload of one path stands still, as on a link that has stopped moving, until the
 * uploading thread is interrupted or the transport is closed, and then fails as the SSH transport does. Every
 * other call goes to the real transport; {@link #beforePut} sees each upload before it happens.
 */
final class StallingTransport extends ForwardingTransport {
  private final String stalledPath;
  final CountDownLatch stalled = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Consumer<String> beforePut = path -> {};

  StallingTransport(Transport delegate, String stalledPath) {
    super(delegate);
    this.stalledPath = stalledPath;
  }

  StallingTransport beforePut(Consumer<String> check) {
    this.beforePut = check;
    return this;
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    beforePut.accept(remotePath);
    return super.put(content, remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    stallAt(remotePath);
    return super.put(localFile, remotePath, mode);
  }

  @Override
  public PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    stallAt(remotePath);
    return super.putPinned(localFile, remotePath, mode, sha256);
  }

  private void stallAt(String remotePath) {
    beforePut.accept(remotePath);
    if (remotePath.equals(stalledPath)) {
      stalled.countDown();
      try {
        closed.await();
        throw new RemoteFileException(target(), "put", remotePath, "the transport was closed");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteFileException(target(), "put", remotePath, "interrupted", e);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    super.close();
  }
}
