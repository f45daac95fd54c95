package dev.kubestrap.addons.internal;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the small JSON documents that add-ons carry in ConfigMaps (flannel's {@code
 * cni-conf.json}, {@code net-conf.json}), two-space indented like the upstream manifests.
 */
public final class JsonDocument {
  private static final ObjectWriter WRITER = JsonMapper.builder().build()
      .writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
              .withObjectNameValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
          .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

  private JsonDocument() {}

  /** {@code value} (maps, lists, strings, numbers, booleans) as indented JSON with a final newline. */
  public static String write(Object value) {
    return WRITER.writeValueAsString(value) + "\n";
  }
}
