"""Readers of tonnsim's HDF5 files (docs/hdf5-layout.md) as pandas DataFrames with units.

    run = tonnsim.read_run("results/quickstart.h5")
    run.trace          # DataFrame, one row per iteration; run.trace.attrs["units"]
    run.ledger         # DataFrame indexed by component (energy_j, latency_s) or None
    run.final, run.hardware, run.meta, run.scenario   # dicts of attributes
    sweep = tonnsim.read_sweep("results/area-energy.h5")
    sweep.table        # inputs and outputs of every point, one row per point
"""
from dataclasses import dataclass
from typing import Any, Dict, Optional

import numpy as np

# Units of the columns and attributes whose names do not carry one (_j, _s, _w, _mm2,
# _rad already do); "" for dimensionless counts and ratios.
UNITS = {
    "iteration": "", "loss": "", "rel_l2": "", "rel_l2_learned": "", "grad_norm": "",
    "lr": "", "forward_evals": "", "phase_retunes": "", "wraps": "", "cumulative_wraps": "",
    "wrap_states": "", "max_abs_error": "units of u",
    "energy_j": "J", "latency_s": "s", "static_power_w": "W", "area_mm2": "mm^2",
    "wall_s": "s", "dense_area_mm2": "mm^2", "total_energy_j": "J", "total_latency_s": "s",
}


def _unit(name: str) -> str:
    if name in UNITS:
        return UNITS[name]
    for suffix, unit in (("_j", "J"), ("_s", "s"), ("_w", "W"), ("_mm2", "mm^2"),
                         ("_um2", "um^2"), ("_rad", "rad"), ("_db", "dB"), ("_v", "V")):
        if name.endswith(suffix):
            return unit
    return ""


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _attrs(group) -> Dict[str, Any]:
    out = {}
    for key, value in group.attrs.items():
        value = _text(value)
        if isinstance(value, np.generic):
            value = value.item()
        out[key] = value
    return out


def _table(h5, path):
    """A table group (docs/hdf5-layout.md) as a DataFrame with attrs["units"]."""
    import pandas as pd

    group = h5[path]
    names = _text(group.attrs["columns"]).split(",") if "columns" in group.attrs else list(group)
    data = {}
    for name in names:
        column = group[name]
        if column.dtype.kind in ("O", "S"):
            data[name] = [_text(v) for v in column[()]]
        else:
            data[name] = np.asarray(column[()])
    frame = pd.DataFrame(data)
    frame.attrs["units"] = {name: _text(group[name].attrs.get("unit", _unit(name))) or _unit(name)
                            for name in names}
    return frame


@dataclass
class RunFile:
    path: str
    trace: Any                # DataFrame
    ledger: Optional[Any]     # DataFrame indexed by component, or None (digital model)
    final: Dict[str, Any]
    parameters: np.ndarray
    hardware: Dict[str, Any]
    meta: Dict[str, Any]
    scenario: Dict[str, Any]
    ledger_totals: Dict[str, Any]


@dataclass
class SweepFile:
    path: str
    inputs: Any   # DataFrame: point, then one column per swept key
    outputs: Any  # DataFrame: sweep output columns
    table: Any    # both, joined on the row
    scenario: Dict[str, Any]
    meta: Dict[str, Any]


def _open(path):
    import h5py

    try:
        return h5py.File(path, "r")
    except (OSError, FileNotFoundError) as e:
        raise FileNotFoundError(f"{path}: cannot open as HDF5 ({e})") from None


def read_run(path: str) -> RunFile:
    """A `tonnsim run` file (or tonnsim.run(..., out=path))."""
    with _open(path) as h5:
        if "trace" not in h5:
            raise ValueError(f"{path}: no /trace: not a run file (a sweep? use read_sweep)")
        ledger, totals = None, {}
        if "ledger" in h5:
            ledger = _table(h5, "/ledger").set_index("component")
            totals = _attrs(h5["ledger"])
            totals.pop("columns", None)
        final = _attrs(h5["final"]) if "final" in h5 else {}
        params = np.asarray(h5["final/parameters"][()]) if "final/parameters" in h5 else np.empty(0)
        meta = _attrs(h5["meta"]) if "meta" in h5 else {}
        if "meta/choices" in h5:
            meta["choices"] = _attrs(h5["meta/choices"])
        return RunFile(path, _table(h5, "/trace"), ledger, final, params,
                       _attrs(h5["hardware"]) if "hardware" in h5 else {}, meta,
                       _attrs(h5["scenario"]) if "scenario" in h5 else {}, totals)


def read_sweep(path: str) -> SweepFile:
    """A `tonnsim sweep` file."""
    with _open(path) as h5:
        if "sweep" not in h5:
            raise ValueError(f"{path}: no /sweep: not a sweep file (a run? use read_run)")
        inputs = _table(h5, "/sweep/inputs")
        outputs = _table(h5, "/sweep/outputs")
        table = inputs.join(outputs.drop(columns=[c for c in outputs.columns if c in inputs.columns]))
        table.attrs["units"] = {**inputs.attrs["units"], **outputs.attrs["units"]}
        return SweepFile(path, inputs, outputs, table, _attrs(h5["scenario"]),
                         _attrs(h5["meta"]) if "meta" in h5 else {})


def open_results(path: str):
    """read_run or read_sweep, whichever the file is."""
    with _open(path) as h5:
        is_sweep = "sweep" in h5
    return read_sweep(path) if is_sweep else read_run(path)
