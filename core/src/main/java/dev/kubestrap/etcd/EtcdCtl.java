package dev.kubestrap.etcd;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code etcdctl} on one member host, against that member over mutual TLS with the etcd CA and the health-check
 * client certificate kubestrap places there: membership and health, parsed from its JSON output.
 */
public final class EtcdCtl {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Transport host;
  private final Etcd etcd;

  /** {@code etcdctl} of {@code etcd}'s layout, run through {@code host}, a member of the cluster. */
  public EtcdCtl(Transport host, Etcd etcd) {
    this.host = host;
    this.etcd = etcd;
  }

  /** Every member, started or not. */
  public List<EtcdMember> members() {
    JsonNode root = json(run(etcd.etcdctl("member", "list", "-w", "json")), "member list");
    List<EtcdMember> members = new ArrayList<>();
    for (JsonNode member : root.path("members")) {
      members.add(new EtcdMember(hexId(member.path("ID")), member.path("name").asString(""),
          strings(member.path("peerURLs")), strings(member.path("clientURLs")), member.path("isLearner").asBoolean(false)));
    }
    return members;
  }

  /** The health of every started member, each asked directly ({@code endpoint health --cluster}). */
  public List<EtcdHealth> health() {
    List<EtcdMember> members = members();
    ExecResult result = host.exec(Command.of(etcd.etcdctl("endpoint", "health", "--cluster", "-w", "json"))
        .withTimeout(TIMEOUT));
    // exits 1 when a member is unhealthy, and still prints every endpoint's result
    JsonNode root = json(result, "endpoint health");
    List<EtcdHealth> health = new ArrayList<>();
    for (JsonNode endpoint : root) {
      String url = endpoint.path("endpoint").asString("");
      String name = members.stream().filter(m -> m.clientUrls().contains(url)).map(EtcdMember::name).findFirst()
          .orElse("?");
      health.add(new EtcdHealth(name, url, endpoint.path("health").asBoolean(false),
          endpoint.path("error").asString("")));
    }
    for (EtcdMember member : members) {
      if (health.stream().noneMatch(h -> member.clientUrls().contains(h.endpoint()))) {
        health.add(new EtcdHealth(member.started() ? member.name() : member.id(),
            member.clientUrls().isEmpty() ? "" : member.clientUrls().get(0), false, "not started"));
      }
    }
    return health;
  }

  /** {@code member add}: announces a member before it starts, so that it may join. */
  public void add(String name, String peerUrl) {
    run(etcd.etcdctl("member", "add", name, "--peer-urls=" + peerUrl));
  }

  /** {@code member remove}: the member leaves the cluster (and stops serving, if it runs). */
  public void remove(EtcdMember member) {
    run(etcd.etcdctl("member", "remove", member.id()));
  }

  /** The member whose name or peer URL is given, if listed. */
  public Optional<EtcdMember> find(String name, String peerUrl) {
    return members().stream().filter(m -> m.name().equals(name) || m.peerUrls().contains(peerUrl)).findFirst();
  }

  private ExecResult run(List<String> argv) {
    return host.run(Command.of(argv).withTimeout(TIMEOUT));
  }

  private JsonNode json(ExecResult result, String what) {
    try {
      return JSON.readTree(result.stdout());
    } catch (JacksonException e) {
      throw new KubestrapException("etcdctl " + what + " on " + host.target() + " printed no JSON (exit code "
          + result.exitCode() + "): " + result.stdout().strip() + " " + result.stderr().strip(), e);
    }
  }

  /** etcd prints member IDs as unsigned 64-bit decimal numbers; {@code member remove} takes hex. */
  private static String hexId(JsonNode id) {
    return new BigInteger(id.asString()).toString(16);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
