package dev.kubestrap.certificates;

import dev.kubestrap.pki.ExpiryReport;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When the certificates on a cluster's hosts expire, read from each host at {@link #at()}: per host, an
 * {@link ExpiryReport} whose leaf entries are named by the file that holds them (a kubeconfig for an embedded client
 * certificate) with the issuing CA's common name, and whose CA entries are the CA certificates placed there.
 *
 * @param at when they were read
 * @param hosts each host's report, in spec order
 */
public record CertificateExpiry(Instant at, Map<String, ExpiryReport> hosts) {
  public CertificateExpiry {
    hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
  }

  /** The report of one host; empty for a host not read. */
  public Optional<ExpiryReport> of(String host) {
    return Optional.ofNullable(hosts.get(host));
  }

  /** Each host's tables, as {@code kubeadm certs check-expiration} prints them, under the host's name. */
  public String render() {
    StringBuilder out = new StringBuilder();
    hosts.forEach((host, report) -> out.append("[").append(host).append("]\n").append(report.render()).append('\n'));
    return out.toString();
  }
}
