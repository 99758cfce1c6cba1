"""The flagship loss from Python against the same loss looped in C++ (issue 12's target:
Python at most 5% slower). The flagship is scenarios/hjb20-phase.yaml: the published
21-512-512-1 TONN on the chip with the published non-idealities, 100 collocation points,
level-3 sparse-grid Stein (92,500 network inferences per loss).

    PYTHONPATH=build/python OMP_NUM_THREADS=2 /usr/bin/python3 bench/python_loss_bench.py \
        [--scenario scenarios/hjb20-phase.yaml] [--repeats 5] [--rounds 3]

Rounds alternate the two sides so that load from other processes hits both alike; the
report gives the median and the minimum seconds per loss of each side and their ratio.
Both sides run Experiment.loss's C++ code (set phases, redraw noise state 0, loss on step 0's
points); the Python side adds the call overhead and the copy of the phase vector.
"""
import argparse
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
    py_s, cpp_s = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in range(args.repeats):
            same = exp.loss(theta, step=0, noise_state=0)
        py_s.append((time.perf_counter() - t0) / args.repeats)
        seconds, cpp_value = tonnsim._tonnsim._time_loss_in_cpp(exp, theta, args.repeats)
        cpp_s.append(seconds)
        assert same == value and cpp_value == value, "the two sides must compute the same loss"
    print(f"scenario {args.scenario}: {exp.num_parameters} phases, "
          f"{exp.evaluations_per_loss} inferences per loss, loss {value:.6e}")
    for name, s in (("python", py_s), ("c++", cpp_s)):
        print(f"  {name:6s} median {statistics.median(s):.4f} s/loss, min {min(s):.4f} s/loss "
              f"({args.rounds} blocks of {args.repeats})")
    print(f"  python / c++: median {statistics.median(py_s) / statistics.median(cpp_s):.4f}, "
          f"min {min(py_s) / min(cpp_s):.4f} (target <= 1.05)")


if __name__ == "__main__":
    main()
