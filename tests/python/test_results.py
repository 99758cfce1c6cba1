"""The results reader opens run and sweep files as DataFrames with units."""
import numpy as np
import pytest

import tonnsim
from conftest import ROOT, TINY


def test_a_run_file_of_the_cli_reads_as_dataframes(tmp_path, cli):
    out = tmp_path / "tiny.h5"
    cli("run", TINY, "--threads", 2, "--out", out)
    run = tonnsim.read_run(out)
    assert list(run.trace.columns[:3]) == ["iteration", "loss", "rel_l2"]
    assert len(run.trace) == 3
    assert run.trace.attrs["units"]["latency_s"] == "s"
    assert run.trace.attrs["units"]["static_power_w"] == "W"
    assert run.final["iterations"] == 3 and run.final["complete"] == 1
    assert run.parameters.shape == (tonnsim.Experiment(tonnsim.load_scenario(TINY)).num_parameters,)
    assert run.ledger["energy_j"].sum() == pytest.approx(run.ledger_totals["total_energy_j"], rel=1e-12)
    assert run.meta["choices"]["chip.model"] == "photonic"
    assert run.scenario["file"] == str(TINY)
    assert tonnsim.open_results(out).final == run.final


def test_a_sweep_file_reads_as_one_table_of_inputs_and_outputs(tmp_path):
    out = tmp_path / "sweep.h5"
    text = tonnsim.sweep(ROOT / "tests" / "scenarios" / "data" / "tiny_sweep.yaml", str(out))
    assert str(out) in text
    sweep = tonnsim.read_sweep(out)
    assert len(sweep.table) == 4
    assert sorted(set(sweep.table["chip.core_size"])) == [4.0, 8.0]
    assert sweep.table.attrs["units"]["area_mm2"] == "mm^2"
    # A bigger core tiles the same matrices with more MZIs in total here.
    by_size = sweep.table.groupby("chip.core_size")["mzis"].first()
    assert by_size[8.0] != by_size[4.0]
    assert np.all(sweep.table["energy_j"] > 0)
    with pytest.raises(ValueError, match="not a run file"):
        tonnsim.read_run(out)
    assert isinstance(tonnsim.open_results(out), tonnsim.results.SweepFile)


def test_a_missing_file_is_reported_with_its_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.h5"):
        tonnsim.read_run(tmp_path / "nothing.h5")
