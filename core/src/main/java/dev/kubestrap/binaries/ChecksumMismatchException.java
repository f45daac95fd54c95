package dev.kubestrap.binaries;

import java.net.URI;

/** A file's digest differs from its pin; nothing of it was kept. */
public class ChecksumMismatchException extends BinarySourceException {
  private static final long serialVersionUID = 1L;

  private final URI url;
  private final String expected;
  private final String actual;

  /** A sha256 mismatch. */
  public ChecksumMismatchException(URI url, String expected, String actual) {
    this(url, "sha256", expected, actual);
  }

  /** A mismatch of the {@code algorithm} digest ({@code sha256} or {@code sha512}). */
  public ChecksumMismatchException(URI url, String algorithm, String expected, String actual) {
    super(algorithm + " mismatch for " + url + ": expected " + expected + ", actual " + actual);
    this.url = url;
    this.expected = expected;
    this.actual = actual;
  }

  public URI url() {
    return url;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
