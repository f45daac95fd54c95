package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ranges refused because of what really is on this machine's network; nothing gets created. */
class SandboxNetworkPreconditionsTest {

  @BeforeEach
  void machineCanRunSandboxes() {
    SandboxTestSupport.requireSandboxMachine();
  }

  @Test
  void aRangeOverlappingLoopbackIsRefusedBeforeAnythingIsCreated() {
    var linksBefore = NetworkInventory.read("ip").linkNames();

    assertThatThrownBy(() -> Sandbox.builder()
        .addressRange("127.0.0.0/24").start())
        .isInstanceOf(SandboxPreconditionException.class)
        .hasMessageContaining("address range 127.0.0.0/24 is in use on this machine: address"
            + " 127.0.0.1/8 on lo");
    assertThat(NetworkInventory.read("ip").linkNames()).isEqualTo(linksBefore);
  }

  @Test
  void aRangeOverlappingAnAddressOnAnotherInterfaceIsRefused() {
    // A bridge left down carries the address without sending anything (and, unlike a dummy
    // link, needs no extra kernel module).
    String other = "kstest" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 4);
    LocalCommand.run("ip", "link", "add", other, "type", "bridge").orThrow();
    try {
      LocalCommand.run("ip", "addr", "add", "198.18.0.254/32", "dev", other).orThrow();

      assertThatThrownBy(() -> Sandbox.builder()
          .addressRange("198.18.0.192/26").start())
          .isInstanceOf(SandboxPreconditionException.class)
          .hasMessageContaining("address range 198.18.0.192/26 is in use on this machine: address"
              + " 198.18.0.254/32 on " + other);
    } finally {
      LocalCommand.run("ip", "link", "del", other).orThrow();
    }
  }
}
