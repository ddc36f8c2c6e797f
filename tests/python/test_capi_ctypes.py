"""The C ABI (capi/include/qmark.h) driven from Python with ctypes alone, as a vendor's
product in another language would drive it.

The shared library is found under $QMARK_BUILD_DIR (default: build/), the CLI is
$QMARK_BUILD_DIR/qmark. Every example audit's decision/1 document from the C ABI must be
byte for byte what `qmark assess FILE --format json` prints. A missing library or CLI is a
failure, not a skip: this test exists to prove they were built.
"""
import ctypes
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("QMARK_BUILD_DIR", ROOT / "build"))
AUDITS = sorted((ROOT / "examples" / "audits").glob("*.json"))
SONAME = "libqmark.so.1"

QM_OK = 0
QM_E_MALFORMED_JSON = -1
QM_E_WRONG_FORMAT = -2
QM_E_UNKNOWN_FRAMEWORK = -4
QM_E_UNKNOWN_NODE = -6
QM_E_NULL_ARGUMENT = -100

c_handle = ctypes.c_void_p
c_handle_p = ctypes.POINTER(ctypes.c_void_p)


def library_path():
    preferred = BUILD / "capi" / SONAME
    if preferred.exists():
        return preferred
    found = sorted(BUILD.glob(f"**/{SONAME}"))
    assert found, f"{SONAME} was not built under {BUILD} (set QMARK_BUILD_DIR, run scripts/build.sh)"
    return found[0]


def declare(lib, extra=None):
    """Declares the C ABI functions these tests call (and `extra`: name → (restype, argtypes))."""
    signatures = {
        "qm_version": (ctypes.c_char_p, []),
        "qm_status_str": (ctypes.c_char_p, [ctypes.c_int]),
        "qm_last_error": (ctypes.c_char_p, []),
        "qm_last_error_pointer": (ctypes.c_char_p, []),
        "qm_last_error_status": (ctypes.c_int, []),
        "qm_engine_new": (ctypes.c_int, [c_handle_p, c_handle]),
        "qm_engine_free": (None, [c_handle]),
        "qm_framework_builtin": (ctypes.c_int, [c_handle, ctypes.c_char_p, c_handle_p]),
        "qm_framework_free": (None, [c_handle]),
        "qm_assess_json": (ctypes.c_int, [c_handle, ctypes.c_char_p, ctypes.c_size_t, c_handle_p]),
        "qm_assess_batch_json": (
            ctypes.c_int,
            [c_handle, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t), ctypes.c_size_t,
             ctypes.c_uint32, c_handle_p, ctypes.POINTER(ctypes.c_int), c_handle_p],
        ),
        # char ** out-parameters are read as void * so that the exact pointer goes back to
        # qm_string_free (a c_char_p result would be copied into a Python bytes object).
        "qm_decision_to_json": (ctypes.c_int, [c_handle, c_handle_p, ctypes.POINTER(ctypes.c_size_t)]),
        "qm_decision_outcome": (ctypes.c_char_p, [c_handle]),
        "qm_decision_free": (None, [c_handle]),
        "qm_string_free": (None, [c_handle]),
    }
    signatures.update(extra or {})
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


@pytest.fixture(scope="module")
def lib():
    return declare(ctypes.CDLL(str(library_path())))


@pytest.fixture(scope="module")
def engine(lib):
    handle = c_handle()
    assert lib.qm_engine_new(ctypes.byref(handle), None) == QM_OK, lib.qm_last_error()
    yield handle
    lib.qm_engine_free(handle)


@pytest.fixture(scope="module")
def frameworks(lib, engine):
    loaded = {}
    yield loaded
    for handle in loaded.values():
        lib.qm_framework_free(handle)


def framework(lib, engine, frameworks, framework_id):
    if framework_id not in frameworks:
        handle = c_handle()
        status = lib.qm_framework_builtin(engine, framework_id.encode(), ctypes.byref(handle))
        assert status == QM_OK, (framework_id, lib.qm_last_error().decode())
        frameworks[framework_id] = handle
    return frameworks[framework_id]


def decision_json(lib, decision):
    out, length = c_handle(), ctypes.c_size_t()
    assert lib.qm_decision_to_json(decision, ctypes.byref(out), ctypes.byref(length)) == QM_OK
    try:
        return ctypes.string_at(out, length.value)
    finally:
        lib.qm_string_free(out)


def assess(lib, fw, text):
    decision = c_handle()
    status = lib.qm_assess_json(fw, text, len(text), ctypes.byref(decision))
    return status, decision


def cli_decision(path):
    cli = BUILD / "qmark"
    assert cli.exists(), f"the qmark CLI was not built at {cli}"
    run = subprocess.run([str(cli), "assess", str(path), "--format", "json"], capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode()
    return run.stdout


def test_the_library_is_built_with_its_soname():
    path = library_path()
    assert path.name == SONAME
    assert path.resolve().exists()


def test_version_matches_the_project(lib):
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    version = re.search(r"project\(qmark VERSION ([0-9.]+)", cmake).group(1)
    assert lib.qm_version().decode() == version
    assert lib.qm_status_str(QM_OK) == b"ok"
    assert lib.qm_status_str(QM_E_UNKNOWN_NODE) == b"unknown_node"


def test_there_are_example_audits():
    assert len(AUDITS) >= 2


@pytest.mark.parametrize("path", AUDITS, ids=lambda p: p.name)
def test_decision_json_is_byte_identical_to_the_cli(lib, engine, frameworks, path):
    text = path.read_bytes()
    fw = framework(lib, engine, frameworks, json.loads(text)["framework"])
    status, decision = assess(lib, fw, text)
    assert status == QM_OK, lib.qm_last_error().decode()
    try:
        from_c = decision_json(lib, decision)
        assert from_c == cli_decision(path)
        assert lib.qm_decision_outcome(decision).decode() == json.loads(from_c)["outcome"]
    finally:
        lib.qm_decision_free(decision)


def test_batch_gives_the_same_bytes_as_the_cli(lib, engine, frameworks):
    by_framework = {}
    for path in AUDITS:
        by_framework.setdefault(json.loads(path.read_bytes())["framework"], []).append(path)
    for framework_id, paths in by_framework.items():
        fw = framework(lib, engine, frameworks, framework_id)
        texts = [p.read_bytes() for p in paths]
        n = len(texts)
        docs = (ctypes.c_char_p * n)(*texts)
        lens = (ctypes.c_size_t * n)(*(len(t) for t in texts))
        decisions = (c_handle * n)()
        statuses = (ctypes.c_int * n)()
        status = lib.qm_assess_batch_json(fw, docs, lens, n, 4, decisions, statuses, None)
        assert status == QM_OK, lib.qm_last_error().decode()
        try:
            for i, path in enumerate(paths):
                assert statuses[i] == QM_OK
                assert decision_json(lib, decisions[i]) == cli_decision(path), path.name
        finally:
            for d in decisions:
                lib.qm_decision_free(d)


def test_an_error_gives_a_negative_status_and_a_message_with_the_json_pointer(lib, engine, frameworks):
    audit = json.loads((ROOT / "examples" / "audits" / "bury-accredited.json").read_bytes())
    fw = framework(lib, engine, frameworks, audit["framework"])
    audit["judgements"]["NO.SUCH.NODE"] = "met"
    text = json.dumps(audit).encode()
    status, decision = assess(lib, fw, text)
    assert status < 0 and status == QM_E_UNKNOWN_NODE
    assert decision.value is None
    assert lib.qm_last_error_status() == status
    assert lib.qm_last_error_pointer() == b"/judgements/NO.SUCH.NODE"
    message = lib.qm_last_error().decode("utf-8")
    assert "(at /judgements/NO.SUCH.NODE)" in message


def test_malformed_json_and_invalid_utf8_are_errors_not_crashes(lib, engine, frameworks):
    fw = framework(lib, engine, frameworks, "bury-iqm")
    for text, expected in [
        (b"", QM_E_MALFORMED_JSON),
        (b"{", QM_E_MALFORMED_JSON),
        (b'{"qmark": "audit/1", "framework": "\xff\xfe"}', QM_E_MALFORMED_JSON),
        (b'{"qmark": "audit/1"}\x00{', QM_E_MALFORMED_JSON),
        (b'{"qmark": "framework/1"}', QM_E_WRONG_FORMAT),
    ]:
        status, decision = assess(lib, fw, text)
        assert status == expected, (text, lib.qm_last_error())
        assert decision.value is None
        lib.qm_last_error().decode("utf-8")  # messages stay valid UTF-8 whatever the input
    status, decision = assess(lib, None, b"{}")
    assert status == QM_E_NULL_ARGUMENT
    unknown = c_handle()
    assert lib.qm_framework_builtin(engine, b"no-such-framework", ctypes.byref(unknown)) == QM_E_UNKNOWN_FRAMEWORK
    assert unknown.value is None


def test_the_last_error_is_per_thread(lib, engine, frameworks):
    fw = framework(lib, engine, frameworks, "bury-iqm")
    assess(lib, fw, b"{")
    mine = lib.qm_last_error()
    seen = {}

    def other_thread():
        seen["before"] = lib.qm_last_error()
        assess(lib, fw, b'{"qmark": "plan/1"}')
        seen["after"] = lib.qm_last_error_status()

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert seen["before"] == b""
    assert seen["after"] == QM_E_WRONG_FORMAT
    assert lib.qm_last_error() == mine
    assert lib.qm_last_error_status() == QM_E_MALFORMED_JSON
