#!/usr/bin/env python3
"""Times the HJB-20 PINN loss in PyTorch and in tonnsim on the same machine, in one run,
and prints the ratio.

The loss (design-notes.md, "Published reference configuration"): the 20-dim HJB residual
u_t + Lap_x u - 0.05 |grad_x u|^2 + 2 of u = sum x_i + (1 - t) N_sigma(x, t), squared and
averaged over 100 collocation points, with value, gradient and Hessian diagonal of the
Gaussian-smoothed network N_sigma (sigma = 0.1) from Stein's identities on the level-3 GQN
sparse grid (925 nodes): 92,500 network evaluations per loss. The network is
21 -> 512 -> 512 -> 1, sine activations sin(w0 (z + b)) with w0 = 30, TT rank 2
(layer 0: [1,1,3,7] -> [8,4,4,4]; layer 1: [4,4,4,8] -> [8,4,4,4]), dense read-out.

The PyTorch version is written the way a strong PyTorch user would: float32, no autograd,
TT cores contracted once per loss into dense weights (cheap: 512 x 512), the first-layer
trick W (x + s) = W x + W s (W x once per point, W s once per shift, one broadcast add per
input), batched GEMMs over chunks of points that keep the activations in cache, and the
Stein read-out as one GEMM with a dense (K x (1 + 2D)) matrix.

tonnsim's loss is timed with its Google Benchmark program bench/loss_gradient_bench
(PinnLoss::loss on the same network and grid, double precision), run as a subprocess.

PyTorch is an optional dependency (Debian: python3-torch); no test needs it. Without it,
this script says so, times tonnsim alone and exits with status 2.

Usage (from the repository root, after building with -DTONNSIM_BUILD_BENCH=ON):
  /usr/bin/python3 bench/pytorch/hjb20_loss_compare.py [--threads 1 2] [--repeats 5]
"""
import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import time

D = 21  # 20 space dimensions + time (last input)
SIGMA = 0.1
OMEGA0 = 30.0
POINTS = 100
TT_LAYERS = [([1, 1, 3, 7], [8, 4, 4, 4]), ([4, 4, 4, 8], [8, 4, 4, 4])]
RANK = 2


def sparse_grid_level3(dim):
    """GQN level-3 Smolyak grid for N(0, I_dim) (Heiss and Winschel 2008): nodes and weights.

    Combination of the nested 1-D rules {0: 1}, {+-1: 1/2}, {0: 2/3, +-sqrt(3): 1/6}: centre
    weight C(dim-1, 2) + dim * 2/3 (204 at dim 21), +-sqrt(3) e_j: 1/6, +-e_j: -(dim - 1) / 2,
    (+-e_j +- e_k): 1/4. 1 + 4 dim + 2 dim (dim - 1) nodes (925 at dim 21).
    """
    nodes, weights = [[0.0] * dim], [math.comb(dim - 1, 2) + dim * 2.0 / 3.0]
    for j in range(dim):
        for value, weight in ((math.sqrt(3.0), 1.0 / 6.0), (1.0, -(dim - 1) / 2.0)):
            for sign in (1.0, -1.0):
                z = [0.0] * dim
                z[j] = sign * value
                nodes.append(z)
                weights.append(weight)
    for j, k in itertools.combinations(range(dim), 2):
        for sj, sk in itertools.product((1.0, -1.0), repeat=2):
            z = [0.0] * dim
            z[j], z[k] = sj, sk
            nodes.append(z)
            weights.append(0.25)
    return nodes, weights


def time_tonnsim(binary, threads, repeats, f32=False):
    """Seconds per tonnsim loss at each thread count, from bench/loss_gradient_bench, in
    double (f32 False) or single precision (run.precision f32)."""
    out = {}
    for n in threads:
        cmd = [binary, f"--benchmark_filter=BM_HjbLossGradient/gradient:0/threads:{n}/f32:{int(f32)}/",
               "--benchmark_format=json", f"--benchmark_repetitions={repeats}",
               "--benchmark_report_aggregates_only=true"]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        runs = json.loads(res.stdout)["benchmarks"]
        med = [r for r in runs if r.get("aggregate_name") == "median"]
        if not med:
            raise RuntimeError(f"no median in the output of {' '.join(cmd)}")
        out[n] = (med[0]["real_time"] * {"ms": 1e-3, "s": 1.0, "us": 1e-6}[med[0]["time_unit"]],
                  med[0]["cpu_time"] * {"ms": 1e-3, "s": 1.0, "us": 1e-6}[med[0]["time_unit"]])
    return out


def gemm_gflops(torch, repeats=5):
    """Float32 GEMM speed of the BLAS PyTorch is linked to, the size of one chunk's layer 1."""
    a, b = torch.randn(3700, 512), torch.randn(512, 512)
    a @ b  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2.0 * 3700 * 512 * 512 * repeats / (time.perf_counter() - t0) / 1e9


def torch_loss_factory(torch, chunk, layer1="dense", layer0="sin"):
    """The HJB-20 loss as a PyTorch function of a batch of points (float32, no autograd).

    layer1 "dense": the TT layer contracted to its dense 512 x 512 matrix once per loss and
    applied as one GEMM per chunk; "tt": applied core by core (einsum), never formed.
    layer0 "sin": sin(w0 (W x + b) + w0 W s) per input; "angle_sum": the same by
    sin(p + s) = sin p cos s + cos p sin s from sines and cosines of the B point parts and
    the K shift parts (tonnsim's first layer, tonn/network.hpp first_layer_sincos).
    """
    g = torch.Generator().manual_seed(0)
    f32 = torch.float32

    def tt_cores(in_modes, out_modes):
        d, ranks = len(in_modes), [1] + [RANK] * (len(in_modes) - 1) + [1]
        n_in = math.prod(in_modes)
        scale = (6.0 / n_in) ** 0.5 / OMEGA0  # SIREN-like scale; the timing does not depend on it
        return [torch.randn(ranks[k], in_modes[k], out_modes[k], ranks[k + 1], generator=g,
                            dtype=f32) * scale ** (1.0 / d) for k in range(d)]

    def tt_to_dense(cores):
        # W[(j1..jd), (i1..id)] from G_k(r, i, j, r'), contracted once per loss.
        w = cores[0]  # (1, i1, j1, r1)
        for c in cores[1:]:
            w = torch.einsum("aijr,rklb->aikjlb", w, c)
            a, i, k, j, l, b = w.shape
            w = w.reshape(a, i * k, j * l, b)
        return w[0, :, :, 0].T.contiguous()  # (out, in)

    cores = [tt_cores(i, o) for i, o in TT_LAYERS]
    b0 = torch.randn(512, generator=g, dtype=f32) * 0.01
    b1 = torch.randn(512, generator=g, dtype=f32) * 0.01
    w2 = torch.randn(512, generator=g, dtype=f32) * (6.0 / 512) ** 0.5 / OMEGA0
    b2 = torch.zeros((), dtype=f32)

    nodes, weights = sparse_grid_level3(D)
    Z = torch.tensor(nodes, dtype=torch.float64)          # K x D
    w = torch.tensor(weights, dtype=torch.float64)        # K
    S = (SIGMA * Z).to(f32)                               # the shifts
    # Stein read-out, K x (1 + 2D): value, gradient, Hessian diagonal of N_sigma.
    R = torch.cat([w[:, None], w[:, None] * Z / SIGMA,
                   w[:, None] * (Z * Z - 1.0) / SIGMA ** 2], dim=1).to(f32)

    def tt_matvec(h, layer_cores):
        # y = W h with W in TT form, never formed: one einsum per core over a batch of rows
        # (rank 2: 2 x 4 x 8 x ... multiply-adds per row and core, 16x fewer than the GEMM).
        B = h.shape[0]
        t = h.reshape(B, 1, 1, -1)  # (rows, out modes done, rank, inputs left)
        for c in layer_cores:
            r, i, j, s = c.shape
            t = t.reshape(B, t.shape[1], r, i, -1)
            t = torch.einsum("bJrim,rijs->bJjsm", t, c).reshape(B, t.shape[1] * j, s, -1)
        return t.reshape(B, -1)

    def layer0_chunks(X, W0):
        # yields (p0, c x K x 512 first-layer activations) chunk by chunk
        base = OMEGA0 * (X @ W0.T + b0)     # B x 512: W x + b, once per point
        shift = OMEGA0 * (S @ W0.T)         # K x 512: W s, once per shift
        if layer0 == "angle_sum":
            sb, cb, ss, cs = base.sin(), base.cos(), shift.sin(), shift.cos()
        for p0 in range(0, X.shape[0], chunk):
            if layer0 == "angle_sum":
                h = torch.addcmul(sb[p0:p0 + chunk, None, :] * cs[None, :, :],
                                  cb[p0:p0 + chunk, None, :], ss[None, :, :])
            else:
                h = torch.sin(base[p0:p0 + chunk, None, :] + shift[None, :, :])
            yield p0, h

    def loss(X):
        W0, W1 = tt_to_dense(cores[0]), tt_to_dense(cores[1])
        if layer1 == "tt":
            return loss_tt(X, W0)
        W1s, b1s = OMEGA0 * W1.T, OMEGA0 * b1
        jets = []
        for p0, h in layer0_chunks(X, W0):  # h: c x K x 512
            h = torch.sin(torch.addmm(b1s, h.reshape(-1, 512), W1s))
            y = (h @ w2 + b2).reshape(-1, S.shape[0])                         # c x K
            jets.append(y @ R)                                               # c x (1 + 2D)
        return residual_loss(X, torch.cat(jets))

    def loss_tt(X, W0):
        c1 = [c * OMEGA0 ** (1.0 / len(cores[1])) for c in cores[1]]  # omega0 folded in
        jets = []
        for p0, h in layer0_chunks(X, W0):
            h = h.reshape(-1, 512)
            h = torch.sin(tt_matvec(h, c1) + OMEGA0 * b1)
            y = (h @ w2 + b2).reshape(-1, S.shape[0])
            jets.append(y @ R)
        return residual_loss(X, torch.cat(jets))

    def residual_loss(X, J):
        N, gN, hN = J[:, 0], J[:, 1:1 + D], J[:, 1 + D:]
        t = X[:, D - 1]
        u_t = -N + (1 - t) * gN[:, D - 1]
        grad_x = 1 + (1 - t)[:, None] * gN[:, :D - 1]
        lap = (1 - t) * hN[:, :D - 1].sum(dim=1)
        r = u_t + lap - 0.05 * (grad_x * grad_x).sum(dim=1) + 2
        return (r * r).mean()

    return loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--chunk", type=int, default=4, help="points per PyTorch chunk")
    ap.add_argument("--layer1", nargs="+", choices=["dense", "tt"], default=["dense", "tt"],
                    help="how PyTorch applies the TT layer (both by default; the faster one "
                         "is the strong user's)")
    ap.add_argument("--layer0", nargs="+", choices=["sin", "angle_sum"],
                    default=["sin", "angle_sum"],
                    help="how PyTorch forms the first layer's activations (both by default; "
                         "the faster one is the strong user's)")
    ap.add_argument("--tonnsim-bench", default="build/bench/loss_gradient_bench")
    args = ap.parse_args()

    evals = POINTS * len(sparse_grid_level3(D)[0])
    load = os.getloadavg()
    print(f"HJB-20 loss: {POINTS} points x {evals // POINTS} shifts = {evals} network evaluations;"
          f" load average {load[0]:.2f} on {os.cpu_count()} CPUs")
    if not os.path.exists(args.tonnsim_bench):
        sys.exit(f"{args.tonnsim_bench} not found: configure with -DTONNSIM_BUILD_BENCH=ON and "
                 "build the target loss_gradient_bench")
    ours = time_tonnsim(args.tonnsim_bench, args.threads, args.repeats)
    ours32 = time_tonnsim(args.tonnsim_bench, args.threads, args.repeats, f32=True)
    try:
        import torch
    except ImportError:
        for n, (wall, cpu) in ours.items():
            print(f"tonnsim (f64), {n} thread(s): {wall:.4f} s per loss "
                  f"({evals / wall:,.0f} evaluations/s; CPU {cpu:.4f} s)")
        print("PyTorch is NOT installed (Debian package python3-torch): the PyTorch side of this "
              "comparison was not run. Install it to get the ratio; no test needs it.")
        sys.exit(2)

    torch.set_grad_enabled(False)
    torch.set_num_threads(1)
    gflops = gemm_gflops(torch)
    print(f"PyTorch {torch.__version__}: float32 GEMM 3700 x 512 x 512 on 1 thread "
          f"{gflops:.1f} GFLOP/s")
    if gflops < 5.0:
        print("WARNING: PyTorch's GEMM runs at the speed of the reference BLAS (Debian's "
              "python3-torch links libblas.so.3; with only the reference BLAS installed it is "
              "about 1 GFLOP/s). A strong PyTorch user has an optimised BLAS: install "
              "libopenblas0-pthread (update-alternatives then points libblas.so.3 at OpenBLAS) "
              "before quoting the ratio.")
    losses = {f"{l1}/{l0}": torch_loss_factory(torch, args.chunk, l1, l0)
              for l1, l0 in itertools.product(args.layer1, args.layer0)}
    X = torch.rand(POINTS, D, generator=torch.Generator().manual_seed(1), dtype=torch.float32)
    values = {kind: float(f(X)) for kind, f in losses.items()}
    if len(values) > 1:
        ref = next(iter(values.values()))
        for kind, v in values.items():
            if abs(v - ref) > 1e-3 * abs(ref):
                sys.exit(f"the PyTorch layer-1 variants disagree: {values}")
    print(f"{'threads':>7} {'layer 1/layer 0':>15} {'PyTorch f32 s/loss':>19} "
          f"{'tonnsim f64 s/loss':>19} {'tonnsim f32 s/loss':>19} {'PyTorch eval/s':>15} "
          f"{'ratio f64':>9} {'ratio f32':>9}")
    for n in args.threads:
        torch.set_num_threads(n)
        for kind, loss in losses.items():
            loss(X)  # warm-up
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                value = loss(X)
                times.append(time.perf_counter() - t0)
            times.sort()
            theirs = times[len(times) // 2]
            wall, wall32 = ours[n][0], ours32[n][0]
            print(f"{n:>7} {kind:>15} {theirs:>19.4f} {wall:>19.4f} {wall32:>19.4f} "
                  f"{evals / theirs:>15,.0f} {theirs / wall:>8.1f}x {theirs / wall32:>8.1f}x"
                  f"   (PyTorch loss {float(value):.3g})")
    print("ratio = PyTorch seconds per loss / tonnsim seconds per loss (medians; same machine, "
          "same run). The two networks have different random weights: the work, not the value, "
          "is compared.")


if __name__ == "__main__":
    main()
