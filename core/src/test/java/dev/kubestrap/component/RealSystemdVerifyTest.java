package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rendered unit passes the real {@code systemd-analyze verify}, with stub binaries where ExecStart points. */
class RealSystemdVerifyTest {

  @TempDir Path root;

  @Test
  void everyUnitOfTheSeedClusterVerifies() throws Exception {
    ClusterSpec spec = ClusterSpec.seedBuilder().layout(Layout.under(root)).build();
    ClusterCertificates pki = spec.pkiFacts().build().issue();
    ClusterSecrets secrets = new ClusterSecrets(pki, EncryptionKey.of(new byte[32]));
    // The master is a node too, so the node units come twice; both hosts write into the one root.
    Set<String> units = new LinkedHashSet<>();
    for (HostSpec host : spec.hosts()) {
      for (ComponentInstall install : Components.install(spec, host, secrets)) {
        install.writeTo(Path.of("/"));
        Path program = Path.of(install.unit().execStart().get(0));
        Files.writeString(program, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        units.add(install.unitPath().toString());
      }
    }
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
    command.addAll(units);
    Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(verify.exitValue()).as(output).isZero();
    for (String unit : units) {
      assertThat(output).as("warnings about " + unit).doesNotContain(unit);
    }
    int verified = units.size();
    assertThat(verified).isEqualTo(7);
  }
}
