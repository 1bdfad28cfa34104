#!/usr/bin/env bash
# Training throughput of Falconet (every core) and PyTorch on the same Falcon shape, one after the
# other; PyTorch runs with 1 thread (Debian's build's default here) and with every core, and the ratio
# is taken against the faster of the two. Falconet also prints ND4J's sgemm GFLOP/s.
# Usage: scripts/train/bench.sh [VOCAB HIDDEN LAYERS HEADS BATCH SEQ STEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
args=("$@")
[[ $# -eq 0 ]] && args=(4096 128 4 4 12 64 10)
cpfile="$root/lib/target/bench-classpath.txt"
log="$root/lib/target/bench-build.log"; mkdir -p "$root/lib/target"
(cd "$root" && mvn -q -B -ntp -o -pl lib -am test-compile \
  && mvn -q -B -ntp -o -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile") \
  >"$log" 2>&1 || { cat "$log"; exit 1; }
cp="$root/lib/target/test-classes:$root/lib/target/classes:$(cat "$cpfile")"
echo "load: $(uptime | sed 's/.*load average: //')"
j=$(java --add-modules jdk.incubator.vector -cp "$cp" org.falconet.train.TrainingBenchmark "${args[@]}" 2>/dev/null | grep -E '^(falconet|sgemm)')
p1=$(TORCH_THREADS=1 /usr/bin/python3 "$root/scripts/train/bench_torch.py" "${args[@]}")
pn=$(TORCH_THREADS="$(nproc)" /usr/bin/python3 "$root/scripts/train/bench_torch.py" "${args[@]}")
echo "$j"; echo "$p1"; echo "$pn"
tps() { sed -E 's/.* ([0-9]+) tokens\/s.*/\1/' <<<"$1"; }
jt=$(tps "$(grep '^falconet' <<<"$j")"); pt=$(( $(tps "$p1") > $(tps "$pn") ? $(tps "$p1") : $(tps "$pn") ))
awk -v a="$jt" -v b="$pt" 'BEGIN { printf "ratio falconet/pytorch (faster thread setting): %.2f\n", a / b }'
