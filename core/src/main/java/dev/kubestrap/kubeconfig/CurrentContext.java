package dev.kubestrap.kubeconfig;

/** What a merge does with {@code current-context}. */
public enum CurrentContext {
  /** Use the incoming kubeconfig's current-context when it has one (the default). */
  FROM_INCOMING,
  /** Keep the existing file's current-context; set it from the incoming one only when the file has none. */
  KEEP_EXISTING,
  /** Leave current-context as the existing file has it, set or not: add the entries, switch nothing. */
  UNCHANGED
}
