package dev.kubestrap.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When each certificate expires, as {@code kubeadm certs check-expiration} shows it: the leaf certificates
 * with their residual time and signing CA, then the CAs. {@link #render()} prints the two tables.
 */
public record ExpiryReport(Instant at, List<Entry> certificates, List<Entry> authorities) {
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public ExpiryReport {
    certificates = List.copyOf(certificates);
    authorities = List.copyOf(authorities);
  }

  /** One certificate: its name, not-after, time left (negative once expired) and CA name (empty for a CA). */
  public record Entry(String name, Instant notAfter, Duration residual, String authority) {
    public boolean expired() {
      return residual.isNegative() || residual.isZero();
    }
  }

  /** The leaf certificates that expire within {@code window} from {@link #at()}, expired ones included. */
  public List<Entry> expiringWithin(Duration window) {
    return certificates.stream().filter(entry -> entry.residual().compareTo(window) < 0).toList();
  }

  /** The two tables as text, column-aligned. */
  public String render() {
    StringBuilder out = new StringBuilder();
    table(out, List.of("CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY"), certificates, true);
    out.append('\n');
    table(out, List.of("CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME"), authorities, false);
    return out.toString();
  }

  private static void table(StringBuilder out, List<String> header, List<Entry> entries, boolean withAuthority) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (Entry entry : entries) {
      List<String> row = new ArrayList<>(List.of(entry.name(), EXPIRES.format(entry.notAfter()), residual(entry)));
      if (withAuthority) {
        row.add(entry.authority());
      }
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  /** {@code 364d}, {@code 9y}, {@code 5h}, or {@code <invalid>} once expired, as kubeadm prints it. */
  static String residual(Entry entry) {
    if (entry.expired()) {
      return "<invalid>";
    }
    long days = entry.residual().toDays();
    if (days >= 730) {
      return (days / 365) + "y";
    }
    if (days >= 1) {
      return days + "d";
    }
    long hours = entry.residual().toHours();
    return hours >= 1 ? hours + "h" : entry.residual().toMinutes() + "m";
  }

  /**
   * Accumulates entries in order, each certificate's residual time counted from one instant; for reports of
   * certificates read elsewhere (a host's files) as well as of a PKI store's.
   */
  public static final class Collector {
    private final Instant at;
    private final List<Entry> certificates = new ArrayList<>();
    private final List<Entry> authorities = new ArrayList<>();

    /** A collector whose entries' residual times count from {@code at}. */
    public Collector(Instant at) {
      this.at = at;
    }

    /** Adds a leaf certificate named {@code name}, issued by the authority named {@code authority}. */
    public void certificate(String name, X509Certificate certificate, String authority) {
      certificates.add(entry(name, certificate, authority));
    }

    /** Adds a certificate authority named {@code name}. */
    public void authority(String name, X509Certificate certificate) {
      authorities.add(entry(name, certificate, ""));
    }

    private Entry entry(String name, X509Certificate certificate, String authority) {
      Instant notAfter = certificate.getNotAfter().toInstant();
      return new Entry(name, notAfter, Duration.between(at, notAfter), authority);
    }

    /** The report of every entry added so far. */
    public ExpiryReport build() {
      return new ExpiryReport(at, certificates, authorities);
    }
  }
}
