#!/usr/bin/env bash
# The main job: build qmark and assess the shipped example audit, printing the decision.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/build.sh"
build="${QMARK_BUILD_DIR:-$root/build}"
exec "$build/qmark" assess "$root/examples/audits/bury-not-yet-accredited.json" "$@"
