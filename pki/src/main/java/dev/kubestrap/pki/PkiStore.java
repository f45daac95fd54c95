package dev.kubestrap.pki;

import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.pki.internal.CertificateFacts;
import dev.kubestrap.pki.internal.Keys;
import dev.kubestrap.pki.internal.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory that keeps a cluster's key material between runs, with "ensure" semantics: what exists and is
 * still right is reused, what is missing is issued, a leaf whose identity, SANs, usages, issuer or key
 * algorithm no longer match the facts, or that expires within {@link #renewBefore()}, is re-issued. An existing
 * CA is never replaced unless {@link #replaceCas()} is set. Writing operations hold the directory's {@link
 * DirectoryLock} ({@code .kubestrap.lock}) from the first read to the last write, and fail at once, naming the
 * holder, while another process (or another thread) holds it. Everything is read and checked, and everything new is
 * made, before the first file is written; each file is written atomically (see {@link AtomicFiles}: temporary file,
 * forced to disk, atomic move), keys with mode 0600 and certificates with 0644 (a reused key whose mode was widened
 * is set back to 0600). Keys are written as {@link Pem} writes them (SEC1 for EC, PKCS#8 for RSA). A reused key
 * file is kept byte for byte, with one exception: a leaf's or the service account's EC key that an earlier version
 * stored as PKCS#8 is rewritten as SEC1 once, the same key in the new form. CA key files are always kept as they
 * are, whatever their form (a CA's key is often made elsewhere, by openssl, cfssl or kubeadm).
 *
 * <p>Layout (flat, seed-style names; every certificate {@code <base>.pem} has its key in {@code <base>-key.pem}):
 * {@code ca}, {@code etcd-ca}, {@code front-proxy-ca}, {@code kube-apiserver-server-<host>} (one per control-plane
 * host), {@code kube-apiserver-kubelet-client},
 * {@code kube-apiserver-etcd-client}, {@code etcd-server-<member>}, {@code etcd-peer-<member>},
 * {@code etcd-healthcheck-client}, {@code front-proxy-client}, {@code admin}, {@code super-admin},
 * {@code kube-controller-manager}, {@code kube-scheduler}, {@code kube-proxy}, {@code kubelet-client-<node>},
 * {@code kubelet-server-<node>}; plus {@code service-account-key.pem} and {@code service-account-pub.pem}. In the
 * single-CA layout {@code etcd-ca.pem} and {@code front-proxy-ca.pem} are copies of {@code ca.pem} without keys,
 * so consumers use the same file names in both layouts.
 *
 * <p>Defaults of {@link #at(Path)}: renew leaves 30 days before they expire, never replace CAs.
 */
public record PkiStore(Path directory, Duration renewBefore, boolean replaceCas) {
  /** Leaves expiring within this time are re-issued by {@link #ensure}. */
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
  /** The service-account signing key (SEC1 for EC keys, PKCS#8 for RSA). */
  public static final String SERVICE_ACCOUNT_KEY = "service-account-key.pem";
  /** The service-account verification key (PUBLIC KEY). */
  public static final String SERVICE_ACCOUNT_PUBLIC_KEY = "service-account-pub.pem";
  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";

  public PkiStore {
    Objects.requireNonNull(directory, "directory");
    if (renewBefore == null || renewBefore.isNegative()) {
      throw new PkiException("renewBefore must not be negative: " + renewBefore);
    }
  }

  /** A store in {@code directory} (created on first write) with the defaults. */
  public static PkiStore at(Path directory) {
    return new PkiStore(directory, DEFAULT_RENEW_BEFORE, false);
  }

  /** A copy that re-issues leaves expiring within {@code renewBefore}. */
  public PkiStore withRenewBefore(Duration renewBefore) {
    return new PkiStore(directory, renewBefore, replaceCas);
  }

  /**
   * A copy that, when {@code true}, makes new CAs even where CAs exist (and so re-issues every leaf). Existing
   * clusters stop trusting everything signed before: use it only to start over or after a CA compromise.
   */
  public PkiStore withReplaceCas(boolean replaceCas) {
    return new PkiStore(directory, renewBefore, replaceCas);
  }

  public static String certificateFileName(String base) {
    return base + ".pem";
  }

  public static String keyFileName(String base) {
    return base + "-key.pem";
  }

  public Path certificateFile(String base) {
    return directory.resolve(certificateFileName(base));
  }

  public Path keyFile(String base) {
    return directory.resolve(keyFileName(base));
  }

  /** Brings the store in line with the facts (see the class description) and returns the complete set. */
  public ClusterCertificates ensure(KubernetesPki pki) {
    if (renewBefore.compareTo(pki.leafValidity()) >= 0) {
      throw new PkiException("renewBefore " + renewBefore + " must be shorter than leafValidity " + pki.leafValidity()
          + ", or every run would re-issue every certificate");
    }
    try (DirectoryLock lock = lock("ensure")) {
      return ensureLocked(pki);
    }
  }

  private ClusterCertificates ensureLocked(KubernetesPki pki) {
    Instant now = pki.clock().instant();
    Map<String, String> reasons = new LinkedHashMap<>();
    Set<String> pkcs8EcKeys = new HashSet<>();
    Map<CaRole, CertificateAuthority> cas = readCas(pki, reasons, false);
    Map<String, IssuedCertificate> leaves = new LinkedHashMap<>();
    for (CertificateRole role : pki.roles()) {
      Optional<IssuedCertificate> existing = readLeaf(role.name(), reasons, pkcs8EcKeys);
      CertificateAuthority ca = cas.get(role.issuer());
      if (existing.isEmpty()) {
        continue;
      }
      Optional<String> stale = ca == null ? Optional.of("issuer changed: the " + role.issuer().fileBase() + " is new")
          : Staleness.reason(existing.get(), role, ca, pki.keyAlgorithm(), now, renewBefore);
      if (stale.isPresent()) {
        reasons.put(role.name(), stale.get());
      } else {
        leaves.put(role.name(), existing.get());
        reasons.put(role.name(), "valid until " + existing.get().notAfter());
      }
    }
    KeyPair serviceAccount = readServiceAccountKey(reasons, pkcs8EcKeys);
    return write(Issuance.complete(pki, cas, leaves, serviceAccount, reasons), pkcs8EcKeys);
  }

  /**
   * Re-issues every leaf certificate (with new keys) under the existing CAs, like {@code kubeadm certs renew all};
   * the CAs and the service-account key stay. The CAs must exist.
   */
  public ClusterCertificates renewLeaves(KubernetesPki pki) {
    try (DirectoryLock lock = lock("renewLeaves")) {
      Map<String, String> reasons = new LinkedHashMap<>();
      Map<CaRole, CertificateAuthority> cas = readCas(pki, reasons, true);
      pki.roles().forEach(role -> reasons.put(role.name(), "renewal requested"));
      Set<String> pkcs8EcKeys = new HashSet<>();
      KeyPair serviceAccount = readServiceAccountKey(reasons, pkcs8EcKeys);
      return write(Issuance.complete(pki, cas, Map.of(), serviceAccount, reasons), pkcs8EcKeys);
    }
  }

  /** Writes one certificate and its key under {@code name} ({@code <name>.pem}, {@code <name>-key.pem}). */
  public void put(String name, IssuedCertificate certificate) {
    putAll(Map.of(name, certificate));
  }

  /**
   * Writes many certificates with their keys, each as {@link #put} does, concurrently (fsync dominates the time
   * of small files). All names are checked before the first file is written.
   */
  public void putAll(Map<String, IssuedCertificate> certificates) {
    certificates.keySet().forEach(name -> Names.requireObjectName("name", name));
    List<AtomicFiles.Content> files = new ArrayList<>();
    certificates.forEach((name, certificate) -> addLeaf(files, name, certificate));
    try (DirectoryLock lock = lock("putAll")) {
      writeAll(files);
    }
  }

  /**
   * The store's lock (see {@link DirectoryLock}): one writer at a time, so that two runs on an empty directory
   * cannot both make a CA. Nested calls of the thread that holds it share it.
   */
  private DirectoryLock lock(String operation) {
    return DirectoryLock.acquire(directory, operation + " of the PKI store " + directory);
  }

  private void addLeaf(List<AtomicFiles.Content> files, String name, IssuedCertificate certificate) {
    files.add(key(keyFile(name), certificate.privateKeyPem()));
    files.add(certificate(certificateFile(name), certificate.certificatePem()));
  }

  /** Reads the certificate {@code <name>.pem} with its key {@code <name>-key.pem}. */
  public IssuedCertificate load(String name) {
    return IssuedCertificate.load(certificateFile(name), keyFile(name));
  }

  /** Reads a CA of this store (for {@link CaRole#CLUSTER}: {@code ca.pem} and {@code ca-key.pem}). */
  public CertificateAuthority loadCa(CaRole role) {
    return CertificateAuthority.load(certificateFile(role.fileBase()), keyFile(role.fileBase()));
  }

  /** Expiry of every certificate in the directory as of now (system clock). */
  public ExpiryReport checkExpiration() {
    return checkExpiration(Clock.systemUTC());
  }

  /**
   * Expiry of every certificate in the directory: CAs are the CA certificates that have their key next to
   * them; each leaf names the CA whose key signed it ({@code ?} when none here did).
   */
  public ExpiryReport checkExpiration(Clock clock) {
    Map<String, X509Certificate> authorities = new LinkedHashMap<>();
    Map<String, X509Certificate> leaves = new LinkedHashMap<>();
    for (Path file : certificateFiles()) {
      String base = file.getFileName().toString().replaceFirst("\\.pem$", "");
      X509Certificate certificate = Pem.readCertificate(file);
      if (!CertificateFacts.isCertificateAuthority(certificate)) {
        leaves.put(base, certificate);
      } else if (Files.exists(keyFile(base))) {
        authorities.put(base, certificate);
      }
    }
    ExpiryReport.Collector collector = new ExpiryReport.Collector(clock.instant());
    authorities.forEach(collector::authority);
    leaves.forEach((base, certificate) -> collector.certificate(base, certificate, authorities.entrySet().stream()
        .filter(ca -> signs(ca.getValue(), certificate)).map(Map.Entry::getKey).findFirst().orElse("?")));
    return collector.build();
  }

  private Map<CaRole, CertificateAuthority> readCas(KubernetesPki pki, Map<String, String> reasons, boolean required) {
    Map<CaRole, CertificateAuthority> cas = new EnumMap<>(CaRole.class);
    for (CaRole role : pki.distinctCas()) {
      String base = role.fileBase();
      boolean hasCertificate = Files.exists(certificateFile(base));
      boolean hasKey = Files.exists(keyFile(base));
      if (required && !(hasCertificate && hasKey)) {
        throw new PkiException("renewing needs the existing CA, but " + (hasCertificate ? keyFile(base)
            : certificateFile(base)) + " does not exist");
      }
      if (!hasCertificate && !hasKey) {
        continue;
      }
      if (replaceCas && !required) {
        reasons.put(base, "replacement requested (replaceCas)");
        continue;
      }
      if (hasCertificate != hasKey) {
        throw new PkiException((hasCertificate ? certificateFile(base) : keyFile(base)) + " exists without "
            + (hasCertificate ? keyFile(base) : certificateFile(base)) + ": restore it, or use withReplaceCas(true) to"
            + " make a new CA (everything it signed is then re-issued)");
      }
      CertificateAuthority ca = loadCa(role);
      KeyAlgorithm algorithm = KeyAlgorithm.of(ca.publicKey()).orElse(null);
      reasons.put(base, "valid until " + ca.notAfter() + (algorithm == pki.keyAlgorithm() ? ""
          : "; kept although its key is " + Keys.describe(ca.publicKey()) + ", not " + pki.keyAlgorithm()));
      cas.put(role, ca);
    }
    if (pki.singleCa() && !replaceCas) {
      for (CaRole role : List.of(CaRole.ETCD, CaRole.FRONT_PROXY)) {
        if (Files.exists(keyFile(role.fileBase()))) {
          throw new PkiException(keyFile(role.fileBase()) + " holds a separate " + role.fileBase()
              + " but the facts ask for a single CA: use withReplaceCas(true) to switch layouts");
        }
      }
    }
    return cas;
  }

  private Optional<IssuedCertificate> readLeaf(String name, Map<String, String> reasons, Set<String> pkcs8EcKeys) {
    boolean hasCertificate = Files.exists(certificateFile(name));
    boolean hasKey = Files.exists(keyFile(name));
    if (!hasCertificate && !hasKey) {
      return Optional.empty();
    }
    if (hasCertificate != hasKey) {
      reasons.put(name, (hasCertificate ? keyFileName(name) : certificateFileName(name)) + " is missing");
      return Optional.empty();
    }
    X509Certificate certificate = Pem.readCertificate(certificateFile(name));
    PrivateKey key = readKey(keyFile(name), name, pkcs8EcKeys);
    if (!Keys.matches(key, certificate.getPublicKey())) {
      reasons.put(name, keyFileName(name) + " does not match " + certificateFileName(name));
      return Optional.empty();
    }
    return Optional.of(IssuedCertificate.of(certificate, key));
  }

  private KeyPair readServiceAccountKey(Map<String, String> reasons, Set<String> pkcs8EcKeys) {
    Path privateFile = directory.resolve(SERVICE_ACCOUNT_KEY);
    Path publicFile = directory.resolve(SERVICE_ACCOUNT_PUBLIC_KEY);
    boolean hasPrivate = Files.exists(privateFile);
    boolean hasPublic = Files.exists(publicFile);
    if (!hasPrivate) {
      if (hasPublic) {
        reasons.put(Issuance.SERVICE_ACCOUNT, SERVICE_ACCOUNT_KEY + " is missing");
      }
      return null;
    }
    PrivateKey privateKey = readKey(privateFile, Issuance.SERVICE_ACCOUNT, pkcs8EcKeys);
    if (!hasPublic) {
      throw new PkiException(publicFile + " is missing while " + privateFile + " exists: restore it, or delete both"
          + " to make a new service-account key (existing tokens then stop working)");
    }
    PublicKey publicKey = Pem.readPublicKey(publicFile);
    if (!Keys.matches(privateKey, publicKey)) {
      throw new PkiException(privateFile + " does not match " + publicFile);
    }
    reasons.putIfAbsent(Issuance.SERVICE_ACCOUNT, "present");
    return new KeyPair(publicKey, privateKey);
  }

  /**
   * Reads a key kubestrap made, noting under {@code name} in {@code pkcs8EcKeys} an EC key in the PKCS#8 form of
   * earlier versions, which {@link #write} rewrites as SEC1; the file is read once.
   */
  private static PrivateKey readKey(Path file, String name, Set<String> pkcs8EcKeys) {
    String pem = readIfExists(file);
    if (pem == null) {
      throw new PkiException("cannot read " + file + ": it no longer exists");
    }
    PrivateKey key = Pem.readPrivateKey(pem, file.toString());
    if (key instanceof ECKey && pem.startsWith(PKCS8_BEGIN)) {
      pkcs8EcKeys.add(name);
    }
    return key;
  }

  private ClusterCertificates write(ClusterCertificates result, Set<String> pkcs8EcKeys) {
    removeLeftoverTempFiles();
    List<AtomicFiles.Content> files = new ArrayList<>();
    for (PkiReportEntry entry : result.report()) {
      String name = entry.name();
      boolean serviceAccount = name.equals(Issuance.SERVICE_ACCOUNT);
      Path keyFile = serviceAccount ? directory.resolve(SERVICE_ACCOUNT_KEY) : keyFile(name);
      boolean reused = entry.outcome() == PkiReportEntry.Outcome.REUSED;
      if (reused && !pkcs8EcKeys.contains(name)) {
        restrictToOwner(keyFile);
        continue;
      }
      String keyPem = serviceAccount ? result.serviceAccountPrivateKeyPem()
          : result.leaves().containsKey(name) ? result.leaf(name).privateKeyPem() : result.ca(caRole(name)).privateKeyPem();
      files.add(key(keyFile, keyPem));
      if (!reused) {
        files.add(certificate(serviceAccount ? directory.resolve(SERVICE_ACCOUNT_PUBLIC_KEY) : certificateFile(name),
            serviceAccount ? result.serviceAccountPublicKeyPem()
                : result.leaves().containsKey(name) ? result.leaf(name).certificatePem()
                : result.ca(caRole(name)).certificatePem()));
      }
    }
    if (result.facts().singleCa()) {
      String pem = result.ca().certificatePem();
      for (CaRole role : List.of(CaRole.ETCD, CaRole.FRONT_PROXY)) {
        Path copy = certificateFile(role.fileBase());
        if (!pem.equals(readIfExists(copy))) {
          files.add(certificate(copy, pem));
        }
      }
    }
    writeAll(files);
    if (result.facts().singleCa() && replaceCas) {
      deleteIfExists(keyFile(CaRole.ETCD.fileBase()));
      deleteIfExists(keyFile(CaRole.FRONT_PROXY.fileBase()));
    }
    return result;
  }

  private static CaRole caRole(String fileBase) {
    for (CaRole role : CaRole.values()) {
      if (role.fileBase().equals(fileBase)) {
        return role;
      }
    }
    throw new IllegalStateException("not a CA file base: " + fileBase);
  }

  private static void writeAll(List<AtomicFiles.Content> files) {
    try {
      AtomicFiles.writeAll(files);
    } catch (IOException e) {
      throw new PkiException("cannot write " + (files.size() == 1 ? files.get(0).target() : files.size() + " files")
          + ": " + e, e);
    }
  }

  private static void restrictToOwner(Path keyFile) {
    try {
      AtomicFiles.restrict(keyFile, AtomicFiles.PRIVATE);
    } catch (IOException e) {
      throw new PkiException("cannot set the mode of " + keyFile + ": " + e, e);
    }
  }

  private static AtomicFiles.Content key(Path file, String pem) {
    return new AtomicFiles.Content(file, pem.getBytes(StandardCharsets.US_ASCII), AtomicFiles.PRIVATE);
  }

  private static AtomicFiles.Content certificate(Path file, String pem) {
    return new AtomicFiles.Content(file, pem.getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC);
  }

  private List<Path> certificateFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> {
        String name = file.getFileName().toString();
        return name.endsWith(".pem") && !name.endsWith("-key.pem") && !name.equals(SERVICE_ACCOUNT_PUBLIC_KEY);
      }).sorted().toList();
    } catch (IOException e) {
      throw new PkiException("cannot list " + directory + ": " + e, e);
    }
  }

  private void removeLeftoverTempFiles() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> leftovers = new ArrayList<>();
      files.filter(AtomicFiles::isTempFile).forEach(leftovers::add);
      leftovers.forEach(PkiStore::deleteIfExists);
    } catch (IOException e) {
      throw new PkiException("cannot list " + directory + ": " + e, e);
    }
  }

  private static String readIfExists(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : null;
    } catch (IOException e) {
      throw new PkiException("cannot read " + file + ": " + e, e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new PkiException("cannot delete " + file + ": " + e, e);
    }
  }

  private static boolean signs(X509Certificate ca, X509Certificate certificate) {
    try {
      certificate.verify(ca.getPublicKey());
      return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "PkiStore[" + directory + ", renewBefore=" + renewBefore + ", replaceCas=" + replaceCas + "]";
  }

}
