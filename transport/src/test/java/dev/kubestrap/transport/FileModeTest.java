package dev.kubestrap.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileModeTest {

  @Test
  void presetsHaveTheDocumentedBits() {
    assertThat(FileMode.PRIVATE.octal()).isEqualTo("0600");
    assertThat(FileMode.PUBLIC.octal()).isEqualTo("0644");
    assertThat(FileMode.EXECUTABLE.octal()).isEqualTo("0755");
    assertThat(FileMode.DIRECTORY.octal()).isEqualTo("0755");
  }

  @Test
  void ownerIsOptionalAndAddedByCopy() {
    FileMode base = FileMode.of(0640);
    FileMode owned = base.owner("etcd", "etcd");

    assertThat(base.chownSpec()).isEmpty();
    assertThat(owned.chownSpec()).isEqualTo("etcd:etcd");
    assertThat(FileMode.of(0600).owner("root").chownSpec()).isEqualTo("root");
    assertThat(owned).hasToString("0640 etcd:etcd").isNotEqualTo(base).isEqualTo(FileMode.of(0640).owner("etcd", "etcd"));
  }

  @Test
  void badValuesAreRejectedWithTheValue() {
    assertThatThrownBy(() -> FileMode.of(010000)).hasMessage("permissions must be between 0000 and 07777: 010000");
    assertThatThrownBy(() -> FileMode.of(0644).owner("root; rm -rf /", "root"))
        .hasMessage("owner must be a user or group name: 'root; rm -rf /'");
  }
}
