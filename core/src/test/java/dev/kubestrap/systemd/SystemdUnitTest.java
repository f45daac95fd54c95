package dev.kubestrap.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdUnitTest {

  @Test
  void etcdUnitRendersToTheGoldenText() throws IOException {
    assertThat(SampleUnits.etcd().render()).isEqualTo(golden("etcd.service"));
  }

  @Test
  void containerdPresetRendersToTheGoldenText() throws IOException {
    assertThat(SampleUnits.containerd().render()).isEqualTo(golden("containerd.service"));
  }

  @Test
  void everySampleUnitParsesBackToAnEqualModel() {
    for (SystemdUnit unit : List.of(SampleUnits.etcd(), SampleUnits.apiserver(), SampleUnits.kubelet(),
        SampleUnits.containerd(), SampleUnits.tricky(), SampleUnits.minimal(), SampleUnits.withExtraDirectives())) {
      assertThat(SystemdUnit.parse(unit.name(), unit.render())).as(unit.name()).isEqualTo(unit);
    }
  }

  @Test
  void goldenTextParsesToTheBuiltModel() throws IOException {
    assertThat(SystemdUnit.parse("etcd.service", golden("etcd.service"))).isEqualTo(SampleUnits.etcd());
  }

  @Test
  void execStartComesBackAsTheSameArgumentList() {
    SystemdUnit tricky = SystemdUnit.parse("tricky.service", SampleUnits.tricky().render());

    assertThat(tricky.execStart().get(0)).isEqualTo("/opt/odd dir/bin/tricky");
    assertThat(tricky.execStart().subList(1, tricky.execStart().size())).isEqualTo(SampleUnits.TRICKY_ARGUMENTS);
    assertThat(tricky.execStartPre()).containsExactly(List.of("-/usr/local/bin/prepare", "with space"));
  }

  @Test
  void environmentComesBackLiterally() {
    SystemdUnit tricky = SystemdUnit.parse("tricky.service", SampleUnits.tricky().render());

    assertThat(tricky.environment()).containsExactly(
        Map.entry("QUOTED", "a \"b\" c"), Map.entry("PERCENT", "100%"),
        Map.entry("DOLLAR", "$NOT_EXPANDED"), Map.entry("EMPTY", ""));
  }

  @Test
  void repeatedKeysKeepTheirOrder() {
    SystemdUnit apiserver = SampleUnits.apiserver();

    assertThat(apiserver.values("Unit", "After")).containsExactly("network-online.target", "etcd.service");
    assertThat(apiserver.values("Unit", "Wants")).containsExactly("network-online.target", "etcd.service");
    assertThat(apiserver.values("Unit", "Requires")).isEmpty();
  }

  @Test
  void kubeletRequiresContainerdAndStartsAfterIt() {
    SystemdUnit kubelet = SampleUnits.kubelet();

    assertThat(kubelet.values("Unit", "After")).containsExactly("containerd.service");
    assertThat(kubelet.values("Unit", "Requires")).containsExactly("containerd.service");
  }

  @Test
  void containerdPresetFollowsUpstreamsUnitWithoutLimitNofile() {
    SystemdUnit containerd = SampleUnits.containerd();

    assertThat(containerd.value("Service", "Restart")).contains("always");
    assertThat(containerd.value("Service", "Delegate")).contains("yes");
    assertThat(containerd.value("Service", "KillMode")).contains("process");
    assertThat(containerd.value("Service", "OOMScoreAdjust")).contains("-999");
    assertThat(containerd.value("Service", "LimitNOFILE")).as("upstream dropped it").isEmpty();
    assertThat(containerd.values("Unit", "After")).containsExactly("network.target", "dbus.service");
    assertThat(containerd.execStartPre()).containsExactly(List.of("-/sbin/modprobe", "overlay"));
  }

  @Test
  void defaultsAreSimpleOnFailureFiveSecondsAndMultiUser() {
    SystemdUnit unit = SampleUnits.minimal();

    assertThat(unit.render()).isEqualTo("""
        [Service]
        Type=simple
        ExecStart=/bin/true
        Restart=on-failure
        RestartSec=5s

        [Install]
        WantedBy=multi-user.target
        """);
  }

  @Test
  void extraDirectivesFollowTheTypedOnesOfTheirSection() {
    SystemdUnit unit = SampleUnits.withExtraDirectives();

    assertThat(unit.section("Unit").orElseThrow().directives()).containsExactly(
        new Directive("Description", "x"), new Directive("StartLimitIntervalSec", "0"));
    assertThat(unit.sections().get(1).directives().get(unit.sections().get(1).directives().size() - 1))
        .isEqualTo(new Directive("TimeoutStartSec", "0"));
  }

  @Test
  void shortCommandLinesStayOnOneLine() {
    String rendered = SystemdUnit.service("x.service").execStart(List.of("/bin/sleep", "--", "1")).build().render();

    assertThat(rendered).contains("ExecStart=/bin/sleep -- 1\n");
  }

  @Test
  void parsingJoinsContinuationLinesAndSkipsComments() {
    SystemdUnit unit = SystemdUnit.parse("x.service", """
        # a comment
        [Service]
        ; another comment
        ExecStart=/bin/echo \\
            "a b" \\
            c
        Environment = A=1
        """);

    assertThat(unit.execStart()).containsExactly("/bin/echo", "a b", "c");
    assertThat(unit.value("Service", "Environment")).contains("A=1");
  }

  @Test
  void anEscapedBackslashAtTheEndOfALineIsNotAContinuation() {
    SystemdUnit unit = SystemdUnit.parse("x.service", "[Service]\nExecStart=/bin/echo a\\\\\nType=simple\n");

    assertThat(unit.execStart()).containsExactly("/bin/echo", "a\\");
    assertThat(unit.value("Service", "Type")).contains("simple");
  }

  @Test
  void relativeProgramIsRefusedWithItsValue() {
    assertThatThrownBy(() -> SystemdUnit.service("x.service").execStart(List.of("etcd", "--name=a")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("execStart program must be an absolute path: 'etcd'");
  }

  @Test
  void missingExecStartIsRefused() {
    assertThatThrownBy(() -> SystemdUnit.service("x.service").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("execStart must name a program: []");
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    SystemdUnit.ServiceBuilder builder = SystemdUnit.service("x.service");

    assertThatThrownBy(() -> builder.killMode("gently")).hasMessageContaining("killMode").hasMessageContaining("'gently'");
    assertThatThrownBy(() -> builder.oomScoreAdjust(-1001)).hasMessage("oomScoreAdjust must be between -1000 and 1000: -1001");
    assertThatThrownBy(() -> builder.restartSec(Duration.ofSeconds(-1))).hasMessage("restartSec must not be negative: PT-1S");
    assertThatThrownBy(() -> builder.environment("1BAD", "x")).hasMessage("environment key must be a shell variable name: '1BAD'");
    assertThatThrownBy(() -> builder.after("etcd")).hasMessage("dependency must be a unit name like 'etcd.service': 'etcd'");
    assertThatThrownBy(() -> builder.workingDirectory("var/lib")).hasMessage("workingDirectory must be an absolute path: 'var/lib'");
    assertThatThrownBy(() -> builder.directive("Service", "Bad Key", "x")).hasMessageContaining("'Bad Key'");
    assertThatThrownBy(() -> builder.directive("Service", "Key", "two\nlines")).hasMessageContaining("single line");
    assertThatThrownBy(() -> SystemdUnit.service("etcd").execStart(List.of("/bin/true")).build())
        .hasMessage("service name must end with .service: 'etcd'");
    assertThatThrownBy(() -> SystemdUnit.service("etcd.socket").execStart(List.of("/bin/true")).build())
        .hasMessage("service name must end with .service: 'etcd.socket'");
  }

  @Test
  void valueEndingInABackslashIsRefusedBecauseSystemdWouldJoinTheNextLine() {
    assertThatThrownBy(() -> SystemdUnit.service("x.service").description("ends with \\").execStart(List.of("/bin/true")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Description value must not end with a backslash (systemd would join the next line): 'ends with \\'");
    assertThat(new Directive("Description", "escaped \\\\").value()).endsWith("\\\\");
  }

  @Test
  void parseErrorsNameTheLine() {
    assertThatThrownBy(() -> SystemdUnit.parse("x.service", "[Service]\nnonsense\n"))
        .hasMessage("x.service:2: expected Key=value: 'nonsense'");
    assertThatThrownBy(() -> SystemdUnit.parse("x.service", "Type=simple\n"))
        .hasMessage("x.service:1: directive outside a section: 'Type=simple'");
  }

  @Test
  void wantedByReplacesTheDefaultTarget() {
    SystemdUnit unit = SystemdUnit.service("x.service").execStart(List.of("/bin/true")).wantedBy("default.target").build();

    assertThat(unit.values("Install", "WantedBy")).containsExactly("default.target");
  }

  static String golden(String name) throws IOException {
    try (InputStream in = SystemdUnitTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
