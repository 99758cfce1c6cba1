#!/usr/bin/env python3
"""Curves of one `tonnsim sweep` file: the same as `plot.py sweep SWEEP.h5 ...`.

Usage: plot_sweep.py SWEEP.h5 --x chip.core_size --y area_mm2 [--y energy_j]
                     [--group-by topology] [--logx] [--logy] [--out FIGURE.png]
"""
import os
import sys

sys.dont_write_bytecode = True  # keep results/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402

if __name__ == "__main__":
    plot.main(["sweep", *sys.argv[1:]])
