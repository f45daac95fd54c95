package dev.kubestrap.binaries;

import java.net.URI;

/** A file's sha256 differs from the expected one; nothing of it was kept. */
public class ChecksumMismatchException extends BinarySourceException {
  private static final long serialVersionUID = 1L;

  private final URI url;
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(URI url, String expected, String actual) {
    super("sha256 mismatch for " + url + ": expected " + expected + ", actual " + actual);
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
