package dev.kubestrap.operation;

/** What an {@link Operation} acts on: where its progress lines go and what it holds while it runs. */
public interface OperationTarget {
  /** Receives a line as each check passes and each step starts. */
  void progress(String line);

  /**
   * Taken when {@link Operation#apply()} starts and closed when it ends, so no other run changes the same target in
   * between (a cluster's state-directory lock). Refusing throws.
   */
  Hold hold(String operation);

  /** A hold on the target; closing releases it and throws nothing checked. */
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }
}
