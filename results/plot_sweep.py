#!/usr/bin/env python3
"""Curves from one `tonnsim sweep` output file (layout: docs/hdf5-layout.md): y against x
for any columns of /sweep/inputs or /sweep/outputs, one curve per value of --group-by.

Usage: plot_sweep.py SWEEP.h5 --x mesh_n --y area_mm2 [--y energy_j] [--group-by topology]
                     [--logx] [--logy] [--out FIGURE.png]
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
from h5layout import fail, read_table  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="HDF5 file written by tonnsim sweep")
    parser.add_argument("--x", required=True, help="column for the x axis")
    parser.add_argument("--y", required=True, action="append", help="column(s) for the y axis")
    parser.add_argument("--group-by", default=None, help="one curve per value of this column")
    parser.add_argument("--logx", action="store_true")
    parser.add_argument("--logy", action="store_true")
    parser.add_argument("--out", default=None, help="PNG path (default: <stem>_<y>_vs_<x>.png)")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.file):
        fail(f"{args.file}: no such file")

    with h5py.File(args.file, "r") as f:
        columns = dict(read_table(f, "/sweep/inputs"))
        columns.update(read_table(f, "/sweep/outputs"))
    for name in [args.x, *args.y] + ([args.group_by] if args.group_by else []):
        if name not in columns:
            fail(f"{args.file}: no sweep column '{name}'; columns: {', '.join(columns)}")

    x = columns[args.x]
    groups = columns[args.group_by] if args.group_by else np.array([""] * len(x))
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for y_name in args.y:
        y = columns[y_name]
        for g in dict.fromkeys(groups):  # first-seen order
            rows = groups == g
            order = np.argsort(x[rows], kind="stable")
            label = " ".join(part for part in (y_name, str(g)) if part)
            ax.plot(x[rows][order], y[rows][order], "o-", ms=3, lw=1.0, label=label)
    ax.set_xscale("log" if args.logx else "linear")
    ax.set_yscale("log" if args.logy else "linear")
    ax.set_xlabel(args.x)
    ax.set_ylabel(", ".join(args.y))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    stem = os.path.splitext(os.path.basename(args.file))[0]
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.file)),
                                   f"{stem}_{'_'.join(args.y)}_vs_{args.x}.png")
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(out)


if __name__ == "__main__":
    main()
