"""One figure per question about tonnsim's output files (layout: docs/hdf5-layout.md).

    convergence_figure(run)                 does training converge, and past the trivial
                                            baselines? (loss, rel L2 of u, rel L2 of the
                                            learned part: one log-y panel each)
    ledger_figure(run, "energy_j")          where does the chip's energy of the solve go?
    ledger_figure(run, "latency_s")         ... and its time? (log-x bars, every nonzero
                                            component, value and share written on the bar)
    accuracy_figure(runs, "energy_j")       what accuracy per joule, across runs? (and
    accuracy_figure(runs, "wall_s")         per second of wall time), next to each run's best
                                            trivial baseline on the same test set
    sweep_figure(sweep, x, ys, group_by)    how does an output change with a swept key?

Each figure function takes data already read (load_run, load_sweep) and returns a
matplotlib Figure, so tests can inspect axes, scales, labels and bars; results/plot.py is
the command line that writes them. Axis labels are a readable name and the column's unit
from the file (`unit` attribute, docs/hdf5-layout.md), "name [unit]"; integer-valued axes
(iterations, core sizes, counts) get integer ticks.
"""
import os
import re
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import ticker  # noqa: E402

sys.dont_write_bytecode = True  # keep results/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h5layout import Column, read_columns, unit_from_name  # noqa: E402

# Readable names of the columns the figures use; a column not listed here is named by
# its `description` attribute or, failing that, by its key path (humanize()).
NAMES = {
    "iteration": "iteration",
    "loss": "training loss",
    "rel_l2": "relative L2 error of u",
    "rel_l2_learned": "relative L2 error of the learned part",
    "max_abs_error": "max abs error",
    "energy_j": "chip energy of the solve",
    "latency_s": "chip time of the solve",
    "wall_s": "wall time of the run",
    "area_mm2": "chip area",
    "static_power_w": "static heater power",
    "mzis": "MZIs",
    "mesh_mzis": "MZIs in U/V meshes",
    "dense_mzis": "MZIs of the dense network",
    "mzi_reduction": "MZI reduction vs dense",
    "tensor_cores": "tensor cores",
    "phase_shifters": "phase shifters",
    "parameters": "trained parameters",
    "programming_error": "programming error",
    "improvement": "improvement over the best trivial baseline",
    "forward_evals": "network evaluations",
    "phase_retunes": "heater changes",
}

# Below this a baseline's error is exact up to rounding (HJB-20: the best constant is the
# solution): it is named in the legend, not drawn, as a line at 1e-16 would squash the axis.
EXACT_ERROR = 1e-12


# ----------------------------------------------------------------------------- reading

class RunData:
    """What the figures read from one `tonnsim run` file: /trace as Columns, /final's
    attributes, /ledger as Columns with its attributes (None for the digital model)."""

    def __init__(self, path, trace, final, ledger=None, ledger_attrs=None, label=None):
        self.path = path
        self.label = label or os.path.splitext(os.path.basename(path))[0]
        self.trace = trace
        self.final = final
        self.ledger = ledger
        self.ledger_attrs = ledger_attrs or {}


class SweepData:
    """/sweep/inputs and /sweep/outputs of one `tonnsim sweep` file, as one dict of Columns."""

    def __init__(self, path, columns, inputs):
        self.path = path
        self.label = os.path.splitext(os.path.basename(path))[0]
        self.columns = columns
        self.inputs = inputs  # names of the swept keys (and `point`)

    def column(self, name):
        """The column `name`, or the one swept key whose last part is `name`
        (`core_size` for `chip.core_size`)."""
        if name in self.columns:
            return self.columns[name]
        matches = [c for c in self.columns if c.rsplit(".", 1)[-1] == name]
        if len(matches) == 1:
            return self.columns[matches[0]]
        raise ValueError(f"{self.path}: no sweep column '{name}'"
                         + (f" (ambiguous: {', '.join(matches)})" if matches else "")
                         + f"; columns: {', '.join(self.columns)}")


def _attrs(group):
    out = {}
    for key, value in group.attrs.items():
        if isinstance(value, bytes):
            value = value.decode()
        elif isinstance(value, np.generic):
            value = value.item()
        out[key] = value
    return out


def _open(path):
    if not os.path.isfile(path):
        raise ValueError(f"{path}: no such file")
    return h5py.File(path, "r", locking=False)


def load_run(path, label=None):
    with _open(path) as f:
        if "trace" not in f:
            raise ValueError(f"{path}: no /trace (is this a run file? a sweep is plotted "
                             "with `plot.py sweep`)")
        trace = read_columns(f, "/trace")
        for needed in ("iteration", "loss"):
            if needed not in trace:
                raise ValueError(f"{path}: /trace has no '{needed}' column")
        final = _attrs(f["final"]) if "final" in f else {}
        ledger, ledger_attrs = None, None
        if "ledger" in f:
            ledger = read_columns(f, "/ledger")
            ledger_attrs = _attrs(f["ledger"])
        return RunData(path, trace, final, ledger, ledger_attrs, label)


def load_sweep(path):
    with _open(path) as f:
        if "sweep" not in f:
            raise ValueError(f"{path}: no /sweep (is this a sweep file? a run is plotted "
                             "with `plot.py run`)")
        inputs = read_columns(f, "/sweep/inputs")
        columns = dict(inputs)
        for name, column in read_columns(f, "/sweep/outputs").items():
            columns.setdefault(name, column)
        return SweepData(path, columns, list(inputs))


# ----------------------------------------------------------------------------- labels

def humanize(name):
    """`chip.non_idealities.phase_noise_std_rad` -> "chip non idealities: phase noise std"
    (the unit goes in brackets, from the file)."""
    *parents, leaf = name.split(".")
    for suffix in ("_mm2", "_um2", "_rad", "_db", "_j", "_s", "_w", "_v"):
        if leaf.endswith(suffix) and len(leaf) > len(suffix):
            leaf = leaf[: -len(suffix)]
            break
    leaf = leaf.replace("_", " ")
    return f"{' '.join(parents).replace('_', ' ')}: {leaf}" if parents else leaf


def _short_description(description):
    """A description without its trailing parenthesis, if that leaves a short name."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", description or "").strip()
    return text if 0 < len(text) <= 48 else ""


def axis_label(column, width=None):
    """ "name [unit]": the readable name of the column and its unit from the file."""
    leaf = column.name.rsplit(".", 1)[-1]
    # The table writer's placeholder "column NAME" says nothing the key path does not.
    description = "" if column.description == f"column {column.name}" else column.description
    name = (NAMES.get(column.name) or (NAMES.get(leaf) if "." not in column.name else None)
            or _short_description(description) or humanize(column.name))
    label = f"{name} [{column.unit}]" if column.unit else name
    return textwrap.fill(label, width) if width else label


def format_value(value, integer=False):
    if isinstance(value, str):
        return value
    if integer:
        return f"{value:.0f}"
    return f"{value:.3g}"


def percent(share):
    """0.97 -> "97%", 1.0 -> "100%", 0.0123 -> "1.2%", 2.5e-5 -> "0.0025%"."""
    value = 100.0 * share
    return f"{value:.0f}%" if value >= 10.0 else f"{value:.2g}%"


def integer_ticks(axis, values, at_values=False):
    """Integer tick labels on `axis` for integer-valued data: with `at_values`, at the
    values themselves when there are at most 12 (a sweep's 4, 8, 16, on a log axis too),
    else at whole numbers."""
    finite = np.unique(values[np.isfinite(values)])
    if at_values and 0 < finite.size <= 12:
        axis.set_major_locator(ticker.FixedLocator(finite))
        axis.set_minor_locator(ticker.NullLocator())
    elif axis.get_scale() != "log":
        axis.set_major_locator(ticker.MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _pos: f"{v:.0f}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def plain_number(value):
    """3 significant digits without an exponent in [1e-3, 1e6): 0.95, 2000, 0.0012."""
    text = f"{value:.3g}"
    return f"{value:.0f}" if "e+" in text and abs(value) < 1e6 else text


def plain_log_labels(axis):
    """On a log axis spanning less than two decades, label the ticks as plain numbers
    ("0.95", "2000") instead of "9.5 x 10^-1"; minor ticks are labelled at 2 and 5 only,
    or all of them within a factor 3 (call after the data and limits are set)."""
    low, high = axis.get_view_interval()
    if not (low > 0 and high / low < 100.0):
        return
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _pos: plain_number(v)))
    few = high / low < 3.0
    axis.set_minor_formatter(ticker.FuncFormatter(
        lambda v, _pos: plain_number(v) if few or f"{v:.0e}"[0] in "25" else ""))


# ----------------------------------------------------------------------------- baselines

def baselines(final, metric):
    """{name: error} of every trivial baseline stored in /final for `metric` (rel_l2,
    rel_l2_learned, max_abs_error), in the file's order."""
    out = {}
    for key in final:
        m = re.fullmatch(r"baseline_(.+)_(rel_l2_learned|rel_l2|max_abs_error|description)", key)
        if m and m.group(1) not in out and f"baseline_{m.group(1)}_{metric}" in final:
            out[m.group(1)] = float(final[f"baseline_{m.group(1)}_{metric}"])
    return out


def best_baseline(final, metric):
    """(name, error) of the baseline with the smallest `metric`, or None."""
    found = baselines(final, metric)
    if not found:
        return None
    name = min(found, key=lambda n: (found[n], n))
    return name, found[name]


# ----------------------------------------------------------------------------- figures

def convergence_figure(run):
    """Loss, rel L2 of u and rel L2 of the learned part against iteration, one log-y
    panel each (shared iteration axis); the trivial baselines of /final as horizontal
    reference lines in the error panels."""
    it = run.trace["iteration"]
    panels = [name for name in ("loss", "rel_l2", "rel_l2_learned") if name in run.trace]
    fig, axes = plt.subplots(len(panels), 1, sharex=True, squeeze=False,
                             figsize=(7.0, 1.0 + 2.3 * len(panels)))
    axes = axes[:, 0]
    best = str(run.final.get("best_baseline", ""))
    styles = ["--", ":", "-.", (0, (5, 1, 1, 1))]
    for ax, name in zip(axes, panels):
        column = run.trace[name]
        y = column.values.astype(float)
        shown = np.isfinite(y) & (y > 0)  # NaN off run.eval_every; log axis
        what = "training batch" if name == "loss" else "test set"
        ax.plot(it.values[shown], y[shown], "-" if name == "loss" else "o-", ms=3, lw=1.0,
                color="C0", label=what)
        ax.set_yscale("log")
        ax.set_ylabel(axis_label(column, width=26), fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
        if name != "loss":
            for i, (base, value) in enumerate(baselines(run.final, name).items()):
                tag = f"baseline {base}{' (best)' if base == best else ''}: {value:.3g}"
                if np.isfinite(value) and value > EXACT_ERROR:
                    ax.axhline(value, color=f"C{i + 1}", ls=styles[i % len(styles)], lw=1.0,
                               label=tag)
                else:  # exact up to rounding: named, not drawn
                    ax.plot([], [], " ", label=f"{tag} (exact, off the axis)")
        ax.legend(fontsize=7, loc="best")
        plain_log_labels(ax.yaxis)
    axes[-1].set_xlabel(axis_label(it))
    if it.is_integer:
        integer_ticks(axes[-1].xaxis, it.values.astype(float))
    fig.suptitle(f"{run.label}: convergence")
    fig.tight_layout()
    return fig


# quantity -> (what, default unit, /ledger attribute of the solve's total). Energies add
# up to the total; component times overlap (heaters are held through the whole solve), so
# a time's share is of the solve's total latency, not of the sum of the bars.
LEDGER_QUANTITIES = {"energy_j": ("energy", "J", "total_energy_j"),
                     "latency_s": ("active time", "s", "total_latency_s")}


def ledger_figure(run, quantity="energy_j"):
    """The /ledger breakdown of `quantity` (energy_j or latency_s) by component: one
    horizontal bar per nonzero component on a log axis, each labelled with its value and
    its share of the solve's total; zero components are named under the axis."""
    if run.ledger is None:
        raise ValueError(f"{run.path}: no /ledger (the digital model has no chip ledger)")
    if quantity not in LEDGER_QUANTITIES:
        raise ValueError(f"ledger quantity '{quantity}': one of {', '.join(LEDGER_QUANTITIES)}")
    what, default_unit, total_attr = LEDGER_QUANTITIES[quantity]
    column = run.ledger[quantity]
    unit = column.unit or default_unit
    names = np.asarray(run.ledger["component"].values)
    values = column.values.astype(float)
    nonzero = np.isfinite(values) & (values > 0)
    total = float(run.ledger_attrs.get(total_attr, values[nonzero].sum()))
    shown_names, shown = names[nonzero], values[nonzero]
    fig, ax = plt.subplots(figsize=(7.0, 1.8 + 0.42 * max(len(shown), 1)))
    rows = np.arange(len(shown))
    ax.barh(rows, shown, color=[f"C{i % 10}" for i in rows])
    ax.set_yticks(rows)
    ax.set_yticklabels(shown_names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    if len(shown):
        ax.set_xlim(shown.min() / 3.0, shown.max() * 60.0)  # room for the labels
    for row, value in zip(rows, shown):
        ax.text(value * 1.15, row, f"{value:.3g} {unit} ({percent(value / total)})",
                va="center", fontsize=8)
    ax.set_xlabel(f"{what} per solve, by component [{unit}] (log scale)")
    ax.grid(True, axis="x", which="major", alpha=0.3)
    organisation = run.ledger_attrs.get("organisation")
    ax.set_title(f"{run.label}: the solve's {what} by component; total {total:.3g} {unit}"
                 + (f" ({organisation})" if organisation else ""), fontsize=10)
    notes = []
    if quantity == "latency_s":
        notes.append("components overlap in time: shares are of the total")
    zero = [str(n) for n in names[~nonzero]]
    if zero:
        notes.append("zero: " + ", ".join(zero))
    if notes:
        fig.text(0.01, 0.01, "; ".join(notes), fontsize=8, color="gray")
    fig.tight_layout(rect=(0, 0.04 if notes else 0, 1, 1))
    return fig


ACCURACY_AXES = {"energy_j": "chip energy of the solve", "wall_s": "wall time of the run"}


def _accuracy_x(run, against):
    if against == "energy_j":
        if run.ledger is None or "total_energy_j" not in run.ledger_attrs:
            return None, "J"
        unit = run.ledger["energy_j"].unit if "energy_j" in run.ledger else "J"
        return float(run.ledger_attrs["total_energy_j"]), unit or "J"
    value = run.final.get("wall_s")
    return (None if value is None else float(value)), "s"


def accuracy_figure(runs, against="energy_j", metric="rel_l2_learned"):
    """Final test error (`metric` of /final) against the chip energy of the solve
    (/ledger total_energy_j) or the wall time (/final wall_s), one labelled point per
    run, log-log; each run's best trivial baseline for the same metric on the same test
    set is drawn at the same x (gray bar) and joined to it. Runs without the x value
    (energy of a digital run) are named under the axes."""
    if against not in ACCURACY_AXES:
        raise ValueError(f"accuracy against '{against}': one of {', '.join(ACCURACY_AXES)}")
    fig, ax = plt.subplots(figsize=(7.0, 4.6))
    placed, skipped, exact = [], [], []
    unit = ""
    for run in runs:
        x, unit = _accuracy_x(run, against)
        y = run.final.get(metric)
        if x is None or y is None or not np.isfinite(float(y)):
            skipped.append(run.label)
            continue
        placed.append((run, x, float(y), best_baseline(run.final, metric)))
    if not placed:
        raise ValueError(f"no run has both /final {metric} and the "
                         f"{ACCURACY_AXES[against]}: {', '.join(skipped)}")
    xs = np.array([p[1] for p in placed])
    ys = np.array([p[2] for p in placed])
    ax.scatter(xs, ys, color="C0", zorder=3, label=f"final {NAMES.get(metric, metric)}")
    base_x, base_y = [], []
    for run, x, y, best in placed:
        ax.annotate(run.label, (x, y), textcoords="offset points", xytext=(5, 4), fontsize=8)
        if best is None:
            continue
        if np.isfinite(best[1]) and best[1] > EXACT_ERROR:
            base_x.append(x)
            base_y.append(best[1])
            ax.plot([x, x], [y, best[1]], color="gray", lw=0.8, ls=":", zorder=1)
        else:
            exact.append(f"{run.label} ({best[0]}: {best[1]:.1e})")
    if base_x:
        ax.scatter(base_x, base_y, marker="_", s=300, color="gray", zorder=2,
                   label="best trivial baseline, same test set")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"{ACCURACY_AXES[against]} [{unit}]")
    metric_column = placed[0][0].trace.get(metric) or Column(metric, np.empty(0),
                                                             unit_from_name(metric))
    ax.set_ylabel(axis_label(metric_column, width=34))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    plain_log_labels(ax.xaxis)
    plain_log_labels(ax.yaxis)
    ax.set_title(f"accuracy vs {ACCURACY_AXES[against]} ({len(placed)} runs)", fontsize=10)
    notes = []
    if exact:
        notes.append("best baseline exact, not drawn: " + ", ".join(exact))
    if skipped:
        notes.append(f"no {ACCURACY_AXES[against]}: " + ", ".join(skipped))
    if notes:
        fig.text(0.01, 0.01, textwrap.fill("; ".join(notes), 110), fontsize=7, color="gray")
    fig.tight_layout(rect=(0, 0.06 if notes else 0, 1, 1))
    return fig


def sweep_figure(sweep, x, ys, group_by=None, logx=False, logy=False):
    """Each output in `ys` against the swept `x`, one panel per output (their units
    differ), one curve per value of `group_by` with the values in the legend."""
    if isinstance(ys, str):
        ys = [ys]
    xcol = sweep.column(x)
    gcol = sweep.column(group_by) if group_by else None
    ycols = [sweep.column(y) for y in ys]
    for ycol in ycols:
        if not np.any(np.isfinite(ycol.values.astype(float))):
            raise ValueError(f"{sweep.path}: '{ycol.name}' is NaN at every point (rel_l2, "
                             "loss and wall_s exist only in a training sweep)")
    groups = gcol.values if gcol is not None else np.array([""] * len(xcol.values))
    fig, axes = plt.subplots(len(ycols), 1, sharex=True, squeeze=False,
                             figsize=(7.0, 1.2 + 2.8 * len(ycols)))
    axes = axes[:, 0]
    for ax, ycol in zip(axes, ycols):
        for i, g in enumerate(dict.fromkeys(groups.tolist())):  # first-seen order
            rows = groups == g
            order = np.argsort(xcol.values[rows], kind="stable")
            label = (format_value(g, gcol.is_integer) if gcol is not None
                     else axis_label(ycol))
            ax.plot(xcol.values[rows][order], ycol.values[rows][order], "o-", ms=4, lw=1.0,
                    color=f"C{i % 10}", label=label)
        ax.set_yscale("log" if logy else "linear")
        ax.set_ylabel(axis_label(ycol, width=30), fontsize=9)
        if ycol.is_integer and not logy:
            integer_ticks(ax.yaxis, ycol.values.astype(float))
        ax.grid(True, which="both", alpha=0.3)
        if logy:
            plain_log_labels(ax.yaxis)
        ax.legend(fontsize=8, title=axis_label(gcol, width=40) if gcol is not None else None,
                  title_fontsize=8)
    bottom = axes[-1]
    bottom.set_xscale("log" if logx else "linear")
    bottom.set_xlabel(axis_label(xcol))
    if xcol.is_integer:
        integer_ticks(bottom.xaxis, xcol.values.astype(float), at_values=True)
    elif logx:
        plain_log_labels(bottom.xaxis)
    fig.suptitle(f"{sweep.label}: " + ", ".join(NAMES.get(c.name, humanize(c.name))
                                                 for c in ycols)
                 + f" vs {NAMES.get(xcol.name, humanize(xcol.name))}", fontsize=10)
    fig.tight_layout()
    return fig


def save(fig, path):
    """Write `fig` as a PNG and close it."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
