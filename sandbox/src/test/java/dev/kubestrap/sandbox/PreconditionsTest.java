package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks against stand-in machine facts; SandboxNetworkPreconditionsTest uses the real ones. */
class PreconditionsTest {
  private static final Set<String> ALL_TOOLS =
      Set.of("systemd-nspawn", "ip", "debootstrap", "systemctl");

  @TempDir
  Path cacheDir;

  @Test
  void notLinuxIsTheOnlyProblemReported() {
    assertThat(check(Sandbox.builder(), machine("Mac OS X", 0, ALL_TOOLS, quietNetwork())))
        .containsExactly("the sandbox needs Linux (it runs systemd-nspawn); this machine runs"
            + " Mac OS X");
  }

  @Test
  void notRootAndMissingToolsAreAllReportedWithTheirDebianPackages() {
    Sandbox.Builder builder = Sandbox.builder();
    List<String> problems = check(builder, machine("Linux", 1000, Set.of("ip"), quietNetwork()));

    Path rootfs = builder.cache().directory();
    assertThat(problems).containsExactly(
        "the sandbox needs root (it creates a bridge and runs systemd-nspawn); this process runs"
            + " as uid 1000",
        "systemd-nspawn not found on PATH or in /usr/sbin, /usr/bin, /sbin, /bin (Debian package:"
            + " systemd-container)",
        "debootstrap not found on PATH or in /usr/sbin, /usr/bin, /sbin, /bin to build the root"
            + " filesystem " + rootfs + " (Debian package: debootstrap)",
        "systemctl not found on PATH or in /usr/sbin, /usr/bin, /sbin, /bin to build the root"
            + " filesystem " + rootfs + " (Debian package: systemd)");
  }

  @Test
  void anOverlappingRangeIsRefusedNamingWhatUsesIt() {
    NetworkInventory network = new NetworkInventory(List.of(
        new NetworkInventory.InUse(AddressRange.parse("127.0.0.0/8"), "address 127.0.0.1/8 on lo"),
        new NetworkInventory.InUse(AddressRange.parse("198.18.0.0/24"),
            "route 198.18.0.0/24 via ksbr-0a1b2c")), List.of("lo", "ksbr-0a1b2c"));

    assertThat(check(Sandbox.builder().addressRange("127.0.0.0/24"),
        machine("Linux", 0, ALL_TOOLS, network)))
        .containsExactly("address range 127.0.0.0/24 is in use on this machine: address"
            + " 127.0.0.1/8 on lo");
    assertThat(check(Sandbox.builder().addressRange("198.18.0.128/25").bridgeName("ksbr-0a1b2c"),
        machine("Linux", 0, ALL_TOOLS, network)))
        .containsExactly("address range 198.18.0.128/25 is in use on this machine: route"
                + " 198.18.0.0/24 via ksbr-0a1b2c",
            "bridge name ksbr-0a1b2c is already a link on this machine");
  }

  @Test
  void aRangeTooSmallForTheHostsIsRefused() {
    assertThat(check(Sandbox.builder().hosts(2).addressRange("198.18.0.0/30"),
        machine("Linux", 0, ALL_TOOLS, quietNetwork())))
        .containsExactly("address range 198.18.0.0/30 is too small for 2 hosts and the bridge");
  }

  @Test
  void theDefaultRangeMovesToTheNextFreeSlash27Within198180024() {
    NetworkInventory busy = new NetworkInventory(List.of(
        new NetworkInventory.InUse(AddressRange.parse("198.18.0.0/27"), "route a"),
        new NetworkInventory.InUse(AddressRange.parse("198.18.0.32/28"), "route b")), List.of());

    assertThat(Preconditions.freeRange(quietNetwork())).contains(AddressRange.parse("198.18.0.0/27"));
    assertThat(Preconditions.freeRange(busy)).contains(AddressRange.parse("198.18.0.64/27"));
    assertThat(Preconditions.freeRange(new NetworkInventory(List.of(new NetworkInventory.InUse(
        AddressRange.parse("198.18.0.0/24"), "route all")), List.of()))).as("never beyond 198.18.0.0/24").isEmpty();
  }

  @Test
  void builderSettingsAreValidatedWithTheBadValue() {
    Sandbox.Builder builder = Sandbox.builder();
    assertThatThrownBy(() -> builder.hosts(0)).hasMessage("hosts must be 1..99: 0");
    assertThatThrownBy(() -> builder.hosts("node1", "Node_2"))
        .hasMessage("host name must be a lowercase hostname: 'Node_2'");
    assertThatThrownBy(() -> builder.hosts("a", "a")).hasMessage("host name appears twice: 'a'");
    assertThatThrownBy(() -> builder.bridgeName("a-bridge-name-too-long"))
        .hasMessageStartingWith("bridgeName must be 1..15 characters");
    assertThatThrownBy(() -> builder.addPackages("etcd server"))
        .hasMessage("package name is not a Debian package name: 'etcd server'");
    assertThatThrownBy(() -> builder.cacheDir(Path.of("relative")))
        .hasMessage("cacheDir must be an absolute path: relative");
    assertThatThrownBy(() -> builder.bootTimeout(java.time.Duration.ZERO))
        .hasMessage("bootTimeout must be positive: PT0S");
  }

  private List<String> check(Sandbox.Builder builder, Preconditions.Machine machine) {
    builder.cacheDir(cacheDir).suite("bookworm");
    return Preconditions.check(builder.spec(), builder::cache, machine);
  }

  private static Preconditions.Machine machine(String os, long uid, Set<String> tools,
      NetworkInventory network) {
    Function<String, Optional<String>> finder =
        name -> tools.contains(name) ? Optional.of("/usr/bin/" + name) : Optional.empty();
    return new Preconditions.Machine(os, uid, finder, () -> network);
  }

  private static NetworkInventory quietNetwork() {
    return new NetworkInventory(List.of(new NetworkInventory.InUse(
        AddressRange.parse("192.0.2.0/24"), "address 192.0.2.2/24 on eth0")), List.of("lo", "eth0"));
  }
}
