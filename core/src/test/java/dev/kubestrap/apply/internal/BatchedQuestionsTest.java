package dev.kubestrap.apply.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.local.LocalTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several commands asked in one round trip on this machine give what each gives alone. */
class BatchedQuestionsTest {
  @Test
  void eachAnswerIsWhatTheCommandAloneReturns() {
    List<Command> questions = List.of(
        Command.of("printf", "%s", "no newline at the end"),
        Command.script("printf 'two\\nlines\\n\\n'; echo 'to stderr' >&2; exit 3"),
        Command.of("sh", "-c", "test -e /nonexistent-kubestrap-path").withTimeout(Duration.ofSeconds(5)),
        Command.of("printf", "%s\\n", "it's 'quoted' $HOME \"twice\""),
        Command.of("sh", "-c", "echo \"$0 $# 'single'\"; echo err >&2; exit 4").withTimeout(Duration.ofSeconds(5)),
        Command.script("echo \"$0 $#\"; exit 5"),
        Command.script("echo \"$0 $# $1\"", "an argument"));
    try (LocalTransport host = LocalTransport.create()) {
      Map<Integer, ExecResult> answers = BatchedQuestions.ask(host, questions);

      assertThat(answers).hasSize(7);
      for (int i = 0; i < questions.size(); i++) {
        ExecResult alone = host.exec(questions.get(i));
        assertThat(answers.get(i)).as(questions.get(i).display()).isEqualTo(alone);
      }
      assertThat(answers.get(1)).isEqualTo(new ExecResult(3, "two\nlines\n\n", "to stderr\n"));
    }
  }

  @Test
  void aShellScriptWithoutArgumentsGoesAsItsScriptAnythingElseAsItsCommandLine() {
    assertThat(BatchedQuestions.shellText(Command.of("sh", "-c", "test -d /x"))).isEqualTo("test -d /x");
    assertThat(BatchedQuestions.shellText(Command.script("test -d /x"))).isEqualTo("test -d /x");
    assertThat(BatchedQuestions.shellText(Command.script("test -d \"$1\"", "/x")))
        .isEqualTo("sh -c 'test -d \"$1\"' sh /x");
    assertThat(BatchedQuestions.shellText(Command.of("sh", "-c", "exit 0", "name")))
        .isEqualTo("sh -c 'exit 0' name");
    assertThat(BatchedQuestions.shellText(Command.of("systemctl", "is-active", "etcd")))
        .isEqualTo("systemctl is-active etcd");
  }

  @Test
  void aQuestionThatTimesOutIsLeftUnanswered() {
    List<Command> questions = List.of(
        Command.of("sleep", "5").withTimeout(Duration.ofSeconds(1)),
        Command.of("true").withTimeout(Duration.ofSeconds(5)));
    try (LocalTransport host = LocalTransport.create()) {
      Map<Integer, ExecResult> answers = BatchedQuestions.ask(host, questions);

      assertThat(answers).containsOnlyKeys(1);
      assertThat(answers.get(1).exitCode()).isZero();
    }
  }
}
