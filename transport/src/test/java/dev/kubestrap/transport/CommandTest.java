package dev.kubestrap.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

  @Test
  void plainArgumentsStayUnquoted() {
    assertThat(Command.of("systemctl", "restart", "kube-apiserver.service").toShell())
        .isEqualTo("systemctl restart kube-apiserver.service");
  }

  @Test
  void everythingElseIsSingleQuotedAndSurvivesARealShell() {
    List<String> args = List.of("a b", "it's", "$HOME", "`id`", "x;y", "", "new\nline", "*", "\\", "'");
    List<String> argv = new java.util.ArrayList<>(List.of("printf", "<%s>"));
    argv.addAll(args);
    Command command = Command.of(argv);

    String output = Shell.check("sh", "-c", command.toShell());

    StringBuilder expected = new StringBuilder();
    args.forEach(a -> expected.append('<').append(a).append('>'));
    assertThat(output).isEqualTo(expected.toString());
    assertThat(Command.quote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void scriptPassesValuesAsPositionalParameters() {
    Command script = Command.script("echo \"$1\"", "$(reboot)");

    assertThat(script.argv()).containsExactly("sh", "-c", "echo \"$1\"", "sh", "$(reboot)");
    assertThat(Shell.check("sh", "-c", script.toShell())).isEqualTo("$(reboot)\n");
  }

  @Test
  void redactedValuesAreMaskedInDisplayButNotInTheCommandLine() {
    Command command = Command.of("etcdctl", "--password=hunter2", "get", "/").redact("hunter2");

    assertThat(command.display()).isEqualTo("etcdctl '--password=***' get /").doesNotContain("hunter2");
    assertThat(command.toString()).isEqualTo(command.display());
    assertThat(command.toShell()).contains("--password=hunter2");
  }

  @Test
  void sensitiveCommandsShowOnlyTheProgram() {
    assertThat(Command.of("chpasswd", "user:secret").sensitive().display()).isEqualTo("chpasswd ***");
    assertThat(Command.of("true").sensitive().display()).isEqualTo("true");
  }

  @Test
  void copiesKeepStdinTimeoutAndRedactionsThroughPrefixing() {
    Command base = Command.of("cat").withStdin("in").withTimeout(Duration.ofSeconds(3)).redact("in");

    Command prefixed = base.prefixed("sudo", "-n", "--");

    assertThat(prefixed.argv()).containsExactly("sudo", "-n", "--", "cat");
    assertThat(prefixed.stdin()).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("in"));
    assertThat(prefixed.timeout()).hasValue(Duration.ofSeconds(3));
    assertThat(base.timeout()).hasValue(Duration.ofSeconds(3));
    assertThat(Command.of("cat").timeout()).isEmpty();
  }

  @Test
  void stdinIsCopiedInAndOut() {
    byte[] input = {1, 2, 3};
    Command command = Command.of("cat").withStdin(input);
    input[0] = 9;
    command.stdin().get()[1] = 9;

    assertThat(command.stdin()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
  }

  @Test
  void invalidCommandsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> Command.of(List.of())).hasMessage("argv must not be empty: []");
    assertThatThrownBy(() -> Command.of("")).hasMessage("program must not be empty: ''");
    assertThatThrownBy(() -> Command.of("echo", "a\0b")).hasMessage("argv[1] must not contain a NUL character");
    assertThatThrownBy(() -> Command.of("sleep").withTimeout(Duration.ZERO)).hasMessage("timeout must be positive: PT0S");
  }
}
