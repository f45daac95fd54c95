package dev.kubestrap.binaries;

import dev.kubestrap.reference.ReferenceDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated reference files shipped in {@code dev/kubestrap/reference/}: lines starting
 * with {@code #} are their provenance header and are skipped.
 */
final class ReferenceTable {
  private ReferenceTable() {}

  static List<String[]> rows(String resource, int columns) {
    String path = "/dev/kubestrap/reference/" + resource;
    try (InputStream in = ReferenceTable.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new ReferenceDataException("reference table missing from the classpath: " + path);
      }
      List<String[]> rows = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (cells.length != columns) {
          throw new ReferenceDataException(path + ":" + lineNumber + ": expected " + columns + " columns, got " + cells.length);
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new ReferenceDataException("cannot read " + path, e);
    }
  }
}
