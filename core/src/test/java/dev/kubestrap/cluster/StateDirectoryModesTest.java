package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.internal.LocalState;
import dev.kubestrap.spec.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local state (PKI, encryption key, kubeconfigs) is the owner's alone, whatever an earlier run left. */
class StateDirectoryModesTest {
  @TempDir
  Path tmp;

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static void chmod(Path path, String mode) throws Exception {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  @Test
  void aNewStateDirectoryIsMadeOwnerOnly() throws Exception {
    Path state = tmp.resolve("home/.kubestrap/lab");

    new LocalState(state).ensure(ClusterSpec.seedDefault());

    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(mode(state.resolve(LocalState.PKI_DIR))).isEqualTo("rwx------");
    assertThat(mode(state.resolve(LocalState.ENCRYPTION_KEY))).isEqualTo("rw-------");
    assertThat(mode(state.resolve("pki/ca-key.pem"))).isEqualTo("rw-------");
  }

  @Test
  void whatAnEarlierRunLeftOpenIsTightenedOnTheNextOne() throws Exception {
    Path state = tmp.resolve("state");
    Files.createDirectories(state.resolve(LocalState.PKI_DIR));
    chmod(state, "rwxr-xr-x");
    chmod(state.resolve(LocalState.PKI_DIR), "rwxr-xr-x");
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    Files.writeString(state.resolve(LocalState.ENCRYPTION_KEY), key + "\n");
    chmod(state.resolve(LocalState.ENCRYPTION_KEY), "rw-r--r--");
    new LocalState(state).ensure(ClusterSpec.seedDefault());
    chmod(state.resolve("pki/ca-key.pem"), "rw-r--r--");
    chmod(state, "rwxrwxr-x");
    Files.writeString(state.resolve(LocalState.ADMIN_KUBECONFIG), "apiVersion: v1\n");
    chmod(state.resolve(LocalState.ADMIN_KUBECONFIG), "rw-r--r--");

    new LocalState(state).ensure(ClusterSpec.seedDefault());

    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(mode(state.resolve(LocalState.PKI_DIR))).isEqualTo("rwx------");
    assertThat(mode(state.resolve(LocalState.ENCRYPTION_KEY))).isEqualTo("rw-------");
    assertThat(Files.readString(state.resolve(LocalState.ENCRYPTION_KEY)).strip()).isEqualTo(key);
    assertThat(mode(state.resolve("pki/ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(state.resolve("pki/ca.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(state.resolve(LocalState.ADMIN_KUBECONFIG))).isEqualTo("rw-------");
  }

  @Test
  void kubeconfigsThatHoldTheirContentAreNotRewrittenAndALoosenedOneIsTightened() throws Exception {
    Path state = tmp.resolve("state");
    LocalState local = new LocalState(state);
    ClusterSpec spec = ClusterSpec.seedDefault();
    var pki = local.ensure(spec).certificates();
    local.writeKubeconfigs(spec, pki);
    Path admin = state.resolve(LocalState.ADMIN_KUBECONFIG);
    Path superAdmin = state.resolve(LocalState.SUPER_ADMIN_KUBECONFIG);
    Object adminFile = fileKey(admin);
    Object superAdminFile = fileKey(superAdmin);

    local.writeKubeconfigs(spec, pki);

    assertThat(fileKey(admin)).as("same file, not replaced").isEqualTo(adminFile);
    assertThat(fileKey(superAdmin)).isEqualTo(superAdminFile);
    chmod(admin, "rw-r--r--");
    local.writeKubeconfigs(spec, pki);
    assertThat(mode(admin)).isEqualTo("rw-------");
  }

  private static Object fileKey(Path file) throws java.io.IOException {
    return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }
}
