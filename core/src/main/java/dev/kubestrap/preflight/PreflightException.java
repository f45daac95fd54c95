package dev.kubestrap.preflight;

import dev.kubestrap.KubestrapException;
import java.util.List;

/** Preflight found problems; every one of every host is listed, each with its fix. Nothing was changed. */
public class PreflightException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;

  public PreflightException(List<Finding> findings) {
    super(message(findings));
    this.findings = List.copyOf(findings);
  }

  /** The problems found, in host order. */
  public List<Finding> findings() {
    return findings;
  }

  private static String message(List<Finding> findings) {
    StringBuilder text = new StringBuilder("[preflight] " + findings.size()
        + (findings.size() == 1 ? " problem" : " problems") + " found before any host was changed:");
    findings.forEach(finding -> text.append("\n  ").append(finding));
    return text.toString();
  }
}
