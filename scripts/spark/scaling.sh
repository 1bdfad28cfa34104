#!/usr/bin/env bash
# Scaling of the whole RefinedWeb pipeline on a synthetic crawl (docs/spark.md, "Scaling"):
#   scripts/spark/scaling.sh [MEGABYTES] [MODES]
# MEGABYTES: size of the synthetic WARC input, gzipped (default 50; the issue's figure is 1000).
# MODES: any of "local1 local2 spark1 spark2 cluster1 cluster2" (default all six, in that order):
#   the local runner on 1 and 2 threads, Spark local[1] and local[2], and spark-submit to a standalone
#   cluster of two one-core workers (separate JVMs on 127.0.0.1) with 1 and 2 executors.
# Environment: SEED (default 1), WORK (default /tmp/falconet-scaling-<MB>mb: the crawl, outputs and
# reports; the crawl is generated once per size and seed and reused), HEAP (the -Xmx of each mode's JVM;
# default 3g up to 100 MB, else 12g: the local runner's exact-substring stage holds a suffix array of the
# whole corpus's text, ~10 bytes per byte), NO_BUILD=1 to skip the Maven build.
# Each mode runs in a fresh JVM; the summary table comes last. Run it on a quiet machine for figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mb="${1:-50}"
modes="${2:-local1 local2 spark1 spark2 cluster1 cluster2}"
seed="${SEED:-1}"
work="${WORK:-/tmp/falconet-scaling-${mb}mb}"
if [[ -z "${HEAP:-}" ]]; then
  if (( mb <= 100 )); then heap=3g; else heap=12g; fi
else
  heap="$HEAP"
fi
case "$work" in "$root"|"$root"/*) echo "scaling.sh: WORK must be outside the repository" >&2; exit 1;; esac
mkdir -p "$work"
cd "$root"
if [[ -z "${NO_BUILD:-}" ]]; then
  echo "scaling.sh: building (mvn package -pl spark -am)..." >&2
  mvn -q -B -ntp -pl spark -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
fi
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")"
cp="$root/spark/target/test-classes:$root/spark/target/classes:$root/lib/target/classes:$(cat "$work/classpath.txt")"
bench() {
  # shellcheck disable=SC2086
  java $opens -Xss4m -Xmx"$heap" --add-modules jdk.incubator.vector -Dfalconet.repo="$root" \
    -Dorg.bytedeco.javacpp.platform.extension= -cp "$cp" org.falconet.spark.SparkScalingBenchmark "$@"
}
crawl="$work/crawl-seed$seed"
if [[ ! -f "$crawl/.complete" ]]; then
  rm -rf "$crawl"
  bench generate "$crawl" "$mb" "$seed"
  touch "$crawl/.complete"
fi
echo "scaling.sh: $(ls "$crawl"/*.warc.gz | wc -l) files, $(du -sh "$crawl" | cut -f1) in $crawl; load $(cut -d' ' -f1-3 /proc/loadavg)"
reports=()
for m in $modes; do
  rm -rf "$work/out-$m"
  bench run "$m" "$crawl" "$work/out-$m" "$work/report-$m.json"
  reports+=("$work/report-$m.json")
done
# Every mode must decide the same documents: the kept parts are compared byte for byte with the first mode's.
first=""
for m in $modes; do
  sum="$(cd "$work/out-$m/kept" && cat $(ls *.jsonl.gz | sort) | gzip -dc | md5sum | cut -d' ' -f1)"
  if [[ -z "$first" ]]; then first="$sum"; elif [[ "$sum" != "$first" ]]; then
    echo "scaling.sh: $m kept different documents than the first mode" >&2; exit 1
  fi
done
echo "scaling.sh: every mode kept the same documents, byte for byte (md5 $first)"
bench summary "${reports[@]}"
