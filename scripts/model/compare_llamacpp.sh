#!/usr/bin/env bash
# Falconet against llama.cpp on the same weights, one after the other on this machine: a random Falcon-7B-shaped
# checkpoint cut to $LAYERS layers (8: 2.25B parameters), written by Falconet as bf16 safetensors and converted by
# `falconet quantize` to F16 and Q8_0 GGUF files; llama-bench on the GGUF files, `falconet bench-model` on the bf16
# checkpoint and on the very F16 and Q8_0 files; then greedy ids from both on the Q8_0 file for three prompts.
#
#   scripts/model/compare_llamacpp.sh LLAMA_SRC [WORK]
#
# LLAMA_SRC: a llama.cpp source tree at the pinned commit below (the project cannot download it; e.g.
#   git -C llama.cpp.git archive $PINNED | tar x -C /tmp/llama.cpp). It is built here with cmake, outside the project.
# WORK: where the build, the weights (about 12 GB) and the outputs go (default /tmp/falconet-vs-llamacpp).
# Environment: LAYERS (8), THREADS (2), PROMPT (256, the F16 prefill), QPROMPT (64, the Q8_0 prefill), GEN (32).
# Needs cmake, a C++17 compiler and python3 (to read llama-bench's JSON). Numbers on a shared machine are noisy:
# compare the ratios of one run, and note the load average printed beside each measurement.
set -euo pipefail
PINNED=c392e5094deaf2d1a7c18683214f007fad3fe42b   # llama.cpp b4747-1, 2025-02-20: the build issue 24 measured

[ $# -ge 1 ] || { sed -n '2,16p' "$0"; exit 2; }
src=$(cd "$1" && pwd)
work=${2:-/tmp/falconet-vs-llamacpp}
LAYERS=${LAYERS:-8} THREADS=${THREADS:-2} PROMPT=${PROMPT:-256} QPROMPT=${QPROMPT:-64} GEN=${GEN:-32}
repo=$(cd "$(dirname "$0")/../.." && pwd)
fal="$repo/falconet"
mkdir -p "$work"

if rev=$(git -C "$src" rev-parse HEAD 2>/dev/null); then
  [ "$rev" = "$PINNED" ] || echo "warning: $src is at $rev, not the pinned $PINNED" >&2
else
  echo "note: $src is not a git checkout; make sure it is llama.cpp $PINNED" >&2
fi

echo "== building llama.cpp in $work/llama-build"
build="$work/llama-build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_SERVER=OFF >/dev/null
cmake --build "$build" -j"$THREADS" --target llama-bench llama >/dev/null
g++ -O2 -std=c++17 -I"$src/include" -I"$src/ggml/include" "$repo/scripts/model/llamacpp_greedy.cpp" \
  -L"$build/bin" -lllama -lggml -lggml-base -Wl,-rpath,"$build/bin" -o "$work/llamacpp_greedy"

echo "== weights ($LAYERS layers of Falcon-7B's shape)"
[ -f "$work/hf/model.safetensors" ] || "$fal" bench-model --config 7b --layers "$LAYERS" --dtype bf16 --dir "$work/hf" --write-only
tok="$repo/datasets-sample/tokenizer/falcon/tokenizer.json"
for t in f16 q8_0; do
  [ -f "$work/$t.gguf" ] || "$fal" quantize --model "$work/hf" --out "$work/$t.gguf" --type "$t" --tokenizer "$tok"
done

load() { cut -d' ' -f1 /proc/loadavg; }
# llama-bench: prefill of $2 tokens and decode of $GEN, two repetitions; prints "prefill decode" in tokens/s
llama_bench() {
  "$build/bin/llama-bench" -m "$1" -t "$THREADS" -p "$2" -n "$GEN" -r 2 -o json 2>/dev/null | python3 -c '
import json, sys
rows = json.load(sys.stdin)
pp = [r["avg_ts"] for r in rows if r["n_prompt"] > 0 and r["n_gen"] == 0]
tg = [r["avg_ts"] for r in rows if r["n_gen"] > 0 and r["n_prompt"] == 0]
print(pp[0], tg[0])'
}
# falconet bench-model on a model: prints "prefill decode" in tokens/s
falconet_bench() {
  "$fal" bench-model --model "$1" --prompt-tokens "$2" --decode-tokens "$GEN" --repetitions 2 | tee "$work/falconet-$3.log" \
    | awk '/^prefill:/ {p = $5} /^decode:/ {d = $5} END {print p, d}'
}

echo "== speed (threads $THREADS; load average before each run in brackets)"
l1=$(load); read -r lp lt < <(llama_bench "$work/f16.gguf" "$PROMPT")
l2=$(load); read -r fp ft < <(falconet_bench "$work/hf" "$PROMPT" bf16)
l5=$(load); read -r hfp hft < <(falconet_bench "$work/f16.gguf" "$PROMPT" f16)
l3=$(load); read -r qlp qlt < <(llama_bench "$work/q8_0.gguf" "$QPROMPT")
l4=$(load); read -r qfp qft < <(falconet_bench "$work/q8_0.gguf" "$QPROMPT" q8_0)
ratio() { python3 -c "print(f'{$2 / $1:.2f}x')"; }
fmt() { python3 -c "print(f'{$1:.2f}')"; }
printf '| %-34s | %-22s | %-22s | %s |\n' "tokens/s" "llama.cpp" "Falconet" "ratio"
printf '|---|---|---|---|\n'
printf '| %-34s | %-22s | %-22s | %s |\n' "decode, batch 1 (F16 vs bf16)" "$(fmt "$lt") [$l1]" "$(fmt "$ft") [$l2]" "$(ratio "$lt" "$ft")"
printf '| %-34s | %-22s | %-22s | %s |\n' "prefill $PROMPT (F16 vs bf16)" "$(fmt "$lp") [$l1]" "$(fmt "$fp") [$l2]" "$(ratio "$lp" "$fp")"
printf '| %-34s | %-22s | %-22s | %s |\n' "decode, batch 1 (F16, same file)" "$(fmt "$lt") [$l1]" "$(fmt "$hft") [$l5]" "$(ratio "$lt" "$hft")"
printf '| %-34s | %-22s | %-22s | %s |\n' "prefill $PROMPT (F16, same file)" "$(fmt "$lp") [$l1]" "$(fmt "$hfp") [$l5]" "$(ratio "$lp" "$hfp")"
printf '| %-34s | %-22s | %-22s | %s |\n' "decode, batch 1 (Q8_0, same file)" "$(fmt "$qlt") [$l3]" "$(fmt "$qft") [$l4]" "$(ratio "$qlt" "$qft")"
printf '| %-34s | %-22s | %-22s | %s |\n' "prefill $QPROMPT (Q8_0, same file)" "$(fmt "$qlp") [$l3]" "$(fmt "$qfp") [$l4]" "$(ratio "$qlp" "$qfp")"

# Random weights tend to repeat one token; the trained falconet-tiny (Q8_0 too) gives varied ids with small margins.
tiny="$repo/datasets-sample/models/falconet-tiny"
[ -f "$work/tiny-q8_0.gguf" ] || "$fal" quantize --model "$tiny" --out "$work/tiny-q8_0.gguf" --type q8_0 >/dev/null
for model in q8_0 tiny-q8_0; do
echo "== greedy ids on $work/$model.gguf, $GEN tokens"
tokfile=$([ "$model" = q8_0 ] && echo "$tok" || echo "$tiny/tokenizer.json")
for text in "The Falcon series of language models" "Common Crawl is a nonprofit that" "def fibonacci(n):"; do
  ids=$("$fal" tokenize --tokenizer "$tokfile" "$text" | tr ' ' ',')
  theirs=$("$work/llamacpp_greedy" "$work/$model.gguf" "$ids" "$GEN" "$THREADS" 2>"$work/margins.txt")
  ours=$("$fal" generate --model "$work/$model.gguf" --prompt-ids "$ids" --greedy --max-new-tokens "$GEN" --print-ids \
    --stop-id -1 | paste -sd, -)
  python3 - "$text" "$theirs" "$ours" "$(cat "$work/margins.txt")" <<'PY'
import sys
text, a, b = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
# the margins are the last line of numbers in the program's stderr; llama.cpp's own log lines come before it
m = [l for l in sys.argv[4].splitlines() if l and set(l) <= set("0123456789.,-+eE")][-1].split(",")
part = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
print(f"prompt {text!r}: llama.cpp {','.join(a)}")
print(f"{'':{len(text) + 10}} Falconet  {','.join(b)}")
if part is None and len(a) == len(b):
    print(f"  the same {len(a)} ids (smallest top-2 margin in llama.cpp's logits: {min(map(float, m)):.4f})")
else:
    print(f"  they part at step {part} (llama.cpp's top-2 margin there: {m[part]})")
PY
done
done
