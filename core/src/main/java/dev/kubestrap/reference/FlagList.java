package dev.kubestrap.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official flag list of one program at one version, loaded from the lists bundled under
 * {@code dev/kubestrap/reference/}.
 *
 * <p>Kubernetes lists exist for 1.34 ({@code v1.34/}) and 1.35 (the top-level files); 1.36 uses the 1.35
 * lists, as no removal between them is known. etcd lists exist for the 3.4, 3.5 and 3.6 lines.
 */
public final class FlagList {

  /** Kubernetes programs that have a flag list. */
  public static final Set<String> KUBERNETES_PROGRAMS =
      Set.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy");

  /** etcd release lines that have a flag list. */
  public static final Set<String> ETCD_LINES = Set.of("3.4", "3.5", "3.6");

  private static final Map<String, FlagList> CACHE = new ConcurrentHashMap<>();

  private final String program;
  private final String version;
  private final List<String> source;
  private final Map<String, Flag> flags;

  private FlagList(String program, String version, List<String> source, Map<String, Flag> flags) {
    this.program = program;
    this.version = version;
    this.source = List.copyOf(source);
    this.flags = Collections.unmodifiableMap(flags);
  }

  /**
   * The flags of a Kubernetes program for a minor version.
   *
   * @param program one of {@link #KUBERNETES_PROGRAMS}
   * @param minor {@code "1.34"}, {@code "1.35"} or {@code "1.36"}
   */
  public static FlagList kubernetes(String program, String minor) {
    if (!KUBERNETES_PROGRAMS.contains(program)) {
      throw new ReferenceDataException("no Kubernetes flag list for program: " + program);
    }
    String file = KubernetesMinor.listDirectory(minor) + "flags-" + program + ".tsv";
    return CACHE.computeIfAbsent(program + "@" + minor, key -> parse(program, minor, TsvResource.load(file), 3));
  }

  /**
   * The server flags of etcd for a release line.
   *
   * @param line {@code "3.4"}, {@code "3.5"} or {@code "3.6"}
   */
  public static FlagList etcd(String line) {
    if (!ETCD_LINES.contains(line)) {
      throw new ReferenceDataException("no etcd flag list for release line: " + line + " (known: 3.4, 3.5, 3.6)");
    }
    return CACHE.computeIfAbsent("etcd@" + line, key -> parse("etcd", line, TsvResource.load("flags-etcd-" + line + ".tsv"), 3));
  }

  private static FlagList parse(String program, String version, TsvResource tsv, int deprecatedColumn) {
    Map<String, Flag> flags = new LinkedHashMap<>();
    for (List<String> row : tsv.rows()) {
      String name = tsv.column(row, 0);
      String deprecated = tsv.column(row, deprecatedColumn);
      if (!deprecated.equals("yes") && !deprecated.equals("no")) {
        throw new ReferenceDataException(
            "reference list " + tsv.name() + " has a deprecated column that is neither yes nor no: " + row);
      }
      flags.put(name, new Flag(name, tsv.column(row, 1), unquote(tsv.column(row, 2)), deprecated.equals("yes")));
    }
    if (flags.isEmpty()) {
      throw new ReferenceDataException("reference list " + tsv.name() + " has no flags");
    }
    return new FlagList(program, version, tsv.header(), flags);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value.equals("''") ? "" : value;
  }

  /** The program, e.g. {@code kube-apiserver} or {@code etcd}. */
  public String program() {
    return program;
  }

  /** The version the list was requested for ({@code 1.36} even when the 1.35 list answers). */
  public String version() {
    return version;
  }

  /** The header lines of the list, naming its upstream source. */
  public List<String> source() {
    return source;
  }

  /** Every flag in upstream order, keyed by name with leading dashes. */
  public Map<String, Flag> flags() {
    return flags;
  }

  /** The flag named {@code name} (with or without leading dashes), if the program knows it. */
  public Optional<Flag> find(String name) {
    return Optional.ofNullable(flags.get(normalize(name)));
  }

  /** Whether the flag exists and is not deprecated: the only flags kubestrap emits. */
  public boolean isUsable(String name) {
    return find(name).map(flag -> !flag.deprecated()).orElse(false);
  }

  /** {@code name} with exactly two leading dashes. */
  public static String normalize(String name) {
    String bare = name.startsWith("--") ? name.substring(2) : name.startsWith("-") ? name.substring(1) : name;
    return "--" + bare;
  }

  @Override
  public String toString() {
    return "FlagList[" + program + " " + version + ", " + flags.size() + " flags]";
  }
}
