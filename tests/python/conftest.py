"""Shared fixtures of the Python suite: the repository root, the C++ command line the
module is compared against, and a scratch folder. ctest sets PYTHONPATH to build/python
and TONNSIM_CLI to the `tonnsim` it built (python/CMakeLists.txt)."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "scenarios" / "data" / "tiny_run.yaml"
QUICKSTART = ROOT / "scenarios" / "quickstart.yaml"


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("TONNSIM_CLI", str(ROOT / "build" / "scenarios" / "runner" / "tonnsim"))
    if not os.path.exists(path):
        pytest.fail(f"the tonnsim command line is not built ({path}); set TONNSIM_CLI")

    def call(*args, check=True):
        env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "2"))
        done = subprocess.run([path, *map(str, args)], cwd=ROOT, env=env, text=True,
                              capture_output=True)
        if check and done.returncode != 0:
            raise AssertionError(f"tonnsim {' '.join(map(str, args))} failed:\n{done.stderr}")
        return done

    return call
