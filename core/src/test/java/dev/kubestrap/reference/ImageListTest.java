package dev.kubestrap.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageListTest {

  @Test
  void readsThePauseTagPerMinorFromTheHeader() {
    ImageList images = ImageList.load();

    assertThat(images.pauseImage("1.36")).isEqualTo("registry.k8s.io/pause:3.10.2");
    assertThat(images.pauseImage("1.35")).isEqualTo("registry.k8s.io/pause:3.10.1");
    assertThat(images.pauseImage("1.34")).isEqualTo("registry.k8s.io/pause:3.10.1");
    assertThat(images.defaultTag("registry.k8s.io/coredns/coredns")).isEqualTo("v1.14.2");
    assertThatThrownBy(() -> images.pauseImage("1.20")).hasMessageContaining("1.20");
  }
}
