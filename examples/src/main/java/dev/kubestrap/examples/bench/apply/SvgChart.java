package dev.kubestrap.examples.bench.apply;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as a standalone SVG document, both axes logarithmic: one polyline per series, a legend, grid lines at
 * powers of ten (and 2 and 5 between them).
 */
final class SvgChart {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final int LEFT = 70;
  private static final int RIGHT = 290;
  private static final int TOP = 50;
  private static final int BOTTOM = 50;
  private static final List<String> COLOURS = List.of("#1f77b4", "#2ca02c", "#d62728", "#17becf", "#98df8a",
      "#ff9896");

  private final String title;
  private final String subtitle;
  private final String xLabel;
  private final String yLabel;

  SvgChart(String title, String subtitle, String xLabel, String yLabel) {
    this.title = title;
    this.subtitle = subtitle;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  String render(int[] xs, Map<String, double[]> series) {
    double xMin = Math.log10(xs[0]);
    double xMax = Math.log10(xs[xs.length - 1]);
    double yMin = Math.floor(Math.log10(series.values().stream().flatMapToDouble(java.util.Arrays::stream).min()
        .orElse(1)));
    double yMax = Math.ceil(Math.log10(series.values().stream().flatMapToDouble(java.util.Arrays::stream).max()
        .orElse(10)));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"15\">%s</text>%n", LEFT, title));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"34\" fill=\"#555\">%s</text>%n", LEFT, subtitle));
    for (double decade = yMin; decade <= yMax; decade++) {
      for (int step : new int[] {1, 2, 5}) {
        double value = step * Math.pow(10, decade);
        if (Math.log10(value) > yMax + 1e-9) {
          break;
        }
        double y = y(Math.log10(value), yMin, yMax);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
            LEFT, WIDTH - RIGHT, y, y, step == 1 ? "#bbb" : "#eee"));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
            y + 4, value >= 1 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value)));
      }
    }
    for (int x : xs) {
      double px = x(Math.log10(x), xMin, xMax);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
          px, px, TOP, HEIGHT - BOTTOM));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px,
          HEIGHT - BOTTOM + 18, x));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12, xLabel));
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
        + "text-anchor=\"middle\">%s</text>%n", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, yLabel));
    int index = 0;
    for (Map.Entry<String, double[]> line : series.entrySet()) {
      String colour = COLOURS.get(index % COLOURS.size());
      String dash = line.getKey().contains("concurrency 10") ? " stroke-dasharray=\"6 4\"" : "";
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < xs.length; i++) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(Math.log10(xs[i]), xMin, xMax),
            y(Math.log10(line.getValue()[i]), yMin, yMax)));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
          + "points=\"%s\"/>%n", colour, dash, points.toString().strip()));
      int ly = TOP + 10 + index * 22;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s/>%n", WIDTH - RIGHT + 16, WIDTH - RIGHT + 46, ly, ly, colour, dash));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 52, ly + 4,
          line.getKey()));
      index++;
    }
    return svg.append("</svg>\n").toString();
  }

  private static double x(double logValue, double min, double max) {
    return LEFT + (logValue - min) / (max - min) * (WIDTH - LEFT - RIGHT);
  }

  private static double y(double logValue, double min, double max) {
    return HEIGHT - BOTTOM - (logValue - min) / (max - min) * (HEIGHT - TOP - BOTTOM);
  }
}
