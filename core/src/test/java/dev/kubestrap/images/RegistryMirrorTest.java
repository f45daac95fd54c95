package dev.kubestrap.images;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RegistryMirrorTest {

  @Test
  void badSettingsAreRefusedNamingRegistryAndValue() {
    assertThatThrownBy(() -> RegistryMirror.forRegistry("https://docker.io").endpoint("https://m.example").build())
        .isInstanceOf(ImageArchiveException.class)
        .hasMessage("registry must be a registry host such as docker.io or 10.0.0.5:5000, or _default:"
            + " 'https://docker.io'");
    assertThatThrownBy(() -> RegistryMirror.forRegistry("docker.io").build())
        .hasMessage("registry mirror of docker.io names no endpoint");
    assertThatThrownBy(() -> RegistryMirror.forRegistry("docker.io").endpoint("ftp://m.example").build())
        .hasMessage("endpoint of the docker.io mirror must be an http(s) URL without user or query: 'ftp://m.example'");
    assertThatThrownBy(() -> RegistryMirror.forRegistry("docker.io").caCertificate(Path.of("/nonexistent/ca.pem")))
        .hasMessageStartingWith("caCertificate of the docker.io mirror cannot be read: /nonexistent/ca.pem");
  }
}
