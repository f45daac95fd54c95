#!/usr/bin/env bash
# Prints the runtime classpath of kubestrap-examples the way a user runs it: the jars this checkout builds (one
# reactor build, nothing installed) followed by their dependencies in the local Maven repository. Maven's output
# goes to stderr. The exec plugin it asks for the classpath is the one the README's first command already uses,
# so this works offline right after that command.
#
#   classpath=$(bash examples/bench/classpath.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -q -B -DskipTests -pl examples -am package exec:exec -Dexec.executable=echo '-Dexec.args=%classpath' \
  -Dexec.outputFile=target/runtime-classpath.txt >&2
# The examples module itself as its jar too, not its classes directory.
jar=$(ls examples/target/kubestrap-examples-*.jar | grep -v -e sources -e javadoc | head -1)
sed "s|$PWD/examples/target/classes|$PWD/$jar|" \
  examples/target/runtime-classpath.txt
