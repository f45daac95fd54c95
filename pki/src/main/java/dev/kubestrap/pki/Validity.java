package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The checks and time window rules the CA and certificate builders share. */
final class Validity {
  private Validity() {}

  record Window(Instant notBefore, Instant notAfter) {}

  /**
   * Not-before is now minus {@link CertificateAuthority#BACKDATE}, but never before the issuer's own
   * not-before; not-after is now plus {@code validity} and must not pass the issuer's end.
   */
  static Window window(Duration validity, Clock clock, CertificateAuthority issuer) {
    if (validity == null || validity.isZero() || validity.isNegative()) {
      throw new PkiException("validity must be positive: " + validity);
    }
    // X.509 times have whole seconds: compare what will actually be encoded.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant notBefore = now.minus(CertificateAuthority.BACKDATE);
    Instant notAfter = now.plus(validity);
    if (issuer != null) {
      if (notBefore.isBefore(issuer.notBefore())) {
        notBefore = issuer.notBefore();
      }
      if (notAfter.isAfter(issuer.notAfter())) {
        throw new PkiException("validity " + validity + " would end at " + notAfter + ", after the issuing CA "
            + quote(issuer.subject()) + " ends at " + issuer.notAfter());
      }
    }
    return new Window(notBefore, notAfter);
  }

  static void requireCommonName(String commonName) {
    if (commonName == null || commonName.isBlank()) {
      throw new PkiException("commonName must not be empty: " + quote(commonName));
    }
  }

  static void requireOrganizations(List<String> organizations) {
    for (String organization : organizations) {
      if (organization == null || organization.isBlank()) {
        throw new PkiException("organization must not be empty: " + quote(organization));
      }
    }
  }
}
