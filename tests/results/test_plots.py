"""The figures of results/plots.py answer their question on real tonnsim files: separate
log panels for loss and errors with the file's baselines, every nonzero ledger component
as a bar on a log axis, one point per run against chip energy or wall time, sweep axes
named with the file's units, integer ticks for integer keys, legends of the group values.
Expected values are read from the files here with h5py, not through results/."""
import subprocess
import sys

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pytest

import plots
from conftest import RESULTS
from h5layout import Column

NAME_UNITS = {"area_mm2": "mm^2", "mzis": "count", "energy_j": "J", "latency_s": "s",
              "rel_l2": "1", "chip.non_idealities.phase_noise_std_rad": "rad"}


def h5(path):
    return h5py.File(path, "r", locking=False)


def unit_in_file(path, dataset):
    """The dataset's `unit` attribute; for a file without one, the unit its documented
    name implies (docs/hdf5-layout.md)."""
    with h5(path) as f:
        unit = f[dataset].attrs.get("unit")
    if unit is None:
        return NAME_UNITS[dataset.rsplit("/", 1)[-1]]
    return unit.decode() if isinstance(unit, bytes) else str(unit)


def final_attrs(path):
    with h5(path) as f:
        return dict(f["final"].attrs)


def tick_texts(axis):
    axis.figure.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def legend_texts(ax):
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def horizontal_lines(ax):
    """y of every axhline (x data spans the axes: [0, 1] in axes coordinates)."""
    return sorted(float(line.get_ydata()[0]) for line in ax.lines
                  if list(line.get_xdata()) == [0, 1] and len(set(line.get_ydata())) == 1)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------------------- convergence

def test_convergence_puts_loss_and_each_error_on_its_own_log_axis(files):
    path = files["poisson"]
    fig = plots.convergence_figure(plots.load_run(path))
    loss_ax, rel_ax, learned_ax = fig.axes
    with h5(path) as f:
        loss = f["trace/loss"][()]
        rel = f["trace/rel_l2"][()]
    assert [ax.get_yscale() for ax in fig.axes] == ["log", "log", "log"]
    assert np.allclose(loss_ax.lines[0].get_ydata(), loss)
    assert np.allclose(rel_ax.lines[0].get_ydata(), rel[np.isfinite(rel)])
    # The loss is on no error axis and no error on the loss axis.
    assert not any(np.allclose(line.get_ydata()[:1], loss[:1]) for line in rel_ax.lines)
    assert horizontal_lines(loss_ax) == []
    for ax, column in ((loss_ax, "loss"), (rel_ax, "rel_l2"), (learned_ax, "rel_l2_learned")):
        label = ax.get_ylabel().replace("\n", " ")
        assert label.endswith(f"[{unit_in_file(path, 'trace/' + column)}]")
        assert "_" not in label  # a name, not the raw column (loss, rel_l2, rel_l2_learned)
    assert fig.axes[-1].get_xlabel() == f"iteration [{unit_in_file(path, 'trace/iteration')}]"
    assert all(text.lstrip("−-").isdigit() for text in tick_texts(fig.axes[-1].xaxis))


def test_convergence_draws_every_baseline_of_the_file_at_its_value(files):
    path = files["poisson"]
    fig = plots.convergence_figure(plots.load_run(path))
    final = final_attrs(path)
    names = [k[len("baseline_"):-len("_description")] for k in final
             if k.startswith("baseline_") and k.endswith("_description")]
    assert set(names) >= {"zero", "constant"}
    for ax, metric in ((fig.axes[1], "rel_l2"), (fig.axes[2], "rel_l2_learned")):
        expected = sorted(float(final[f"baseline_{n}_{metric}"]) for n in names)
        assert horizontal_lines(ax) == pytest.approx(expected, rel=1e-12)
        entries = legend_texts(ax)
        for n in names:
            assert any(e.startswith(f"baseline {n}") for e in entries)
        best = final["best_baseline"]
        assert any(e.startswith(f"baseline {best} (best)") for e in entries)


def test_an_exact_baseline_is_named_but_not_drawn_on_the_log_axis(files):
    path = files["hjb"]  # HJB-20: the best constant is the solution up to rounding
    final = final_attrs(path)
    assert final["baseline_constant_rel_l2"] < 1e-12 < final["baseline_zero_rel_l2"]
    ax = plots.convergence_figure(plots.load_run(path)).axes[1]
    assert float(final["baseline_constant_rel_l2"]) not in horizontal_lines(ax)
    assert float(final["baseline_zero_rel_l2"]) in horizontal_lines(ax)
    assert any(e.startswith("baseline constant (best)") and "exact" in e
               for e in legend_texts(ax))
    assert ax.get_ylim()[0] > 1e-6  # the axis is not stretched down to 1e-16


# ----------------------------------------------------------------------------- ledger

@pytest.mark.parametrize("quantity", ["energy_j", "latency_s"])
def test_a_ledger_figure_has_one_visible_log_bar_per_nonzero_component(files, quantity):
    path = files["hjb"]
    with h5(path) as f:
        components = [c.decode() if isinstance(c, bytes) else c
                      for c in f["ledger/component"][()]]
        values = f[f"ledger/{quantity}"][()]
        total = float(f["ledger"].attrs["total_" + quantity])
    nonzero = values > 0
    assert nonzero.sum() >= 2
    fig = plots.ledger_figure(plots.load_run(path), quantity)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert len(ax.patches) == nonzero.sum()
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(values[nonzero]), rel=1e-12)
    assert tick_texts(ax.yaxis) == [c for c, n in zip(components, nonzero) if n]
    low, high = ax.get_xlim()
    assert low < values[nonzero].min() and values[nonzero].max() < high  # every bar visible
    assert f"[{unit_in_file(path, 'ledger/' + quantity)}]" in ax.get_xlabel()
    assert f"{total:.3g}" in ax.get_title()
    zero = [c for c, n in zip(components, nonzero) if not n]
    notes = " ".join(t.get_text() for t in fig.texts)
    assert all(c in notes for c in zero)


def test_the_energy_bars_span_decades_that_a_linear_axis_would_hide(files):
    with h5(files["hjb"]) as f:
        energy = f["ledger/energy_j"][()]
    energy = energy[energy > 0]
    # Why the axis is logarithmic: on a linear one, the smallest bar would be below a pixel.
    assert energy.min() / energy.max() < 1e-3


def test_a_digital_run_has_no_ledger_figure(files):
    run = plots.load_run(files["digital"])
    assert run.ledger is None
    with pytest.raises(ValueError, match="no /ledger"):
        plots.ledger_figure(run, "energy_j")


# ----------------------------------------------------------------------------- accuracy

def test_accuracy_vs_chip_energy_has_one_point_per_photonic_run(files):
    names = ["hjb", "hjb_rank1", "poisson", "digital"]
    runs = [plots.load_run(files[n]) for n in names]
    fig = plots.accuracy_figure(runs, "energy_j", "rel_l2_learned")
    ax = fig.axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    expected = []
    for n in names[:3]:
        with h5(files[n]) as f:
            expected.append((f["ledger"].attrs["total_energy_j"],
                             f["final"].attrs["rel_l2_learned"]))
    points = ax.collections[0].get_offsets()
    assert np.allclose(points, expected, rtol=1e-12)
    assert sorted(t.get_text() for t in ax.texts) == sorted(names[:3])
    assert "digital" in " ".join(t.get_text() for t in fig.texts)  # named as left out
    assert ax.get_xlabel().endswith(f"[{unit_in_file(files['hjb'], 'ledger/energy_j')}]")
    assert ax.get_ylabel().replace("\n", " ").endswith(
        f"[{unit_in_file(files['hjb'], 'trace/rel_l2_learned')}]")


def test_accuracy_figures_draw_each_runs_best_baseline_at_its_x(files):
    runs = [plots.load_run(files[n]) for n in ("poisson", "hjb")]
    fig = plots.accuracy_figure(runs, "energy_j", "rel_l2")
    ax = fig.axes[0]
    final = final_attrs(files["poisson"])
    best = min(float(final[f"baseline_{n}_rel_l2"]) for n in ("zero", "constant"))
    with h5(files["poisson"]) as f:
        x = float(f["ledger"].attrs["total_energy_j"])
    baseline_points = ax.collections[1].get_offsets()
    assert np.allclose(baseline_points, [(x, best)], rtol=1e-12)  # HJB's exact one: not drawn
    assert any("baseline" in e for e in legend_texts(ax))
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "hjb (constant" in notes


def test_accuracy_vs_wall_time_includes_the_digital_run(files):
    names = ["hjb", "poisson", "digital"]
    fig = plots.accuracy_figure([plots.load_run(files[n]) for n in names], "wall_s", "rel_l2")
    ax = fig.axes[0]
    expected = [(final_attrs(files[n])["wall_s"], final_attrs(files[n])["rel_l2"]) for n in names]
    assert np.allclose(ax.collections[0].get_offsets(), expected, rtol=1e-12)
    assert ax.get_xlabel() == "wall time of the run [s]"


# ----------------------------------------------------------------------------- sweeps

def test_a_sweep_figure_names_its_axes_with_units_and_integer_ticks(files):
    path = files["hardware_sweep"]
    sweep = plots.load_sweep(path)
    fig = plots.sweep_figure(sweep, "chip.core_size", ["area_mm2", "mzis"],
                             group_by="chip.non_idealities.phase_noise_std_rad")
    area_ax, mzis_ax = fig.axes
    assert "chip.core_size" not in mzis_ax.get_xlabel() and "core size" in mzis_ax.get_xlabel()
    assert tick_texts(mzis_ax.xaxis) == ["4", "8"]
    assert area_ax.get_ylabel().endswith(f"[{unit_in_file(path, 'sweep/outputs/area_mm2')}]")
    assert mzis_ax.get_ylabel().endswith(f"[{unit_in_file(path, 'sweep/outputs/mzis')}]")
    assert all(text.isdigit() for text in tick_texts(mzis_ax.yaxis))
    for ax in fig.axes:
        assert legend_texts(ax) == ["0", "0.05"]
        unit = unit_in_file(path, "sweep/inputs/chip.non_idealities.phase_noise_std_rad")
        assert ax.get_legend().get_title().get_text().replace("\n", " ").endswith(f"[{unit}]")
        assert len(ax.lines) == 2
    with h5(path) as f:
        size = f["sweep/inputs/chip.core_size"][()]
        noise = f["sweep/inputs/chip.non_idealities.phase_noise_std_rad"][()]
        area = f["sweep/outputs/area_mm2"][()]
    rows = noise == 0.0
    order = np.argsort(size[rows])
    assert np.allclose(area_ax.lines[0].get_xdata(), size[rows][order])
    assert np.allclose(area_ax.lines[0].get_ydata(), area[rows][order])


def test_integer_keys_keep_integer_ticks_and_legend_values_on_a_log_axis(files):
    sweep = plots.load_sweep(files["training_sweep"])
    fig = plots.sweep_figure(sweep, "chip.non_idealities.phase_noise_std_rad", ["rel_l2"],
                             group_by="tt_rank", logy=True)
    ax = fig.axes[0]
    assert legend_texts(ax) == ["1", "2"]  # float64 1.0, 2.0 in the file
    assert ax.get_yscale() == "log"
    labels = tick_texts(ax.yaxis) + [t.get_text() for t in ax.yaxis.get_minorticklabels()
                                     if t.get_text()]
    assert labels and all(float(text) > 0 for text in labels)  # 0.05, not 5 x 10^-2
    assert ax.get_xlabel().endswith("[rad]")
    fig = plots.sweep_figure(plots.load_sweep(files["hardware_sweep"]), "core_size",
                             ["energy_j"], logx=True)
    assert fig.axes[0].get_xscale() == "log"
    assert tick_texts(fig.axes[0].xaxis) == ["4", "8"]
    assert legend_texts(fig.axes[0]) == [fig.axes[0].get_ylabel()]


def test_a_sweep_output_that_is_nan_at_every_point_is_refused(files):
    sweep = plots.load_sweep(files["hardware_sweep"])  # hardware mode: no training metrics
    with pytest.raises(ValueError, match="NaN at every point"):
        plots.sweep_figure(sweep, "chip.core_size", ["rel_l2"])
    with pytest.raises(ValueError, match="no sweep column 'core'"):
        plots.sweep_figure(sweep, "core", ["area_mm2"])


# ----------------------------------------------------------------------------- labels

def test_axis_labels_fall_back_to_description_then_key_path():
    described = Column("x_thing", np.zeros(1), "W", "heater power of the thing (mean)")
    assert plots.axis_label(described) == "heater power of the thing [W]"
    bare = Column("chip.non_idealities.phase_noise_std_rad", np.zeros(1), "rad")
    assert plots.axis_label(bare) == "chip non idealities: phase noise std [rad]"
    assert plots.axis_label(Column("loss", np.zeros(1), "1")) == "training loss [1]"
    assert Column("k", np.array([4.0, 8.0])).is_integer
    assert not Column("s", np.array([0.0, 0.05])).is_integer


# ----------------------------------------------------------------------------- command line

def plot_main(capsys, *args):
    """results/plot.py's main in this process: (exit status, stdout, stderr)."""
    import plot

    status = 0
    try:
        plot.main([str(a) for a in args])
    except SystemExit as e:
        status = e.code
    out, err = capsys.readouterr()
    return status, out, err


def is_png(path):
    with open(path, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_every_subcommand_writes_the_png_it_prints(files, tmp_path, capsys):
    commands = [
        ["convergence", files["hjb"]], ["energy", files["hjb"]], ["latency", files["hjb"]],
        ["accuracy-energy", files["hjb"], files["poisson"], files["digital"]],
        ["accuracy-time", files["hjb"], files["poisson"], files["digital"]],
        ["sweep", files["hardware_sweep"], "--x", "core_size", "--y", "area_mm2",
         "--group-by", "phase_noise_std_rad"],
    ]
    for i, command in enumerate(commands):
        out = tmp_path / f"figure_{i}.png"
        status, stdout, stderr = plot_main(capsys, *command, "--out", out)
        assert status == 0, stderr
        assert stdout.split() == [str(out)] and is_png(out)
    status, stdout, stderr = plot_main(capsys, "run", files["digital"], "--out-dir", tmp_path / "d")
    assert status == 0 and len(stdout.split()) == 1 and "no /ledger" in stderr


def test_plot_trace_runs_as_a_script_and_writes_the_three_run_figures(files, tmp_path):
    done = subprocess.run([sys.executable, str(RESULTS / "plot_trace.py"), str(files["hjb"]),
                           "--out-dir", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [p.rsplit("/", 1)[-1] for p in done.stdout.split()] == \
        ["hjb_convergence.png", "hjb_energy.png", "hjb_latency.png"]
    assert all(is_png(p) for p in done.stdout.split())


def test_bad_input_is_one_error_line_with_status_2(files, tmp_path, capsys):
    status, _, err = plot_main(capsys, "energy", files["digital"], "--out", tmp_path / "x.png")
    assert status == 2 and err.startswith("error: ") and "no /ledger" in err
    status, _, err = plot_main(capsys, "sweep", files["hardware_sweep"], "--x", "mesh_n",
                               "--y", "area_mm2")
    assert status == 2 and "no sweep column 'mesh_n'" in err
    status, _, err = plot_main(capsys, "convergence", files["hardware_sweep"])
    assert status == 2 and "no /trace" in err
