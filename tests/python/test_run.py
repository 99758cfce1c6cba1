"""tonnsim.run is `tonnsim run`: same trace, same final state, same ledger; a callback
sees every row and can stop the run."""
import h5py
import numpy as np
import pytest

import tonnsim
from conftest import QUICKSTART, TINY


def file_trace(path):
    with h5py.File(path, "r") as f:
        g = f["trace"]
        return {name: g[name][()] for name in g.attrs["columns"].split(",")}


def file_final(path):
    with h5py.File(path, "r") as f:
        return dict(f["final"].attrs), f["final/parameters"][()]


def assert_same_trace(a, b):
    assert list(a) == list(b)
    for name in a:
        assert np.array_equal(a[name], b[name], equal_nan=True), name
        assert a[name].dtype == b[name].dtype, name


@pytest.fixture(scope="module")
def cli_quickstart(tmp_path_factory, cli):
    """The quick start on the CLI, cut to 3 iterations (test set scored at 2 and 3)."""
    out = tmp_path_factory.mktemp("cli") / "quickstart.h5"
    cli("run", QUICKSTART, "--max-iterations", 3, "--set", "run.eval_every=2", "--threads", 2,
        "--out", out)
    return out


def test_the_quick_start_trace_is_bit_identical_to_the_cli_on_the_same_seed(cli_quickstart, tmp_path):
    s = tonnsim.load_scenario(QUICKSTART, {"run.eval_every": 2})
    r = tonnsim.run(s, out=str(tmp_path / "py.h5"), max_iterations=3, threads=2)
    cli_trace = file_trace(cli_quickstart)
    assert len(cli_trace["loss"]) == 3
    assert_same_trace(r.trace, cli_trace)            # what run() returns
    assert_same_trace(file_trace(tmp_path / "py.h5"), cli_trace)  # what it wrote
    (py_final, py_params), (cli_final, cli_params) = file_final(tmp_path / "py.h5"), file_final(cli_quickstart)
    assert np.array_equal(py_params, cli_params)
    for key in ("loss", "rel_l2", "rel_l2_learned", "initial_rel_l2", "programming_error",
                "iterations", "complete"):
        assert py_final[key] == cli_final[key], key
    assert r.final["rel_l2"] == cli_final["rel_l2"]
    assert r.final["iterations"] == 3
    # The quick start has something to learn: the finite rows score the test set.
    assert np.isfinite(r.trace["rel_l2"][1]) and np.isnan(r.trace["rel_l2"][0])


def test_an_in_memory_run_writes_nothing_and_returns_what_a_file_run_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    in_memory = tonnsim.run(TINY, threads=2)
    assert in_memory.out is None and list(tmp_path.iterdir()) == []
    on_file = tonnsim.run(TINY, out="run.h5", threads=2)
    assert_same_trace(in_memory.trace, on_file.trace)
    assert_same_trace(in_memory.trace, file_trace("run.h5"))
    run_file = tonnsim.read_run("run.h5")
    assert in_memory.final["rel_l2"] == run_file.final["rel_l2"]
    # Ledger: the run file's /ledger, line by line, and its total is the last trace row's.
    assert list(run_file.ledger.index) == in_memory.ledger["component"]
    assert np.array_equal(run_file.ledger["energy_j"].to_numpy(), in_memory.ledger["energy_j"])
    assert in_memory.ledger["total_energy_j"] == pytest.approx(in_memory.ledger["energy_j"].sum(), rel=1e-12)
    assert in_memory.ledger["total_energy_j"] == in_memory.trace["energy_j"][-1]
    assert in_memory.hardware["mzis"] == run_file.hardware["mzis"]


def test_the_callback_sees_every_row_and_stopping_equals_max_iterations(tmp_path, cli):
    seen = []

    def callback(row):
        seen.append(row)
        return row["iteration"] == 1  # stop after the second iteration

    s = tonnsim.load_scenario(TINY, {"run.iterations": 6})
    r = tonnsim.run(s, callback=callback, threads=2)
    assert r.stopped_by_callback
    assert [row["iteration"] for row in seen] == [0, 1]
    assert set(seen[0]) == set(r.trace)
    assert seen[1]["loss"] == r.trace["loss"][1]
    assert r.final["iterations"] == 2
    # The same as a run cut by --max-iterations 2: parameters, final test error, rows.
    out = tmp_path / "cut.h5"
    cli("run", TINY, "--set", "run.iterations=6", "--max-iterations", 2, "--threads", 2, "--out", out)
    final, params = file_final(out)
    cut = tonnsim.run(s, out=str(tmp_path / "py_cut.h5"), max_iterations=2, threads=2)
    assert np.array_equal(file_final(tmp_path / "py_cut.h5")[1], params)
    assert r.final["rel_l2"] == final["rel_l2"]
    assert np.isfinite(r.final["rel_l2"])
    assert np.array_equal(r.trace["loss"], file_trace(out)["loss"])
    assert cut.final["iterations"] == 2


def test_an_exception_in_the_callback_stops_the_run_and_propagates():
    calls = []

    def callback(row):
        calls.append(row["iteration"])
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError, match="from the callback"):
        tonnsim.run(tonnsim.load_scenario(TINY, {"run.iterations": 5}), callback=callback, threads=2)
    assert calls == [0]


def test_bad_run_options_raise_input_errors():
    with pytest.raises(tonnsim.InputError, match="--max-iterations"):
        tonnsim.run(TINY, max_iterations=-1)
    with pytest.raises(tonnsim.InputError, match="--threads"):
        tonnsim.run(TINY, threads=0)
    with pytest.raises(tonnsim.InputError, match="progress"):
        tonnsim.run(TINY, progress="sometimes")


def test_the_result_converts_to_pandas_with_units():
    r = tonnsim.run(TINY, threads=2)
    trace = r.trace_frame()
    assert len(trace) == 3 and trace["iteration"].tolist() == [0, 1, 2]
    assert trace.attrs["units"]["energy_j"] == "J"
    ledger = r.ledger_frame()
    assert ledger.loc["static_heaters", "energy_j"] > 0
    assert ledger["energy_j"].sum() == pytest.approx(r.ledger["total_energy_j"], rel=1e-12)


def test_ctrl_c_during_a_run_stops_it_at_the_next_iteration_with_a_readable_file(tmp_path):
    import os
    import signal
    import threading

    import tonnsim.results

    out = tmp_path / "interrupted.h5"
    s = tonnsim.load_scenario(TINY, {"run.iterations": 100000, "run.checkpoint_every": 0})
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            tonnsim.run(s, out=str(out), threads=2)  # no callback: the run itself checks
    finally:
        timer.cancel()
    run = tonnsim.read_run(out)
    assert 1 <= len(run.trace) < 100000
    assert run.final["iterations"] == len(run.trace) and run.final["complete"] == 0
