#!/usr/bin/env bash
# The java and nd4j backends side by side in one JVM on the same random weights: prefill and decode
# tokens/s (small shape, and the 7B shape cut to 2 layers), then training tokens/s (5M-parameter shape).
# Usage: scripts/model/backend-bench.sh   (CPU build; add MAVEN_ARGS=-Pcuda to benchmark a GPU build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cpfile="$root/lib/target/bench-classpath.txt"
log="$root/lib/target/bench-build.log"; mkdir -p "$root/lib/target"
(cd "$root" && mvn -q -B -ntp ${MAVEN_ARGS:-} -pl lib -am test-compile \
  && mvn -q -B -ntp ${MAVEN_ARGS:-} -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile") \
  >"$log" 2>&1 || { cat "$log"; exit 1; }
cp="$root/lib/target/test-classes:$root/lib/target/classes:$(cat "$cpfile")"
run() { java -Xmx8g --add-modules jdk.incubator.vector -cp "$cp" org.falconet.model.nd4j.BackendBenchmark "$@" 2>/dev/null; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
run infer small 8 f32 f32 64 16 java,nd4j
run infer 7b 2 f32 f32 64 8 java,nd4j
run train 8192 256 6 8 8 128 5 java,nd4j
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
