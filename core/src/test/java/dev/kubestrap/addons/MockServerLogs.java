package dev.kubestrap.addons;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps fabric8's mock web server from logging every request at INFO during tests. */
public final class MockServerLogs {
  // Held so that the level is not lost when the logger would otherwise be garbage-collected.
  private static final Logger MOCK_WEB_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

  private MockServerLogs() {}

  public static void quiet() {
    MOCK_WEB_SERVER.setLevel(Level.WARNING);
  }
}
