package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies host keys against an OpenSSH known_hosts file (plain and hashed entries, markers,
 * wildcards). An unknown host is refused unless accept-new was asked for, in which case its key is
 * appended; a host whose known key differs (or that is known only with another key type) is always
 * refused, naming both fingerprints.
 */
final class KnownHostsFile extends OpenSSHKnownHosts {
  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsFile.class);
  private static final Object APPEND_LOCK = new Object();

  private final Path file;
  private final boolean acceptNew;
  private final HostKeyRefusal refusal;

  private KnownHostsFile(Path file, boolean acceptNew, HostKeyRefusal refusal) throws IOException {
    super(file.toFile());
    this.file = file;
    this.acceptNew = acceptNew;
    this.refusal = refusal;
  }

  static KnownHostsFile load(Path file, boolean acceptNew, HostKeyRefusal refusal) {
    try {
      return new KnownHostsFile(file, acceptNew, refusal);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read known_hosts " + file, e);
    }
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    List<String> known = knownFingerprints(hostname);
    if (!known.isEmpty()) {
      refuseChanged(hostname, key, known);
      return false;
    }
    if (!acceptNew) {
      refusal.refuse("host key of " + hostname + " is unknown (server offered " + Fingerprints.type(key) + " "
          + Fingerprints.sha256(key) + ") and not in " + file
          + "; add it to known_hosts, pin it with hostKeyFingerprint(), or opt in with acceptNewHostKeys()");
      return false;
    }
    try {
      append(hostname, key);
    } catch (IOException e) {
      refusal.refuse("cannot record the new host key of " + hostname + " in " + file + ": " + e.getMessage());
      return false;
    }
    LOG.info("Accepted new host key for {}: {} {} (added to {})",
        hostname, Fingerprints.type(key), Fingerprints.sha256(key), file);
    return true;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    refuseChanged(hostname, key, knownFingerprints(hostname));
    return false;
  }

  private void refuseChanged(String hostname, PublicKey key, List<String> known) {
    refusal.refuse("HOST KEY CHANGED for " + hostname + ": " + file + " has " + String.join(", ", known)
        + ", server offered " + Fingerprints.type(key) + " " + Fingerprints.sha256(key)
        + "; refusing to connect (if the change is expected, remove the old entry, e.g. ssh-keygen -R '"
        + hostname + "' -f " + file + ")");
  }

  /** "type SHA256:..." of every entry (any key type) that applies to the host. */
  private List<String> knownFingerprints(String hostname) {
    List<String> found = new ArrayList<>();
    for (KnownHostEntry entry : entries()) {
      try {
        if (entry.appliesTo(hostname)) {
          found.add(describe(entry.getLine()));
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("unreadable known_hosts entry skipped: {}", e.toString());
      }
    }
    return found;
  }

  private static String describe(String line) {
    String[] fields = line.trim().split("\\s+");
    int i = fields[0].startsWith("@") ? 1 : 0;
    String marker = i == 1 ? fields[0] + " " : "";
    if (fields.length < i + 3) {
      return marker + "unreadable entry";
    }
    try {
      return marker + fields[i + 1] + " " + Fingerprints.ofBase64Blob(fields[i + 2]);
    } catch (IllegalArgumentException e) {
      return marker + fields[i + 1] + " (undecodable key)";
    }
  }

  private void append(String hostname, PublicKey key) throws IOException {
    String line = hostname + " " + Fingerprints.type(key) + " "
        + Base64.getEncoder().encodeToString(Fingerprints.blob(key)) + System.lineSeparator();
    synchronized (APPEND_LOCK) {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else if (!endsWithNewline(file)) {
        line = System.lineSeparator() + line;
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return true;
    }
    try (var channel = Files.newByteChannel(file)) {
      channel.position(size - 1);
      var last = java.nio.ByteBuffer.allocate(1);
      channel.read(last);
      return last.get(0) == '\n';
    }
  }
}
