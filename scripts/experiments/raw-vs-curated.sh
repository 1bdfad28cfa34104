#!/usr/bin/env bash
# The RefinedWeb paper's central claim in miniature: the same model and token budget, trained on
# raw extracted web text versus the curated corpus, scored on held-out curated text (bits per byte).
#
#   scripts/experiments/raw-vs-curated.sh [STEPS] [SEEDS...]     (defaults: 150 steps, seeds 1 2 3)
#
# Writes everything under out/raw-vs-curated/, prints one line per run and the mean ± std, and records
# one row per run in datasets-sample/experiments/raw-vs-curated.csv (read by notebooks/13-pretraining).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
steps="${1:-150}"; shift || true
seeds=("${@:-1 2 3}"); [[ $# -eq 0 ]] && seeds=(1 2 3)
out=out/raw-vs-curated
csv=datasets-sample/experiments/raw-vs-curated.csv
mkdir -p "$out" "$(dirname "$csv")"

# 1. Raw: only main-text extraction. Curated: every stage.
./falconet curate --input datasets-sample/crawl --output "$out/raw" --stages text_extraction >/dev/null
./falconet curate --input datasets-sample/crawl --output "$out/curated" >/dev/null

# 2. Hold out a tenth of the curated documents (by id) and remove them from both training sets.
/usr/bin/python3 - "$out" <<'PY'
import glob, gzip, hashlib, json, sys
out = sys.argv[1]
def docs(d):
    for f in sorted(glob.glob(f"{out}/{d}/kept/*.jsonl.gz")):
        for line in gzip.open(f, "rt", encoding="utf-8"):
            yield json.loads(line)
held = lambda i: int(hashlib.sha256(i.encode()).hexdigest(), 16) % 10 == 0
curated = list(docs("curated"))
heldout = {d["id"] for d in curated if held(d["id"])}
with open(f"{out}/heldout.jsonl", "w") as h, open(f"{out}/curated-train.jsonl", "w") as c:
    for d in curated:
        (h if d["id"] in heldout else c).write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
with open(f"{out}/raw-train.jsonl", "w") as r:
    for d in docs("raw"):
        if d["id"] not in heldout:
            r.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
PY

# 3. One tokenizer for both, trained on the curated training text.
./falconet train-tokenizer --input "$out/curated-train.jsonl" --vocab-size 4096 --out "$out/tokenizer.json" >/dev/null

# 4. Same model, same budget, several seeds; bits per byte on the held-out curated text.
echo "corpus,seed,steps,batch_size,seq_len,documents,train_tokens,final_train_loss,bits_per_byte" >"$out/results.csv"
for corpus in raw curated; do
  for seed in "${seeds[@]}"; do
    run="$out/$corpus-seed$seed"
    rm -rf "$run"
    ./falconet train --data "$out/$corpus-train.jsonl" --tokenizer "$out/tokenizer.json" --config tiny \
      --out "$run" --steps "$steps" --batch-size 8 --seq-len 128 --seed "$seed" >"$run.log" 2>&1
    bpb=$(./falconet eval --model "$run" --task perplexity --data "$out/heldout.jsonl" 2>/dev/null \
      | awk '/^bits_per_byte/ {print $2}')
    echo "$corpus seed=$seed bits_per_byte=$bpb" | tee -a "$out/results.txt"
    read -r docs tokens < <(sed -n 's/^\([0-9]*\) documents, \([0-9]*\) training.*/\1 \2/p' "$run.log")
    loss=$(printf "%.4f" "$(tail -n 1 "$run/loss.csv" | cut -d, -f3)")
    echo "$corpus,$seed,$steps,8,128,$docs,$tokens,$loss,$bpb" >>"$out/results.csv"
  done
done
cp "$out/results.csv" "$csv"
awk '{split($3, a, "="); v[$1] = v[$1] " " a[2]} END {
  for (c in v) { n = split(v[c], x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; m = s / n; q = 0;
    for (i = 1; i <= n; i++) q += (x[i] - m) ^ 2; printf "%-8s bits/byte %.4f ± %.4f (n=%d)\n", c, m, sqrt(q / (n - 1)), n } }' \
  <(grep -E '^(raw|curated) ' "$out/results.txt" | tail -n $(( 2 * ${#seeds[@]} )))
