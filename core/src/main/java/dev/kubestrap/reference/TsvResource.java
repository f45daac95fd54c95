package dev.kubestrap.reference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One bundled tab-separated reference file: its {@code #} header lines (which name the source) and its
 * data rows split on tabs.
 */
record TsvResource(String name, List<String> header, List<List<String>> rows) {

  private static final String BASE = "/dev/kubestrap/reference/";

  TsvResource {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  static TsvResource load(String relativePath) {
    String path = BASE + relativePath;
    try (InputStream in = TsvResource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new ReferenceDataException("reference list not found on the class path: " + path);
      }
      return parse(relativePath, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ReferenceDataException("cannot read reference list " + path, e);
    }
  }

  static TsvResource parse(String name, String text) {
    List<String> header = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#")) {
        header.add(line);
      } else if (!line.isBlank()) {
        rows.add(List.of(line.split("\t", -1)));
      }
    }
    return new TsvResource(name, header, rows);
  }

  String column(List<String> row, int index) {
    if (index >= row.size()) {
      throw new ReferenceDataException(
          "reference list " + name + " has a row with " + row.size() + " columns, expected more than " + index + ": " + row);
    }
    return row.get(index);
  }
}
