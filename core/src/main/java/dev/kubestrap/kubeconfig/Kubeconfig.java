package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kubestrap.io.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A kubeconfig file as a value: named clusters, users and contexts, the current context, preferences
 * and extensions, mirroring the file's schema ({@code apiVersion: v1}, {@code kind: Config}). Fields
 * kubestrap does not model are kept in {@link #other()} (and in each entry's {@code other()}) so that
 * reading and writing a file, or merging into it, loses nothing.
 *
 * <pre>{@code
 * Kubeconfig admin = Kubeconfig.forClientCertificate("kubernetes-the-hard-way",
 *     URI.create("https://10.1.0.15:6443"), caPem, "admin", adminCertPem, adminKeyPem, "default");
 * admin.writeTo(Path.of("admin.kubeconfig"));                 // 0600, atomic
 * admin.mergeIntoFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
 * }</pre>
 *
 * <p>Defaults: {@code apiVersion} {@code v1}, {@code kind} {@code Config}, empty lists. {@link #toString()}
 * lists names only, never certificates, keys or tokens.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "clusters", "users", "contexts", "current-context", "preferences", "extensions"})
public record Kubeconfig(
    String apiVersion,
    String kind,
    List<NamedCluster> clusters,
    List<NamedUser> users,
    List<NamedContext> contexts,
    @JsonProperty("current-context") String currentContext,
    Map<String, Object> preferences,
    List<NamedExtension> extensions,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public Kubeconfig {
    apiVersion = apiVersion == null ? "v1" : apiVersion;
    kind = kind == null ? "Config" : kind;
    clusters = unique("clusters", Values.list(clusters));
    users = unique("users", Values.list(users));
    contexts = unique("contexts", Values.list(contexts));
    currentContext = currentContext == null || currentContext.isEmpty() ? null : currentContext;
    preferences = Values.map(preferences);
    extensions = unique("extensions", Values.list(extensions));
    other = Values.map(other);
  }

  /**
   * A kubeconfig with one cluster, one user authenticating with a client certificate and one
   * context joining them, set as current; CA, certificate and key are embedded.
   *
   * @param server the API server URL, {@code https://host:port}
   */
  public static Kubeconfig forClientCertificate(String clusterName, URI server, String caCertificatePem,
      String userName, String clientCertificatePem, String clientKeyPem, String contextName) {
    Objects.requireNonNull(server, "server");
    if (!"https".equals(server.getScheme()) || server.getHost() == null) {
      throw new IllegalArgumentException("server must be an https URL with a host: '" + server + "'");
    }
    return builder()
        .cluster(clusterName, KubeconfigCluster.withEmbeddedCa(server.toString(), caCertificatePem))
        .user(userName, User.withEmbeddedClientCertificate(clientCertificatePem, clientKeyPem))
        .context(contextName, new Context(clusterName, userName))
        .currentContext(contextName)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses kubeconfig YAML (or JSON). */
  public static Kubeconfig parse(String yaml) {
    return KubeconfigYaml.read("kubeconfig", yaml);
  }

  /** Reads a kubeconfig file. */
  public static Kubeconfig read(Path file) {
    try {
      return KubeconfigYaml.read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new KubeconfigException("cannot read kubeconfig " + file + ": " + e, e);
    }
  }

  /** The YAML text of this kubeconfig. */
  public String toYaml() {
    return KubeconfigYaml.write(this);
  }

  /**
   * Writes this kubeconfig to {@code file} with mode 0600 (where the file system has POSIX
   * permissions): into a temporary file in the same directory, then renamed over the target, so a
   * reader never sees half a file. Missing parent directories are created.
   */
  public void writeTo(Path file) {
    try {
      AtomicFiles.write(file, toYaml().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
    } catch (IOException e) {
      throw new KubeconfigException("cannot write kubeconfig " + file + ": " + e, e);
    }
  }

  /**
   * This kubeconfig merged into {@code existing}, the way {@code kubectl config set-*} edits a file:
   * an entry of this one replaces the existing entry of the same name (in its place), other
   * existing entries are kept in order, new entries are appended; current-context is taken from
   * this one when set. Preferences and unknown fields of {@code existing} are kept.
   */
  public Kubeconfig mergeInto(Kubeconfig existing) {
    return mergeInto(existing, CurrentContext.FROM_INCOMING);
  }

  /** As {@link #mergeInto(Kubeconfig)}, choosing what happens to current-context. */
  public Kubeconfig mergeInto(Kubeconfig existing, CurrentContext currentContextPolicy) {
    return KubeconfigMerge.merge(existing, this, currentContextPolicy);
  }

  /** {@code incoming} merged into {@code existing}; see {@link #mergeInto(Kubeconfig)}. */
  public static Kubeconfig merge(Kubeconfig existing, Kubeconfig incoming) {
    return incoming.mergeInto(existing);
  }

  /**
   * Merges this kubeconfig into the file (created when missing) and writes it back atomically with
   * mode 0600; returns what was written.
   */
  public Kubeconfig mergeIntoFile(Path file) {
    return mergeIntoFile(file, CurrentContext.FROM_INCOMING);
  }

  /** As {@link #mergeIntoFile(Path)}, choosing what happens to current-context. */
  public Kubeconfig mergeIntoFile(Path file, CurrentContext currentContextPolicy) {
    Kubeconfig existing;
    try {
      existing = read(file);
    } catch (KubeconfigException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e;
      }
      existing = builder().build();
    }
    Kubeconfig merged = mergeInto(existing, currentContextPolicy);
    merged.writeTo(file);
    return merged;
  }

  @JsonIgnore
  public Optional<KubeconfigCluster> cluster(String name) {
    return find(clusters, name).map(NamedCluster::cluster);
  }

  @JsonIgnore
  public Optional<User> user(String name) {
    return find(users, name).map(NamedUser::user);
  }

  @JsonIgnore
  public Optional<Context> context(String name) {
    return find(contexts, name).map(NamedContext::context);
  }

  private static <T extends Named> Optional<T> find(List<T> entries, String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  private static <T extends Named> List<T> unique(String field, List<T> entries) {
    Set<String> seen = new HashSet<>();
    for (T entry : entries) {
      if (!seen.add(entry.name())) {
        throw new IllegalArgumentException(field + " has two entries named '" + entry.name() + "'");
      }
    }
    return entries;
  }

  @Override
  public String toString() {
    return "Kubeconfig[current-context=" + currentContext
        + ", clusters=" + names(clusters) + ", users=" + names(users) + ", contexts=" + names(contexts) + "]";
  }

  private static List<String> names(List<? extends Named> entries) {
    return entries.stream().map(Named::name).toList();
  }

  /** Builds a kubeconfig entry by entry; adding a name twice replaces the earlier entry. */
  public static final class Builder {
    private final List<NamedCluster> clusters = new ArrayList<>();
    private final List<NamedUser> users = new ArrayList<>();
    private final List<NamedContext> contexts = new ArrayList<>();
    private String currentContext;

    private Builder() {}

    public Builder cluster(String name, KubeconfigCluster cluster) {
      KubeconfigMerge.put(clusters, new NamedCluster(name, Objects.requireNonNull(cluster, "cluster")));
      return this;
    }

    public Builder user(String name, User user) {
      KubeconfigMerge.put(users, new NamedUser(name, Objects.requireNonNull(user, "user")));
      return this;
    }

    public Builder context(String name, Context context) {
      KubeconfigMerge.put(contexts, new NamedContext(name, Objects.requireNonNull(context, "context")));
      return this;
    }

    /** The current context; must name a context of this kubeconfig by {@link #build()}. Default: none. */
    public Builder currentContext(String name) {
      this.currentContext = Names.check("currentContext", name);
      return this;
    }

    public Kubeconfig build() {
      if (currentContext != null && contexts.stream().noneMatch(c -> c.name().equals(currentContext))) {
        throw new IllegalArgumentException("currentContext names no context: '" + currentContext + "'");
      }
      return new Kubeconfig(null, null, clusters, users, contexts, currentContext, null, null, null);
    }
  }
}
