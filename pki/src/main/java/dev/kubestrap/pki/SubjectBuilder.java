package dev.kubestrap.pki;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What leaf and CA builders share: the subject's organizations, the validity, the key (generated with an algorithm,
 * or given), the clock and the issuing CA. Each builder keeps its own defaults, common name and terminal method.
 */
abstract class SubjectBuilder<B extends SubjectBuilder<B>> {
  final List<String> organizations = new ArrayList<>();
  Duration validity;
  KeyAlgorithm keyAlgorithm = KeyAlgorithm.DEFAULT;
  KeyPair keyPair;
  Clock clock = Clock.systemUTC();
  CertificateAuthority issuer;

  SubjectBuilder(Duration validity) {
    this.validity = validity;
  }

  abstract B self();

  /** Replaces the organizations (O) of the subject with this one; Kubernetes reads each O as a group. */
  public B organization(String organization) {
    organizations.clear();
    organizations.add(organization);
    return self();
  }

  /** Adds an organization (O) to the subject. */
  public B addOrganization(String organization) {
    organizations.add(organization);
    return self();
  }

  /** How long the certificate is valid from now; a leaf must end before its issuing CA does. */
  public B validity(Duration validity) {
    this.validity = validity;
    return self();
  }

  /** Default {@link KeyAlgorithm#ECDSA_P256}; ignored when {@link #keyPair} is given. */
  public B keyAlgorithm(KeyAlgorithm keyAlgorithm) {
    this.keyAlgorithm = keyAlgorithm;
    return self();
  }

  /** Certifies this existing key pair instead of generating one. */
  public B keyPair(KeyPair keyPair) {
    this.keyPair = keyPair;
    return self();
  }

  /** The clock for not-before and not-after. Default {@link Clock#systemUTC()}. */
  public B clock(Clock clock) {
    this.clock = clock;
    return self();
  }

  /** The CA that signs the certificate; the certificate's issuer name is this CA's subject. */
  public B signedBy(CertificateAuthority issuer) {
    this.issuer = issuer;
    return self();
  }

  /** The checks every certificate's subject and key must pass before anything is generated. */
  void requireSubject(String commonName) {
    Validity.requireCommonName(commonName);
    Validity.requireOrganizations(organizations);
    Objects.requireNonNull(clock, "clock");
    if (keyPair == null && keyAlgorithm == null) {
      throw new PkiException("keyAlgorithm must be set: null");
    }
  }

  /** The given key pair, or a new one of the key algorithm. */
  KeyPair keyPairToCertify() {
    return keyPair != null ? keyPair : keyAlgorithm.generate();
  }
}
