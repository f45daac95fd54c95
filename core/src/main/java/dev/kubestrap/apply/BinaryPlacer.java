package dev.kubestrap.apply;

import dev.kubestrap.apply.internal.ArtifactServer;
import dev.kubestrap.apply.internal.BatchedInspection;
import dev.kubestrap.apply.internal.HostFetch;
import dev.kubestrap.plan.ArchiveMember;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the binaries of one apply run the way its {@link BinaryDelivery} says, falling back to sending the file
 * over the host's connection whenever the host could not place it itself. Owns the serving host's server for the run,
 * and the staging directory ({@link HostFetch#ARCHIVES}) of each host that took programs out of archives itself:
 * made anew at the host's first such program in the run (removing what an interrupted run left), removed when the
 * run ends.
 */
final class BinaryPlacer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BinaryPlacer.class);

  /**
   * What happened: the put result as the executor counts it, whether the host placed the file itself, and why the
   * host was sent the file after trying to place it itself.
   */
  record Placed(PutResult result, boolean byHost, Optional<String> fallback) {}

  /** The server stops with the run; should this machine vanish mid-apply, systemd stops it after this. */
  private static final Duration SERVING_AT_MOST = Duration.ofHours(2);

  private final BinaryDelivery delivery;
  private final ApplyRun run;
  private final Optional<BinaryStaging> staging;
  private ArtifactServer server;
  /** The hosts whose archive staging directory this run made (or failed to make: why), with their transports. */
  private final Map<HostId, ArchiveStaging> archives = new ConcurrentHashMap<>();

  private record ArchiveStaging(Transport transport, Optional<String> failure) {}

  BinaryPlacer(BinaryDelivery delivery, ApplyRun run, ClusterPlan plan) {
    this.delivery = delivery;
    this.run = run;
    // Staging's commands name host paths: only where the inspection does too (not on rooted local transports), and
    // beside the inspection's digest cache (by default the serving host's staging directory, which reset removes).
    this.staging = delivery.kind() == BinaryDelivery.Kind.UPLOAD
        && run.config().inspection() instanceof BatchedInspection batched && batched.namesHostPaths()
        ? Optional.of(new BinaryStaging(run, plan, batched.cacheDirectory()
            .map(directory -> directory + "/" + ArtifactServer.STAGING_NAME).orElse(ArtifactServer.STAGING)))
        : Optional.empty();
  }

  /** Starts sending every host its programs ahead of their phases, when this run uploads them. */
  void startStaging(int concurrency) {
    staging.ifPresent(s -> s.start(concurrency));
  }

  /** Whether the host placed the binary itself; if it tried and could not, why. */
  private record Attempt(boolean placed, Optional<String> why) {
    static final Attempt NONE = new Attempt(false, Optional.empty());

    static Attempt of(HostFetch.Outcome outcome, String what) {
      return new Attempt(outcome.placed(), outcome.failure().map(reason -> what + " failed, sent instead: " + reason));
    }
  }

  Placed place(HostId host, Transport transport, PutBinary binary) {
    Attempt attempt = switch (delivery.kind()) {
      case UPLOAD -> Attempt.NONE;
      case HOSTS_FETCH -> binary.source().hostUrl()
          .map(url -> fetch(transport, url, binary, delivery.trustedCaPem()))
          .or(() -> binary.source().hostArchive().map(member -> unpack(host, transport, member, binary)))
          .orElse(Attempt.NONE);
      case SERVED_BY_HOST -> fromServer(host, transport, binary);
    };
    if (attempt.placed()) {
      return new Placed(new PutResult(binary.path(), binary.sha256(), 0, false), true, Optional.empty());
    }
    Optional<PutResult> staged = staging.flatMap(s -> s.take(host, transport, binary));
    if (staged.isPresent()) {
      return new Placed(staged.get(), false, Optional.empty());
    }
    return new Placed(transport.putPinned(binary.source().resolve(), binary.path(), binary.mode(), binary.sha256()),
        false, attempt.why());
  }

  private static Attempt fetch(Transport transport, URI url, PutBinary binary, String caPem) {
    return Attempt.of(HostFetch.download(transport, url, binary.sha256(), binary.path(), binary.mode(), caPem,
        BinaryDelivery.DEFAULT_FETCH_TIMEOUT), "fetching " + url);
  }

  private Attempt unpack(HostId host, Transport transport, ArchiveMember member, PutBinary binary) {
    Optional<String> noStaging = archives.computeIfAbsent(host,
        h -> new ArchiveStaging(transport, HostFetch.prepareStaging(transport, HostFetch.ARCHIVES))).failure();
    if (noStaging.isPresent()) {
      return new Attempt(false, Optional.of(noStaging.get() + "; sent instead"));
    }
    return Attempt.of(HostFetch.fromArchive(transport, member, binary.sha256(), binary.path(), binary.mode(),
        delivery.trustedCaPem(), HostFetch.ARCHIVES, BinaryDelivery.DEFAULT_FETCH_TIMEOUT),
        "taking " + member.member() + " from " + member.archive());
  }

  private Attempt fromServer(HostId host, Transport transport, PutBinary binary) {
    BinaryDelivery.Server config = delivery.server().orElseThrow();
    ArtifactServer serving = server(config);
    boolean serverItself = host.equals(config.host());
    Optional<String> notServing = serverItself ? Optional.empty() : serving.start();
    if (notServing.isPresent()) {
      return new Attempt(false, Optional.of(notServing.get() + "; sent instead"));
    }
    long staged = serving.stage(binary.sha256(), binary.source().resolve());
    if (staged > 0) {
      run.tally(config.host()).fileSent(staged);
    }
    if (serverItself) {
      return Attempt.of(HostFetch.copy(transport, ArtifactServer.stagedPath(binary.sha256()), binary.sha256(),
          binary.path(), binary.mode(), BinaryDelivery.DEFAULT_FETCH_TIMEOUT), "placing the staged copy");
    }
    return fetch(transport, serving.url(binary.sha256()), binary, config.caPem());
  }

  private synchronized ArtifactServer server(BinaryDelivery.Server config) {
    if (server == null) {
      server = new ArtifactServer(run.transport(config.host()), config.address(), config.port(),
          config.credentialsPem().get(), SERVING_AT_MOST);
    }
    return server;
  }

  /**
   * Removes the hosts' staging directories and stops the server, if one ran; a failure is logged, not thrown (the
   * apply's outcome is what matters).
   */
  @Override
  public synchronized void close() {
    staging.ifPresent(BinaryStaging::close);
    archives.forEach((host, archive) -> {
      try {
        HostFetch.removeStaging(archive.transport(), HostFetch.ARCHIVES);
      } catch (RuntimeException e) {
        LOG.warn("removing {} on {} failed: {}", HostFetch.ARCHIVES, host, e.toString());
      }
    });
    if (server != null) {
      try {
        server.stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping the artifact server on {} failed: {}", server.host().target(), e.toString());
      }
    }
  }
}
