package dev.kubestrap.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed's {@code environment} file ({@code export MASTER_IP=10.1.0.15} and so on) into a
 * {@link ClusterSpec}.
 *
 * <p>Known variables: {@code MASTER_IP} and {@code NODE_IP} (required; each host is named by its IP, as
 * the seed registers nodes), {@code SERVICE_CIDR}, {@code CLUSTER_KUBERNETES_SVC_IP} (must be the first
 * address of the service CIDR, which is what Kubernetes uses), {@code NODE_PORT_RANGE},
 * {@code CLUSTER_DNS_DOMAIN}, {@code CLUSTER_DNS_SVC_IP} and {@code CLUSTER_CIDR}. Values may be quoted and
 * followed by a {@code #} comment. Any other variable is an error, so a typo is not silently ignored, and so is a
 * variable set twice.
 * Settings the file does not carry take the seed's values: kubeconfig cluster
 * {@code kubernetes-the-hard-way}, context {@code default}, aescbc encryption; the rest are
 * {@link ClusterSpec} defaults.
 */
public final class SeedEnvironment {

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\\s#]*)\\s*(?:#.*)?$");
  private static final List<String> KNOWN = List.of("MASTER_IP", "NODE_IP", "SERVICE_CIDR",
      "CLUSTER_KUBERNETES_SVC_IP", "NODE_PORT_RANGE", "CLUSTER_DNS_DOMAIN", "CLUSTER_DNS_SVC_IP", "CLUSTER_CIDR");

  private SeedEnvironment() {}

  /** The spec the file describes. */
  public static ClusterSpec parse(String text) {
    return builder(text).build();
  }

  /** A builder holding what the file describes, to adjust before building. */
  public static ClusterSpec.Builder builder(String text) {
    Map<String, String> vars = variables(text);
    ClusterSpec.Builder b = ClusterSpec.builder()
        .addHost(required(vars, "MASTER_IP"), vars.get("MASTER_IP"), Role.CONTROL_PLANE, Role.ETCD)
        .addHost(required(vars, "NODE_IP"), vars.get("NODE_IP"), Role.WORKER)
        .encryptionProvider(EncryptionProvider.AESCBC)
        .kubeconfigClusterName("kubernetes-the-hard-way");
    if (vars.containsKey("SERVICE_CIDR")) {
      b.serviceCidr(vars.get("SERVICE_CIDR"));
    }
    if (vars.containsKey("CLUSTER_CIDR")) {
      b.clusterCidr(vars.get("CLUSTER_CIDR"));
    }
    if (vars.containsKey("NODE_PORT_RANGE")) {
      b.nodePortRange(vars.get("NODE_PORT_RANGE"));
    }
    if (vars.containsKey("CLUSTER_DNS_DOMAIN")) {
      b.dnsDomain(vars.get("CLUSTER_DNS_DOMAIN"));
    }
    if (vars.containsKey("CLUSTER_DNS_SVC_IP")) {
      b.dnsServiceIp(vars.get("CLUSTER_DNS_SVC_IP"));
    }
    if (vars.containsKey("CLUSTER_KUBERNETES_SVC_IP")) {
      String serviceCidr = vars.getOrDefault("SERVICE_CIDR", ClusterSpec.DEFAULT_SERVICE_CIDR);
      String first = Cidr.parse("SERVICE_CIDR", serviceCidr).address(ClusterSpec.KUBERNETES_SERVICE_INDEX).getHostAddress();
      String given = IpAddresses.parse("CLUSTER_KUBERNETES_SVC_IP", vars.get("CLUSTER_KUBERNETES_SVC_IP")).getHostAddress();
      if (!first.equals(given)) {
        throw new InvalidSpecException("CLUSTER_KUBERNETES_SVC_IP must be the first address of SERVICE_CIDR '"
            + serviceCidr + "' (" + first + "): " + given);
      }
    }
    return b;
  }

  private static Map<String, String> variables(String text) {
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher m = ASSIGNMENT.matcher(line);
      if (!m.matches()) {
        throw new InvalidSpecException("environment line " + (i + 1) + " is not 'export NAME=value': '" + line + "'");
      }
      String name = m.group(1);
      if (!KNOWN.contains(name)) {
        throw new InvalidSpecException("environment line " + (i + 1) + " sets an unknown variable: '" + name
            + "' (known: " + String.join(", ", KNOWN) + ")");
      }
      String value = unquote(m.group(2));
      Integer first = lineOf.get(name);
      if (first != null) {
        throw new InvalidSpecException("environment line " + (i + 1) + " sets " + name + " again: '" + value
            + "' (first set on line " + first + "; the seed scripts would take the last one silently)");
      }
      vars.put(name, value);
      lineOf.put(name, i + 1);
    }
    return vars;
  }

  private static String unquote(String value) {
    boolean quoted = value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }

  private static String required(Map<String, String> vars, String name) {
    String value = vars.get(name);
    if (value == null || value.isEmpty()) {
      throw new InvalidSpecException("environment must set " + name + ": '" + (value == null ? "" : value) + "'");
    }
    return value;
  }
}
