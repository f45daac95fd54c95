#!/usr/bin/env bash
# A kind-like sandbox cluster on this machine (Linux, as root):
#   bash scripts/sandbox-cluster.sh up     starts 1 control-plane host and 2 workers with the programs built from
#                                          source (programs/build.sh, cached), prints nodes and pods, leaves a
#                                          kubeconfig in /var/lib/kubestrap/sandbox-cluster/kubeconfig
#   bash scripts/sandbox-cluster.sh down   removes it
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  up | down) ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
if [[ $1 == up && -z ${KUBESTRAP_PROGRAMS:-} ]]; then
  KUBESTRAP_PROGRAMS=$(bash programs/build.sh | tail -n 1)
  export KUBESTRAP_PROGRAMS
fi
# down reuses the class path that up built, so it needs no build
classpath=examples/target/sandbox-cluster.classpath
if [[ $1 == up || ! -f $classpath ]]; then
  bash examples/bench/classpath.sh >"$classpath.new"
  mv "$classpath.new" "$classpath"
fi
exec java -cp "$(cat "$classpath")" dev.kubestrap.examples.sandbox.SandboxClusterCommand "$1"
