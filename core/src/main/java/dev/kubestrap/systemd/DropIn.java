package dev.kubestrap.systemd;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A drop-in file that amends a unit without replacing it: {@code <unit>.d/<name>.conf} beside the
 * unit ({@code /etc/systemd/system/kubelet.service.d/10-kubestrap.conf}). Drop-ins are read in
 * name order, so a numeric prefix sets precedence.
 *
 * <pre>{@code
 * DropIn proxy = DropIn.forUnit("containerd.service").named("10-proxy")
 *     .environment("HTTPS_PROXY", "http://198.18.0.1:3128")
 *     .build();
 * }</pre>
 */
public record DropIn(String unit, String name, List<Section> sections) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]*");

  public DropIn {
    UnitNames.check("unit", unit);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("drop-in name must be letters, digits, '.', '_', '@' or '-': '" + name + "'");
    }
    sections = List.copyOf(sections);
  }

  /** Starts a drop-in for {@code unit}; its default name is {@code 10-kubestrap}. */
  public static Builder forUnit(String unit) {
    return new Builder(unit);
  }

  /** Reads drop-in text, as {@link SystemdUnit#parse(String, String)} does. */
  public static DropIn parse(String unit, String name, String text) {
    return new DropIn(unit, name, UnitFile.parse(unit + ".d/" + name + ".conf", text));
  }

  /** The path relative to the unit directory: {@code <unit>.d/<name>.conf}. */
  public Path path() {
    return Path.of(unit + ".d", name + ".conf");
  }

  public String render() {
    return UnitFile.render(sections);
  }

  /** Builds a drop-in; directives keep call order within their section. */
  public static final class Builder {
    private final String unit;
    private String name = "10-kubestrap";
    private final SectionsBuilder sections = new SectionsBuilder("Unit", "Service", "Install");

    private Builder(String unit) {
      this.unit = Objects.requireNonNull(unit, "unit");
    }

    /** The file name without {@code .conf}; default {@code 10-kubestrap}. */
    public Builder named(String name) {
      this.name = name;
      return this;
    }

    /** Adds {@code key=value} to {@code section}, written as given. */
    public Builder directive(String section, String key, String value) {
      sections.add(section, key, value);
      return this;
    }

    /** Adds {@code Environment="key=value"} to [Service]. */
    public Builder environment(String key, String value) {
      return directive("Service", "Environment", CommandLine.quoteWord(key + "=" + value, false));
    }

    /** Replaces the unit's {@code ExecStart=}: an empty {@code ExecStart=} first clears the original. */
    public Builder replaceExecStart(List<String> command) {
      UnitNames.checkProgram("execStart", command);
      directive("Service", "ExecStart", "");
      return directive("Service", "ExecStart", CommandLine.quote(command));
    }

    /** Adds {@code After=} edges to [Unit]. */
    public Builder after(String... units) {
      for (String u : units) {
        directive("Unit", "After", UnitNames.check("after", u));
      }
      return this;
    }

    public DropIn build() {
      return new DropIn(unit, name, sections.build());
    }
  }
}
