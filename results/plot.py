#!/usr/bin/env python3
"""Figures from tonnsim's HDF5 files (docs/hdf5-layout.md), one per question (results/plots.py).

  plot.py convergence RUN.h5 [--out FIG.png]      loss, rel L2 of u, rel L2 of the learned part
                                                  vs iteration (one log panel each), baselines
  plot.py energy RUN.h5 [--out FIG.png]           /ledger energy by component (log scale)
  plot.py latency RUN.h5 [--out FIG.png]          /ledger active time by component (log scale)
  plot.py run RUN.h5 [--out-dir DIR]              all three (energy and latency if a /ledger)
  plot.py accuracy-energy RUN.h5 RUN.h5 ... [--metric rel_l2_learned] [--out FIG.png]
                                                  final error vs chip energy, one point per run
  plot.py accuracy-time RUN.h5 RUN.h5 ... [--metric rel_l2_learned] [--out FIG.png]
                                                  final error vs wall time, one point per run
  plot.py sweep SWEEP.h5 --x KEY --y COLUMN [--y COLUMN] [--group-by KEY] [--logx] [--logy]
                         [--out FIG.png]          sweep outputs vs a swept key

Each command prints the paths it wrote. Default outputs sit next to the (first) input file:
<stem>_convergence.png, <stem>_energy.png, <stem>_latency.png, accuracy_vs_energy.png,
accuracy_vs_time.png, <stem>_<y>_vs_<x>.png. Errors: one `error:` line, exit status 2.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep results/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plots  # noqa: E402
from h5layout import fail  # noqa: E402


def _next_to(path, name, out_dir=None):
    return os.path.join(out_dir or os.path.dirname(os.path.abspath(path)), name)


def _stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def cmd_convergence(args):
    run = plots.load_run(args.file)
    return [plots.save(plots.convergence_figure(run),
                       args.out or _next_to(args.file, f"{run.label}_convergence.png"))]


def _ledger(quantity, suffix):
    def command(args):
        run = plots.load_run(args.file)
        return [plots.save(plots.ledger_figure(run, quantity),
                           args.out or _next_to(args.file, f"{run.label}_{suffix}.png"))]
    return command


def cmd_run(args):
    run = plots.load_run(args.file)
    written = [plots.save(plots.convergence_figure(run),
                          _next_to(args.file, f"{run.label}_convergence.png", args.out_dir))]
    if run.ledger is not None:
        for quantity, suffix in (("energy_j", "energy"), ("latency_s", "latency")):
            written.append(plots.save(plots.ledger_figure(run, quantity),
                                      _next_to(args.file, f"{run.label}_{suffix}.png",
                                               args.out_dir)))
    else:
        print(f"{args.file}: no /ledger (digital model): no energy or latency figure",
              file=sys.stderr)
    return written


def _accuracy(against, name):
    def command(args):
        runs = [plots.load_run(path) for path in args.files]
        return [plots.save(plots.accuracy_figure(runs, against, args.metric),
                           args.out or _next_to(args.files[0], name))]
    return command


def cmd_sweep(args):
    sweep = plots.load_sweep(args.file)
    fig = plots.sweep_figure(sweep, args.x, args.y, args.group_by, args.logx, args.logy)
    name = f"{sweep.label}_{'_'.join(y.rsplit('.', 1)[-1] for y in args.y)}_vs_" \
           f"{args.x.rsplit('.', 1)[-1]}.png"
    return [plots.save(fig, args.out or _next_to(args.file, name))]


def parser():
    p = argparse.ArgumentParser(
        prog="plot.py", description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def one_run(name, help_text, command):
        s = sub.add_parser(name, help=help_text)
        s.add_argument("file", help="HDF5 file written by tonnsim run")
        s.add_argument("--out", default=None, help="PNG path")
        s.set_defaults(func=command)

    one_run("convergence", "loss and test errors vs iteration", cmd_convergence)
    one_run("energy", "chip energy of the solve by component", _ledger("energy_j", "energy"))
    one_run("latency", "chip active time of the solve by component",
            _ledger("latency_s", "latency"))
    s = sub.add_parser("run", help="convergence, energy and latency of one run")
    s.add_argument("file", help="HDF5 file written by tonnsim run")
    s.add_argument("--out-dir", default=None, help="where to write (default: next to FILE)")
    s.set_defaults(func=cmd_run)
    for name, against, out, what in (("accuracy-energy", "energy_j", "accuracy_vs_energy.png",
                                      "chip energy"),
                                     ("accuracy-time", "wall_s", "accuracy_vs_time.png",
                                      "wall time")):
        s = sub.add_parser(name, help=f"final test error vs {what} across runs")
        s.add_argument("files", nargs="+", help="HDF5 files written by tonnsim run")
        s.add_argument("--metric", default="rel_l2_learned",
                       choices=("rel_l2_learned", "rel_l2", "max_abs_error"),
                       help="/final metric on the y axis (default: rel_l2_learned)")
        s.add_argument("--out", default=None, help="PNG path")
        s.set_defaults(func=_accuracy(against, out))
    s = sub.add_parser("sweep", help="sweep outputs vs a swept key")
    s.add_argument("file", help="HDF5 file written by tonnsim sweep")
    s.add_argument("--x", required=True, help="column for the x axis (a swept key)")
    s.add_argument("--y", required=True, action="append", help="column(s), one panel each")
    s.add_argument("--group-by", default=None, help="one curve per value of this column")
    s.add_argument("--logx", action="store_true")
    s.add_argument("--logy", action="store_true")
    s.add_argument("--out", default=None, help="PNG path")
    s.set_defaults(func=cmd_sweep)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        written = args.func(args)
    except ValueError as e:
        fail(str(e))
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
