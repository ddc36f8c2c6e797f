"""The type stubs match the module: every public name of qmark and qmark._qmark is declared
in __init__.pyi / _qmark.pyi and every declared name exists, class members and function
parameters included. The stubs and py.typed ship next to the module."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from qmark_support import ROOT, qmark

SOURCE = ROOT / "bindings" / "python" / "qmark"


def stub_names(tree):
    """Module-level names a stub declares, and for each class the members it declares."""
    names, classes = {}, {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and alias.asname == alias.name:  # explicit re-export
                    names[alias.name] = node
        if isinstance(node, ast.ClassDef):
            members = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.setdefault(item.name, item)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members[item.target.id] = item
            classes[node.name] = members
    return names, classes


def public(names):
    return {n for n in names if not n.startswith("_") or n == "__version__"}


def parse(name):
    return ast.parse((SOURCE / name).read_text(encoding="utf-8"))


def stub_parameters(function):
    args = function.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg != "self"]


def test_stubs_and_py_typed_ship_with_the_built_package():
    package = Path(qmark.__file__).parent
    for name in ("__init__.pyi", "_qmark.pyi", "py.typed"):
        assert (package / name).exists(), f"{name} is missing from {package}"
        assert (package / name).read_bytes() == (SOURCE / name).read_bytes(), f"{name} is stale in {package}"


def test_qmark_public_names_match_the_stub():
    names, _ = stub_names(parse("__init__.pyi"))
    module = public(n for n in dir(qmark) if not isinstance(getattr(qmark, n), type(qmark)) or n == "plot")
    assert public(names) - {"Source"} == module - {"Source"}
    assert "Source" in names and "Source" in module
    assert set(qmark.__all__) == module


def test_qmark_classes_match_the_stub():
    _, classes = stub_names(parse("__init__.pyi"))
    for name, members in classes.items():
        cls = getattr(qmark, name)
        real = {m for m in vars(cls) if not m.startswith("_")}
        if cls is qmark.QmarkError:
            real |= {m for m in vars(cls("x")) if not m.startswith("_")}  # instance attributes
        elif issubclass(cls, qmark.QmarkError):
            real -= {"code"}  # each class sets its own; declared once, on QmarkError
        declared = {m for m in members if not m.startswith("_")}
        assert declared == real, f"{name}: stub {sorted(declared ^ real)} differ"
        for member, node in members.items():
            assert hasattr(cls, member) or hasattr(cls("x") if issubclass(cls, BaseException) else cls, member)
            if isinstance(node, ast.FunctionDef) and not any(
                    isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list):
                signature = inspect.signature(getattr(cls, member))
                real_params = [p for p in signature.parameters if p != "self"]
                assert stub_parameters(node) == real_params, f"{name}.{member} parameters"


def test_qmark_functions_match_the_stub():
    names, _ = stub_names(parse("__init__.pyi"))
    for name, node in names.items():
        if isinstance(node, ast.FunctionDef):
            real = list(inspect.signature(getattr(qmark, name)).parameters)
            assert stub_parameters(node) == real, f"qmark.{name} parameters"


def pybind_parameters(obj, name):
    """Parameter names from a pybind11 docstring signature line: name(a: T, b: U = …) -> R."""
    first = (obj.__doc__ or "").splitlines()[0]
    match = re.match(rf"{re.escape(name)}\((.*)\)(?: -> .*)?$", first)
    assert match, f"no signature in the docstring of {name}: {first!r}"
    inside = match.group(1)
    return [p for p in re.findall(r"(?:^|, )(\w+)(?::|$)", inside) if p != "self"]


def test_native_module_matches_its_stub():
    native = qmark._qmark
    names, classes = stub_names(parse("_qmark.pyi"))
    declared = public(names) - {"QmarkError"}  # imported for annotations only
    assert declared == public(dir(native))
    for name, node in names.items():
        if isinstance(node, ast.FunctionDef):
            assert stub_parameters(node) == pybind_parameters(getattr(native, name), name), name
    for name, members in classes.items():
        cls = getattr(native, name)
        real = {m for m in vars(cls) if not m.startswith("_")}
        assert {m for m in members if not m.startswith("_")} == real, f"_qmark.{name}"
        for member in ("__getstate__", "__setstate__"):  # the class's own (3.11's object has a __getstate__)
            assert (member in members) == (member in vars(cls)), f"_qmark.{name}.{member}"
        for member, node in members.items():
            value = vars(cls).get(member)
            if member.startswith("_") or isinstance(value, property) or value is None:
                continue
            assert stub_parameters(node) == pybind_parameters(getattr(cls, member), member), f"{name}.{member}"


@pytest.mark.parametrize("stub", ["__init__.pyi", "_qmark.pyi"])
def test_stubs_are_valid_python(stub):
    compile((SOURCE / stub).read_text(encoding="utf-8"), stub, "exec")
