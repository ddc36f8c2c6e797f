"""qmark's errors in Python: one QmarkError subclass per qmark::errc code, carrying code,
message, pointer, line and column. The bad-input catalogue (tests/bad/cases.json), which
the C++ tests run against the C++ loaders, is run again here through the Python API."""

import pickle

import pytest

from bad_catalogue import case_input, catalogue
from qmark_support import ROOT, example_audit, qmark, variant



def class_name(code):
    name = "".join(part.capitalize() for part in code.split("_"))
    return name if name.endswith("Error") else name + "Error"


def test_every_error_code_has_its_own_class():
    codes = qmark._qmark.error_codes()
    assert codes[0] == "malformed_json" and codes[-1] == "internal" and "ok" not in codes
    assert sorted(qmark.ERROR_CLASSES) == sorted(codes)
    classes = list(qmark.ERROR_CLASSES.values())
    assert len(set(classes)) == len(classes)
    for code, cls in qmark.ERROR_CLASSES.items():
        assert issubclass(cls, qmark.QmarkError) and cls is not qmark.QmarkError
        assert cls.code == code
        assert cls.__name__ == class_name(code)
        assert getattr(qmark, cls.__name__) is cls, f"qmark.{cls.__name__} is exported"
        assert cls.__doc__ and cls.__doc__.strip()


@pytest.mark.parametrize("code", [
    "malformed_json", "wrong_format", "unsupported_version", "unknown_framework", "invalid_document",
    "unknown_node", "unknown_level", "unknown_parameter", "duplicate_id", "invalid_date", "unknown_kind",
    "unknown_group", "negative_count", "not_judgeable", "cycle", "overlay_mismatch", "io_error",
    "limit_exceeded", "invalid_argument", "internal"])
def test_native_errors_become_their_class(code):
    inner = qmark._errors._from_native("duplicate_id", "also this", "/x/0", 0, 0, [])
    e = qmark._errors._from_native(code, "what is wrong", "/a/b", 0, 0, [inner])
    assert type(e) is qmark.ERROR_CLASSES[code]
    assert (e.code, e.message, e.pointer, e.line, e.column) == (code, "what is wrong", "/a/b", None, None)
    assert e.more == [inner] and isinstance(inner, qmark.DuplicateIdError)
    assert str(e) == "what is wrong (at /a/b) (and 1 more problem)"
    assert repr(e) == f"{class_name(code)}('what is wrong', code='{code}', pointer='/a/b')"


def test_an_unknown_code_is_still_a_qmark_error():
    e = qmark._errors._from_native("something_new", "m", "", 3, 4, [])
    assert type(e) is qmark.QmarkError and e.code == "something_new"
    assert (e.pointer, e.line, e.column) == (None, 3, 4)
    assert str(e) == "m (at line 3, column 4)"


def test_errors_are_also_builtin_exceptions_where_that_fits():
    assert issubclass(qmark.IoError, OSError)
    assert issubclass(qmark.InvalidArgumentError, ValueError)
    e = qmark.IoError("cannot read")
    assert e.code == "io_error" and str(e) == "cannot read"


def test_errors_pickle():
    try:
        qmark.load_framework({"qmark": "framework/1"})
    except qmark.QmarkError as caught:
        e = caught
    copy_ = pickle.loads(pickle.dumps(e))
    assert type(copy_) is type(e)
    assert (copy_.code, copy_.message, copy_.pointer, copy_.line, copy_.column) == \
        (e.code, e.message, e.pointer, e.line, e.column)
    assert [m.code for m in copy_.more] == [m.code for m in e.more]
    assert str(copy_) == str(e)
    io = qmark.IoError("x", index=3)
    assert pickle.loads(pickle.dumps(io)).index == 3
    assert isinstance(pickle.loads(pickle.dumps(io)), OSError)


def test_malformed_json_has_line_and_column():
    with pytest.raises(qmark.MalformedJsonError) as e:
        qmark.framework("bury-iqm").assess('{\n  "qmark": "audit/1",\n}')
    assert (e.value.line, e.value.column) == (3, 1)
    assert e.value.pointer is None
    assert str(e.value).endswith("(at line 3, column 1)")


def test_errors_raised_by_the_python_layer():
    fw = qmark.framework("bury-iqm")
    with pytest.raises(qmark.UnknownFrameworkError):
        qmark.framework("nope")
    with pytest.raises(qmark.UnknownFrameworkError):
        qmark.assess(variant(example_audit(), framework="nope"))
    with pytest.raises(qmark.IoError):
        qmark.load_overlay(ROOT / "missing.json")
    with pytest.raises(qmark.InvalidArgumentError):
        fw.assess_many([], threads=-2)
    with pytest.raises(qmark.InvalidArgumentError):
        fw.assess({"qmark": "audit/1", "nan": float("nan")})
    with pytest.raises(qmark.QmarkError):
        qmark._qmark.Framework.load("{}")


# ----------------------------------------------------------------------------- catalogue


@pytest.mark.parametrize("case", catalogue(), ids=lambda c: c["name"])
def test_bad_input_catalogue_through_python(case):
    source = case_input(case)
    with pytest.raises(qmark.QmarkError) as e:
        if case["kind"] == "audit":
            qmark.framework("bury-iqm").assess(source)
        elif case["kind"] == "framework":
            qmark.load_framework(source)
        else:
            qmark.framework("bury-iqm").with_overlay(qmark.load_overlay(source))
    error = e.value
    assert type(error) is qmark.ERROR_CLASSES[case["code"]], f"{error!r}"
    assert error.code == case["code"]
    assert error.pointer == (case["pointer"] or None), f"{error!r}"
    if "line" in case:
        assert (error.line, error.column) == (case["line"], case["column"])
    assert error.message
