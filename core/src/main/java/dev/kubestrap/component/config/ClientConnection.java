package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code clientConnection} of the kube-proxy and kube-scheduler configurations. */
public record ClientConnection(@JsonProperty("kubeconfig") String kubeconfig) {}
