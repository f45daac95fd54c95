package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.RemotePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs a preparation command on the host, such as {@code swapoff -a}, {@code modprobe br_netfilter},
 * {@code sysctl --system} or a presence check like {@code command -v conntrack}. Commands must be safe to
 * repeat. When {@link #unless()} is given and exits 0 the command is skipped. Defaults from
 * {@link #builder(String)}: a failure stops the run, timeout 60 s, no {@code unless} guard.
 *
 * <p>Command arguments are recorded in the plan record: never put secrets in them.
 */
public record RunCommand(
    String description, List<String> command, List<String> unless, boolean allowFailure, Duration timeout)
    implements Action {

  public RunCommand {
    RemotePaths.requireNonBlank("command description", description);
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command of '" + description + "' must not be empty");
    }
    unless = List.copyOf(unless);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout of '" + description + "' must be positive: " + timeout);
    }
  }

  public static Builder builder(String description) {
    return new Builder(description);
  }

  @Override
  public String kind() {
    return "command";
  }

  @Override
  public String subject() {
    return description;
  }

  @Override
  public String describe() {
    return "run     " + description + ": " + String.join(" ", command)
        + (unless.isEmpty() ? "" : " (unless " + String.join(" ", unless) + ")")
        + (allowFailure ? " (may fail)" : "");
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("command", String.join(" ", command));
    attributes.put("unless", String.join(" ", unless));
    attributes.put("allowFailure", Boolean.toString(allowFailure));
    attributes.put("timeout", timeout.toString());
    return attributes;
  }

  /** Builds a {@link RunCommand}; defaults: must succeed, timeout 60 s, no guard. */
  public static final class Builder {
    private final String description;
    private final List<String> command = new ArrayList<>();
    private final List<String> unless = new ArrayList<>();
    private boolean allowFailure;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder(String description) {
      this.description = description;
    }

    public Builder command(String program, String... args) {
      command.clear();
      command.add(program);
      command.addAll(List.of(args));
      return this;
    }

    /** A command run through {@code sh -c}, for pipelines and redirections. */
    public Builder shell(String script) {
      return command("sh", "-c", script);
    }

    /** Skip the command when this guard exits 0 (e.g. {@code lsmod | grep -q br_netfilter}). */
    public Builder unless(String program, String... args) {
      unless.clear();
      unless.add(program);
      unless.addAll(List.of(args));
      return this;
    }

    /** A failure is reported as a warning event instead of stopping the run. Default: stop. */
    public Builder allowFailure() {
      this.allowFailure = true;
      return this;
    }

    /** Default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public RunCommand build() {
      return new RunCommand(description, command, unless, allowFailure, timeout);
    }
  }
}
