#!/usr/bin/env bash
# Runs a JShell script with the JDK's jshell against a class path and fails when any of its snippets failed.
# jshell itself goes on after a snippet that throws or does not compile and exits 0, so its standard error is read
# for the lines it writes then ("Exception ..." and "Error:"), and the script must print "<name>: done" last.
#
#   bash examples/jshell/run.sh [--modules] CLASSPATH SCRIPT [jshell options...]
#
# With --modules, kubestrap's own jars (kubestrap-*.jar) go on the module path as the automatic modules their
# manifests name, and everything else stays on the class path: the script then runs as a modular user's would.
set -euo pipefail
modules=false
if [[ ${1:-} == --modules ]]; then
  modules=true
  shift
fi
classpath=$1 script=$2
shift 2
name=$(basename "$script")
jshell=${JAVA_HOME:+$JAVA_HOME/bin/}jshell
paths=(--class-path "$classpath")
if $modules; then
  ours=() theirs=()
  IFS=: read -r -a entries <<<"$classpath"
  for entry in "${entries[@]}"; do
    if [[ $(basename "$entry") == kubestrap-*.jar ]]; then ours+=("$entry"); else theirs+=("$entry"); fi
  done
  if (( ${#ours[@]} == 0 )); then
    echo "$name: no kubestrap-*.jar in the class path to put on the module path" >&2
    exit 1
  fi
  paths=(--module-path "$(IFS=:; echo "${ours[*]}")" --add-modules ALL-MODULE-PATH
    --class-path "$(IFS=:; echo "${theirs[*]}")")
fi
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
status=0
"$jshell" "${paths[@]}" "$@" "$script" >"$out" 2>"$err" </dev/null || status=$?
cat "$out"
cat "$err" >&2
if (( status != 0 )); then
  echo "$name: jshell exited with $status" >&2
  exit 1
fi
if grep -E -q '^(Exception |Error:)' "$err"; then
  echo "$name: a snippet failed (above)" >&2
  exit 1
fi
if ! grep -F -x -q "$name: done" "$out"; then
  echo "$name: did not reach its end ('$name: done' not printed)" >&2
  exit 1
fi
