"""examples/quickstart.ipynb runs top to bottom (so it cannot rot)."""
import os

import pathlib

import nbformat
from nbclient import NotebookClient

import tonnsim

from conftest import ROOT


def test_the_quickstart_notebook_executes(tmp_path):
    nb = nbformat.read(ROOT / "examples" / "quickstart.ipynb", as_version=4)
    # The kernel inherits PYTHONPATH (made absolute: the module under test) and runs in a scratch
    # folder; TONNSIM_ROOT tells the notebook where the scenarios are, and the quick start
    # is cut short (the notebook's code paths do not depend on the length).
    package_dir = str(pathlib.Path(tonnsim.__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join([package_dir, os.environ.get("PYTHONPATH", "")])
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's frozen-modules note
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend shows the figures
    os.environ["TONNSIM_ROOT"] = str(ROOT)
    os.environ["TONNSIM_QUICKSTART_ITERATIONS"] = "24"  # a short quick start
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plots were drawn
