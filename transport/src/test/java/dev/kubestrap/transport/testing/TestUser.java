package dev.kubestrap.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A local Unix user for SSH tests (tests run as root): created with {@code useradd} when absent, given a
 * password with {@code chpasswd}, and optionally a sudoers drop-in. {@link #close()} removes exactly what
 * was created.
 */
public final class TestUser implements AutoCloseable {
  /** What the user may do through sudo. */
  public enum Sudo { NONE, NOPASSWD, PASSWORD }

  private final String name;
  private final boolean created;
  private final Path dropIn;

  private TestUser(String name, boolean created, Path dropIn) {
    this.name = name;
    this.created = created;
    this.dropIn = dropIn;
  }

  /**
   * A fresh user name for one test run, e.g. {@code kst-nopw-3fa2c1}: builds running at the same time on
   * one machine must not share (and delete) each other's users and sudo rules.
   */
  public static String uniqueName(String role) {
    return "kst-" + role + "-" + java.util.HexFormat.of().formatHex(
        java.nio.ByteBuffer.allocate(4).putInt(new java.security.SecureRandom().nextInt()).array()).substring(0, 6);
  }

  public static TestUser ensure(String name, String password, Sudo sudo) {
    boolean created = false;
    if (Shell.run("id", "-u", name).exitCode() != 0) {
      Shell.check("useradd", "--create-home", "--shell", "/bin/sh", name);
      created = true;
    }
    Shell.Result chpasswd = Shell.run(List.of("chpasswd"), (name + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
    if (chpasswd.exitCode() != 0) {
      throw new IllegalStateException("chpasswd failed: " + chpasswd.output());
    }
    Path dropIn = null;
    if (sudo != Sudo.NONE) {
      dropIn = Path.of("/etc/sudoers.d", "kubestrap-test-" + name);
      String rule = name + " ALL=(ALL:ALL) " + (sudo == Sudo.NOPASSWD ? "NOPASSWD: " : "") + "ALL\n";
      try {
        Files.deleteIfExists(dropIn);
        Files.createFile(dropIn, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r-----")));
        Files.writeString(dropIn, rule);
      } catch (IOException e) {
        throw new IllegalStateException("cannot write " + dropIn, e);
      }
      Shell.check("visudo", "-c", "-f", dropIn.toString());
    }
    return new TestUser(name, created, dropIn);
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    try {
      if (dropIn != null) {
        Files.deleteIfExists(dropIn);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + dropIn, e);
    }
    if (created) {
      // sessions of this user end when the tests close their transports; give sshd a moment to reap them
      Shell.Result result = Shell.run("userdel", "--remove", name);
      for (int attempt = 0; attempt < 20 && result.exitCode() == 8; attempt++) {
        TestSshd.sleep(250);
        result = Shell.run("userdel", "--remove", name);
      }
      if (result.exitCode() != 0) {
        throw new IllegalStateException("userdel " + name + " failed: " + result.output());
      }
    }
  }
}
