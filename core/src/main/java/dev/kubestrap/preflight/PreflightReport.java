package dev.kubestrap.preflight;

import java.util.List;
import java.util.Map;

/**
 * What a preflight saw and found.
 *
 * @param facts each host's facts, by host name
 * @param findings every problem found, in host order; empty when every host is ready
 */
public record PreflightReport(Map<String, HostFacts> facts, List<Finding> findings) {
  public PreflightReport {
    facts = Map.copyOf(facts);
    findings = List.copyOf(findings);
  }

  public boolean passed() {
    return findings.isEmpty();
  }

  /** Throws {@link PreflightException} listing every finding, unless there is none. */
  public PreflightReport orThrow() {
    if (!passed()) {
      throw new PreflightException(findings);
    }
    return this;
  }
}
