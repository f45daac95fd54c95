package dev.kubestrap.standin;

import dev.kubestrap.KubestrapException;

/** Why a stand-in refused to start: the message the real program's misuse would earn, prefixed by the program. */
public final class StandInRefusal extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public StandInRefusal(String program, String reason) {
    super(program + " (kubestrap stand-in): " + reason);
  }

  public StandInRefusal(String program, String reason, Throwable cause) {
    super(program + " (kubestrap stand-in): " + reason, cause);
  }
}
