#!/usr/bin/env bash
# Load time and memory of a model kept on the heap and left mapped: ./falconet bench-model under /usr/bin/time -v,
# RUNS times each, alternating. Prints the load time, decode tokens/s, resident memory after warm-up (bench-model's
# own figure) and the peak resident set (time -v; it includes bench-model's 1 GiB bandwidth probe).
#
#   scripts/model/load_memory.sh MODEL_DIR_OR_GGUF [RUNS]     (from the repository root; RUNS defaults to 2)
#
# Extra JVM options go through FALCONET_JAVA_OPTS as for ./falconet (e.g. -Dfalconet.vector.bits=256).
set -euo pipefail
model="${1:?usage: load_memory.sh MODEL_DIR_OR_GGUF [RUNS]}"
runs="${2:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v /usr/bin/time >/dev/null || { echo "load_memory.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
"$root/falconet" --version >/dev/null 2>&1                      # build first, outside the timings
echo "load average: $(cat /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
  for w in heap mapped; do
    out="$(FALCONET_JAVA_OPTS="${FALCONET_JAVA_OPTS:-} -Dfalconet.weights=$w" /usr/bin/time -v "$root/falconet" bench-model \
      --model "$model" --prompt-tokens 16 --decode-tokens 8 2>&1)"
    load="$(sed -n 's/.*loaded (mapped, or copied onto the heap) in \([0-9.]*\) s.*/\1/p' <<<"$out")"
    dec="$(sed -n 's/^decode: *[0-9]* tokens at \([0-9.]*\) tokens\/s.*/\1/p' <<<"$out")"
    res="$(sed -n 's/^resident memory after warm-up: \([0-9.]*\) GiB.*/\1/p' <<<"$out")"
    peak="$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' <<<"$out")"
    printf '%-6s run %d: load %6s s  decode %5s tok/s  resident after warm-up %5s GiB  peak %5.2f GiB\n' \
      "$w" "$i" "$load" "$dec" "$res" "$(awk -v k="$peak" 'BEGIN{print k/1048576}')"
  done
done
