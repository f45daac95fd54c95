package dev.kubestrap.apply.internal;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A host's transport for one stretch of work that answers commands asked ahead of time ({@link BatchedQuestions})
 * without a round trip, for as long as the answers can still be true: until the first call that reaches the host.
 * Any such call may have changed what the answers describe (a file placed, a command run), so from then on every
 * command runs on the host again. A command matches an answer when its arguments and timeout are the same.
 * Closing it leaves the host's transport open: that belongs to the run.
 */
public final class AnsweringTransport extends ForwardingTransport {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnsweringTransport.class);

  private record Key(List<String> argv, Optional<Duration> timeout) {
    static Key of(Command command) {
      return new Key(command.argv(), command.timeout());
    }
  }

  private final Map<Key, ExecResult> answers = new ConcurrentHashMap<>();
  private final AtomicBoolean valid = new AtomicBoolean(true);
  private final Runnable reached;

  private AnsweringTransport(Transport host, Runnable reached) {
    super(host);
    this.reached = reached;
  }

  /**
   * Asks {@code host} the batchable ones of {@code questions} in one round trip and returns a transport that answers
   * them. When the batch fails, nothing is answered and each command later runs on its own, which reports the
   * failure as it would have. {@code reached} runs at every call that reaches the host through the transport.
   */
  public static AnsweringTransport asking(Transport host, List<Command> questions, Runnable reached) {
    AnsweringTransport answering = new AnsweringTransport(host, reached);
    Map<Key, Command> distinct = new java.util.LinkedHashMap<>();
    questions.stream().filter(BatchedQuestions::batchable).forEach(q -> distinct.putIfAbsent(Key.of(q), q));
    List<Command> batch = List.copyOf(distinct.values());
    try {
      if (batch.size() == 1) {
        answering.answers.put(Key.of(batch.get(0)), host.exec(batch.get(0)));
      } else if (batch.size() > 1) {
        BatchedQuestions.ask(host, batch).forEach((i, answer) -> answering.answers.put(Key.of(batch.get(i)), answer));
      }
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      LOG.debug("asking {} questions at once on {} failed, asking each alone: {}", batch.size(), host.target(),
          e.toString());
    }
    return answering;
  }

  /** Whether the answers still hold: nothing has reached the host through this transport since they were given. */
  public boolean answering() {
    return valid.get();
  }

  @Override
  public ExecResult exec(Command command) {
    if (valid.get()) {
      ExecResult answer = answers.get(Key.of(command));
      if (answer != null) {
        return answer;
      }
    }
    return super.exec(command);
  }

  @Override
  protected void beforeRoundTrip() {
    if (valid.getAndSet(false) && !answers.isEmpty()) {
      LOG.trace("answers for {} dropped: a call reaches the host", target());
    }
    reached.run();
  }

  @Override
  public void close() {
    // the run closes the host's transport
  }
}
