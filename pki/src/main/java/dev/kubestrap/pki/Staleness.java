package dev.kubestrap.pki;

import dev.kubestrap.pki.internal.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Decides whether an existing leaf certificate still says what its role asks for, and is fresh enough. */
final class Staleness {
  private Staleness() {}

  /** Why {@code existing} must be re-issued, or empty when it can be kept. */
  static Optional<String> reason(IssuedCertificate existing, CertificateRole role, CertificateAuthority ca,
      KeyAlgorithm algorithm, Instant now, Duration renewBefore) {
    if (!ca.signed(existing.certificate())) {
      return Optional.of("issuer changed: not signed by the current " + role.issuer().fileBase());
    }
    if (!existing.commonName().equals(role.commonName())
        || !Set.copyOf(existing.organizations()).equals(Set.copyOf(role.organizations()))) {
      return Optional.of("subject changed: CN=" + existing.commonName() + " O=" + existing.organizations()
          + " -> CN=" + role.commonName() + " O=" + role.organizations());
    }
    Set<String> have = lower(existing.dnsNames());
    have.addAll(existing.ipAddresses());
    Set<String> want = lower(role.dnsNames());
    want.addAll(role.ipAddresses());
    if (!have.equals(want)) {
      Set<String> added = new LinkedHashSet<>(want);
      added.removeAll(have);
      Set<String> removed = new LinkedHashSet<>(have);
      removed.removeAll(want);
      return Optional.of("SANs changed: added " + added + ", removed " + removed);
    }
    Set<ExtendedKeyUsage> usages = existing.extendedKeyUsages().isEmpty()
        ? EnumSet.noneOf(ExtendedKeyUsage.class) : EnumSet.copyOf(existing.extendedKeyUsages());
    if (!usages.equals(Set.copyOf(role.extendedKeyUsages()))) {
      return Optional.of("usages changed: " + usages + " -> " + role.extendedKeyUsages());
    }
    if (KeyAlgorithm.of(existing.publicKey()).orElse(null) != algorithm) {
      return Optional.of("key algorithm changed: " + Keys.describe(existing.publicKey()) + " -> " + algorithm);
    }
    if (existing.notBefore().isAfter(now)) {
      return Optional.of("not valid before " + existing.notBefore() + " (clock moved back?)");
    }
    if (!existing.notAfter().isAfter(now)) {
      return Optional.of("expired at " + existing.notAfter());
    }
    if (existing.notAfter().isBefore(now.plus(renewBefore))) {
      return Optional.of("expires at " + existing.notAfter() + ", within the renewal threshold " + renewBefore);
    }
    return Optional.empty();
  }

  private static Set<String> lower(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(name -> out.add(name.toLowerCase(Locale.ROOT)));
    return out;
  }
}
