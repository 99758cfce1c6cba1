#!/usr/bin/env python3
"""One Markdown row per `tonnsim run` file: accuracy next to the trivial baselines.

Reads /final (docs/hdf5-layout.md) and /ledger and prints, per file: the scenario, the
model and optimizer, iterations, rel L2 of u, rel L2 of the learned part, the best
trivial baseline (its name and learned-part error on the same test set), the improvement
factor over it, wall time, and the chip's J and s per solve when a ledger exists.

Usage: evidence_table.py RUN.h5 [RUN.h5 ...] [--csv OUT.csv]
"""
import argparse
import csv
import os
import sys

import h5py

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h5layout import fail  # noqa: E402


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def _choice(f, key):
    """A recorded scenario choice (/meta attribute choice.<key>), or '' when absent."""
    meta = f["/meta"].attrs if "/meta" in f else {}
    for name in (key, "choice." + key):
        if name in meta:
            return _text(meta[name])
    return ""


def row(path):
    with h5py.File(path, "r") as f:
        if "/final" not in f:
            fail(f"{path}: no /final group (is this a finished run file?)")
        fin = f["/final"].attrs
        best = _text(fin.get("best_baseline", ""))
        r = {
            "file": os.path.basename(path),
            "iterations": int(fin["iterations"]),
            "rel_l2_u": float(fin["rel_l2"]),
            "rel_l2_learned": float(fin.get("rel_l2_learned", float("nan"))),
            "best_baseline": best,
            "baseline_rel_l2_learned": float(fin.get(f"baseline_{best}_rel_l2_learned",
                                                     float("nan"))),
            "improvement": float(fin.get("improvement_over_best_baseline", float("nan"))),
            "wall_s": float(fin["wall_s"]),
            "chip_j": float("nan"),
            "chip_s": float("nan"),
        }
        if "/ledger" in f:
            r["chip_j"] = float(f["/ledger"].attrs["total_energy_j"])
            r["chip_s"] = float(f["/ledger"].attrs["total_latency_s"])
        return r


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+")
    p.add_argument("--csv", help="also write the rows to this CSV file")
    a = p.parse_args()
    rows = [row(x) for x in a.runs]
    print("| run | iterations | rel L2 (u) | rel L2 (learned part) | best trivial baseline "
          "(learned part) | improvement | wall | chip J / s per solve |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        chip = "—" if r["chip_j"] != r["chip_j"] else f"{r['chip_j']:.3g} J / {r['chip_s']:.3g} s"
        print(f"| {r['file']} | {r['iterations']} | {r['rel_l2_u']:.2e} | {r['rel_l2_learned']:.2e} "
              f"| {r['best_baseline']} {r['baseline_rel_l2_learned']:.2e} | {r['improvement']:.1f}x "
              f"| {r['wall_s']:.0f} s | {chip} |")
    if a.csv:
        with open(a.csv, "w", newline="") as out:
            w = csv.DictWriter(out, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
