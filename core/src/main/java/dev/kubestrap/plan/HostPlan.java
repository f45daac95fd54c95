package dev.kubestrap.plan;

import java.util.List;
import java.util.Objects;

/** The ordered actions of one host in one phase. */
public record HostPlan(HostId host, List<Action> actions) {
  public HostPlan {
    Objects.requireNonNull(host, "host");
    actions = List.copyOf(actions);
  }

  /** The actions of one type, in plan order. */
  public <T extends Action> List<T> actionsOf(Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
