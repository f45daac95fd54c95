package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** crictl's {@code /etc/crictl.yaml}. */
@JsonPropertyOrder({"runtime-endpoint", "image-endpoint", "timeout", "debug"})
public record CrictlConfig(
    @JsonProperty("runtime-endpoint") String runtimeEndpoint,
    @JsonProperty("image-endpoint") String imageEndpoint,
    @JsonProperty("timeout") int timeout,
    @JsonProperty("debug") boolean debug) {}
