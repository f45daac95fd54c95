package dev.kubestrap.apply;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import java.util.List;
import java.util.Optional;

/**
 * An apply stopped: one action failed on one host. The message names the phase, the action, the
 * host's transport target and the reason, followed for a service by the last lines of its journal:
 * {@code "[etcd] wait etcd healthy on [root@10.1.0.15:22] failed: not healthy after 60 s ..."}. Hosts
 * that were running other actions of the same phase finished those actions; later phases did not start.
 */
public class ApplyException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final HostId host;
  private final String target;
  private final Phase phase;
  private final String action;
  private final String reason;
  private final List<String> journal;
  private final transient ApplyReport report;

  ApplyException(HostId host, String target, Phase phase, String action, String reason, List<String> journal,
      ApplyReport report, Throwable cause) {
    super(message(target, phase, action, reason, journal), cause);
    this.host = host;
    this.target = target;
    this.phase = phase;
    this.action = action;
    this.reason = reason;
    this.journal = List.copyOf(journal);
    this.report = report;
  }

  private static String message(String target, Phase phase, String action, String reason, List<String> journal) {
    StringBuilder message = new StringBuilder()
        .append('[').append(phase.label()).append("] ").append(action)
        .append(" on [").append(target).append("] failed: ").append(reason);
    if (!journal.isEmpty()) {
      message.append("\nlast ").append(journal.size()).append(" journal lines:");
      journal.forEach(line -> message.append("\n  ").append(line));
    }
    return message.toString();
  }

  public HostId host() {
    return host;
  }

  /** The transport target of the host, e.g. {@code root@10.1.0.15:22}. */
  public String target() {
    return target;
  }

  public Phase phase() {
    return phase;
  }

  /** The action that failed, as its one-line description. */
  public String action() {
    return action;
  }

  public String reason() {
    return reason;
  }

  /** The last journal lines of the service involved; empty when no service was. */
  public List<String> journal() {
    return journal;
  }

  /** What the run did before it stopped; empty if the exception was not thrown by an executor. */
  public Optional<ApplyReport> report() {
    return Optional.ofNullable(report);
  }
}
