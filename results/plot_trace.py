#!/usr/bin/env python3
"""Figures from one `tonnsim run` output file (layout: docs/hdf5-layout.md):

  <stem>_convergence.png  loss, relative L2 error of u and of the learned part vs iteration
                          (log y), with the best trivial baseline's learned-part error
  <stem>_energy.png       energy per solve by component, from /ledger (if present)

Usage: plot_trace.py RUN.h5 [--out-dir DIR]
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.dont_write_bytecode = True  # keep results/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h5layout import fail, read_table, read_trace  # noqa: E402


def best_baseline(final_attrs):
    """(name, learned-part rel L2) of the best trivial baseline in /final, or None."""
    name = final_attrs.get("best_baseline")
    if name is None:
        return None
    name = name.decode() if isinstance(name, bytes) else str(name)
    value = final_attrs.get(f"baseline_{name}_rel_l2_learned")
    return None if value is None else (name, float(value))


def plot_convergence(trace, title, path, baseline=None):
    it = trace["iteration"]
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.semilogy(it, trace["loss"], lw=1.0, label="loss")
    curves = (("rel_l2", "o-", "relative L2 error of u"),
              ("rel_l2_learned", "s-", "relative L2 error of the learned part"))
    for column, style, label in curves:
        if column in trace:
            rel = trace[column]
            seen = np.isfinite(rel)  # NaN on iterations without a test evaluation
            if seen.any():
                ax.semilogy(it[seen], rel[seen], style, ms=3, lw=1.0, label=label)
    if baseline is not None and np.isfinite(baseline[1]):
        if baseline[1] > 1e-12:
            ax.axhline(baseline[1], color="gray", ls="--", lw=1.0,
                       label=f"best trivial baseline ({baseline[0]}), learned part")
        else:  # exact up to rounding (HJB-20 as published: N = 1); a line would hide the rest
            ax.plot([], [], " ", label=f"best trivial baseline ({baseline[0]}) is exact: "
                    f"learned-part error {baseline[1]:.1e}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("value (log scale)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_energy(ledger, title, path):
    names = ledger["component"]
    energy = ledger["energy_j"]
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.bar(range(len(names)), energy)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_ylabel("energy per solve (J)")
    ax.set_title(f"{title}: {energy.sum():.3g} J in total")
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="HDF5 file written by tonnsim run")
    parser.add_argument("--out-dir", default=None, help="where to write (default: next to FILE)")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.file):
        fail(f"{args.file}: no such file")
    out_dir = args.out_dir or os.path.dirname(os.path.abspath(args.file))
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(args.file))[0]
    written = []
    with h5py.File(args.file, "r") as f:
        trace = read_trace(f)
        for needed in ("iteration", "loss"):
            if needed not in trace:
                fail(f"{args.file}: /trace has no '{needed}' column")
        written.append(os.path.join(out_dir, f"{stem}_convergence.png"))
        final = f["final"].attrs if "final" in f else {}
        plot_convergence(trace, stem, written[-1], best_baseline(final))
        if "ledger" in f:
            written.append(os.path.join(out_dir, f"{stem}_energy.png"))
            plot_energy(read_table(f, "/ledger"), stem, written[-1])
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
