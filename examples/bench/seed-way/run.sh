#!/bin/sh
# Transfer/orchestration benchmark: kubestrap's apply vs the seed's way (one ssh/scp process per file and per
# command) on a two-host sandbox. Needs root (systemd-nspawn, a bridge in 198.18.0.0/24), debootstrap on the first
# run, and OpenSSH's ssh/scp. Usage, from the repository root: sh examples/bench/seed-way/run.sh [rounds]
set -eu
mvn -q -B -DskipTests install
mvn -q -B -pl examples dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" \
  dev.kubestrap.examples.cluster.bench.SeedWayBenchmark "${1:-3}"
