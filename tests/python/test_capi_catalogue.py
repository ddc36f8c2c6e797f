"""The bad-input catalogue (tests/bad/cases.json) through the C ABI, driven with ctypes:
every case is refused with its catalogue code (qm_status_str of the status), JSON
Pointer and line:column, the out-parameter is left NULL, and qm_last_error() says why.
The C++ API (tests/cpp/test_bad_input.cpp) and the Python module
(test_python_errors.py) run the same cases.
"""
import ctypes
import json

import pytest

from bad_catalogue import case_input, catalogue
from test_capi_ctypes import c_handle, c_handle_p, declare, library_path

QM_OK = 0


@pytest.fixture(scope="module")
def lib():
    return declare(ctypes.CDLL(str(library_path())), {
        "qm_framework_load_json": (ctypes.c_int, [c_handle, ctypes.c_char_p, ctypes.c_size_t, c_handle_p]),
        "qm_framework_with_overlay_json": (ctypes.c_int,
                                           [c_handle, ctypes.c_char_p, ctypes.c_size_t, c_handle_p]),
        "qm_last_error_line": (ctypes.c_int, []),
        "qm_last_error_column": (ctypes.c_int, []),
    })


@pytest.fixture(scope="module")
def handles(lib):
    engine, bury = c_handle(), c_handle()
    assert lib.qm_engine_new(ctypes.byref(engine), None) == QM_OK
    assert lib.qm_framework_builtin(engine, b"bury-iqm", ctypes.byref(bury)) == QM_OK
    yield engine, bury
    lib.qm_framework_free(bury)
    lib.qm_engine_free(engine)


def as_bytes(source):
    return source if isinstance(source, bytes) else json.dumps(source).encode("utf-8")


@pytest.mark.parametrize("case", catalogue(), ids=lambda c: c["name"])
def test_bad_input_catalogue_through_the_c_abi(case, lib, handles):
    engine, bury = handles
    text = as_bytes(case_input(case))
    out = c_handle()
    if case["kind"] == "audit":
        status = lib.qm_assess_json(bury, text, len(text), ctypes.byref(out))
    elif case["kind"] == "framework":
        status = lib.qm_framework_load_json(engine, text, len(text), ctypes.byref(out))
    else:
        status = lib.qm_framework_with_overlay_json(bury, text, len(text), ctypes.byref(out))
    assert status < 0, "accepted"
    assert out.value is None, "a failed call left its out-parameter set"
    assert lib.qm_status_str(status).decode() == case["code"], lib.qm_last_error().decode()
    assert lib.qm_last_error_status() == status
    assert lib.qm_last_error()
    assert lib.qm_last_error_pointer().decode() == case["pointer"], lib.qm_last_error().decode()
    if "line" in case:
        assert (lib.qm_last_error_line(), lib.qm_last_error_column()) == (case["line"], case["column"])
