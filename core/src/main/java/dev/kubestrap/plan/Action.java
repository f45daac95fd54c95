package dev.kubestrap.plan;

import java.util.SortedMap;

/**
 * One step of a host's plan. Every action is an "ensure": applying it to a host that is already in the
 * described state changes nothing.
 *
 * <p>Actions are values. Their {@link #attributes()} are what the plan record stores and what a diff
 * compares: they never hold secret bytes, only paths, modes and SHA-256 digests.
 */
public sealed interface Action
    permits EnsureDirectory, Placement, ServiceAction, RunCommand, HealthWait {

  /** A short word for the kind of action: {@code directory}, {@code file}, {@code binary}, ... */
  String kind();

  /** What identifies this action on its host across plans, e.g. {@code file:/etc/kubernetes/a.conf}. */
  default String key() {
    return kind() + ":" + subject();
  }

  /** The path, unit name or description the action is about. */
  String subject();

  /** One line saying what will be placed or done. */
  String describe();

  /** The stable, secret-free attributes recorded for this action and compared by a diff. */
  SortedMap<String, String> attributes();
}
