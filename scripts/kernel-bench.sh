#!/usr/bin/env bash
# Prints the Falconet kernel's start-to-first-result time and a trivial cell's round-trip median.
# Usage: scripts/kernel-bench.sh [ROUNDS]   (needs Debian's python3-jupyter-client)
#        scripts/kernel-bench.sh --phases [ROUNDS] [CODE]   the round trip split into phases
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/falconet" kernel install --prefix "$tmp" >/dev/null
script=kernel_bench.py
if [[ "${1:-}" == "--phases" ]]; then script=kernel_phases.py; shift; fi
JUPYTER_PATH="$tmp/share/jupyter" /usr/bin/python3 "$root/scripts/$script" "$@"
