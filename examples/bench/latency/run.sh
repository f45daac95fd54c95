#!/usr/bin/env bash
# The latency SIMULATION (see docs/plan-and-apply.md, "Scale benchmark"): plan and apply of 5 to 50 node-shaped
# hosts, each a local directory behind a simulated network round trip, at concurrency 10 and 50, per-file and
# batched inspection; fresh apply and unchanged re-apply. Runs the jars this checkout builds as a plain `java -cp`
# (see ../classpath.sh), so it works on a fresh clone right after the README's first command.
#
#   bash examples/bench/latency/run.sh [hosts=5,10,25,50] [concurrency=10,50] [rtt=20] [inspection=per-file,batched]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
classpath=$(bash "$root/examples/bench/classpath.sh")
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
java -cp "$classpath" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.kubestrap.examples.bench.apply.ApplyScaleBenchmark "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
