#!/usr/bin/env bash
# The scale MODEL (not a measurement): fresh apply time of 5, 20, 50 and 200 worker hosts when the programs are the
# bulk of it, for uploading everything, hosts fetching from a mirror and the first host serving the others, at
# concurrency 10 and 50. Prints the table and writes the SVG chart (default docs/img/scale-model.svg).
#
#   bash examples/bench/scale-model/run.sh [key=value ...]
#
# Keys: bytes per host (default 296 MB, a worker's programs as measured by examples/bench/real-size), rtt in ms (20),
# trips per fresh host (36, from the latency simulation), uplink, host and mirror in Mbit/s (100, 1000, 10000),
# svg (the chart's path). Later keys win.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
classpath=$(bash "$root/examples/bench/classpath.sh")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the model does not depend on it)"
exec java -cp "$classpath" dev.kubestrap.examples.bench.apply.ScaleModel bytes=295972070 uplink=100 \
  "svg=$root/docs/img/scale-model.svg" "$@"
