#!/bin/sh
# Transfer/orchestration benchmark: kubestrap's apply vs the seed's way (one ssh/scp process per file and per
# command) on a two-host sandbox. Needs root (systemd-nspawn, a bridge in 198.18.0.0/24), debootstrap on the first
# run, and OpenSSH's ssh/scp. Usage, from the repository root: sh examples/bench/seed-way/run.sh [rounds]
set -eu
classpath=$(bash examples/bench/classpath.sh)
echo "$(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp "$classpath" \
  dev.kubestrap.examples.cluster.bench.SeedWayBenchmark "${1:-3}"
