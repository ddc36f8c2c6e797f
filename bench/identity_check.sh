#!/usr/bin/env bash
# Byte-identity check for engine changes: every output (decision/1 with and without the
# trace, to_json, to_text, HTML, Markdown, the C ABI's accessors) for every generated
# audit, the examples and the test corpus, written by bench/identity_dump.cpp.
#
#   bash bench/identity_check.sh BUILD_DIR OUT_FILE [REFERENCE_FILE]
#
# BUILD_DIR must hold libqmark.a and capi/libqmark.so (a bench build: build-bench; its
# bench-data/ is used when present). With REFERENCE_FILE, the output is compared with it
# (exit 1 on any difference). Write the reference with the code before the change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "$1" && pwd)" out="$2" ref="${3:-}"
"${CXX:-g++}" -std=c++17 -O1 -I"$root/include" -I"$build/include" -I"$root/capi/include" -I"$build/capi/include" \
  "$root/bench/identity_dump.cpp" -o "$build/identity_dump" "$build/libqmark.a" \
  -Wl,-rpath,"$build/capi" "$build/capi/libqmark.so"
files=("$root"/examples/audits/*.json "$root"/tests/fuzz/corpus/audit/*)
data="${QMARK_BENCH_DATA:-$build/bench-data}"
if [[ -d "$data/la" ]]; then
  for fw in "$data"/la/*/; do files+=("$fw"*.json); done
fi
if [[ -f "$data/national/bury-iqm.jsonl" ]]; then
  # the first 2,000 of the national set: one stream, so the reused Decision sees many audits
  head -n 2000 "$data/national/bury-iqm.jsonl" > "$build/identity_national.jsonl"
  files+=("$build/identity_national.jsonl")
fi
"$build/identity_dump" "${files[@]}" > "$out"
echo "identity_check: $(grep -c '^=== ' "$out") audits, $(wc -c < "$out") bytes -> $out"
if [[ -n "$ref" ]]; then
  if cmp -s "$out" "$ref"; then echo "identity_check: identical to $ref"
  else echo "identity_check: DIFFERS from $ref"; diff "$ref" "$out" | head -20; exit 1; fi
fi
