package dev.kubestrap.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A systemd unit file as a value: its name ({@code etcd.service}) and its sections of ordered
 * directives. {@link #render()} writes the file; {@link #parse(String, String)} reads it back into an
 * equal value.
 *
 * <p>Build services with {@link #service(String)}:
 *
 * <pre>{@code
 * SystemdUnit etcd = SystemdUnit.service("etcd.service")
 *     .description("etcd key-value store")
 *     .dependsOn(Dependencies.onNetworkOnline())
 *     .type(ServiceType.NOTIFY)
 *     .execStart(List.of("/opt/etcd/bin/etcd", "--name=master"))
 *     .build();
 * }</pre>
 */
public record SystemdUnit(String name, List<Section> sections) {
  public SystemdUnit {
    UnitNames.check("name", name);
    sections = List.copyOf(sections);
  }

  /** Starts a {@code .service} unit named {@code name} with the defaults listed on {@link ServiceBuilder}. */
  public static ServiceBuilder service(String name) {
    return new ServiceBuilder(name);
  }

  /** Reads unit-file text, joining continuation lines and skipping comments, as systemd does. */
  public static SystemdUnit parse(String name, String text) {
    return new SystemdUnit(name, UnitFile.parse(name, text));
  }

  /** The unit file's text, ending with a newline; long command lines are wrapped for reading. */
  public String render() {
    return UnitFile.render(sections);
  }

  /** The file name under {@code /etc/systemd/system}, which is the unit name. */
  public String fileName() {
    return name;
  }

  public Optional<Section> section(String sectionName) {
    return sections.stream().filter(s -> s.name().equals(sectionName)).findFirst();
  }

  /** Every value of {@code key} in {@code sectionName}, in file order; empty when absent. */
  public List<String> values(String sectionName, String key) {
    return section(sectionName).map(s -> s.values(key)).orElse(List.of());
  }

  /** The last value of {@code key} in {@code sectionName}. */
  public Optional<String> value(String sectionName, String key) {
    return section(sectionName).flatMap(s -> s.value(key));
  }

  /** The program and arguments of the (last) {@code ExecStart=}, unquoted; empty when there is none. */
  public List<String> execStart() {
    return value("Service", "ExecStart").filter(v -> !v.isEmpty()).map(CommandLine::split).orElse(List.of());
  }

  /** Each {@code ExecStartPre=} command, unquoted, in order. */
  public List<List<String>> execStartPre() {
    return values("Service", "ExecStartPre").stream().map(CommandLine::split).toList();
  }

  /** The {@code Environment=} assignments of the service, in order (later ones win). */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String value : values("Service", "Environment")) {
      for (String assignment : CommandLine.splitAssignments(value)) {
        int equals = assignment.indexOf('=');
        if (equals > 0) {
          environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
      }
    }
    return environment;
  }

  /** Prints the rendered file: units hold no secrets (keep them out of {@code Environment=}). */
  @Override
  public String toString() {
    return "SystemdUnit[" + name + "]\n" + render();
  }

  /**
   * Builds a {@code .service} unit. Defaults: {@code Type=simple}, {@code Restart=on-failure},
   * {@code RestartSec=5s}, {@code WantedBy=multi-user.target}; nothing else is written unless set.
   * Directives are written in a fixed order ([Unit]: Description, Documentation, After, Wants,
   * Requires; [Service]: Type, ExecStartPre, ExecStart, Environment, WorkingDirectory, Restart,
   * RestartSec, LimitNOFILE, Delegate, KillMode, OOMScoreAdjust; [Install]: WantedBy), followed by
   * any {@link #directive(String, String, String)} in call order.
   */
  public static final class ServiceBuilder {
    private static final Set<String> KILL_MODES = Set.of("control-group", "mixed", "process", "none");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private String description;
    private final List<String> documentation = new ArrayList<>();
    private Dependencies dependencies = new Dependencies(List.of(), List.of(), List.of());
    private ServiceType type = ServiceType.SIMPLE;
    private final List<List<String>> execStartPre = new ArrayList<>();
    private List<String> execStart = List.of();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String workingDirectory;
    private Restart restart = Restart.ON_FAILURE;
    private Duration restartSec = Duration.ofSeconds(5);
    private String limitNofile;
    private Boolean delegate;
    private String killMode;
    private Integer oomScoreAdjust;
    private final List<String> wantedBy = new ArrayList<>(List.of("multi-user.target"));
    private boolean wantedBySet;
    private final List<Extra> extra = new ArrayList<>();

    private ServiceBuilder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** {@code Description=}; a {@code %} is written {@code %%} so it is shown literally. */
    public ServiceBuilder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Adds a {@code Documentation=} URL (http, https, file, info or man). */
    public ServiceBuilder documentation(String url) {
      if (url == null || !url.matches("(https?|file|info|man):\\S+")) {
        throw new IllegalArgumentException("documentation must be an http(s), file, info or man URL: '" + url + "'");
      }
      documentation.add(url);
      return this;
    }

    /** Adds {@code After=} edges: start after these units. */
    public ServiceBuilder after(String... units) {
      return dependsOn(new Dependencies(List.of(units), List.of(), List.of()));
    }

    /** Adds {@code Wants=} edges: pull these units in, without failing if they fail. */
    public ServiceBuilder wants(String... units) {
      return dependsOn(new Dependencies(List.of(), List.of(units), List.of()));
    }

    /** Adds {@code Requires=} edges: pull these in and stop when they stop. */
    public ServiceBuilder requires(String... units) {
      return dependsOn(new Dependencies(List.of(), List.of(), List.of(units)));
    }

    /** Adds a set of edges, e.g. {@link Dependencies#onEtcd()}. */
    public ServiceBuilder dependsOn(Dependencies more) {
      dependencies = dependencies.and(more);
      return this;
    }

    /** {@code Type=}; default {@link ServiceType#SIMPLE}. */
    public ServiceBuilder type(ServiceType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Adds an {@code ExecStartPre=} command: program (absolute, optionally prefixed with systemd's
     * {@code -} to ignore its failure) and arguments, one element each.
     */
    public ServiceBuilder execStartPre(List<String> command) {
      execStartPre.add(List.copyOf(command));
      return this;
    }

    /** {@code ExecStart=}: the absolute program path and its arguments, one element each. Required. */
    public ServiceBuilder execStart(List<String> command) {
      this.execStart = List.copyOf(command);
      return this;
    }

    /** Adds {@code Environment="key=value"}; setting a key again replaces its value. */
    public ServiceBuilder environment(String key, String value) {
      if (key == null || !ENV_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("environment key must be a shell variable name: '" + key + "'");
      }
      environment.put(key, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** {@code WorkingDirectory=}, an absolute path. Not written by default. */
    public ServiceBuilder workingDirectory(String directory) {
      if (directory == null || !directory.startsWith("/")) {
        throw new IllegalArgumentException("workingDirectory must be an absolute path: '" + directory + "'");
      }
      this.workingDirectory = directory;
      return this;
    }

    /** {@code Restart=}; default {@link Restart#ON_FAILURE}. */
    public ServiceBuilder restart(Restart restart) {
      this.restart = Objects.requireNonNull(restart, "restart");
      return this;
    }

    /** {@code RestartSec=}; default 5 seconds. */
    public ServiceBuilder restartSec(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("restartSec must not be negative: " + delay);
      }
      this.restartSec = delay;
      return this;
    }

    /** {@code LimitNOFILE=} (open files). Not written by default. */
    public ServiceBuilder limitNofile(long limit) {
      if (limit <= 0) {
        throw new IllegalArgumentException("limitNofile must be positive: " + limit);
      }
      this.limitNofile = Long.toString(limit);
      return this;
    }

    /** {@code LimitNOFILE=infinity}. */
    public ServiceBuilder limitNofileInfinity() {
      this.limitNofile = "infinity";
      return this;
    }

    /** {@code Delegate=}: let the service manage its own cgroup subtree (container runtimes). Not written by default. */
    public ServiceBuilder delegate(boolean delegate) {
      this.delegate = delegate;
      return this;
    }

    /** {@code KillMode=}: control-group, mixed, process or none. Not written by default (systemd: control-group). */
    public ServiceBuilder killMode(String mode) {
      if (!KILL_MODES.contains(mode)) {
        throw new IllegalArgumentException("killMode must be one of " + KILL_MODES + ": '" + mode + "'");
      }
      this.killMode = mode;
      return this;
    }

    /** {@code OOMScoreAdjust=}, from -1000 to 1000. Not written by default. */
    public ServiceBuilder oomScoreAdjust(int adjust) {
      if (adjust < -1000 || adjust > 1000) {
        throw new IllegalArgumentException("oomScoreAdjust must be between -1000 and 1000: " + adjust);
      }
      this.oomScoreAdjust = adjust;
      return this;
    }

    /** {@code WantedBy=}: the targets that start this service when enabled; replaces the default {@code multi-user.target}. */
    public ServiceBuilder wantedBy(String... targets) {
      if (!wantedBySet) {
        wantedBy.clear();
        wantedBySet = true;
      }
      for (String target : targets) {
        wantedBy.add(UnitNames.check("wantedBy", target));
      }
      return this;
    }

    /**
     * Adds any other directive, written after the typed ones of its section. {@code value} is
     * written as given: quote command lines with {@link CommandLine#quote(List)} and write a
     * literal {@code %} as {@code %%}.
     */
    public ServiceBuilder directive(String section, String key, String value) {
      extra.add(new Extra(new Section(section, List.of()).name(), new Directive(key, value)));
      return this;
    }

    /** Validates and builds the unit. */
    public SystemdUnit build() {
      if (!name.endsWith(".service")) {
        throw new IllegalArgumentException("service name must end with .service: '" + name + "'");
      }
      UnitNames.check("name", name);
      UnitNames.checkProgram("execStart", execStart);
      execStartPre.forEach(command -> UnitNames.checkProgram("execStartPre", command));

      SectionsBuilder sections = new SectionsBuilder("Unit", "Service", "Install");
      if (description != null) {
        sections.add("Unit", "Description", description.replace("%", "%%"));
      }
      documentation.forEach(url -> sections.add("Unit", "Documentation", url.replace("%", "%%")));
      dependencies.after().forEach(unit -> sections.add("Unit", "After", unit));
      dependencies.wants().forEach(unit -> sections.add("Unit", "Wants", unit));
      dependencies.requires().forEach(unit -> sections.add("Unit", "Requires", unit));

      sections.add("Service", "Type", type.value());
      execStartPre.forEach(command -> sections.add("Service", "ExecStartPre", CommandLine.quote(command)));
      sections.add("Service", "ExecStart", CommandLine.quote(execStart));
      environment.forEach((key, value) ->
          sections.add("Service", "Environment", CommandLine.quoteWord(key + "=" + value, false)));
      if (workingDirectory != null) {
        sections.add("Service", "WorkingDirectory", workingDirectory.replace("%", "%%"));
      }
      sections.add("Service", "Restart", restart.value());
      sections.add("Service", "RestartSec", seconds(restartSec));
      if (limitNofile != null) {
        sections.add("Service", "LimitNOFILE", limitNofile);
      }
      if (delegate != null) {
        sections.add("Service", "Delegate", delegate ? "yes" : "no");
      }
      if (killMode != null) {
        sections.add("Service", "KillMode", killMode);
      }
      if (oomScoreAdjust != null) {
        sections.add("Service", "OOMScoreAdjust", Integer.toString(oomScoreAdjust));
      }
      wantedBy.forEach(target -> sections.add("Install", "WantedBy", target));
      extra.forEach(e -> sections.add(e.section(), e.directive().key(), e.directive().value()));
      return new SystemdUnit(name, sections.build());
    }

    private record Extra(String section, Directive directive) {}

    private static String seconds(Duration duration) {
      return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
  }
}
