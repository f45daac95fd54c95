package dev.kubestrap.kubeconfig;

/** An entry of one of the kubeconfig's named lists; names are unique within a list. */
public interface Named {
  String name();
}
