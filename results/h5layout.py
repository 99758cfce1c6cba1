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


# Units of the columns written before every dataset carried a `unit` attribute
# (docs/hdf5-layout.md): counts and ratios by name, the rest by the unit in the name.
_COUNT_COLUMNS = {"iteration", "point", "parameters", "mzis", "mesh_mzis", "tensor_cores",
                  "phase_shifters", "dense_mzis", "forward_evals", "phase_retunes", "wraps",
                  "cumulative_wraps", "wrap_states"}
_RATIO_COLUMNS = {"loss", "rel_l2", "rel_l2_learned", "mzi_reduction", "programming_error",
                  "improvement"}
_NAME_SUFFIX_UNITS = (("_mm2", "mm^2"), ("_um2", "um^2"), ("_rad", "rad"), ("_db", "dB"),
                      ("_j", "J"), ("_s", "s"), ("_w", "W"), ("_v", "V"))


def unit_from_name(name):
    """The unit a column's name implies ("" when it implies none): `energy_j` -> "J",
    `mzis` -> "count", `rel_l2` -> "1"; the last part of a key path counts
    (`chip.non_idealities.phase_noise_std_rad` -> "rad")."""
    leaf = name.rsplit(".", 1)[-1]
    if leaf in _COUNT_COLUMNS:
        return "count"
    if leaf in _RATIO_COLUMNS:
        return "1"
    for suffix, unit in _NAME_SUFFIX_UNITS:
        if leaf.endswith(suffix):
            return unit
    return ""


class Column:
    """One column of a table: its values, its `unit` attribute (or the unit its name
    implies) and its `description` attribute ("" when absent)."""

    def __init__(self, name, values, unit="", description=""):
        self.name = name
        self.values = values
        self.unit = unit
        self.description = description

    @property
    def is_integer(self):
        """True for int64 columns and float columns whose finite values are all whole
        numbers (sweep inputs are stored as float64: `chip.core_size` 4.0, 8.0)."""
        v = self.values
        if v.dtype.kind in ("i", "u"):
            return True
        if v.dtype.kind != "f":
            return False
        finite = v[np.isfinite(v)]
        return finite.size > 0 and bool(np.all(finite == np.round(finite)))


def read_columns(h5file, group):
    """A table group as an ordered dict name -> Column, with each dataset's `unit` and
    `description` attributes."""
    table = read_table(h5file, group)
    columns = {}
    for name, values in table.items():
        attrs = h5file[group][name].attrs
        unit = _text(attrs["unit"]) if "unit" in attrs else unit_from_name(name)
        description = _text(attrs["description"]) if "description" in attrs else ""
        columns[name] = Column(name, values, unit, description)
    return columns
