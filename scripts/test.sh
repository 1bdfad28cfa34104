#!/usr/bin/env bash
# ./falconet test: every test of the project, the one command CI runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-test-deps.sh
# Unit tests (Surefire, *Test), then integration tests and notebook runs (Failsafe, *IT).
exec mvn -B -ntp ${FALCONET_MAVEN_ARGS:-} verify "$@"
