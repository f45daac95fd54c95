package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies host keys as OpenSSH does, against the user's known_hosts file and the system-wide one (sshj parses
 * the lines: plain and hashed host names, wildcards, markers). In this order:
 *
 * <ol>
 *   <li>a key on an {@code @revoked} line that applies to the host is refused, whatever other lines say;
 *   <li>a key on a line for the host is accepted;
 *   <li>a host with lines for other keys (of any type) is refused as changed, naming every known fingerprint;
 *   <li>an unknown host is refused, or with accept-new its key is appended to the user's file, hashed
 *       ({@code |1|salt|hmac}, as {@code ssh-keygen -H} writes) when that file already holds hashed entries.
 * </ol>
 */
final class KnownHosts implements HostKeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);
  private static final Object APPEND_LOCK = new Object();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String REVOKED = "@revoked";
  private static final String CERT_AUTHORITY = "@cert-authority";

  /** One parsed line and the file it came from. */
  private record Line(Path file, KnownHostEntry entry) {
    String text() {
      return entry.getLine().trim();
    }

    boolean revoked() {
      return text().startsWith(REVOKED + " ");
    }

    boolean appliesTo(String host) {
      try {
        return entry.appliesTo(host);
      } catch (IOException | RuntimeException e) {
        LOG.debug("unreadable known_hosts entry in {} skipped: {}", file, e.toString());
        return false;
      }
    }

    /** The base64 key blob of the line. */
    String keyBlob() {
      String[] fields = text().split("\\s+");
      int i = fields[0].startsWith("@") ? 1 : 0;
      return fields.length > i + 2 ? fields[i + 2] : "";
    }

    String describe() {
      String[] fields = text().split("\\s+");
      int i = fields[0].startsWith("@") ? 1 : 0;
      String marker = i == 1 ? fields[0] + " " : "";
      if (fields.length < i + 3) {
        return file + " has an unreadable entry";
      }
      try {
        return file + " has " + marker + fields[i + 1] + " " + Fingerprints.ofBase64Blob(fields[i + 2]);
      } catch (IllegalArgumentException e) {
        return file + " has " + marker + fields[i + 1] + " (undecodable key)";
      }
    }
  }

  private final Path userFile;
  private final boolean acceptNew;
  private final HostKeyRefusal refusal;
  private final List<Line> lines;

  private KnownHosts(Path userFile, boolean acceptNew, HostKeyRefusal refusal, List<Line> lines) {
    this.userFile = userFile;
    this.acceptNew = acceptNew;
    this.refusal = refusal;
    this.lines = lines;
  }

  /** Reads both files now; a missing file counts as empty. */
  static KnownHosts load(Path userFile, Path globalFile, boolean acceptNew, HostKeyRefusal refusal) {
    List<Line> lines = new ArrayList<>();
    for (Path file : List.of(userFile, globalFile)) {
      if (!Files.exists(file)) {
        continue;
      }
      try {
        new OpenSSHKnownHosts(file.toFile()).entries().forEach(entry -> lines.add(new Line(file, entry)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read known_hosts " + file, e);
      }
    }
    return new KnownHosts(userFile, acceptNew, refusal, List.copyOf(lines));
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String host = hostPattern(hostname, port);
    String offered = Fingerprints.type(key) + " " + Fingerprints.sha256(key);
    String blob = Base64.getEncoder().encodeToString(Fingerprints.blob(key));
    KeyType type = KeyType.fromKey(key);
    List<Line> forHost = lines.stream().filter(line -> line.appliesTo(host)).toList();
    for (Line line : forHost) {
      if (line.revoked() && line.keyBlob().equals(blob)) {
        refusal.refuse("host key of " + host + " (" + offered + ") is marked " + REVOKED + " in " + line.file()
            + "; refusing to connect");
        return false;
      }
    }
    List<Line> known = forHost.stream().filter(line -> !line.revoked()).toList();
    for (Line line : known) {
      try {
        if (line.entry().appliesTo(type, host) && line.entry().verify(key)) {
          return true;
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("unreadable known_hosts entry in {} skipped: {}", line.file(), e.toString());
      }
    }
    if (!known.isEmpty()) {
      List<String> fingerprints = known.stream().map(Line::describe).toList();
      refusal.refuse("HOST KEY CHANGED for " + host + ": " + String.join(", ", fingerprints) + ", server offered "
          + offered + "; refusing to connect (if the change is expected, remove the old entry, e.g. ssh-keygen -R '"
          + host + "' -f " + known.get(0).file() + ")");
      return false;
    }
    if (!acceptNew) {
      refusal.refuse("host key of " + host + " is unknown (server offered " + offered + ") and not in " + userFile
          + "; add it to known_hosts, pin it with hostKeyFingerprint(), or opt in with acceptNewHostKeys()");
      return false;
    }
    try {
      append(host, key);
    } catch (IOException | GeneralSecurityException e) {
      refusal.refuse("cannot record the new host key of " + host + " in " + userFile + ": " + e.getMessage());
      return false;
    }
    LOG.info("Accepted new host key for {}: {} (added to {})", host, offered, userFile);
    return true;
  }

  /** The key types known for the host, so that the server is asked for one of those first. */
  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    String host = hostPattern(hostname, port);
    Set<String> types = new LinkedHashSet<>();
    for (Line line : lines) {
      if (line.revoked() || !line.appliesTo(host)) {
        continue;
      }
      if (line.text().startsWith(CERT_AUTHORITY + " ")) {
        for (KeyType candidate : KeyType.values()) {
          if (candidate.getParent() != null) {
            types.add(candidate.toString());
          }
        }
      } else {
        types.add(line.entry().getType().toString());
      }
    }
    return List.copyOf(types);
  }

  /** How known_hosts names a host: lower case, and {@code [host]:port} for any port but 22. */
  private static String hostPattern(String hostname, int port) {
    String lower = hostname.toLowerCase(Locale.ROOT);
    return port == 22 ? lower : "[" + lower + "]:" + port;
  }

  private void append(String host, PublicKey key) throws IOException, GeneralSecurityException {
    synchronized (APPEND_LOCK) {
      Path dir = userFile.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      String prefix = "";
      boolean hashed = false;
      if (!Files.exists(userFile, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(userFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        String existing = Files.readString(userFile, StandardCharsets.UTF_8);
        prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        hashed = existing.lines().map(String::trim).anyMatch(line -> line.startsWith("|1|"));
      }
      String line = prefix + (hashed ? hashed(host) : host) + " " + Fingerprints.type(key) + " "
          + Base64.getEncoder().encodeToString(Fingerprints.blob(key)) + "\n";
      Files.writeString(userFile, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }

  /** OpenSSH's hashed host name: {@code |1|base64(salt)|base64(HMAC-SHA1 of the name, keyed with the salt)}. */
  private static String hashed(String host) throws GeneralSecurityException {
    byte[] salt = new byte[20];
    RANDOM.nextBytes(salt);
    Mac hmac = Mac.getInstance("HmacSHA1");
    hmac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = hmac.doFinal(host.getBytes(StandardCharsets.UTF_8));
    Base64.Encoder base64 = Base64.getEncoder();
    return "|1|" + base64.encodeToString(salt) + "|" + base64.encodeToString(hash);
  }
}
