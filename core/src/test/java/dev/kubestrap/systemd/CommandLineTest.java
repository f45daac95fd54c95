package dev.kubestrap.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void plainWordsAreWrittenBare() {
    assertThat(CommandLine.quote(List.of("/opt/etcd/bin/etcd", "--name=master", "--peer-urls=https://10.1.0.15:2380")))
        .isEqualTo("/opt/etcd/bin/etcd --name=master --peer-urls=https://10.1.0.15:2380");
  }

  @Test
  void specifiersAndVariablesAreDoubled() {
    assertThat(CommandLine.quote(List.of("/bin/echo", "100%", "$HOME", "${X}")))
        .isEqualTo("/bin/echo 100%% $$HOME \"$${X}\"");
  }

  @Test
  void awkwardWordsAreDoubleQuotedWithCEscapes() {
    assertThat(CommandLine.quote(List.of("/bin/echo", "a b", "", "q\"q", "b\\s", "t\tn\n", ";", "it's")))
        .isEqualTo("/bin/echo \"a b\" \"\" \"q\\\"q\" \"b\\\\s\" \"t\\tn\\n\" \";\" \"it's\"");
  }

  @Test
  void trickyArgumentsSurviveQuoteThenSplit() {
    List<String> command = new ArrayList<>(List.of("/bin/echo"));
    command.addAll(SampleUnits.TRICKY_ARGUMENTS);

    assertThat(CommandLine.split(CommandLine.quote(command))).isEqualTo(command);
  }

  @Test
  void splitReadsSystemdSyntaxWrittenByHand() {
    assertThat(CommandLine.split("/bin/echo 'single quoted' \"double \\\"q\\\"\" a\\sb \\; \\x41\\102 \\u00e9 x\"y z\"w"))
        .containsExactly("/bin/echo", "single quoted", "double \"q\"", "a b", ";", "AB", "é", "xy zw");
  }

  @Test
  void splitLeavesUnescapedSpecifiersAndVariablesAsWritten() {
    assertThat(CommandLine.split("/bin/echo %n $FOO 100%% $$")).containsExactly("/bin/echo", "%n", "$FOO", "100%", "$");
  }

  @Test
  void splitRefusesBrokenLines() {
    assertThatThrownBy(() -> CommandLine.split("/bin/echo \"open")).hasMessage("unterminated \" quote in: '/bin/echo \"open'");
    assertThatThrownBy(() -> CommandLine.split("/bin/echo \\q")).hasMessage("unknown escape '\\q' in: '/bin/echo \\q'");
    assertThatThrownBy(() -> CommandLine.split("/bin/a ; /bin/b")).hasMessageContaining("several commands");
  }

  @Test
  void emptyCommandIsRefused() {
    assertThatThrownBy(() -> CommandLine.quote(List.of())).hasMessage("command line must have a program: []");
  }
}
