"""Fixtures of the plot tests: real files written by the `tonnsim` command line (tiny runs
and sweeps, a few seconds in all), and results/ on the import path. ctest sets
TONNSIM_CLI to the `tonnsim` it built (tests/scenarios/plot_tests.cmake)."""
import os
import pathlib
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
sys.path.insert(0, str(RESULTS))
sys.dont_write_bytecode = True  # keep results/ free of __pycache__

TINY_RUN = ROOT / "tests" / "scenarios" / "data" / "tiny_run.yaml"
TINY_HARDWARE_SWEEP = ROOT / "tests" / "scenarios" / "data" / "tiny_sweep.yaml"
TINY_TRAINING_SWEEP = ROOT / "tests" / "results" / "data" / "tiny_training_sweep.yaml"
POISSON = ROOT / "scenarios" / "poisson-2d.yaml"


def _cli_path():
    path = os.environ.get("TONNSIM_CLI", str(ROOT / "build" / "scenarios" / "runner" / "tonnsim"))
    if not os.path.exists(path):
        pytest.fail(f"the tonnsim command line is not built ({path}); set TONNSIM_CLI")
    return path


def tonnsim(*args):
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "2"))
    done = subprocess.run([_cli_path(), *map(str, args)], cwd=ROOT, env=env, text=True,
                          capture_output=True)
    if done.returncode != 0:
        raise AssertionError(f"tonnsim {' '.join(map(str, args))} failed:\n{done.stderr}")


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    """name -> path of: three photonic runs (HJB-20 tiny twice, whose best baseline is
    exact, and Poisson 2-D, whose baselines are not), a digital run (no /ledger), a
    hardware sweep (integer core sizes x phase noise) and a training sweep."""
    d = tmp_path_factory.mktemp("plots")
    out = {name: d / f"{name}.h5" for name in
           ("hjb", "hjb_rank1", "poisson", "digital", "hardware_sweep", "training_sweep")}
    tonnsim("run", TINY_RUN, "--out", out["hjb"])
    tonnsim("run", TINY_RUN, "--out", out["hjb_rank1"], "--set", "network.layers.0.tt_rank=1",
            "--set", "run.seed=6")
    tonnsim("run", POISSON, "--out", out["poisson"], "--max-iterations", 2,
            "--set", "run.eval_every=1", "--set", "pde.n_test=64", "--set", "pde.n_collocation=16")
    tonnsim("run", TINY_RUN, "--out", out["digital"], "--set", "chip.model=digital")
    tonnsim("sweep", TINY_HARDWARE_SWEEP, "--out", out["hardware_sweep"])
    tonnsim("sweep", TINY_TRAINING_SWEEP, "--out", out["training_sweep"])
    return out
