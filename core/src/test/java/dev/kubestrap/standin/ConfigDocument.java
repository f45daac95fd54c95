package dev.kubestrap.standin;

import dev.kubestrap.reference.ConfigFieldList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A component configuration file as a stand-in reads it: YAML of the expected {@code kind}, every field in the
 * official field list of that kind (strict decoding, as the real components do for these kinds), and every file it
 * names readable.
 */
public final class ConfigDocument {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Map<String, Object> tree;

  private ConfigDocument(Map<String, Object> tree) {
    this.tree = tree;
  }

  /**
   * Reads {@code file} as a {@code kind} document.
   *
   * @throws StandInRefusal if it is not YAML, has another kind, or holds a field the official list lacks
   */
  public static ConfigDocument read(String program, Path file, String kind) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new StandInRefusal(program, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(program, file.toString(), text, kind);
  }

  /** {@link #read} on text already in memory; {@code source} names it in messages. */
  public static ConfigDocument parse(String program, String source, String text, String kind) {
    Map<String, Object> tree;
    try {
      tree = YAML.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JacksonException e) {
      throw new StandInRefusal(program, source + " is not a YAML mapping: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !kind.equals(tree.get("kind"))) {
      throw new StandInRefusal(program, source + " must have kind " + kind + ", has: "
          + (tree == null ? "nothing" : tree.get("kind")));
    }
    List<String> unknown = ConfigFieldList.of(kind).unknownFields(tree);
    if (!unknown.isEmpty()) {
      throw new StandInRefusal(program, source + ": unknown " + kind + " fields " + unknown);
    }
    return new ConfigDocument(tree);
  }

  /** The scalar at a dotted path such as {@code authentication.x509.clientCAFile}, if present. */
  public Optional<String> get(String dottedPath) {
    Object node = tree;
    for (String key : dottedPath.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      node = map.get(key);
    }
    return node == null || node instanceof Map || node instanceof List ? Optional.empty()
        : Optional.of(String.valueOf(node));
  }

  /** The list at a dotted path such as {@code anonymous.conditions}; empty when absent or not a list. */
  public List<?> list(String dottedPath) {
    Object node = tree;
    for (String key : dottedPath.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return List.of();
      }
      node = map.get(key);
    }
    return node instanceof List<?> list ? list : List.of();
  }

  /**
   * Refuses unless each of {@code dottedPaths} that is set names a readable regular file.
   *
   * @throws StandInRefusal naming the field and the file
   */
  public ConfigDocument requireReadableFiles(String program, String... dottedPaths) {
    for (String path : dottedPaths) {
      Optional<String> value = get(path).filter(v -> !v.isEmpty());
      if (value.isPresent() && !Files.isReadable(Path.of(value.get()))) {
        throw new StandInRefusal(program, "config field " + path + " names an unreadable or missing file: "
            + value.get());
      }
    }
    return this;
  }
}
