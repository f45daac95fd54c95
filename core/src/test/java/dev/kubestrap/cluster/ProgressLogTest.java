package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.verify.VerificationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Progress reaches the log without a listener: phases, hosts and changes at INFO, chatter at DEBUG, trouble at WARN. */
class ProgressLogTest {
  private static final Instant NOW = Instant.EPOCH;
  private static final HostId MASTER = HostId.of("master");

  /** An slf4j logger that keeps "LEVEL message" lines, at the level it is given. */
  private static final class RecordingLogger extends LegacyAbstractLogger {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level threshold;

    RecordingLogger(Level threshold) {
      this.threshold = threshold;
      this.name = ProgressLog.NAME;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
        Throwable throwable) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(message, arguments));
    }
  }

  private static List<ClusterEvent> anApply() {
    EnsureDirectory etcdDir = EnsureDirectory.of("/opt/etcd");
    return List.of(
        progress(new ApplyEvent.ApplyStarted(NOW, "lab", List.of(MASTER), 10)),
        progress(new ApplyEvent.PhaseStarted(NOW, Phase.ETCD, List.of(MASTER))),
        progress(new ApplyEvent.HostStarted(NOW, Phase.ETCD, MASTER)),
        progress(new ApplyEvent.ActionStarted(NOW, Phase.ETCD, MASTER, etcdDir)),
        progress(new ApplyEvent.BytesSent(NOW, Phase.ETCD, MASTER, "/opt/etcd/etcd", 4096)),
        progress(new ApplyEvent.ActionFinished(NOW, Phase.ETCD, MASTER, etcdDir, ApplyEvent.Outcome.CHANGED,
            Duration.ofMillis(12))),
        progress(new ApplyEvent.ActionSkipped(NOW, Phase.ETCD, MASTER, etcdDir, "already there")),
        progress(new ApplyEvent.Warning(NOW, Phase.ETCD, MASTER, etcdDir, "slow disk")),
        progress(new ApplyEvent.HostFinished(NOW, Phase.ETCD, MASTER, true, Duration.ofMillis(40))),
        progress(new ApplyEvent.ClusterStepStarted(NOW, Phase.ETCD, "label nodes")),
        progress(new ApplyEvent.PhaseFinished(NOW, Phase.ETCD, true, Duration.ofMillis(50))),
        new ClusterEvent.ObjectApplied(Phase.ETCD, new AddonEvent("flannel", "ConfigMap", "kube-flannel",
            "kube-flannel-cfg", AddonEvent.Outcome.CREATED)),
        new ClusterEvent.Verification(new VerificationEvent("nodes Ready", VerificationEvent.Stage.TIMED_OUT,
            Duration.ofMinutes(5), "1 of 2 Ready")),
        progress(new ApplyEvent.ApplyFinished(NOW, false, Duration.ofMillis(60))));
  }

  private static ClusterEvent progress(ApplyEvent event) {
    return new ClusterEvent.HostProgress(event);
  }

  @Test
  void atInfoTheApplyPhasesHostsChangesAndTroubleAreLoggedWithoutTheChatter() {
    RecordingLogger logger = new RecordingLogger(Level.INFO);
    ProgressLog log = new ProgressLog(logger);

    anApply().forEach(log::log);

    assertThat(logger.lines).containsExactly(
        "INFO apply lab to [master] (10 at a time)",
        "INFO [etcd] started on [master]",
        "INFO [etcd] master: started",
        "INFO [etcd] master: changed /opt/etcd in 12 ms",
        "WARN [etcd] master: warning for /opt/etcd: slow disk",
        "INFO [etcd] master: done in 40 ms",
        "INFO [etcd] label nodes",
        "INFO [etcd] finished in 50 ms",
        "INFO [etcd] flannel: ConfigMap/kube-flannel/kube-flannel-cfg created",
        "WARN [verify] nodes Ready timed out after 300 s: 1 of 2 Ready",
        "WARN apply failed in 60 ms");
  }

  @Test
  void atDebugEveryStepStartedSkippedAndEveryUploadIsLoggedToo() {
    RecordingLogger logger = new RecordingLogger(Level.DEBUG);

    anApply().forEach(new ProgressLog(logger)::log);

    assertThat(logger.lines).hasSize(anApply().size()).contains(
        "DEBUG [etcd] master: mkdir   /opt/etcd (0755)",
        "DEBUG [etcd] master: sent 4096 bytes to /opt/etcd/etcd",
        "DEBUG [etcd] master: skipped /opt/etcd (already there)");
  }
}
