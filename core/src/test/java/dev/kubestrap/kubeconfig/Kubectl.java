package dev.kubestrap.kubeconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Runs the real kubectl on kubeconfig files and brings its view and our model to one comparable shape. */
final class Kubectl {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Kubectl() {}

  /** {@code kubectl --kubeconfig F config view --raw -o json}. */
  static JsonNode view(Path file) throws IOException, InterruptedException {
    return run(List.of("kubectl", "--kubeconfig", file.toString(), "config", "view", "--raw", "-o", "json"), Map.of());
  }

  /** What kubectl sees when given several files in {@code KUBECONFIG} (the first file wins a name). */
  static JsonNode viewMerged(List<Path> files) throws IOException, InterruptedException {
    String list = files.stream().map(Path::toString).collect(Collectors.joining(":"));
    return run(List.of("kubectl", "config", "view", "--raw", "-o", "json"), Map.of("KUBECONFIG", list));
  }

  /** Our model as kubectl would print it, normalised the same way. */
  static JsonNode modelView(Kubeconfig kubeconfig) {
    return normalize(JSON.valueToTree(kubeconfig));
  }

  /**
   * Named lists become objects keyed by name (kubectl sorts entries by name), and nulls, empty
   * objects and empty lists are dropped (kubectl prints {@code preferences: {}} where we write nothing).
   */
  static JsonNode normalize(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = normalize(field.getValue());
        if (!isEmpty(value)) {
          out.set(field.getKey(), value);
        }
      }
      return out;
    }
    if (node.isArray()) {
      boolean named = node.size() > 0;
      for (JsonNode element : node) {
        named &= element.isObject() && element.has("name") && element.size() == 2;
      }
      if (named) {
        ObjectNode byName = JsonNodeFactory.instance.objectNode();
        for (JsonNode element : node) {
          ObjectNode copy = ((ObjectNode) normalize(element));
          String name = copy.get("name").asString();
          copy.remove("name");
          byName.set(name, copy);
        }
        return byName;
      }
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); ) {
        out.add(normalize(it.next()));
      }
      return out;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isNull() || (node.isContainer() && node.isEmpty());
  }

  private static JsonNode run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl timed out: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("kubectl failed (" + process.exitValue() + "): " + stderr);
    }
    return normalize(JSON.readTree(stdout));
  }
}
