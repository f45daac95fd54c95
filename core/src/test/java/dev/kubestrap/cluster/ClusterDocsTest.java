package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.kubeconfig.DocSnippets;
import org.junit.jupiter.api.Test;

class ClusterDocsTest {

  @Test
  void clusterPageSnippetsAreTheCompiledExample() throws Exception {
    assertThat(DocSnippets.assertSnippetsMatchSources("cluster.md")).isEqualTo(1);
  }
}
