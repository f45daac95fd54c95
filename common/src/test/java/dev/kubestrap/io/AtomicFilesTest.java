package dev.kubestrap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void writesPrivateAndPublicFilesWithExactModesAndNoTempFileLeft() throws IOException {
    Path key = dir.resolve("sub/key.pem");
    Path cert = dir.resolve("sub/cert.pem");

    AtomicFiles.write(key, bytes("secret"), AtomicFiles.PRIVATE);
    AtomicFiles.write(cert, bytes("public"), AtomicFiles.PUBLIC);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");
    assertThat(key).hasContent("secret");
    try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
      assertThat(files.filter(AtomicFiles::isTempFile)).isEmpty();
    }
  }

  @Test
  void replacesContentAndNarrowsTheModeOfAnExistingFile() throws IOException {
    Path file = dir.resolve("encryption-key");
    Files.writeString(file, "old content that is longer");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    AtomicFiles.write(file, bytes("new"), AtomicFiles.PRIVATE);

    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void writeIfChangedLeavesAFileWithTheSameContentAndModeAsItIs() throws IOException {
    Path file = dir.resolve("admin.kubeconfig");
    assertThat(AtomicFiles.writeIfChanged(file, bytes("same"), AtomicFiles.PRIVATE)).as("missing").isTrue();
    Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

    assertThat(AtomicFiles.writeIfChanged(file, bytes("same"), AtomicFiles.PRIVATE)).as("unchanged").isFalse();
    assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("not replaced").isEqualTo(inode);

    assertThat(AtomicFiles.writeIfChanged(file, bytes("samE"), AtomicFiles.PRIVATE)).as("other bytes").isTrue();
    assertThat(file).hasContent("samE");
    assertThat(AtomicFiles.writeIfChanged(file, bytes("samE!"), AtomicFiles.PRIVATE)).as("longer").isTrue();
    assertThat(AtomicFiles.writeIfChanged(file, bytes("sam"), AtomicFiles.PRIVATE)).as("shorter").isTrue();
    assertThat(file).hasContent("sam");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(AtomicFiles.writeIfChanged(file, bytes("sam"), AtomicFiles.PRIVATE)).as("other mode").isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void writeIfChangedReplacesALinkWithTheSameContentByAFile() throws IOException {
    Path elsewhere = dir.resolve("elsewhere");
    AtomicFiles.write(elsewhere, bytes("same"), AtomicFiles.PRIVATE);
    Path link = Files.createSymbolicLink(dir.resolve("admin.kubeconfig"), elsewhere);

    assertThat(AtomicFiles.writeIfChanged(link, bytes("same"), AtomicFiles.PRIVATE)).isTrue();

    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(link).hasContent("same");
  }

  @Test
  void writesManyFilesConcurrently() throws IOException {
    List<AtomicFiles.Content> files = IntStream.range(0, 20)
        .mapToObj(i -> new AtomicFiles.Content(dir.resolve("f" + i), bytes("content " + i), AtomicFiles.PUBLIC))
        .toList();

    AtomicFiles.writeAll(files);

    for (int i = 0; i < 20; i++) {
      assertThat(dir.resolve("f" + i)).hasContent("content " + i);
    }
  }

  @Test
  void aFailedWriteLeavesNoTempFileAndThrows() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x");

    assertThatThrownBy(() -> AtomicFiles.write(target, bytes("x"), AtomicFiles.PRIVATE)).isInstanceOf(IOException.class);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aLargeBatchIsWrittenWithItsModesOverOldContentAndLeavesNoTempFile() throws IOException {
    int count = AtomicFiles.ONE_SYNC_BATCH * 2;
    Files.writeString(dir.resolve("key-0"), "old");
    List<AtomicFiles.Content> files = IntStream.range(0, count)
        .mapToObj(i -> new AtomicFiles.Content(dir.resolve("key-" + i), bytes("key " + i),
            i % 2 == 0 ? AtomicFiles.PRIVATE : AtomicFiles.PUBLIC))
        .toList();

    AtomicFiles.writeAll(files);

    for (int i = 0; i < count; i++) {
      Path file = dir.resolve("key-" + i);
      assertThat(file).hasContent("key " + i);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo(i % 2 == 0 ? "rw-------" : "rw-r--r--");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.filter(AtomicFiles::isTempFile)).isEmpty();
    }
  }

  @Test
  void aLargeBatchCreatesEachMissingDirectoryOnce() throws IOException {
    int count = AtomicFiles.ONE_SYNC_BATCH * 2;
    List<AtomicFiles.Content> files = IntStream.range(0, count)
        .mapToObj(i -> new AtomicFiles.Content(dir.resolve((i % 2 == 0 ? "a/b" : "c") + "/f-" + i), bytes("f " + i),
            AtomicFiles.PUBLIC))
        .toList();

    AtomicFiles.writeAll(files);

    for (int i = 0; i < count; i++) {
      assertThat(dir.resolve((i % 2 == 0 ? "a/b" : "c") + "/f-" + i)).hasContent("f " + i);
    }
  }

  @Test
  void aLargeBatchWithOneUnwritableTargetReplacesNothingAndLeavesNoTempFile() throws IOException {
    int count = AtomicFiles.ONE_SYNC_BATCH + 1;
    Files.writeString(dir.resolve("file-1"), "old");
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file where a directory is needed");
    List<AtomicFiles.Content> files = new java.util.ArrayList<>(IntStream.range(0, count)
        .mapToObj(i -> new AtomicFiles.Content(dir.resolve("file-" + i), bytes("new " + i), AtomicFiles.PUBLIC))
        .toList());
    files.add(new AtomicFiles.Content(blocked.resolve("cannot-exist"), bytes("x"), AtomicFiles.PUBLIC));

    assertThatThrownBy(() -> AtomicFiles.writeAll(files)).isInstanceOf(IOException.class);

    assertThat(dir.resolve("file-1")).hasContent("old");
    assertThat(dir.resolve("file-2")).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.filter(AtomicFiles::isTempFile)).isEmpty();
    }
  }

  @Test
  void contentToStringGivesTheSizeNeverTheBytes() {
    String pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n";
    AtomicFiles.Content content = new AtomicFiles.Content(Path.of("/k/key.pem"), bytes(pem), AtomicFiles.PRIVATE);

    assertThat(content.toString()).isEqualTo("Content[/k/key.pem, " + pem.length() + " bytes, rw-------]")
        .doesNotContain("PRIVATE KEY").doesNotContain("MIGH");
  }

  @Test
  void modeBitsBecomeThePermissionSetOfTheLowNineBits() {
    assertThat(AtomicFiles.permissions(0600)).isEqualTo(AtomicFiles.PRIVATE);
    assertThat(AtomicFiles.permissions(0644)).isEqualTo(AtomicFiles.PUBLIC);
    assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0751))).isEqualTo("rwxr-x--x");
    assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(04755))).isEqualTo("rwxr-xr-x");
    assertThat(AtomicFiles.permissions(0)).isEmpty();
  }

  @Test
  void recognisesOnlyItsOwnTempFiles() {
    assertThat(AtomicFiles.isTempFile(Path.of(".kubestrap-ca.pem.1a2b0.tmp"))).isTrue();
    assertThat(AtomicFiles.isTempFile(Path.of("ca.pem"))).isFalse();
    assertThat(AtomicFiles.isTempFile(Path.of(".other.tmp"))).isFalse();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
