package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM of its own after the module's other tests have ended (a second surefire execution): every sandbox
 * they used must be gone from this machine, having been closed by JUnit at the end of their run — no nspawn
 * process, no bridge or veth, no mount, no cgroup, no directory, no registry entry.
 */
class NothingLeftBehindTest {

  /** Set by the surefire execution that runs this class alone, after the JVM of the others has ended. */
  static final String AFTER_THE_RUN = "kubestrap.afterTheRun";

  @Test
  void theSandboxesOfTheTestRunLeftNothingOnTheMachine() throws Exception {
    assumeTrue(Boolean.getBoolean(AFTER_THE_RUN), "only meaningful in its own JVM after the test run (-D"
        + AFTER_THE_RUN + "=true)");
    Path record = Path.of(System.getProperty(StartedSandboxes.PROPERTY, "target/sandboxes-started.txt"));
    assumeTrue(Files.isRegularFile(record), "no sandbox was recorded by the test run (" + record + ")");
    List<String> ids = Files.readAllLines(record).stream().filter(line -> !line.isBlank()).toList();
    assertThat(ids).isNotEmpty();

    List<String> left = new ArrayList<>();
    for (String id : ids) {
      left.addAll(leftovers(id));
    }

    assertThat(left).as("left behind by sandboxes %s", ids).isEmpty();
    Files.delete(record);
  }

  private static List<String> leftovers(String id) throws Exception {
    List<String> left = new ArrayList<>();
    String machine = "ks" + id + "-";
    for (String line : command("ip", "-o", "link", "show").lines().toList()) {
      if (line.contains("ksbr-" + id) || line.contains("vb-" + machine)) {
        left.add("link: " + line);
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (line.contains("/kubestrap/sandbox/" + id + "/") || line.contains(machine)) {
        left.add("mount: " + line);
      }
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmdline = read(process.resolve("cmdline")).replace('\0', ' ');
        if (cmdline.contains(machine)) {
          left.add("process " + process.getFileName() + ": " + cmdline);
        }
      }
    }
    try (Stream<Path> cgroups = Files.walk(Path.of("/sys/fs/cgroup"), 8)) {
      cgroups.filter(Files::isDirectory).filter(dir -> dir.getFileName().toString().contains(machine))
          .forEach(dir -> left.add("cgroup: " + dir));
    }
    for (Path path : List.of(Path.of("/var/lib/kubestrap/sandbox", id),
        Path.of("/run/kubestrap/sandboxes", id + ".properties"), Path.of("/run/kubestrap/sandboxes", id + ".lock"))) {
      if (Files.exists(path)) {
        left.add("file: " + path);
      }
    }
    return left;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static String command(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", List.of(argv), output).isZero();
    return output;
  }
}
