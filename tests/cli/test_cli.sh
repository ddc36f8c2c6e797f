#!/usr/bin/env bash
# Tests of the qmark command line: outputs and exit statuses (SPEC §4.4).
# Usage: QMARK_CLI=path/to/qmark test_cli.sh SOURCE_DIR
set -u
root="$1"
cli="${QMARK_CLI:?set QMARK_CLI}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect STATUS DESCRIPTION -- command…  (stdout → $tmp/out, stderr → $tmp/err)
expect() {
  local want="$1" what="$2"
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else fail "$what: exit $got, expected $want"; cat "$tmp/err"; fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else fail "$3: '$2' not in $(basename "$1")"; fi
}

ex="$root/examples/audits"

expect 0 "frameworks" -- "$cli" frameworks
contains "$tmp/out" "bury-iqm" "frameworks lists bury-iqm"

expect 0 "assess text" -- "$cli" assess "$ex/bury-not-yet-accredited.json"
contains "$tmp/out" "Not yet accredited" "text outcome"
contains "$tmp/out" "EHW.RES.7" "text limiting failure"

expect 0 "assess json" -- "$cli" assess "$ex/bury-accredited.json" --format json
cp "$tmp/out" "$tmp/first.json"
contains "$tmp/out" '"qmark": "decision/1"' "json format tag"
contains "$tmp/out" '"outcome": "accredited"' "json outcome"
expect 0 "assess json again" -- "$cli" assess "$ex/bury-accredited.json" --format json
if cmp -s "$tmp/out" "$tmp/first.json"; then ok; else fail "same input, same bytes"; fi

expect 0 "assess with overlay" -- "$cli" assess "$ex/bury-accredited.json" --overlay "$root/examples/overlays/bury-la-example.json" --format json
contains "$tmp/out" '"id": "bury-la-example"' "decision records the overlay"

expect 0 "trace" -- "$cli" assess "$ex/bury-not-yet-accredited.json" --trace
contains "$tmp/out" "bury.accredited" "trace names the outcome rule"

printf '{"qmark": "audit/1", "framework": "bury-iqm",\n  "school": {"id": "x"}, }' >"$tmp/malformed.json"
expect 2 "malformed JSON" -- "$cli" assess "$tmp/malformed.json"
contains "$tmp/err" "malformed.json" "error names the file"
contains "$tmp/err" "line 2" "error gives the line"

sed 's/"WSA.ETHOS.2": "met"/"WSA.ETHOS.99": "met"/' "$ex/bury-accredited.json" >"$tmp/unknown-node.json"
expect 2 "unknown node" -- "$cli" assess "$tmp/unknown-node.json"
contains "$tmp/err" "/judgements/WSA.ETHOS.99" "error gives the JSON Pointer"
contains "$tmp/err" "unknown_node" "error gives the code"

sed 's/"framework": "bury-iqm"/"framework": "nowhere"/' "$ex/bury-accredited.json" >"$tmp/unknown-fw.json"
expect 2 "unknown framework" -- "$cli" assess "$tmp/unknown-fw.json"
contains "$tmp/err" "unknown_framework" "unknown framework code"

expect 1 "missing file" -- "$cli" assess "$tmp/does-not-exist.json"
expect 2 "bad option" -- "$cli" assess "$ex/bury-accredited.json" --format yaml

expect 0 "validate" -- "$cli" validate "$ex"/*.json "$root/examples/overlays/bury-la-example.json" "$root/frameworks/bury-iqm.json"
contains "$tmp/out" "valid audit/1" "validate reports audits"
expect 2 "validate bad" -- "$cli" validate "$ex/bury-accredited.json" "$tmp/unknown-node.json"
contains "$tmp/out" "bury-accredited.json: valid" "validate goes on past a bad file"

expect 0 "show" -- "$cli" show bury-iqm
contains "$tmp/out" "WSA.ETHOS.1" "show lists nodes"
expect 0 "show node" -- "$cli" show bury-iqm EHW.RES.7
contains "$tmp/out" "There are no recent incidents of permanent exclusions." "show node statement"
expect 2 "show unknown node" -- "$cli" show bury-iqm NOPE

# development plans
plans="$root/examples/plans"
expect 0 "check-plan compliant" -- "$cli" check-plan "$plans/plan-compliant.json" --format json
contains "$tmp/out" '"verdict": "compliant"' "compliant verdict"
contains "$tmp/out" '"qmark": "compliance/1"' "compliance format tag"
expect 0 "check-plan failing (still exit 0)" -- "$cli" check-plan "$plans/plan-fails-post-inspection.json"
contains "$tmp/out" "NOT compliant" "text verdict"
contains "$tmp/out" "SDP.POST_INSPECTION" "names the failing rule"
sed 's/"as_of": "2026-10-01"/"as_of": "2026-13-01"/' "$plans/plan-compliant.json" >"$tmp/bad-plan.json"
expect 2 "check-plan invalid date" -- "$cli" check-plan "$tmp/bad-plan.json"
contains "$tmp/err" "/as_of" "plan error pointer"
expect 0 "validate plan" -- "$cli" validate "$plans/plan-compliant.json"

# crosswalk
expect 0 "crosswalk" -- "$cli" crosswalk "$ex/bury-accredited.json" --to wales-iqm
contains "$tmp/out" '"from_framework": "bury-iqm"' "candidate evidence names its source"
expect 2 "crosswalk with no built-in crosswalk" -- "$cli" crosswalk "$ex/kcc-advanced.json" --to wales-iqm

# reports
expect 0 "assess md" -- "$cli" assess "$ex/bury-not-yet-accredited.json" --format md
contains "$tmp/out" "## Limiting failures" "markdown heading"
expect 0 "assess html" -- "$cli" assess "$ex/wales-iqm-silver.json" --format html
contains "$tmp/out" "<!DOCTYPE html>" "html document"
expect 0 "report" -- "$cli" report "$ex/bury-not-yet-accredited.json" --html "$tmp/report.html"
contains "$tmp/report.html" "Not yet accredited" "report outcome"
contains "$tmp/report.html" "EHW.RES.7" "report limiting failure"
if grep -qE '(src|href)="(https?:)?//' "$tmp/report.html"; then fail "report loads nothing from the network"; else ok; fi
expect 1 "report into a missing directory" -- "$cli" report "$ex/bury-accredited.json" --html "$tmp/no/such/dir/r.html"
if [ -e "$tmp/no/such/dir/r.html.tmp" ]; then fail "no partial report left"; else ok; fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
