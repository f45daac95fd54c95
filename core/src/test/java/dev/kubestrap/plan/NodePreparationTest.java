package dev.kubestrap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.local.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePreparationTest {
  private final List<Action> actions = NodePreparation.defaults().actions();

  private RunCommand command(String description) {
    return actions.stream().filter(a -> a instanceof RunCommand r && r.description().equals(description))
        .map(RunCommand.class::cast).findFirst().orElseThrow();
  }

  @Test
  void modulesLoadWhereTheyCanAndAreListedForBoot() {
    assertThat(command("load br_netfilter").command()).containsExactly("modprobe", "br_netfilter");
    assertThat(command("load br_netfilter").allowFailure()).isTrue();
    assertThat(command("load br_netfilter").unless()).containsExactly("test", "-d", "/sys/module/br_netfilter");
    assertThat(actions).filteredOn(a -> a instanceof PutFile p && p.path().equals(NodePreparation.MODULES_FILE))
        .singleElement().extracting(a -> new String(((PutFile) a).content(), StandardCharsets.UTF_8))
        .isEqualTo("overlay\nbr_netfilter\n");
  }

  @Test
  void swapForwardingAndToolsMustSucceed() {
    assertThat(command("swap off").allowFailure()).isFalse();
    assertThat(command("enable IP forwarding").allowFailure()).isFalse();
    assertThat(command("conntrack present").allowFailure()).isFalse();
    assertThat(command("socat present").command()).containsExactly("sh", "-c", "command -v socat");
    assertThat(NodePreparation.defaults().withTools("ipset").actions())
        .filteredOn(a -> a instanceof RunCommand r && r.description().endsWith(" present"))
        .extracting(Action::subject).containsExactly("ipset present");
  }

  @Test
  void theGuardsAreValidShellThatAnswersOnThisMachine() {
    // the guards only read state, so they can run here; each must exit 0 or 1, never 2 (a syntax error)
    try (LocalTransport local = LocalTransport.create()) {
      for (String guarded : List.of("swap off", "enable IP forwarding", "load overlay")) {
        int exit = local.exec(Command.of(command(guarded).unless())).exitCode();
        assertThat(exit).as(guarded).isIn(0, 1);
      }
    }
  }

  @Test
  void theSameStepsFromTwoComponentsAreKeptOnceInAPlan() {
    ClusterPlan plan = ClusterPlan.builder("lab")
        .addAll(Phase.NODES, HostId.of("node"), NodePreparation.defaults().actions())
        .addAll(Phase.NODES, HostId.of("node"), NodePreparation.defaults().actions())
        .build();
    assertThat(plan.actionCount()).isEqualTo(actions.size());
  }
}
