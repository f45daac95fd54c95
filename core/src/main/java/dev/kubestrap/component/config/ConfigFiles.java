package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Writes and reads configuration files as YAML or TOML with one shared, configured mapper each. */
public final class ConfigFiles {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
      .build();
  private static final TomlMapper TOML = TomlMapper.builder().build();

  private ConfigFiles() {}

  /** {@code value} as YAML bytes (UTF-8), null fields left out. */
  public static byte[] yaml(Object value) {
    return YAML.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code tree} as TOML bytes (UTF-8). */
  public static byte[] toml(Map<String, ?> tree) {
    return TOML.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads YAML into a tree of maps, lists and scalars. */
  public static Map<String, Object> readYaml(byte[] yaml) {
    return read(YAML, yaml);
  }

  /** Reads TOML into a tree of maps, lists and scalars. */
  public static Map<String, Object> readToml(byte[] toml) {
    return read(TOML, toml);
  }

  private static Map<String, Object> read(ObjectMapper mapper, byte[] bytes) {
    return mapper.readValue(bytes, new TypeReference<Map<String, Object>>() {});
  }
}
