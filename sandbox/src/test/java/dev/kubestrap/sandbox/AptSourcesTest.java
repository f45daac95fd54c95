package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {

  @TempDir
  Path apt;

  @Test
  void findsTheMirrorForTheSuiteInDeb822Sources() throws IOException {
    Files.createDirectories(apt.resolve("sources.list.d"));
    Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
        Types: deb
        # http://snapshot.debian.org/archive/debian/20250520T000000Z
        URIs: http://mirror.example/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main
        """);

    AptSources.Source source = AptSources.sourceFor(apt, "bookworm");

    assertThat(source.uri()).isEqualTo(URI.create("http://mirror.example/debian"));
    assertThat(source.suites()).containsExactly("bookworm", "bookworm-updates");
  }

  @Test
  void findsTheMirrorInOneLineSourcesSkippingSourcePackagesAndOtherSuites() throws IOException {
    Files.writeString(apt.resolve("sources.list"), """
        # comment
        deb-src http://src.example/debian bookworm main
        deb [arch=amd64 signed-by=/nonexistent.gpg] http://security.example/debian-security bookworm-security main
        deb http://mirror.example/debian bookworm main contrib # trailing comment
        """);

    AptSources.Source source = AptSources.sourceFor(apt, "bookworm");

    assertThat(source.uri()).isEqualTo(URI.create("http://mirror.example/debian"));
    assertThat(source.signedBy()).isEmpty();
  }

  @Test
  void readsTheListBeforeTheDirectoryAndSkipsDisabledStanzas() throws IOException {
    Files.createDirectories(apt.resolve("sources.list.d"));
    Files.writeString(apt.resolve("sources.list.d/a.sources"),
        "Types: deb\nURIs: http://disabled.example/debian\nSuites: trixie\nEnabled: no\n");
    Files.writeString(apt.resolve("sources.list.d/b.list"), "deb http://b.example/debian trixie main\n");

    List<AptSources.Source> sources = AptSources.read(apt);

    assertThat(sources).extracting(AptSources.Source::uri)
        .containsExactly(URI.create("http://b.example/debian"));
  }

  @Test
  void saysWhatIsMissingWhenNoSourceServesTheSuite() throws IOException {
    Files.writeString(apt.resolve("sources.list"), "deb http://mirror.example/debian bullseye main\n");

    assertThatThrownBy(() -> AptSources.sourceFor(apt, "bookworm"))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("no 'deb' source lists it");
  }

  @Test
  void readsTheSuiteFromOsRelease() throws IOException {
    Path osRelease = apt.resolve("os-release");
    Files.writeString(osRelease, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
        + "VERSION_CODENAME=bookworm\nID=debian\n");

    assertThat(AptSources.suiteOf(osRelease)).isEqualTo("bookworm");
  }
}
