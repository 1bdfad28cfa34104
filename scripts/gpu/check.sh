#!/usr/bin/env bash
# The ND4J backend on an NVIDIA GPU, in one run: builds with -Pcuda, runs the parity tests (PyTorch fixtures,
# Java backend, greedy ids, incremental decoding, bf16, training gradients) on the GPU, prints each fixture's
# logits error, then prefill/decode tokens/s of the tiny, small and 7B-shaped (cut to 4 layers) models and the
# share of the GPU's memory bandwidth that decoding reaches, and one training step's tokens/s on a 20M shape.
#
# Usage: scripts/gpu/check.sh            (HBM_GBPS=3350 to state the GPU's peak bandwidth yourself)
# Needs: an NVIDIA driver (nvidia-smi), JDK 17, Maven and Maven Central (the -Pcuda artifacts are ~7 GB the
# first time: ND4J 1.0.0-M2.1's CUDA 11.6 build and JavaCPP's CUDA redistributable). Not yet run on a GPU.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "GPU"
if ! command -v nvidia-smi >/dev/null; then echo "no nvidia-smi: not a GPU machine"; exit 1; fi
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader
gpu="$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)"
# Peak memory bandwidth in GB/s from NVIDIA's data sheets, unless HBM_GBPS says otherwise.
case "$gpu" in
  *H200*) peak=4800 ;; *"H100 NVL"*) peak=3900 ;; *H100*PCIe*) peak=2000 ;; *H100*) peak=3350 ;;
  *A100*80GB*) peak=2039 ;; *A100*) peak=1555 ;; *) peak=0 ;;
esac
peak="${HBM_GBPS:-$peak}"
echo "peak memory bandwidth used for the share: ${peak} GB/s"

step "build -Pcuda"
log=lib/target/gpu-build.log; mkdir -p lib/target
if ! mvn -q -B -ntp -Pcuda -DskipTests package >"$log" 2>&1; then tail -40 "$log"; exit 1; fi
(mvn -q -B -ntp -Pcuda -pl lib test-compile \
  && mvn -q -B -ntp -Pcuda -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=lib/target/gpu-classpath.txt) \
  >>"$log" 2>&1 || { tail -40 "$log"; exit 1; }
cp="lib/target/test-classes:lib/target/classes:$(cat lib/target/gpu-classpath.txt)"
java -cp "$cp" org.falconet.model.nd4j.Nd4jDeviceMain 2>&1 | grep -v '^WARN' | tail -3

step "parity tests on the GPU"
timeout 900 mvn -B -ntp -Pcuda -pl lib surefire:test -Dtest='BackendParityTest,Nd4jTrainableFalconTest' \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E 'Tests run:|FAIL|expected|differ' | head -30

step "logits error against PyTorch, per fixture (nd4j on the GPU, f32 weights)"
for f in lib/src/test/resources/model-fixtures/*/; do
  ids=$(python3 -c "import json,sys; print(','.join(map(str, json.load(open('$f/expected.json'))['input_ids'])))")
  timeout 300 java -cp "$cp" org.falconet.model.nd4j.Nd4jDeviceMain logits "$f" "$ids" /tmp/falconet-gpu-logits.f32 >/dev/null 2>&1
  python3 - "$f" <<'PY'
import json, struct, sys
f = sys.argv[1]
exp = open(f + "/expected_logits.f32", "rb").read(); got = open("/tmp/falconet-gpu-logits.f32", "rb").read()
a = struct.unpack("<%df" % (len(exp) // 4), exp); b = struct.unpack("<%df" % (len(got) // 4), got)
print("%-22s max |logit - PyTorch| = %.2e" % (f.rstrip("/").split("/")[-1], max(abs(x - y) for x, y in zip(a, b))))
PY
done

bench() {
  timeout 600 java -Xmx24g --add-modules jdk.incubator.vector -cp "$cp" org.falconet.model.nd4j.BackendBenchmark "$@" 2>/dev/null \
    | awk -v peak="$peak" '{ print } /decode weight traffic/ { for (i = 1; i <= NF; i++) if ($i == "GB/s") gbs = $(i-1);
        if (peak > 0) printf "      decode reaches %.1f%% of the %d GB/s peak\n", 100 * gbs / peak, peak }'
}
step "prefill and decode (nd4j on the GPU; java on this host's CPU beside it for the small shape)"
bench infer tiny 4 f32 f32 64 32 nd4j
bench infer small 8 f32 f32 256 32 nd4j,java
bench infer 7b 4 bf16 f32 256 32 nd4j
bench infer 7b 4 bf16 bf16 256 32 nd4j
bench infer 7b 4 bf16 f16 256 32 nd4j

step "training step, 20M-parameter shape (d=512, 6 layers, vocab 8192), batch 8 x 256"
bench train 8192 512 6 8 8 256 5 nd4j
