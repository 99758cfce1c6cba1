"""tonnsim: photonic tensorized neural networks trained in situ, from Python.

The compiled part (``tonnsim._tonnsim``) is the C++ simulator itself; this package adds
the Python conveniences around it. Everything is documented in docs/python.md.

    import tonnsim
    s = tonnsim.load_scenario("scenarios/quickstart.yaml", {"run.iterations": 20})
    r = tonnsim.run(s, callback=lambda row: row["loss"] < 1e-3)
    r.trace_frame()          # pandas DataFrame, one row per iteration
"""
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

from ._tonnsim import (  # noqa: F401  (re-exported)
    Experiment,
    HeaterRow,
    InputError,
    Mesh,
    Pde,
    RunError,
    Scenario,
    SvdBlock,
    TensorCoreArray,
    __version__,
    decompose,
    haar_random_unitary,
    step_settle_time_s,
    unitarity_deviation,
)
from . import _tonnsim
from .results import UNITS, open_results, read_run, read_sweep  # noqa: F401


def load_scenario(source, overrides=None, name=None) -> Scenario:
    """A checked Scenario from a file path or a dict of sections, with overrides applied
    ({"key.path": value} or ["key.path=value", ...], as `tonnsim run --set`). Raises
    tonnsim.InputError with the command line's FILE:LINE:COL message on bad input."""
    if isinstance(source, Scenario):
        return source if overrides is None else source.with_overrides(overrides)
    if isinstance(source, dict):
        return Scenario.from_dict(source, name or "<dict>", overrides)
    return Scenario.from_file(str(source), overrides)


@dataclass
class RunResult:
    """What `tonnsim run` writes, in memory: final metrics (/final), the trivial baselines,
    the ledger breakdown (/ledger; None for the digital model), the hardware report
    (/hardware) and the trace (/trace, one numpy array per column)."""

    final: Dict[str, Any]
    baselines: Dict[str, Any]
    ledger: Optional[Dict[str, Any]]
    hardware: Dict[str, Any]
    trace: Dict[str, Any]
    summary: str = ""
    notes: str = ""
    out: Optional[str] = None
    stopped_by_callback: bool = field(default=False)

    def trace_frame(self):
        """The trace as a pandas DataFrame (columns as in /trace; units in UNITS)."""
        import pandas as pd

        frame = pd.DataFrame(self.trace)
        frame.attrs["units"] = {c: UNITS.get(c, "") for c in frame.columns}
        return frame

    def ledger_frame(self):
        """The ledger as a DataFrame indexed by component (energy_j, latency_s), or None."""
        if self.ledger is None:
            return None
        import pandas as pd

        frame = pd.DataFrame({"energy_j": self.ledger["energy_j"],
                              "latency_s": self.ledger["latency_s"]},
                             index=pd.Index(self.ledger["component"], name="component"))
        frame.attrs["units"] = {"energy_j": "J", "latency_s": "s"}
        return frame


def run(scenario, out: Optional[str] = None,
        callback: Optional[Callable[[Dict[str, Any]], Any]] = None, *,
        max_iterations: int = 0, seed: Optional[int] = None, threads: Optional[int] = None,
        progress: str = "off", profile: bool = False, overrides=None) -> RunResult:
    """Runs a scenario exactly as `tonnsim run` does (same seeds, same trace).

    scenario: a Scenario, a path or a dict of sections (then `overrides` apply).
    out: the HDF5 run file to write; None keeps it in memory only.
    callback(row): called after every iteration with the trace row as a dict
        {column: value}; a true return value stops the run after that iteration (the
        result then holds the final metrics at that point, as with --max-iterations).
        An exception raised in the callback stops the run and is re-raised.
    max_iterations, seed, threads, progress ("off", "auto", "bar", "lines"), profile:
        as `tonnsim run --max-iterations/--seed/--threads/--progress/--profile`.
    The GIL is released while the C++ code runs; Ctrl-C stops the run at the next
    iteration and raises KeyboardInterrupt.
    """
    scenario = load_scenario(scenario, overrides)
    stopped = []

    def on_row(row):
        stop = bool(callback(row))
        if stop:
            stopped.append(row["iteration"])
        return stop

    raw = _tonnsim._run(scenario, out, on_row if callback is not None else None,
                        max_iterations, seed, threads, progress, profile)
    return RunResult(stopped_by_callback=bool(stopped), **raw)


def sweep(sweep_file: str, out: Optional[str] = None, overrides=None) -> str:
    """`tonnsim sweep SWEEP.yaml --out OUT`; returns the printed text. Read the table with
    tonnsim.read_sweep(out)."""
    return _tonnsim._sweep(str(sweep_file), out, overrides)


def reference_experiment(model: str = "photonic", non_idealities: str = "published",
                         seed: int = 0, pde: str = "hjb20") -> Experiment:
    """The published reference TONN (21 -> 512 -> 512 -> 1, TT rank 2) on a 21-input PDE,
    on the chip (phases) or digital (weights)."""
    sections = {"pde": {"kind": pde}, "network": {"reference": "hjb20"},
                "chip": {"model": model, "non_idealities": {"preset": non_idealities}},
                "run": {"seed": seed}}
    return Experiment(Scenario.from_dict(sections, "<reference_experiment>"))
