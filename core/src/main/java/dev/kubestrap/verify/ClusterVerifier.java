package dev.kubestrap.verify;

import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.verify.internal.Durations;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a freshly bootstrapped cluster works, through a fabric8 client built from the admin
 * kubeconfig. The default checks, in order:
 *
 * <ol>
 *   <li>{@link ApiServerReadyCheck}: {@code /readyz} answers {@code ok} (share 1);
 *   <li>{@link NodesReadyCheck}: the expected nodes are Ready (share 3);
 *   <li>{@link PodsReadyCheck}: every pod in {@code kube-system} and {@code kube-flannel} is Ready
 *       (share 3);
 *   <li>{@link SmokePodCheck}: the seed's {@code nginx} pod (label {@code run: test}) is Running (share 2);
 *   <li>{@link DnsLookupCheck}: a busybox pod resolves {@code kubernetes.default.svc.<domain>} (share 2).
 * </ol>
 *
 * <p>{@link #verify(Duration)} splits the timeout by share; time a check does not use passes to
 * the checks after it. Each check is polled at the poll interval (sleeping in between, never
 * spinning), and a check that runs out of time throws {@link VerificationTimeoutException} with
 * what it waited for, for how long, and the last state seen. Pods a check creates are deleted
 * when it ends, passed or not. API errors during a poll count as "not yet" (an API server may be
 * restarting) and appear in the last state. Polls go through a client derived from the given one
 * with fabric8's request retries turned off, so that a failing API server cannot hold a poll past
 * the check's deadline; it is closed when {@code verify} returns.
 *
 * <p>Defaults: all registered nodes (at least one); DNS domain {@value #DEFAULT_DOMAIN}; namespace
 * {@value #DEFAULT_NAMESPACE} for the test pods; smoke image {@value #DEFAULT_SMOKE_IMAGE}; DNS image
 * {@value #DEFAULT_DNS_IMAGE}; system namespaces {@code kube-system, kube-flannel}; poll interval 2s.
 * The verifier does not close the client.
 */
public final class ClusterVerifier {
  public static final String DEFAULT_DOMAIN = ClusterSpec.DEFAULT_DNS_DOMAIN;
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_SMOKE_IMAGE = "docker.io/library/nginx:1.27";
  public static final String DEFAULT_DNS_IMAGE = "docker.io/library/busybox:1.37";
  public static final String SMOKE_POD = "nginx";
  public static final String DNS_POD = "kubestrap-dns-check";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(ClusterVerifier.class);

  private final KubernetesClient client;
  private final List<Check> checks;
  private final Duration pollInterval;
  private final Consumer<VerificationEvent> listener;

  private ClusterVerifier(Builder builder, List<Check> checks) {
    this.client = builder.client;
    this.checks = checks;
    this.pollInterval = builder.pollInterval;
    this.listener = builder.listener;
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /** The checks, in the order they run. */
  public List<Check> checks() {
    return checks;
  }

  /**
   * Runs every check in order within {@code timeout}.
   *
   * @throws VerificationTimeoutException when a check is not satisfied within its share
   * @throws VerificationException when verification cannot go on (e.g. a pod name is taken)
   */
  public void verify(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    try (KubernetesClient polling = withoutRetries(client)) {
      long start = System.nanoTime();
      long remaining = timeout.toNanos();
      double sharesLeft = checks.stream().mapToDouble(Check::share).sum();
      for (Check check : checks) {
        Duration budget = Duration.ofNanos((long) (remaining * (check.share() / sharesLeft)));
        sharesLeft -= check.share();
        run(polling, check, budget);
        remaining = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
      }
    }
  }

  /**
   * A client like the caller's but without fabric8's own retries: the verifier retries at its poll
   * interval, and a client backing off on a failing API server would overrun the check's deadline.
   */
  private static KubernetesClient withoutRetries(KubernetesClient client) {
    Config config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private void run(KubernetesClient client, Check check, Duration budget) {
    long start = System.nanoTime();
    long end = start + budget.toNanos();
    listener.accept(new VerificationEvent(check.description(), VerificationEvent.Stage.STARTED, Duration.ZERO, ""));
    try {
      check.prepare(client);
      String lastState = "";
      while (true) {
        CheckState state = pollOnce(client, check);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (state.satisfied()) {
          listener.accept(new VerificationEvent(check.description(), VerificationEvent.Stage.PASSED, elapsed, state.detail()));
          return;
        }
        if (!state.detail().equals(lastState)) {
          lastState = state.detail();
          listener.accept(new VerificationEvent(check.description(), VerificationEvent.Stage.WAITING, elapsed, lastState));
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          listener.accept(new VerificationEvent(check.description(), VerificationEvent.Stage.TIMED_OUT, elapsed, state.detail()));
          throw new VerificationTimeoutException(check.description(), roundedToMillis(budget), state.detail());
        }
        sleep(Math.min(left, pollInterval.toNanos()), check);
      }
    } finally {
      cleanUp(client, check);
    }
  }

  private static CheckState pollOnce(KubernetesClient client, Check check) {
    try {
      return check.poll(client);
    } catch (KubernetesClientException e) {
      return CheckState.waiting("API error: " + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + e.getMessage());
    }
  }

  private static void cleanUp(KubernetesClient client, Check check) {
    try {
      check.cleanUp(client);
    } catch (RuntimeException e) {
      // Cleaning up must not hide the outcome of the check itself.
      LOG.warn("cleaning up after '{}' failed: {}", check.description(), e.toString());
    }
  }

  private static void sleep(long nanos, Check check) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("verify interrupted while waiting for " + check.description(), e);
    }
  }

  private static Duration roundedToMillis(Duration duration) {
    return Duration.ofMillis(Math.round(duration.toNanos() / 1_000_000.0));
  }

  static void requirePositiveShare(double share) {
    if (!(share > 0) || Double.isInfinite(share)) {
      throw new IllegalArgumentException("share must be positive: " + share);
    }
  }

  static void requireName(String field, String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(field + " must be a name without spaces: '" + value + "'");
    }
  }

  static void requireImage(String field, String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(field + " must be an image reference without spaces: '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return "ClusterVerifier{checks=" + checks.stream().map(Check::description).toList()
        + ", pollInterval=" + Durations.format(pollInterval) + "}";
  }

  /** Builds a {@link ClusterVerifier}; every expectation has a default. */
  public static final class Builder {
    private final KubernetesClient client;
    private final List<String> nodeNames = new ArrayList<>();
    private List<String> systemNamespaces = List.of("kube-system", "kube-flannel");
    private String domain = DEFAULT_DOMAIN;
    private String namespace = DEFAULT_NAMESPACE;
    private String smokeImage = DEFAULT_SMOKE_IMAGE;
    private String dnsImage = DEFAULT_DNS_IMAGE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Consumer<VerificationEvent> listener = event -> { };
    private List<Check> checks;

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Adds node names that must be Ready. Default: none, meaning every registered node. */
    public Builder expectNodes(String... names) {
      nodeNames.addAll(List.of(names));
      return this;
    }

    /** The namespaces whose pods must all be Ready. Default {@code kube-system, kube-flannel}. */
    public Builder systemNamespaces(String... namespaces) {
      this.systemNamespaces = List.of(namespaces);
      return this;
    }

    /** The cluster DNS domain. Default {@value #DEFAULT_DOMAIN}. */
    public Builder dnsDomain(String domain) {
      this.domain = domain;
      return this;
    }

    /** The namespace of the smoke and DNS pods. Default {@value #DEFAULT_NAMESPACE}. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** The smoke pod's image. Default {@value #DEFAULT_SMOKE_IMAGE}. */
    public Builder smokeImage(String image) {
      this.smokeImage = image;
      return this;
    }

    /** The image that runs {@code nslookup}. Default {@value #DEFAULT_DNS_IMAGE}. */
    public Builder dnsImage(String image) {
      this.dnsImage = image;
      return this;
    }

    /** Time between two polls of a check. Default 2s. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /** Receives progress events. Default: none. */
    public Builder listener(Consumer<VerificationEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Replaces the default checks with these, run in this order. */
    public Builder checks(Check... checks) {
      this.checks = List.of(checks);
      return this;
    }

    public ClusterVerifier build() {
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
      }
      nodeNames.forEach(n -> requireName("node name", n));
      List<Check> resolved = checks != null ? checks : List.of(
          new ApiServerReadyCheck(1),
          new NodesReadyCheck(nodeNames, 3),
          new PodsReadyCheck(systemNamespaces, 3),
          new SmokePodCheck(namespace, SMOKE_POD, smokeImage, 2),
          new DnsLookupCheck(namespace, DNS_POD, dnsImage, domain, 2));
      if (resolved.isEmpty()) {
        throw new IllegalArgumentException("checks must not be empty: " + resolved);
      }
      return new ClusterVerifier(this, resolved);
    }
  }
}
