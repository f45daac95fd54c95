package dev.kubestrap.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: what of one sandbox is still present on this machine, found independently. */
final class SandboxTraces {
  private SandboxTraces() {}

  /**
   * Processes whose command line names the sandbox's directory or machines, links whose name
   * carries its id, its directory and its registry entry.
   */
  static List<String> of(String id, Path directory) {
    List<String> traces = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(process -> {
      String commandLine = process.info().commandLine().orElse("");
      if (commandLine.contains(directory.toString()) || commandLine.contains("--machine=ks" + id)) {
        traces.add("process " + process.pid() + ": " + commandLine);
      }
    });
    String links = LocalCommand.run("ip", "-o", "link", "show").orThrow().stdout();
    for (String line : links.split("\n")) {
      if (line.contains("ksbr-" + id) || line.contains("vb-ks" + id)) {
        traces.add("link " + line.split(":\\s+")[1]);
      }
    }
    if (Files.exists(directory)) {
      traces.add("directory " + directory);
    }
    if (Files.exists(SandboxRegistry.DEFAULT_DIRECTORY.resolve(id + ".properties"))) {
      traces.add("registry entry " + id);
    }
    return traces;
  }

  /** Processes still alive among these ids. */
  static List<String> alive(List<NspawnMachine.ProcessId> ids) {
    return ids.stream().filter(id -> id.live().isPresent())
        .map(id -> "process " + id.pid() + " still alive").toList();
  }
}
