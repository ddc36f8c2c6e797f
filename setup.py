"""Builds the qmark Python package: ``pip install --no-build-isolation .`` from the repo root.

The pure-Python package is bindings/python/qmark; the compiled module qmark._qmark is built by
the project's own CMake (only the Python target, with Debian's pybind11) for the interpreter
running this script, then copied into the package.

Environment:
  QMARK_PIP_BUILD_DIR   where CMake and setuptools build (default: <repo>/build-pip). It is
                        kept between installs, so a reinstall only rebuilds what changed.
  CMAKE_BUILD_PARALLEL_LEVEL   build jobs (default: one per core).
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD = Path(os.environ.get("QMARK_PIP_BUILD_DIR") or ROOT / "build-pip").resolve()


def project_version() -> str:
    """The version in the top-level CMakeLists.txt's project() call."""
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(\s*qmark\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", text)
    if not match:
        raise RuntimeError("no project(qmark VERSION x.y.z) in CMakeLists.txt")
    return match.group(1)


class CMakeBuild(build_ext):
    """Builds the extension with CMake instead of setuptools' compiler driver."""

    def build_extension(self, ext: Extension) -> None:
        cmake = shutil.which("cmake")
        if not cmake:
            raise RuntimeError("building qmark needs cmake (Debian: apt-get install cmake)")
        cmake_dir = BUILD / "cmake"
        configure = [
            cmake, "-S", str(ROOT), "-B", str(cmake_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DQMARK_BUILD_PYTHON=ON", "-DQMARK_BUILD_TESTS=OFF", "-DQMARK_BUILD_CLI=OFF", "-DQMARK_BUILD_CAPI=OFF",
        ]
        if not (cmake_dir / "CMakeCache.txt").exists() and shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(configure, check=True)
        subprocess.run([cmake, "--build", str(cmake_dir), "--target", "_qmark", "--parallel", jobs], check=True)

        built = cmake_dir / "python" / "qmark" / ("_qmark" + sysconfig.get_config_var("EXT_SUFFIX"))
        if not built.exists():
            raise RuntimeError(f"CMake did not produce {built}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=project_version(),
    packages=["qmark"],
    package_dir={"": "bindings/python"},
    package_data={"qmark": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("qmark._qmark", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
    options={
        "build": {"build_base": str(BUILD / "setuptools")},
        "egg_info": {"egg_base": str(BUILD)},
    },
)
