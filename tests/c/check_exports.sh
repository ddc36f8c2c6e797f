#!/usr/bin/env bash
# The shared C ABI exports only qm_* symbols, every function qmark.h declares is among
# them, and its SONAME is libqmark.so.<C ABI major>.
#
#   usage: check_exports.sh LIBRARY QMARK_H SOVERSION
set -euo pipefail
lib=$1 header=$2 soversion=$3
status=0

exported=$(nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u)
if [ -z "$exported" ]; then
  echo "FAIL: $lib exports nothing"
  exit 1
fi
strays=$(grep -v '^qm_' <<<"$exported" || true)
if [ -n "$strays" ]; then
  echo "FAIL: $lib exports symbols outside the C ABI:"
  head -20 <<<"$strays" | sed 's/^/  /'
  status=1
else
  echo "ok: $(wc -l <<<"$exported") exported symbols, all qm_*"
fi

declared=$(grep -oE '^QM_API [^(]*\(' "$header" | grep -oE 'qm_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
undeclared=$(comm -13 <(echo "$declared") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "FAIL: declared in qmark.h but not exported:" $missing
  status=1
fi
if [ -n "$undeclared" ]; then
  echo "FAIL: exported but not declared in qmark.h:" $undeclared
  status=1
fi
[ -z "$missing$undeclared" ] && echo "ok: exports = the $(wc -l <<<"$declared") functions qmark.h declares"

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" = "libqmark.so.$soversion" ]; then
  echo "ok: SONAME $soname"
else
  echo "FAIL: SONAME is '$soname', expected libqmark.so.$soversion"
  status=1
fi
exit "$status"
