package dev.kubestrap.pki;

/** The extended key usages Kubernetes certificates use (RFC 5280, 4.2.1.12). */
public enum ExtendedKeyUsage {
  /** TLS server authentication, OID 1.3.6.1.5.5.7.3.1. */
  SERVER_AUTH("1.3.6.1.5.5.7.3.1"),
  /** TLS client authentication, OID 1.3.6.1.5.5.7.3.2. */
  CLIENT_AUTH("1.3.6.1.5.5.7.3.2");

  private final String oid;

  ExtendedKeyUsage(String oid) {
    this.oid = oid;
  }

  public String oid() {
    return oid;
  }
}
