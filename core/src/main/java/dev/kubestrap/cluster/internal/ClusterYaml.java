package dev.kubestrap.cluster.internal;

import dev.kubestrap.addons.FlannelBackend;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.EncryptionProvider;
import dev.kubestrap.spec.InvalidSpecException;
import dev.kubestrap.spec.ProxyMode;
import dev.kubestrap.spec.Role;
import dev.kubestrap.spec.SwapPolicy;
import dev.kubestrap.transport.ssh.SshConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The YAML form of a cluster (documented in {@code docs/cluster.md}), read with Jackson into records whose
 * unknown keys are refused with their path. The reading is strict: a duplicate key, an anchor or alias, a
 * fraction where a whole number belongs ({@code port: 1.5}), a number where text belongs ({@code 1.30} for a
 * version) and a document over {@link #MAX_CHARS} are refused. Values are only converted here; the spec checks them.
 */
public final class ClusterYaml {

  /** The longest document read: 1 MiB, far above any real cluster and far below a slow parse. */
  public static final int MAX_CHARS = 1 << 20;

  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
      .build();

  /** The top level of the document. */
  record Document(String name, String kubernetesVersion, String etcdVersion, String containerdVersion,
      String runcVersion, String cniPluginsVersion, String crictlVersion, String serviceCidr, String clusterCidr,
      String nodePortRange, String dnsDomain, String dnsServiceIp, Integer apiServerPort, Integer etcdClientPort,
      Integer etcdPeerPort, String keyAlgorithm, String proxyMode, Boolean auditLogging, String encryptionProvider,
      String kubeconfigClusterName, String kubeconfigContextName, String kubeletResolvConf, Boolean allowCgroupV1,
      String swap, Boolean containerHosts, Boolean controlPlaneNodes, Map<String, Map<String, String>> extraFlags,
      Map<String, List<String>> allowInsecure, List<HostDocument> hosts, String stateDir, Integer concurrency,
      BinariesDocument binaries, String flannelBackend) {}

  /** One entry of {@code hosts}. */
  record HostDocument(String name, String address, List<String> roles, SshDocument ssh, Boolean local) {}

  /** The {@code ssh} settings of a host, or of its {@code jumpHost} (which also needs {@code address}). */
  record SshDocument(String address, String user, Integer port, String identity, String knownHosts,
      String hostKeyFingerprint, Boolean acceptNewHostKeys, SshDocument jumpHost, Boolean sudo) {}

  /**
   * {@code binaries}: one of {@code directory}, {@code mirror}, {@code onHost}, or {@code official} (default); with
   * the caller's {@code pins}, and the opt-ins {@code allowUnpinned} and {@code allowPlainHttp}.
   */
  record BinariesDocument(String directory, String mirror, String onHost, Boolean official, String cacheDir,
      List<PinDocument> pins, Boolean allowUnpinned, Boolean allowPlainHttp) {}

  /** One entry of {@code binaries.pins}: {@code {component: kubernetes-server, version: 1.36.4, arch: amd64, digest: "sha512:…"}}. */
  record PinDocument(String component, String version, String arch, String digest) {}

  /** A host of the document with its roles. */
  public record RoledHost(Host host, Set<Role> roles) {}

  private final Document document;
  private final List<RoledHost> hosts;

  private ClusterYaml(Document document, List<RoledHost> hosts) {
    this.document = document;
    this.hosts = hosts;
  }

  /**
   * Reads the document.
   *
   * @throws ClusterException naming the path of an unknown key or a value of the wrong type
   */
  public static ClusterYaml parse(String yaml) {
    if (yaml.length() > MAX_CHARS) {
      throw new ClusterException("cluster YAML is too long: " + yaml.length() + " characters (at most " + MAX_CHARS
          + ")");
    }
    refuseAnchors(yaml);
    Document document;
    try {
      document = MAPPER.readValue(yaml, Document.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ClusterException("cluster YAML has an unknown key: " + path(e) + " (known here: "
          + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")", e);
    } catch (JacksonException e) {
      throw new ClusterException("cluster YAML is invalid at " + path(e) + ": " + e.getOriginalMessage(), e);
    }
    if (document == null) {
      throw new ClusterException("cluster YAML is empty");
    }
    List<RoledHost> hosts = new ArrayList<>();
    List<HostDocument> entries = document.hosts() != null ? document.hosts() : List.of();
    Map<String, Integer> names = new java.util.HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      RoledHost host = host("hosts[" + i + "]", entries.get(i));
      Integer first = names.putIfAbsent(host.host().name(), i);
      if (first != null) {
        throw new ClusterException("hosts[" + i + "] has the name of hosts[" + first + "]: '" + host.host().name()
            + "' (list each host once, with all its roles)");
      }
      hosts.add(host);
    }
    return new ClusterYaml(document, List.copyOf(hosts));
  }

  /**
   * Anchors and aliases let a small document expand into a huge one and make a value mean two things at once; a
   * cluster description needs neither.
   */
  private static void refuseAnchors(String yaml) {
    // The events of the YAML engine Jackson itself reads with, so both see the same document.
    try {
      for (Event event : new Parse(LoadSettings.builder().build()).parseString(yaml)) {
        if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
          boolean alias = event instanceof AliasEvent;
          int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
          throw new ClusterException("cluster YAML uses an " + (alias ? "alias" : "anchor") + " at line " + line + ": '"
              + (alias ? "*" : "&") + node.getAnchor().get().getValue() + "' (anchors and aliases are not accepted; "
              + "write each value out)");
        }
      }
    } catch (YamlEngineException e) {
      throw new ClusterException("cluster YAML is invalid: " + e.getMessage(), e);
    }
  }

  private static String path(JacksonException e) {
    StringBuilder text = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        text.append(text.length() == 0 ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        text.append('[').append(ref.getIndex()).append(']');
      }
    }
    return text.length() == 0 ? "(document)" : text.toString();
  }

  private static RoledHost host(String field, HostDocument doc) {
    if (doc == null || doc.address() == null) {
      throw new ClusterException(field + ".address must be set: " + (doc == null ? "null" : "'" + doc.address() + "'"));
    }
    if (doc.roles() == null || doc.roles().isEmpty()) {
      throw new ClusterException(field + ".roles must list control-plane, etcd, worker or master: " + doc.roles());
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < doc.roles().size(); i++) {
      String role = doc.roles().get(i);
      switch (role == null ? "" : role) {
        case "master" -> roles.addAll(List.of(Role.CONTROL_PLANE, Role.ETCD));
        case "control-plane" -> roles.add(Role.CONTROL_PLANE);
        case "etcd" -> roles.add(Role.ETCD);
        case "worker" -> roles.add(Role.WORKER);
        default -> throw new ClusterException(field + ".roles[" + i + "] must be control-plane, etcd, worker or master: '"
            + role + "'");
      }
    }
    Host host;
    if (Boolean.TRUE.equals(doc.local())) {
      if (doc.ssh() != null) {
        throw new ClusterException(field + ": a local host takes no ssh settings");
      }
      host = Host.local().address(doc.address());
    } else {
      host = ssh(field + ".ssh", doc.address(), doc.ssh());
    }
    if (doc.name() != null) {
      host = host.name(doc.name());
    }
    return new RoledHost(host, roles);
  }

  private static Host ssh(String field, String address, SshDocument ssh) {
    if (ssh == null) {
      return Host.ssh(address);
    }
    if (ssh.address() != null) {
      throw new ClusterException(field + ".address is only for a jumpHost; set the host's address instead: '"
          + ssh.address() + "'");
    }
    return Host.ssh(address, sshSettings(field, ssh));
  }

  /** The document's settings as given to the SSH builder; a jump host's are checked when the host's are. */
  private static Consumer<SshConfig.Builder> sshSettings(String field, SshDocument ssh) {
    SshDocument jump = ssh.jumpHost();
    if (jump != null && jump.address() == null) {
      throw new ClusterException(field + ".jumpHost.address must be set: null");
    }
    Consumer<SshConfig.Builder> jumpSettings = jump != null ? sshSettings(field + ".jumpHost", jump) : null;
    return b -> {
      if (ssh.user() != null) {
        b.user(ssh.user());
      }
      if (ssh.port() != null) {
        b.port(ssh.port());
      }
      if (ssh.identity() != null) {
        b.privateKey(Path.of(ssh.identity()));
      }
      if (ssh.knownHosts() != null) {
        b.knownHosts(Path.of(ssh.knownHosts()));
      }
      if (ssh.hostKeyFingerprint() != null) {
        b.hostKeyFingerprint(ssh.hostKeyFingerprint());
      }
      if (Boolean.TRUE.equals(ssh.acceptNewHostKeys())) {
        b.acceptNewHostKeys();
      }
      if (Boolean.TRUE.equals(ssh.sudo())) {
        b.sudo();
      }
      if (jumpSettings != null) {
        SshConfig.Builder jumpHost = SshConfig.builder().host(jump.address());
        jumpSettings.accept(jumpHost);
        b.jumpHost(jumpHost.build());
      }
    };
  }

  /** The hosts with their roles, in document order. */
  public List<RoledHost> hosts() {
    return hosts;
  }

  public Optional<Path> stateDir() {
    return Optional.ofNullable(document.stateDir()).map(Path::of);
  }

  public Optional<Integer> concurrency() {
    return Optional.ofNullable(document.concurrency());
  }

  /** The binary source the document names; empty for the default. */
  public Optional<BinarySource> binaries() {
    BinariesDocument b = document.binaries();
    if (b == null) {
      return Optional.empty();
    }
    long chosen = java.util.stream.Stream.of(b.directory(), b.mirror(), b.onHost(), b.official())
        .filter(java.util.Objects::nonNull).count();
    if (chosen > 1) {
      throw new ClusterException("binaries must set exactly one of official, directory, mirror, onHost: " + b);
    }
    boolean download = b.directory() == null && b.onHost() == null;
    if (!download && (Boolean.TRUE.equals(b.allowUnpinned()) || Boolean.TRUE.equals(b.allowPlainHttp()))) {
      throw new ClusterException("binaries.allowUnpinned and binaries.allowPlainHttp apply to official and mirror "
          + "downloads only: " + b);
    }
    if (b.onHost() != null) {
      return Optional.of(BinarySource.onHost(Path.of(b.onHost())));
    }
    List<PinDocument> pins = b.pins() != null ? b.pins() : List.of();
    if (b.directory() != null) {
      var source = BinarySource.directory(Path.of(b.directory()));
      source = b.cacheDir() != null ? source.cacheIn(Path.of(b.cacheDir())) : source;
      for (int i = 0; i < pins.size(); i++) {
        PinDocument p = pin("binaries.pins[" + i + "]", pins.get(i));
        source = source.pin(p.component(), p.version(), Arch.of(p.arch()), p.digest());
      }
      return Optional.of(source);
    }
    var source = BinarySource.official();
    source = Boolean.TRUE.equals(b.allowPlainHttp()) ? source.allowPlainHttp() : source;
    source = Boolean.TRUE.equals(b.allowUnpinned()) ? source.allowUnpinned() : source;
    source = b.mirror() != null ? source.mirroredAt(URI.create(b.mirror())) : source;
    source = b.cacheDir() != null ? source.cacheIn(Path.of(b.cacheDir())) : source;
    for (int i = 0; i < pins.size(); i++) {
      PinDocument p = pin("binaries.pins[" + i + "]", pins.get(i));
      source = source.pin(p.component(), p.version(), Arch.of(p.arch()), p.digest());
    }
    return Optional.of(source);
  }

  private static PinDocument pin(String field, PinDocument pin) {
    if (pin == null || pin.component() == null || pin.version() == null || pin.digest() == null) {
      throw new ClusterException(field + " must set component, version and digest (arch defaults to amd64): " + pin);
    }
    PinDocument complete = new PinDocument(pin.component(), pin.version(), pin.arch() != null ? pin.arch() : "amd64",
        pin.digest());
    try {
      BinarySource.official().pin(complete.component(), complete.version(), Arch.of(complete.arch()), complete.digest());
    } catch (IllegalArgumentException e) {
      throw new ClusterException(field + ": " + e.getMessage(), e);
    }
    return complete;
  }

  public Optional<FlannelBackend> flannelBackend() {
    return Optional.ofNullable(document.flannelBackend())
        .map(v -> byName("flannelBackend", v, FlannelBackend.values(), FlannelBackend::type));
  }

  /** A spec builder with the document's settings and hosts (hosts are added by the caller from {@link #hosts()}). */
  public ClusterSpec.Builder specBuilder() {
    Document d = document;
    ClusterSpec.Builder b = ClusterSpec.builder();
    apply(d.name(), b::name);
    apply(d.kubernetesVersion(), b::kubernetesVersion);
    apply(d.etcdVersion(), b::etcdVersion);
    apply(d.containerdVersion(), b::containerdVersion);
    apply(d.runcVersion(), b::runcVersion);
    apply(d.cniPluginsVersion(), b::cniPluginsVersion);
    apply(d.crictlVersion(), b::crictlVersion);
    apply(d.serviceCidr(), b::serviceCidr);
    apply(d.clusterCidr(), b::clusterCidr);
    apply(d.nodePortRange(), v -> b.nodePortRange(v));
    apply(d.dnsDomain(), b::dnsDomain);
    apply(d.dnsServiceIp(), b::dnsServiceIp);
    apply(d.apiServerPort(), b::apiServerPort);
    apply(d.etcdClientPort(), b::etcdClientPort);
    apply(d.etcdPeerPort(), b::etcdPeerPort);
    apply(d.keyAlgorithm(), v -> b.keyAlgorithm(byName("keyAlgorithm", v, KeyAlgorithm.values(), Enum::name)));
    apply(d.proxyMode(), v -> b.proxyMode(byName("proxyMode", v, ProxyMode.values(), ProxyMode::configName)));
    apply(d.auditLogging(), b::auditLogging);
    apply(d.encryptionProvider(), v -> b.encryptionProvider(
        byName("encryptionProvider", v, EncryptionProvider.values(), EncryptionProvider::configName)));
    apply(d.kubeconfigClusterName(), b::kubeconfigClusterName);
    apply(d.kubeconfigContextName(), b::kubeconfigContextName);
    apply(d.kubeletResolvConf(), b::kubeletResolvConf);
    apply(d.allowCgroupV1(), b::allowCgroupV1);
    apply(d.swap(), v -> b.swap(byName("swap", v, SwapPolicy.values(), p -> p.name().replace('_', '-'))));
    apply(d.containerHosts(), b::containerHosts);
    apply(d.controlPlaneNodes(), b::controlPlaneNodes);
    if (d.extraFlags() != null) {
      d.extraFlags().forEach((component, flags) -> {
        ComponentName name = ComponentName.fromId(component);
        if (flags != null) {
          flags.forEach((flag, value) -> b.extraFlag(name, flag, value));
        }
      });
    }
    if (d.allowInsecure() != null) {
      d.allowInsecure().forEach((component, flags) -> {
        ComponentName name = ComponentName.fromId(component);
        if (flags != null) {
          flags.forEach(flag -> b.allowInsecure(name, flag));
        }
      });
    }
    return b;
  }

  private static <T> void apply(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static <E> E byName(String field, String value, E[] values, Function<E, String> name) {
    String wanted = value.trim();
    return Arrays.stream(values)
        .filter(v -> name.apply(v).equalsIgnoreCase(wanted) || v.toString().equalsIgnoreCase(wanted.replace('-', '_')))
        .findFirst()
        .orElseThrow(() -> new InvalidSpecException(field + " must be one of "
            + Arrays.stream(values).map(name).map(s -> s.toLowerCase(Locale.ROOT)).toList() + ": '" + value + "'"));
  }
}
