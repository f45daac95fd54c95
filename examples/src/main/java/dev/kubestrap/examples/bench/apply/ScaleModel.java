package dev.kubestrap.examples.bench.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MODEL, not a measurement: the fresh apply time of N worker hosts when the binaries are the bulk of it, for the
 * three {@code BinaryDistribution}s and several concurrency settings. It extends the latency simulation
 * ({@link ApplyScaleBenchmark}: a fresh host costs {@code roundTrips} round trips of {@code rtt}) with bandwidth: each
 * host's link carries at most {@code hostLink} bytes/s, and transfers that share a link (this machine's uplink for
 * uploads, the mirror for hosts fetching, the first host's link when it serves the others) share it equally (a fluid,
 * processor-sharing model). At most {@code concurrency} hosts are worked on at once; a host holds its slot for its
 * round trips, then for its transfer.
 *
 * <p>The first host serving: it receives the binaries once through the uplink (before the others start fetching),
 * then serves every other host through its own link.
 */
public final class ScaleModel {
  /** A link shared equally by the transfers on it. */
  enum Sharing { UPLINK, MIRROR, FIRST_HOST }

  /** The figures the model starts from. */
  public record Inputs(long bytesPerHost, double rttSeconds, int roundTrips, double uplink, double hostLink,
      double mirror) {}

  private ScaleModel() {}

  /** Seconds until the last of {@code hosts} is done. */
  static double applySeconds(Inputs in, int hosts, int concurrency, Sharing sharing) {
    double latency = in.roundTrips() * in.rttSeconds();
    double head = 0;
    int remaining = hosts;
    if (sharing == Sharing.FIRST_HOST) {
      // The first host gets everything through the uplink first, alone.
      head = latency + in.bytesPerHost() / Math.min(in.uplink(), in.hostLink());
      remaining = hosts - 1;
    }
    double shared = switch (sharing) {
      case UPLINK -> in.uplink();
      case MIRROR -> in.mirror();
      case FIRST_HOST -> in.hostLink();
    };
    return head + fluid(remaining, concurrency, latency, in.bytesPerHost(), shared, in.hostLink());
  }

  /**
   * Event-driven fluid simulation: slots start hosts; a host waits {@code latency}, then transfers {@code bytes} at
   * {@code min(hostLink, shared / transferring)}.
   */
  private static double fluid(int hosts, int concurrency, double latency, long bytes, double shared, double hostLink) {
    double now = 0;
    int notStarted = hosts;
    List<double[]> waiting = new ArrayList<>(); // {time latency ends}
    List<double[]> sending = new ArrayList<>(); // {bytes left}
    while (notStarted > 0 || !waiting.isEmpty() || !sending.isEmpty()) {
      while (notStarted > 0 && waiting.size() + sending.size() < concurrency) {
        waiting.add(new double[] {now + latency});
        notStarted--;
      }
      double rate = sending.isEmpty() ? 0 : Math.min(hostLink, shared / sending.size());
      double nextLatency = waiting.stream().mapToDouble(w -> w[0]).min().orElse(Double.POSITIVE_INFINITY);
      double nextDone = sending.stream().mapToDouble(s -> s[0] / rate).min().orElse(Double.POSITIVE_INFINITY);
      double step = Math.min(nextLatency - now, nextDone);
      now += step;
      for (double[] s : sending) {
        s[0] -= rate * step;
      }
      sending.removeIf(s -> s[0] <= 1e-6);
      for (var it = waiting.iterator(); it.hasNext(); ) {
        double[] w = it.next();
        if (w[0] <= now + 1e-9) {
          it.remove();
          sending.add(new double[] {bytes});
        }
      }
    }
    return now;
  }

  /**
   * Prints the table and writes the SVG chart. Arguments ({@code key=value}, all optional): {@code bytes} per host
   * (default 200000000, about a worker's programs), {@code rtt} ms (20), {@code trips} (36), {@code uplink},
   * {@code host}, {@code mirror} in Mbit/s (1000, 1000, 10000), {@code svg} (the chart's path, default
   * {@code scale-model.svg}).
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>(Map.of("bytes", "200000000", "rtt", "20", "trips", "36",
        "uplink", "1000", "host", "1000", "mirror", "10000", "svg", "scale-model.svg"));
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2 || !options.containsKey(kv[0])) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + options.keySet());
      }
      options.put(kv[0], kv[1]);
    }
    Inputs in = new Inputs(Long.parseLong(options.get("bytes")), Double.parseDouble(options.get("rtt")) / 1000,
        Integer.parseInt(options.get("trips")), mbit(options.get("uplink")), mbit(options.get("host")),
        mbit(options.get("mirror")));
    int[] hostCounts = {5, 20, 50, 200};
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int concurrency : new int[] {10, 50}) {
      series.put("upload all, concurrency " + concurrency, curve(in, hostCounts, concurrency, Sharing.UPLINK));
      series.put("hosts fetch, concurrency " + concurrency, curve(in, hostCounts, concurrency, Sharing.MIRROR));
      series.put("first host serves, concurrency " + concurrency, curve(in, hostCounts, concurrency,
          Sharing.FIRST_HOST));
    }
    System.out.printf(Locale.ROOT, "MODEL: %.0f MB per host, %d round trips of %.0f ms, uplink %s, host link %s, "
        + "mirror %s Mbit/s%n", in.bytesPerHost() / 1e6, in.roundTrips(), in.rttSeconds() * 1000, options.get("uplink"),
        options.get("host"), options.get("mirror"));
    System.out.printf("%-36s %9s %9s %9s %9s%n", "seconds for hosts:", "5", "20", "50", "200");
    series.forEach((name, seconds) -> System.out.printf(Locale.ROOT, "%-36s %9.1f %9.1f %9.1f %9.1f%n", name,
        seconds[0], seconds[1], seconds[2], seconds[3]));
    Path svg = Path.of(options.get("svg"));
    String scenario = String.format(Locale.ROOT, "%.0f MB per host; uplink %s, host links %s, mirror %s Mbit/s; "
        + "%d round trips of %.0f ms", in.bytesPerHost() / 1e6, options.get("uplink"), options.get("host"),
        options.get("mirror"), in.roundTrips(), in.rttSeconds() * 1000);
    Files.writeString(svg, new SvgChart("Fresh apply of N worker hosts (model, log-log)", scenario, "hosts",
        "seconds").render(hostCounts, series));
    System.out.println("chart written to " + svg.toAbsolutePath());
  }

  private static double[] curve(Inputs in, int[] hostCounts, int concurrency, Sharing sharing) {
    double[] seconds = new double[hostCounts.length];
    for (int i = 0; i < hostCounts.length; i++) {
      seconds[i] = applySeconds(in, hostCounts[i], concurrency, sharing);
    }
    return seconds;
  }

  private static double mbit(String value) {
    return Double.parseDouble(value) * 1e6 / 8;
  }
}
