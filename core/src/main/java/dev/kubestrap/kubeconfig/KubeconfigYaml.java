package dev.kubestrap.kubeconfig;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** The one YAML mapper for kubeconfig files. */
final class KubeconfigYaml {
  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      // one line per base64 value, as kubectl writes it
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build();

  private KubeconfigYaml() {}

  static String write(Kubeconfig kubeconfig) {
    return MAPPER.writeValueAsString(kubeconfig);
  }

  /**
   * Parses YAML (JSON is YAML too). Parser messages can quote the offending text, which may be key
   * material, so only the position and the kind of error are reported.
   */
  static Kubeconfig read(String source, String yaml) {
    try {
      JsonNode tree = MAPPER.readTree(yaml);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        // an empty file (or one with only comments) is an empty kubeconfig, as kubectl reads it
        return Kubeconfig.builder().build();
      }
      return MAPPER.treeToValue(tree, Kubeconfig.class);
    } catch (JacksonException e) {
      TokenStreamLocation location = e.getLocation();
      String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new KubeconfigException(source + " is not a valid kubeconfig" + where + ": " + reason(e));
    }
  }

  /** Our own validation messages are safe to show; Jackson's may quote content. */
  private static String reason(Throwable e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException) {
        return cause.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
