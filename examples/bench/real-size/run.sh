#!/usr/bin/env bash
# Transfer benchmark at real size: kubestrap's fresh apply of the real programs to sandbox hosts against the link's
# limit measured in the same round (the same bytes per host through `ssh host 'cat > /dev/null'` and over plain TCP)
# and against the seed's way (one ssh/scp process per file and command); then an unchanged re-apply. One control-plane
# host (also a node) with 1 worker, then with 3 workers. Services are enabled, not started: transfer, not Kubernetes.
#
#   bash examples/bench/real-size/run.sh [programs-dir] [workers=1,3] [rounds=1] [distributions]
#
# programs-dir defaults to the directory `programs/build.sh` fills (built once per machine; see the README).
# Needs root (systemd-nspawn, a bridge in 198.18.0.0/24), debootstrap on the first run, OpenSSH's ssh and scp.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
programs=${1:-$(bash "$root/programs/build.sh" --dir)}
classpath=$(bash "$root/examples/bench/classpath.sh")
exec java -cp "$classpath" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.kubestrap.examples.cluster.bench.RealSizeBenchmark "$programs" "${2:-1,3}" "${3:-1}" \
  "${4:-UPLOAD,HOSTS_FETCH,FIRST_HOST_SERVES}"
