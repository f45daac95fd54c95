package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.PkiReportEntry;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered trees of the seed's two-node cluster ({@link ClusterSpec#seedDefault()}) compared byte for
 * byte with the files under {@code src/test/resources/dev/kubestrap/component/golden/seed/<host>/}, plus a
 * {@code MANIFEST} per host with directories, file modes, binaries, unit path and health checks.
 *
 * <p>Inputs are fixed: the PKI fixture in {@code golden/pki/} (a {@code PkiStore} made once with a fixed
 * clock), the same fixed clock, and an encryption key of bytes 0..31. To regenerate after an intended
 * change, run {@code mvn -o -q -B -pl core test -Dtest=SeedGoldenTest -Dkubestrap.golden.update=true}
 * and review the diff; to remake the PKI fixture too, delete {@code golden/pki/} first.
 */
class SeedGoldenTest {

  private static final String GOLDEN = "dev/kubestrap/component/golden";
  private static final Path SOURCE = Path.of("src/test/resources").resolve(GOLDEN);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final boolean UPDATE = Boolean.getBoolean("kubestrap.golden.update");

  @TempDir Path work;

  @Test
  void seedClusterRendersExactlyTheGoldenTrees() throws IOException {
    ClusterSpec spec = ClusterSpec.seedDefault();
    ClusterSecrets secrets = new ClusterSecrets(fixturePki(spec), fixedKey());
    Path rendered = work.resolve("rendered");
    for (HostSpec host : spec.hosts()) {
      Path hostRoot = rendered.resolve(host.name());
      List<ComponentInstall> installs = Components.install(spec, host, secrets);
      installs.forEach(install -> install.writeTo(hostRoot));
      Files.writeString(hostRoot.resolve("MANIFEST"), manifest(installs));
    }
    Path golden = UPDATE ? SOURCE.resolve("seed") : resource(GOLDEN + "/seed");
    if (UPDATE) {
      deleteTree(golden);
      copyTree(rendered, golden);
    }

    TreeMap<String, Path> expected = files(golden);
    TreeMap<String, Path> actual = files(rendered);
    assertThat(actual.keySet()).as("files of the rendered trees").containsExactlyElementsOf(expected.keySet());
    for (String file : expected.keySet()) {
      assertThat(Files.readString(actual.get(file))).as(file).isEqualTo(Files.readString(expected.get(file)));
    }
    assertThat(expected).containsKeys("10.1.0.15/MANIFEST", "10.1.0.15/etc/systemd/system/etcd.service",
        "10.1.0.16/opt/kubelet/kubelet-config.yaml", "10.1.0.16/etc/crictl.yaml");
  }

  private static ClusterCertificates fixturePki(ClusterSpec spec) throws IOException {
    Path fixture = UPDATE ? SOURCE.resolve("pki") : resource(GOLDEN + "/pki");
    Path store = Files.createTempDirectory("kubestrap-golden-pki");
    try {
      copyTree(fixture, store);
      ClusterCertificates certificates = PkiStore.at(store).ensure(spec.pkiFacts().clock(CLOCK).build());
      List<PkiReportEntry> made = certificates.report().stream()
          .filter(e -> e.outcome() != PkiReportEntry.Outcome.REUSED)
          .toList();
      if (UPDATE && !made.isEmpty()) {
        copyTree(store, fixture);
      } else {
        assertThat(made).as("the PKI fixture must be reused as it is; regenerate it as the class comment says")
            .isEmpty();
      }
      return certificates;
    } finally {
      deleteTree(store);
    }
  }

  private static EncryptionKey fixedKey() {
    byte[] key = new byte[EncryptionKey.LENGTH];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    return EncryptionKey.of(key);
  }

  static String manifest(List<ComponentInstall> installs) {
    StringBuilder text = new StringBuilder();
    for (ComponentInstall install : installs) {
      text.append("component ").append(install.component()).append('\n');
      install.directories().forEach(d -> text.append(String.format("  dir    %04o %s%n", d.mode(), d.path())));
      install.filesWithUnit().forEach(f -> text.append(String.format("  file   %04o %s%n", f.mode(), f.path())));
      install.binaries().forEach(b -> text.append(String.format("  binary 0755 %s (%s %s: %s)%n",
          b.target(), b.artifact(), b.version(), b.entry())));
      text.append("  health ").append(health(install.healthCheck())).append('\n');
    }
    return text.toString();
  }

  private static String health(HealthCheck check) {
    if (check instanceof HealthCheck.Command command) {
      return String.join(" ", command.command());
    }
    HealthCheck.Http http = (HealthCheck.Http) check;
    return "GET " + http.url() + http.caFile().map(ca -> " ca " + ca).orElse("")
        + http.clientCertFile().map(cert -> " cert " + cert).orElse("");
  }

  private static Path resource(String name) {
    URL url = SeedGoldenTest.class.getClassLoader().getResource(name);
    assertThat(url).as("test resource " + name + " (generate it with -Dkubestrap.golden.update=true)").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TreeMap<String, Path> files(Path root) throws IOException {
    TreeMap<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString(), p));
    }
    return files;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path path : paths) {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
