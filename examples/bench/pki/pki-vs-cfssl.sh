#!/usr/bin/env bash
# Benchmark: the seed's certificate set made the seed's way (one `cfssl gencert` per certificate, RSA 2048)
# against kubestrap run the way a user runs it: a plain `java -cp` of the jars this checkout builds and their
# dependencies from the local Maven repository (JVM start included), making the same set with RSA 2048 and with
# ECDSA P-256, and 1,000 ECDSA kubelet client certificates issued and written. Then JMH, warm and in-process: the 1,000 kubelet certificates (KubeletCertificatesBenchmark) and the
# whole default cluster PKI (ClusterPkiBenchmark). Prints hyperfine's results, the ratios and the load average.
#
# An extra row, labelled "tuned packaging", shows what packaging adds on top: one jar with Bouncy Castle's jar
# signatures stripped, an application class-data-sharing archive made by one training run, and (ECDSA only) the C1
# compiler alone. The headline figures are the plain rows.
#
# Run from anywhere after the README's first command (Maven is used once, to build and list the classpath).
# Environment: RUNS (default 5), WORK (default: a new temporary directory), JAVA (default: java),
# JMH_ARGS (default: 5 warm-up and 5 measured iterations of 2 s, one fork, as ClusterPkiBenchmark declares; with
# shorter warm-ups the measured iterations still include starting Bouncy Castle and the JIT).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-5}
work=${WORK:-$(mktemp -d)}
java=${JAVA:-java}
jmh_args=${JMH_ARGS:--wi 5 -w 2s -i 5 -r 2s -f 1}

for tool in cfssl cfssljson hyperfine "$java" jar; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
classpath=$(bash "$here/../classpath.sh")
main=dev.kubestrap.examples.pki.PkiBench

# Tuned packaging (extra row only): one unsigned jar of the same classpath, and a CDS archive trained once.
rm -rf "$work/jar" && mkdir -p "$work/jar"
(cd "$work/jar" && IFS=: && for entry in $classpath; do
   case $entry in *kubestrap-*.jar|*bcp*.jar|*bcutil*.jar) jar xf "$entry" ;; esac
 done && rm -rf META-INF/*.SF META-INF/*.RSA META-INF/*.DSA META-INF/*.EC META-INF/MANIFEST.MF META-INF/versions \
   && jar cf "$work/kubestrap-pki-bench.jar" .)
rm -rf "$work/jar"
"$java" -XX:ArchiveClassesAtExit="$work/bench.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$work/kubestrap-pki-bench.jar" $main seed-set ECDSA_P256 "$work/training" >/dev/null
rm -rf "$work/training"
tuned="$java -XX:SharedArchiveFile=$work/bench.jsa -Xlog:cds=off -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $work/kubestrap-pki-bench.jar $main"
plain="$java -cp $classpath $main"

out=$work/out
# Each run writes into a fresh directory. The previous run's output is moved aside, not deleted: on ext4, deleting
# thousands of files makes every inode allocation of the next minute skip the freed ones (the kernel's
# recently_deleted check), which a run right after the deletion pays for; the extra row below measures that case.
fresh="if [ -e $out ]; then mv $out $work/done-\$(date +%s%N); fi"
echo "work directory: $work ($(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine --style basic --warmup 1 --runs "$runs" --prepare "$fresh" --export-csv "$work/results.csv" \
  -n "cfssl seed-set RSA-2048" "bash $here/seed-cfssl.sh $out" \
  -n "kubestrap seed-set RSA-2048 (java -cp)" "$plain seed-set RSA_2048 $out" \
  -n "kubestrap seed-set ECDSA-P256 (java -cp)" "$plain seed-set ECDSA_P256 $out" \
  -n "kubestrap 1000-kubelets ECDSA-P256 (java -cp)" "$plain kubelets 1000 $out" \
  -n "kubestrap seed-set ECDSA-P256 (tuned packaging)" "$tuned seed-set ECDSA_P256 $out"
hyperfine --style basic --warmup 1 --runs "$runs" --prepare "rm -rf $out" --export-csv "$work/deleted.csv" \
  -n "kubestrap 1000-kubelets ECDSA-P256 (java -cp), previous run's 2000 files deleted just before" \
  "$plain kubelets 1000 $out"
rm -rf "$out" "$work"/done-*

# results.csv: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, 'NR > 1 { mean[NR - 1] = $2; user[NR - 1] = $5; sys[NR - 1] = $6 }
  END {
    printf "\nseed set, RSA-2048 (java -cp):   cfssl %.3f s, kubestrap %.3f s -> %.2fx (target >= 1.2x)\n", mean[1], mean[2], mean[1] / mean[2]
    printf "seed set, ECDSA-P256 (java -cp): kubestrap %.3f s -> %.2fx faster than cfssl (target >= 2.5x)\n", mean[3], mean[1] / mean[3]
    printf "1000 ECDSA kubelet certificates issued and written (java -cp): %.3f s, %.0f/s (target < 1.5 s); CPU %.3f s user + %.3f s system\n", mean[4], 1000 / mean[4], user[4], sys[4]
    # the command name may hold commas: count the 7 numeric fields from the end
    getline line < deleted; getline line < deleted; n = split(line, d, ",")
    printf "extra row, 1000 kubelet certificates right after deleting the previous run'"'"'s files: %.3f s; CPU %.3f s user + %.3f s system\n", d[n - 6], d[n - 3], d[n - 2]
    printf "extra row, tuned packaging, seed set ECDSA-P256: %.3f s -> %.2fx faster than cfssl\n", mean[5], mean[1] / mean[5]
    printf "CPU (user + system) per run: cfssl %.3f s, kubestrap RSA %.3f s (%.2fx), ECDSA %.3f s (%.2fx); on a loaded machine the CPU ratios are the steadier ones\n", user[1] + sys[1], user[2] + sys[2], (user[1] + sys[1]) / (user[2] + sys[2]), user[3] + sys[3], (user[1] + sys[1]) / (user[3] + sys[3])
  }' deleted="$work/deleted.csv" "$work/results.csv"

echo
echo "JMH, warm, in-process: the whole default cluster PKI (target <= 150 ms); 1,000 kubelet certificates issued and written (target < 1.5 s)"
# shellcheck disable=SC2086
"$java" -cp "$classpath" org.openjdk.jmh.Main 'ClusterPkiBenchmark|KubeletCertificatesBenchmark' $jmh_args -rf csv -rff "$work/jmh.csv" \
  | grep -E '^(Benchmark|ClusterPkiBenchmark|KubeletCertificatesBenchmark)'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
