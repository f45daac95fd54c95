#!/usr/bin/env bash
# Benchmark: the seed's certificate set made the seed's way (one `cfssl gencert` per certificate, RSA 2048)
# against kubestrap as a whole Java process (JVM start included) making the same set with RSA 2048 and with
# ECDSA P-256, plus 1,000 ECDSA kubelet client certificates issued and written. Prints hyperfine's results
# and the ratios. Run after `mvn -q -B -DskipTests install` at the repository root.
#
# The Java program runs the way a command-line tool is shipped: one jar with Bouncy Castle's jar signatures
# stripped (verifying signed jars costs class-loading time) and an application class-data-sharing archive made by
# one training run. ECDSA runs use the C1 compiler only (fastest start); RSA runs keep C2, whose BigInteger
# intrinsics RSA key generation needs. A "plain" run (signed jars from ~/.m2, default JVM flags) is timed too.
#
# Environment: RUNS (default 10), WORK (default: a new temporary directory), JAVA (default: java),
# M2_REPO (default ~/.m2/repository).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
bc=$(sed -n 's:.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*:\1:p' "$root/pom.xml")
runs=${RUNS:-10}
work=${WORK:-$(mktemp -d)}
java=${JAVA:-java}

for tool in cfssl cfssljson hyperfine "$java" jar; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
classes=$root/examples/target/classes
[[ -f $classes/dev/kubestrap/examples/pki/PkiBench.class ]] \
  || { echo "examples are not compiled: run 'mvn -q -B -DskipTests install' at $root first" >&2; exit 1; }
# This checkout's own build output for kubestrap (the ~/.m2 snapshot may come from another checkout).
for module in pki common; do
  [[ -d $root/$module/target/classes/dev ]] \
    || { echo "$module is not compiled: run 'mvn -q -B -DskipTests install' at $root first" >&2; exit 1; }
done
jars=()
for jar in "org/bouncycastle/bcprov-jdk18on/$bc/bcprov-jdk18on-$bc.jar" \
           "org/bouncycastle/bcpkix-jdk18on/$bc/bcpkix-jdk18on-$bc.jar" \
           "org/bouncycastle/bcutil-jdk18on/$bc/bcutil-jdk18on-$bc.jar"; do
  [[ -f $m2/$jar ]] || { echo "missing $m2/$jar: run 'mvn -q -B -DskipTests install' at $root first" >&2; exit 1; }
  jars+=("$m2/$jar")
done
plain_classpath=$classes:$root/pki/target/classes:$root/common/target/classes$(printf ':%s' "${jars[@]}")

# One unsigned jar: the installed jars plus the bench classes, signature files removed.
rm -rf "$work/jar" && mkdir -p "$work/jar"
(cd "$work/jar" && for jar in "${jars[@]}"; do jar xf "$jar"; done \
  && rm -rf META-INF/*.SF META-INF/*.RSA META-INF/*.DSA META-INF/*.EC META-INF/MANIFEST.MF META-INF/versions \
  && cp -r "$classes/." "$root/pki/target/classes/." "$root/common/target/classes/." . && jar cf "$work/kubestrap-pki-bench.jar" .)
rm -rf "$work/jar"
main=dev.kubestrap.examples.pki.PkiBench
"$java" -XX:ArchiveClassesAtExit="$work/bench.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$work/kubestrap-pki-bench.jar" $main seed-set ECDSA_P256 "$work/training" >/dev/null
rm -rf "$work/training"

shipped="$java -XX:SharedArchiveFile=$work/bench.jsa -Xlog:cds=off -XX:+UseSerialGC -cp $work/kubestrap-pki-bench.jar $main"
ecdsa="$java -XX:SharedArchiveFile=$work/bench.jsa -Xlog:cds=off -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $work/kubestrap-pki-bench.jar $main"
plain="$java -cp $plain_classpath $main"
out=$work/out
echo "work directory: $work ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine --style basic --warmup 1 --runs "$runs" --prepare "rm -rf $out" --export-csv "$work/results.csv" \
  -n "cfssl seed-set RSA-2048" "bash $here/seed-cfssl.sh $out" \
  -n "kubestrap seed-set RSA-2048" "$shipped seed-set RSA_2048 $out" \
  -n "kubestrap seed-set ECDSA-P256" "$ecdsa seed-set ECDSA_P256 $out" \
  -n "kubestrap 1000-kubelets ECDSA-P256" "$ecdsa kubelets 1000 $out" \
  -n "kubestrap seed-set RSA-2048 (plain java -cp)" "$plain seed-set RSA_2048 $out" \
  -n "kubestrap seed-set ECDSA-P256 (plain java -cp)" "$plain seed-set ECDSA_P256 $out"

# results.csv: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, 'NR > 1 { mean[NR - 1] = $2; user[NR - 1] = $5 }
  END {
    printf "\nseed set, RSA-2048:   cfssl %.3f s, kubestrap %.3f s -> %.2fx (target >= 1.2x); plain java -cp %.3f s -> %.2fx\n", mean[1], mean[2], mean[1] / mean[2], mean[5], mean[1] / mean[5]
    printf "seed set, ECDSA-P256: kubestrap %.3f s -> %.2fx faster than cfssl (target >= 2.5x); plain java -cp %.3f s -> %.2fx\n", mean[3], mean[1] / mean[3], mean[6], mean[1] / mean[6]
    printf "1000 ECDSA kubelet certificates issued and written: %.3f s, %.0f certificates/s (target < 2 s)\n", mean[4], 1000 / mean[4]
    printf "CPU (user) per run: cfssl %.3f s, kubestrap RSA %.3f s, ECDSA %.3f s, 1000 kubelets %.3f s\n", user[1], user[2], user[3], user[4]
  }' "$work/results.csv"
