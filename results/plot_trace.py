#!/usr/bin/env python3
"""Figures of one `tonnsim run` file: the same as `plot.py run RUN.h5 [--out-dir DIR]`
(<stem>_convergence.png, and with a /ledger <stem>_energy.png and <stem>_latency.png).

Usage: plot_trace.py RUN.h5 [--out-dir DIR]
"""
import os
import sys

sys.dont_write_bytecode = True  # keep results/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402

if __name__ == "__main__":
    plot.main(["run", *sys.argv[1:]])
