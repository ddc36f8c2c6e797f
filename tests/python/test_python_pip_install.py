"""`pip install --no-build-isolation .` from the repo root works offline into a fresh venv
(--system-site-packages, for Debian's setuptools) and the installed qmark assesses audits.

setup.py builds the extension with the project's CMake. The CMake build directory is kept
at $QMARK_BUILD_DIR/pip-build between runs (QMARK_PIP_BUILD_DIR), so only the first run
compiles; later runs take seconds."""

import json
import os
import subprocess
from pathlib import Path

from qmark_support import ROOT, build_dir, qmark

NOT_YET = ROOT / "examples" / "audits" / "bury-not-yet-accredited.json"


def test_pip_install_into_a_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=180)
    python = venv / "bin" / "python"

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_FIND_LINKS", "PIP_INDEX_URL")}
    env.update(QMARK_PIP_BUILD_DIR=str(build_dir() / "pip-build"), PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1", PIP_FIND_LINKS="")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", str(ROOT)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
    assert install.returncode == 0, install.stdout[-4000:] + install.stderr[-4000:]
    assert not (ROOT / "bindings" / "python" / "qmark.egg-info").exists(), "the build leaves the source tree alone"

    script = (
        "import json, sys, qmark\n"
        "d = qmark.framework('bury-iqm').assess(sys.argv[1])\n"
        "print(json.dumps({'file': qmark.__file__, 'version': qmark.__version__, 'repr': repr(d),\n"
        "                  'frameworks': qmark.frameworks()}))\n"
        "sys.stdout.write(d.to_json())\n"
    )
    run = subprocess.run([str(python), "-c", script, str(NOT_YET)], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    header, decision = run.stdout.split("\n", 1)
    info = json.loads(header)
    installed = Path(info["file"]).resolve()
    assert venv.resolve() in installed.parents, f"imported {installed}, not the venv's copy"
    assert info["version"] == qmark.__version__
    assert info["frameworks"] == qmark.frameworks()
    assert info["repr"] == "<Decision bury-iqm URN:100002 not_yet_accredited award=None>"
    assert decision == qmark.framework("bury-iqm").assess(NOT_YET).to_json()
    package = installed.parent
    for name in ("py.typed", "__init__.pyi", "_qmark.pyi", "plot.py"):
        assert (package / name).exists(), f"{name} is not installed"

    show = subprocess.run([str(python), "-m", "pip", "show", "qmark"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert f"Version: {qmark.__version__}" in show.stdout
