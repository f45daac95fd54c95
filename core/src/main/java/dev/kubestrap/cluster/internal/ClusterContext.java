package dev.kubestrap.cluster.internal;

import dev.kubestrap.operation.OperationTarget;
import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.cluster.HostServices;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.transport.Transport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * What day-2 operations need of the cluster object they act for: its spec, local state, plans of parts of it,
 * the executor, host connections and API clients. Implemented by {@code Cluster}; not for callers.
 */
public interface ClusterContext extends OperationTarget {

  /**
   * Holds {@code host} of {@code of} to the preflight's rules (read-only; the whole cluster's rules, such as unique
   * machine ids, apply), throwing {@link dev.kubestrap.preflight.PreflightException} with its findings.
   */
  void requireReady(ClusterSpec of, String host);

  /** The spec the cluster has now. */
  ClusterSpec spec();

  /** How each host of {@link #spec()} is reached. */
  Map<String, Host> hosts();

  /** The local state directory. */
  LocalState state();

  /** The PKI and encryption key of {@code spec}, ensured in the state directory (what is missing is issued). */
  ClusterSecrets secrets(ClusterSpec spec);

  /** The plan of the part of {@code spec} that {@code scope} names; etcd members in {@code joining} join. */
  ClusterPlan plan(ClusterSpec spec, PlanScope scope, Map<String, String> joining);

  /**
   * The plan of the part of {@code spec} that {@code scope} names, read only for the paths it places (reset,
   * certificate files): no program is resolved or downloaded, so its binary actions may be incomplete.
   */
  ClusterPlan pathsPlan(ClusterSpec spec, PlanScope scope);

  /** Applies a part of the cluster without recording it as the last applied plan. */
  ApplyReport apply(ClusterPlan part);

  /** Records the whole plan of {@code spec} as the last applied one. */
  void recordApplied(ClusterSpec spec);

  /** The connection of a host of the spec, or of one being added ({@link #connect}). */
  Transport transport(String host);

  /** Makes {@code host} reachable before it joins the spec. */
  void connect(Host host);

  /** From now on the cluster is {@code spec} with hosts reached as {@code hosts}; cached state is dropped. */
  void adopt(ClusterSpec spec, Map<String, Host> hosts);

  /**
   * A new client (the caller closes it) authenticated as the admin, through the first control-plane host not in
   * {@code avoid} that answers, or through the given load balancer.
   */
  KubernetesClient client(Collection<String> avoid);

  /** Stops, disables and removes what the plan of {@code spec} placed on {@code host}, data included if asked. */
  void reset(ClusterSpec spec, String host, boolean deleteData);

  /** How services are controlled on hosts. */
  HostServices services();

  /** How long a service or node may take to become healthy. */
  Duration healthTimeout();

  /** Tells the cluster's listener about a step. */
  void progress(String line);
}
