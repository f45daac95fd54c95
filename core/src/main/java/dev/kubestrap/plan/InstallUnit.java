package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.plan.internal.Modes;
import dev.kubestrap.transport.FileMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Installs a rendered systemd unit file, e.g. {@code etcd.service}, under {@link #DEFAULT_DIRECTORY}
 * with mode {@code 0644}. When a unit changes, the executor runs {@code daemon-reload} before the next
 * service action on that host.
 */
public record InstallUnit(String name, String text, String directory) implements Placement {
  /** Where units are installed unless another directory is given: {@code /etc/systemd/system}. */
  public static final String DEFAULT_DIRECTORY = "/etc/systemd/system";

  private static final Pattern UNIT_NAME =
      Pattern.compile("[A-Za-z0-9:_.@-]+\\.(service|socket|timer|target|mount|path)");
  private static final FileMode UNIT_MODE = FileMode.of(0644);

  public InstallUnit {
    Objects.requireNonNull(name, "name");
    if (!UNIT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("unit name must look like 'etcd.service': '" + name + "'");
    }
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("unit text must not be blank for " + name);
    }
    dev.kubestrap.plan.internal.RemotePaths.requireAbsolute("unit directory", directory);
  }

  /** A unit with its file name (as {@code SystemdUnit.fileName()}) and text (as {@code render()}). */
  public static InstallUnit of(String fileName, String renderedText) {
    return new InstallUnit(fileName, renderedText, DEFAULT_DIRECTORY);
  }

  /** The unit as kubestrap's systemd model renders it, under {@link #DEFAULT_DIRECTORY}. */
  public static InstallUnit of(dev.kubestrap.systemd.SystemdUnit unit) {
    return of(unit.fileName(), unit.render());
  }

  @Override
  public String path() {
    return directory + "/" + name;
  }

  public byte[] content() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String sha256() {
    return Digests.sha256(content());
  }

  @Override
  public FileMode mode() {
    return UNIT_MODE;
  }

  @Override
  public String kind() {
    return "unit";
  }

  @Override
  public String describe() {
    return "unit    " + path();
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("unit", name);
    attributes.put("sha256", sha256());
    attributes.put("mode", Modes.octal(UNIT_MODE));
    return attributes;
  }
}
