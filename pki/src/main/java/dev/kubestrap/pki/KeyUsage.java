package dev.kubestrap.pki;

/** X.509 key usage bits a certificate may carry (RFC 5280, 4.2.1.3). */
public enum KeyUsage {
  DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),
  KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),
  KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),
  CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign);

  private final int bit;

  KeyUsage(int bit) {
    this.bit = bit;
  }

  /** The Bouncy Castle bit mask of this usage. */
  public int bit() {
    return bit;
  }
}
