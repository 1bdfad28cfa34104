#!/usr/bin/env bash
# Training throughput of Falconet and PyTorch on the same Falcon shape, one after the other.
# Usage: scripts/train/bench.sh [VOCAB HIDDEN LAYERS HEADS BATCH SEQ STEPS]   (run ./falconet once first to build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
args=("${@:-4096 128 4 4 12 64 10}")
[[ $# -eq 0 ]] && args=(4096 128 4 4 12 64 10)
(cd "$root" && mvn -q -B -ntp -o -pl lib test-compile)
cp="$root/lib/target/test-classes:$root/lib/target/classes:$(cat "$root/cli/target/classpath.txt")"
j=$(java --add-modules jdk.incubator.vector -cp "$cp" org.falconet.train.TrainingBenchmark "${args[@]}" 2>/dev/null)
p=$(/usr/bin/python3 "$root/scripts/train/bench_torch.py" "${args[@]}")
echo "$j"; echo "$p"
jt=$(sed -E 's/.* ([0-9]+) tokens\/s.*/\1/' <<<"$j"); pt=$(sed -E 's/.* ([0-9]+) tokens\/s.*/\1/' <<<"$p")
awk -v a="$jt" -v b="$pt" 'BEGIN { printf "ratio falconet/pytorch: %.2f\n", a / b }'
