package dev.kubestrap.transport.ssh;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns sshj's "Unable to reach a settlement of X: [ours] and [theirs]" into a message that says what the
 * server offers and how to reach an old server on purpose.
 */
final class NoCommonAlgorithm {
  private static final Pattern SETTLEMENT =
      Pattern.compile("Unable to reach a settlement of (\\w+): \\[(.*)] and \\[(.*)]");
  private static final Map<String, String> KINDS = Map.of(
      "KeyExchangeAlgorithms", "key exchange algorithm",
      "HostKeyAlgorithms", "host key algorithm",
      "Client2ServerCipherAlgorithms", "cipher",
      "Server2ClientCipherAlgorithms", "cipher",
      "Client2ServerMACAlgorithms", "MAC",
      "Server2ClientMACAlgorithms", "MAC");

  private NoCommonAlgorithm() {}

  /** The reason to report when {@code failure} (or a cause) is a failed algorithm negotiation. */
  static Optional<String> describe(Throwable failure, boolean legacyOffered) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher matcher = SETTLEMENT.matcher(String.valueOf(cause.getMessage()));
      if (matcher.find()) {
        String kind = KINDS.getOrDefault(matcher.group(1), matcher.group(1));
        return Optional.of("no " + kind + " in common with the server: it offers [" + matcher.group(3)
            + "], kubestrap offers [" + matcher.group(2) + "]" + (legacyOffered ? ""
                : "; OpenSSH no longer offers the server's by default either: if this host cannot be upgraded,"
                    + " opt in with legacyAlgorithms()"));
      }
    }
    return Optional.empty();
  }
}
