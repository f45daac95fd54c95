package dev.kubestrap.sandbox.junit;

import dev.kubestrap.sandbox.Sandbox;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Bare sandbox hosts in JUnit's extension store: started once, closed by JUnit with the class that holds them. */
@SuppressWarnings("deprecation") // CloseableResource: JUnit closes it in every 5.x release, AutoCloseable only since 5.13
final class SandboxResource implements ExtensionContext.Store.CloseableResource {
  private final Sandbox.Builder builder;
  private Sandbox sandbox;

  SandboxResource(Sandbox.Builder builder) {
    this.builder = builder;
  }

  synchronized void start() {
    if (sandbox == null) {
      sandbox = builder.start();
    }
  }

  synchronized Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public synchronized void close() {
    if (sandbox != null) {
      Sandbox running = sandbox;
      sandbox = null;
      running.close();
    }
  }
}
