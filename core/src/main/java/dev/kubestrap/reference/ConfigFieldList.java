package dev.kubestrap.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documented field paths of one Kubernetes configuration kind (from the v1.35 config-API reference),
 * such as {@code authentication.x509.clientCAFile} in {@code KubeletConfiguration}.
 *
 * <p>Paths use {@code []} for a list element ({@code resources[].providers[].aescbc.keys[].name}). The
 * kinds with a list are {@link #KINDS}; the same list serves 1.34 to 1.36, whose config APIs did not
 * drop a field in that range.
 */
public final class ConfigFieldList {

  /** Configuration kinds that have a field list. */
  public static final Set<String> KINDS = Set.of(
      "KubeletConfiguration", "KubeProxyConfiguration", "KubeSchedulerConfiguration", "EncryptionConfiguration",
      "AuthenticationConfiguration");

  private static final Map<String, ConfigFieldList> CACHE = new ConcurrentHashMap<>();

  private final String kind;
  private final List<String> source;
  private final Map<String, String> types;

  private ConfigFieldList(String kind, List<String> source, Map<String, String> types) {
    this.kind = kind;
    this.source = List.copyOf(source);
    this.types = Collections.unmodifiableMap(types);
  }

  /** The field list of {@code kind}, one of {@link #KINDS}. */
  public static ConfigFieldList of(String kind) {
    if (!KINDS.contains(kind)) {
      throw new ReferenceDataException("no field list for configuration kind: " + kind);
    }
    return CACHE.computeIfAbsent(kind, k -> {
      TsvResource tsv = TsvResource.load("fields-" + k + ".tsv");
      Map<String, String> types = new LinkedHashMap<>();
      for (List<String> row : tsv.rows()) {
        types.put(tsv.column(row, 0), tsv.column(row, 1));
      }
      return new ConfigFieldList(k, tsv.header(), types);
    });
  }

  /** The configuration kind, e.g. {@code KubeletConfiguration}. */
  public String kind() {
    return kind;
  }

  /** The header lines of the list, naming its upstream source. */
  public List<String> source() {
    return source;
  }

  /** Every documented path mapped to its documented type. */
  public Map<String, String> fields() {
    return types;
  }

  /** Whether {@code path} is a documented field. */
  public boolean contains(String path) {
    return types.containsKey(path);
  }

  /**
   * The paths in {@code document} (a tree of maps, lists and scalars, as read from YAML) that the kind
   * does not document. Map-typed fields ({@code featureGates}, {@code evictionHard}) are not entered: their
   * keys are data, not fields.
   */
  public List<String> unknownFields(Map<String, ?> document) {
    List<String> unknown = new ArrayList<>();
    walkMap("", document, unknown);
    return unknown;
  }

  private void walkMap(String prefix, Map<?, ?> map, List<String> unknown) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String path = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
      if (!types.containsKey(path)) {
        unknown.add(path);
      } else if (!types.get(path).startsWith("map[")) {
        walkValue(path, entry.getValue(), unknown);
      }
    }
  }

  private void walkValue(String path, Object value, List<String> unknown) {
    if (value instanceof Map<?, ?> child) {
      walkMap(path, child, unknown);
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof Map<?, ?> child) {
          walkMap(path + "[]", child, unknown);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ConfigFieldList[" + kind + ", " + types.size() + " fields]";
  }
}
