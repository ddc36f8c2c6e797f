#!/usr/bin/env bash
# Installs a built qmark into a temporary prefix (cmake --install), then builds and runs
# consumers of the installed package — find_package(qmark) linking qmark::capi,
# qmark::qmark and qmark::capi_static, and pkg-config (qmark, qmark-static) — each
# assessing examples/audits/bury-accredited.json and printing its outcome. Also uses the
# build tree as a package (qmark_DIR=BUILD_DIR) and checks that the .pc files relocate.
#
#   usage: test_install.sh BUILD_DIR SOURCE_DIR [CMAKE [GENERATOR [VERSION [SOVERSION]]]]
set -euo pipefail
build=$1 src=$2 cmake=${3:-cmake} generator=${4:-Ninja} version=${5:-} soversion=${6:-1}
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qmark-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
quietly() {  # runs a command, showing its output only when it fails
  local log=$tmp/step.log
  "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$*"; }
}

# ---- install --------------------------------------------------------------------------
quietly "$cmake" --install "$build" --prefix "$prefix"
so=$(find "$prefix" -name "libqmark.so.$soversion" | head -1)
[ -n "$so" ] || fail "libqmark.so.$soversion is not installed"
lib=$(dirname "$so")
for f in include/qmark.h include/qmark_version.h include/qmark/qmark.hpp include/qmark/version.hpp \
  include/qmark/decision.hpp share/qmark/frameworks/bury-iqm.json; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
for f in libqmark.so libqmark.a pkgconfig/qmark.pc cmake/qmark/qmarkConfig.cmake \
  cmake/qmark/qmarkConfigVersion.cmake cmake/qmark/qmarkTargets.cmake; do
  [ -e "$lib/$f" ] || fail "not installed: $lib/$f"
done
[ ! -e "$prefix/include/qmark/version.hpp.in" ] || fail "installed a template (version.hpp.in)"
echo "ok: installed into a fresh prefix (libraries in ${lib#"$prefix"/})"

audit=$src/examples/audits/bury-accredited.json
other=$src/examples/audits/bury-not-yet-accredited.json
expect_run() {  # NAME EXPECTED-LINE PROGRAM [ARGS…]: the program prints the expected line
  local name=$1 expected=$2 out
  shift 2
  out=$("$@") || fail "$name: exited with status $?"
  grep -qxF "$expected" <<<"$out" || {
    echo "$out" >&2
    fail "$name: did not print '$expected'"
  }
  echo "ok: $name: $expected"
}
# (ldd's output is captured first: with pipefail, `ldd | grep -q` fails when grep stops
# reading early.)
uses_installed_so() {  # PROGRAM: it loads libqmark.so from the prefix, not from the build tree
  local deps
  deps=$(ldd "$1")
  grep -qF "libqmark.so.$soversion => $lib/" <<<"$deps" || {
    echo "$deps" >&2
    fail "$1 does not load the installed libqmark.so.$soversion"
  }
}
static_only() {  # PROGRAM: it does not load libqmark.so at all
  local deps
  deps=$(ldd "$1")
  ! grep -q libqmark <<<"$deps" || fail "$1 loads libqmark.so"
}

# The installed command-line tool (when built) gives the build tree's bytes.
if [ -x "$build/qmark" ]; then
  [ -x "$prefix/bin/qmark" ] || fail "not installed: bin/qmark"
  cmp -s <("$prefix/bin/qmark" assess "$audit" --format json) <("$build/qmark" assess "$audit" --format json) ||
    fail "the installed qmark CLI and the build tree's disagree"
  echo "ok: installed qmark CLI"
fi

# ---- CMake: find_package(qmark) -----------------------------------------------------------
quietly "$cmake" -S "$src/tests/install/consumer" -B "$tmp/consumer" -G "$generator" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" -DQMARK_EXAMPLES_DIR="$src/examples" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="${CXX:-c++}"
quietly "$cmake" --build "$tmp/consumer"
expect_run "find_package, qmark::capi" "outcome: accredited" "$tmp/consumer/assess_c" "$audit"
expect_run "find_package, qmark::capi" "limiting failures: EHW.RES.7 PI.STAKE.6" "$tmp/consumer/assess_c" "$other"
uses_installed_so "$tmp/consumer/assess_c"
expect_run "find_package, qmark::qmark" "outcome: accredited" "$tmp/consumer/assess_cpp" "$audit"
expect_run "find_package, qmark::qmark" "outcome: not_yet_accredited" "$tmp/consumer/assess_cpp" "$other"
if [ -e "$tmp/consumer/assess_c_static" ]; then
  expect_run "find_package, qmark::capi_static" "outcome: accredited" "$tmp/consumer/assess_c_static" "$audit"
  static_only "$tmp/consumer/assess_c_static"
fi
cmp -s <("$tmp/consumer/assess_c" "$audit") <("$tmp/consumer/assess_cpp" "$audit") ||
  fail "the C and C++ examples print different things"
echo "ok: the C and C++ examples agree"

# The build tree itself is a package too (export()): qmark_DIR=BUILD_DIR.
quietly "$cmake" -S "$src/tests/install/consumer" -B "$tmp/from-build-tree" -G "$generator" \
  -DCMAKE_BUILD_TYPE=Release -Dqmark_DIR="$build" -DQMARK_EXAMPLES_DIR="$src/examples" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="${CXX:-c++}"
quietly "$cmake" --build "$tmp/from-build-tree" --target assess_c
expect_run "build tree, qmark::capi" "outcome: accredited" "$tmp/from-build-tree/assess_c" "$audit"

# The version file: SameMajorVersion refuses another major version.
mkdir -p "$tmp/wrong-major"
cat >"$tmp/wrong-major/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(wrong_major LANGUAGES NONE)
find_package(qmark 99 QUIET)
if(qmark_FOUND)
  message(FATAL_ERROR "find_package(qmark 99) accepted qmark ${qmark_VERSION}")
endif()
CMAKE
quietly "$cmake" -S "$tmp/wrong-major" -B "$tmp/wrong-major/build" -DCMAKE_PREFIX_PATH="$prefix"
echo "ok: find_package(qmark 99) is refused (SameMajorVersion)"

# ---- pkg-config -----------------------------------------------------------------------------
export PKG_CONFIG_PATH=$lib/pkgconfig
pkg-config --exists qmark || fail "pkg-config does not find qmark"
[ -z "$version" ] || [ "$(pkg-config --modversion qmark)" = "$version" ] || fail "qmark.pc has the wrong version"
# shellcheck disable=SC2046  # word splitting of pkg-config's flags is intended
quietly "$cc" -std=c99 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags qmark) "$src/examples/c/assess.c" \
  -o "$tmp/assess_pc" $(pkg-config --libs qmark) -Wl,-rpath,"$lib"
expect_run "pkg-config qmark" "outcome: accredited" "$tmp/assess_pc" "$audit"
uses_installed_so "$tmp/assess_pc"
if pkg-config --exists qmark-static; then
  # shellcheck disable=SC2046
  quietly "$cc" -std=c99 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags qmark-static) \
    "$src/examples/c/assess.c" -o "$tmp/assess_pc_static" $(pkg-config --libs qmark-static)
  expect_run "pkg-config qmark-static" "outcome: accredited" "$tmp/assess_pc_static" "$audit"
  static_only "$tmp/assess_pc_static"
fi

# The package is relocatable: move the prefix and its .pc files follow.
mv "$prefix" "$tmp/moved"
[ "$(PKG_CONFIG_PATH=${lib/$prefix/$tmp/moved}/pkgconfig pkg-config --variable=includedir qmark)" -ef \
  "$tmp/moved/include" ] || fail "qmark.pc is not relocatable"
echo "ok: relocatable"
echo "install test passed"
