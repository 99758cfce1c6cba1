"""The flagship loss from Python against the same loss looped in C++ (issue 12's target:
Python at most 5% slower). The flagship is scenarios/hjb20-phase.yaml: the published
21-512-512-1 TONN on the chip with the published non-idealities, 100 collocation points,
level-3 sparse-grid Stein (92,500 network inferences per loss).

    PYTHONPATH=build/python OMP_NUM_THREADS=2 /usr/bin/python3 bench/python_loss_bench.py \
        [--scenario scenarios/hjb20-phase.yaml] [--repeats 5] [--rounds 3]

Rounds alternate the two sides (and which goes first) so that load from other processes hits both alike; the
report gives the median and the minimum seconds per loss of each side and their ratio, in
wall time and in process CPU time (steadier on a shared machine; with OMP_NUM_THREADS=1 it
holds no idle-spinning threads).
Both sides run Experiment.loss's C++ code (set phases, redraw noise state 0, loss on step 0's
points); the Python side adds the call overhead and the copy of the phase vector.
"""
import argparse
import os
import pathlib
import statistics
import time

import tonnsim

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "hjb20-phase.yaml"))
    ap.add_argument("--repeats", type=int, default=5, help="losses per timed block")
    ap.add_argument("--rounds", type=int, default=3, help="alternating blocks per side")
    args = ap.parse_args()

    exp = tonnsim.Experiment(tonnsim.load_scenario(args.scenario))
    theta = exp.parameters
    value = exp.loss(theta, step=0, noise_state=0)  # warm-up: buffers, first realisation
    wall = {"python": [], "c++": []}
    cpu = {"python": [], "c++": []}
    def python_block():
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.repeats):
            same = exp.loss(theta, step=0, noise_state=0)
        wall["python"].append((time.perf_counter() - w0) / args.repeats)
        cpu["python"].append((time.process_time() - c0) / args.repeats)
        assert same == value, "the Python side must compute the same loss"

    def cpp_block():
        wall_s, cpu_s, cpp_value = tonnsim._tonnsim._time_loss_in_cpp(exp, theta, args.repeats)
        wall["c++"].append(wall_s)
        cpu["c++"].append(cpu_s)
        assert cpp_value == value, "the C++ side must compute the same loss"

    for r in range(args.rounds):  # each side goes first in every other round
        for block in ((python_block, cpp_block) if r % 2 == 0 else (cpp_block, python_block)):
            block()
    print(f"scenario {args.scenario}: {exp.num_parameters} phases, "
          f"{exp.evaluations_per_loss} inferences per loss, loss {value:.6e}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(all cores)')}")
    for label, table in (("wall", wall), ("process CPU", cpu)):
        for name, s in table.items():
            print(f"  {label:11s} {name:6s} median {statistics.median(s):.4f} s/loss, "
                  f"min {min(s):.4f} s/loss ({args.rounds} blocks of {args.repeats})")
        print(f"  {label:11s} python / c++: median "
              f"{statistics.median(table['python']) / statistics.median(table['c++']):.4f}, "
              f"min {min(table['python']) / min(table['c++']):.4f} (target <= 1.05)")

if __name__ == "__main__":
    main()
