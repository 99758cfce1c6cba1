"""Readers for tonnsim's HDF5 files (layout: docs/hdf5-layout.md), shared by the plots."""
import sys

import numpy as np


def fail(message):
    """Exit with a one-line error, as the C++ program does (status 2: bad input)."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def read_table(h5file, group):
    """A table group (one 1-D dataset per column, order in attribute 'columns') as an
    ordered dict name -> numpy array (strings as str)."""
    if group not in h5file:
        fail(f"{h5file.filename}: no table '{group}'")
    g = h5file[group]
    names = _text(g.attrs.get("columns", "")).split(",") if g.attrs.get("columns") else list(g)
    table = {}
    for name in names:
        data = g[name]
        if data.dtype.kind in ("O", "S", "U"):
            table[name] = np.array([_text(v) for v in data[()]])
        else:
            table[name] = np.asarray(data[()])
    return table


def read_trace(h5file, group="/trace"):
    """The per-iteration trace as a dict column -> numpy array."""
    if group not in h5file:
        fail(f"{h5file.filename}: no trace '{group}' (is this a run file?)")
    return read_table(h5file, group)
