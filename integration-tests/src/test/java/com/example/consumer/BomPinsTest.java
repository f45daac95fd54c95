package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * This module names kubestrap by its coordinates and imports {@code kubestrap-bom}, as a user's project does; the
 * jars Maven resolved for its tests are the versions the BOM pins, not the older ones the dependencies' own poms
 * ask for (sshj alone would bring an older Bouncy Castle, the TOML module an older Jackson).
 */
class BomPinsTest {
  /** groupId:artifactId on the classpath → the BOM property that pins its version. */
  private static final Map<String, String> PINNED = Map.ofEntries(
      Map.entry("org.bouncycastle:bcprov-jdk18on", "bouncycastle.version"),
      Map.entry("org.bouncycastle:bcpkix-jdk18on", "bouncycastle.version"),
      Map.entry("org.bouncycastle:bcutil-jdk18on", "bouncycastle.version"),
      Map.entry("tools.jackson.core:jackson-core", "jackson.version"),
      Map.entry("tools.jackson.core:jackson-databind", "jackson.version"),
      Map.entry("tools.jackson.dataformat:jackson-dataformat-yaml", "jackson.version"),
      Map.entry("tools.jackson.dataformat:jackson-dataformat-toml", "jackson-toml.version"),
      Map.entry("io.fabric8:kubernetes-client", "fabric8.version"),
      Map.entry("io.fabric8:kubernetes-client-api", "fabric8.version"),
      Map.entry("com.hierynomus:sshj", "sshj.version"),
      Map.entry("org.slf4j:slf4j-api", "slf4j.version"));
  /** A jar in a Maven repository: {@code .../group/as/path/artifact/version/artifact-version.jar}. */
  private static final Pattern JAR = Pattern.compile(".*/([^/]+)/([^/]+)/\\1-\\2\\.jar");

  @Test
  void theTestClasspathHoldsTheVersionsTheBomPins() throws Exception {
    Properties pins = bomProperties(Path.of("..", "bom", "pom.xml"));
    List<String> found = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (String entry : classpath()) {
      String path = entry.replace(File.separatorChar, '/');
      Matcher jar = JAR.matcher(path);
      for (String coordinates : PINNED.keySet()) {
        String directory = "/" + coordinates.replace('.', '/').replace(':', '/') + "/";
        if (jar.matches() && path.contains(directory + jar.group(2) + "/")) {
          found.add(coordinates + ":" + jar.group(2));
          expected.add(coordinates + ":" + pins.getProperty(PINNED.get(coordinates)));
        }
      }
    }
    assertThat(found).as("pinned artifacts on the test classpath").hasSize(PINNED.size())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<String> classpath() {
    // Surefire runs tests from a manifest-only jar; it names the real classpath here.
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(path.split(File.pathSeparator));
  }

  private static Properties bomProperties(Path pom) throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
        .getDocumentElement();
    NodeList children = ((Element) project.getElementsByTagName("properties").item(0)).getChildNodes();
    Properties properties = new Properties();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element property) {
        properties.setProperty(property.getTagName(), property.getTextContent().strip());
      }
    }
    return properties;
  }
}
