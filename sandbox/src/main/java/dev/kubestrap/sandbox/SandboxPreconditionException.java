package dev.kubestrap.sandbox;

import java.util.List;

/**
 * The machine cannot run a sandbox: not Linux, not root, a tool missing, or the address range
 * already in use. Nothing was changed on the machine when this is thrown. The message lists every
 * failed precondition, one per line.
 */
public class SandboxPreconditionException extends SandboxException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SandboxPreconditionException(List<String> problems) {
    super("sandbox preconditions failed:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each failed precondition, in the order checked. */
  public List<String> problems() {
    return problems;
  }
}
