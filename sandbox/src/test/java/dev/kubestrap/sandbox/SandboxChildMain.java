package dev.kubestrap.sandbox;

/**
 * Test program run in a separate JVM: starts a one-host sandbox, prints {@code READY <id>
 * <directory>}, then either hangs until killed ({@code hang}) or exits without closing it
 * ({@code exit}), leaving the cleanup to the shutdown hook.
 */
public final class SandboxChildMain {
  private SandboxChildMain() {}

  public static void main(String[] args) throws InterruptedException {
    Sandbox sandbox = Sandbox.builder()
        .addressRange("198.18.0.128/25").start();
    System.out.println("READY " + sandbox.id() + " " + sandbox.directory());
    System.out.flush();
    if (args.length > 0 && args[0].equals("hang")) {
      Thread.sleep(Long.MAX_VALUE);
    }
    System.exit(0);
  }
}
