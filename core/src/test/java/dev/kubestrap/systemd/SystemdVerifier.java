package dev.kubestrap.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code systemd-analyze verify} on units written into a throw-away root: the host's
 * stock units (for sysinit.target and friends) are copied in, and every program an {@code Exec*=}
 * line names is created there as an executable stub. systemd-analyze exits 0 even for settings it
 * ignores with a warning, so any output at all counts as a failure.
 *
 * <p>Public so that tests of other packages (components) can check the units they build.
 */
public final class SystemdVerifier {
  /** What systemd-analyze said; {@link #clean()} when it exited 0 and printed nothing. */
  public record Result(int exitCode, String output) {
    public boolean clean() {
      return exitCode == 0 && output.isBlank();
    }
  }

  private final Path root;

  public SystemdVerifier(Path root) throws IOException, InterruptedException {
    this.root = root;
    Path stock = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
        : Path.of("/lib/systemd/system");
    Path target = root.resolve("usr/lib/systemd/system");
    Files.createDirectories(target);
    // Regular files only: the targets and services units depend on; masks (links to /dev/null) are left out.
    try (var units = Files.list(stock)) {
      for (Path unit : units.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.copy(unit, target.resolve(unit.getFileName()));
      }
    }
    Files.createDirectories(unitDirectory());
  }

  public Path unitDirectory() {
    return root.resolve("etc/systemd/system");
  }

  public Result verify(List<SystemdUnit> units, List<DropIn> dropIns) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root));
    for (SystemdUnit unit : units) {
      Files.writeString(unitDirectory().resolve(unit.fileName()), unit.render(), StandardCharsets.UTF_8);
      unit.sections().forEach(this::stubPrograms);
      command.add(unit.fileName());
    }
    for (DropIn dropIn : dropIns) {
      Path file = unitDirectory().resolve(dropIn.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, dropIn.render(), StandardCharsets.UTF_8);
      dropIn.sections().forEach(this::stubPrograms);
    }
    return run(command);
  }

  /** Writes a unit file as given (for deliberately broken text). */
  public Result verifyText(String unitName, String text) throws IOException, InterruptedException {
    Files.writeString(unitDirectory().resolve(unitName), text, StandardCharsets.UTF_8);
    return run(List.of("systemd-analyze", "verify", "--root=" + root, unitName));
  }

  private void stubPrograms(Section section) {
    for (Directive directive : section.directives()) {
      if (UnitFile.COMMAND_KEYS.contains(directive.key()) && !directive.value().isEmpty()) {
        String program = CommandLine.split(directive.value()).get(0).replaceFirst("^[-@:+!|]+", "");
        stub(program);
      }
    }
  }

  /** Creates an executable stub for the absolute path {@code program} inside the root. */
  public void stub(String program) {
    try {
      Path file = root.resolve(program.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(process.exitValue(), output);
  }
}
