"""Networks, the PINN loss and the ledger from Python equal what a run measures."""
import numpy as np
import pytest

import tonnsim
from conftest import TINY


@pytest.fixture(scope="module")
def tiny():
    return tonnsim.load_scenario(TINY)


def test_the_loss_at_the_initial_phases_is_the_first_loss_a_run_measures(tiny):
    exp = tonnsim.Experiment(tiny)
    theta = exp.parameters
    assert exp.model == "photonic" and theta.shape == (exp.num_parameters,)
    # The run's first programmed state: L(theta_0) on step 0's points, noise state 0.
    first = tonnsim.run(tiny, max_iterations=1, threads=2).trace["loss"][0]
    assert exp.loss(theta, step=0, noise_state=0) == first
    assert exp.loss(theta, step=0, noise_state=0) == first  # repeatable
    assert exp.loss(theta, step=1, noise_state=0) != first  # other collocation points
    assert exp.loss(theta, step=0, noise_state=5) != first  # other dynamic phase noise


def test_parameters_set_and_evaluate_a_batch(tiny):
    exp = tonnsim.Experiment(tiny)
    theta = exp.parameters
    points = exp.test_points[:10]
    y = exp.evaluate(points, noise_state=0)
    assert y.shape == (10,) and np.all(np.isfinite(y))
    moved = theta.copy()
    moved[0] += 0.3
    assert not np.array_equal(exp.evaluate(points, moved, noise_state=0), y)
    assert np.array_equal(exp.evaluate(points, theta, noise_state=0), y)
    names = [g[0] for g in exp.parameter_groups]
    assert sum(g[2] for g in exp.parameter_groups) == exp.num_parameters and names[0].startswith("layer0/")
    with pytest.raises(tonnsim.InputError, match="parameters"):
        exp.parameters = theta[:-1]
    with pytest.raises(ValueError, match="columns"):
        exp.evaluate(points[:, :5])


def test_the_ledger_of_a_run_is_the_ledger_of_its_counts(tiny):
    exp = tonnsim.Experiment(tiny)
    r = tonnsim.run(tiny, max_iterations=1, threads=2)
    row = {k: v[-1] for k, v in r.trace.items()}
    states = row["forward_evals"] // exp.evaluations_per_loss
    ledger = exp.ledger(iterations=1, programmed_states=states, forward_evals=row["forward_evals"],
                        phase_retunes=row["phase_retunes"], phase_step_rad=0.025,
                        wrap_states=row["wrap_states"], static_power_w=row["static_power_w"])
    assert ledger["component"] == r.ledger["component"]
    assert ledger["total_energy_j"] == pytest.approx(r.ledger["total_energy_j"], rel=1e-12)
    assert ledger["total_latency_s"] == pytest.approx(r.ledger["total_latency_s"], rel=1e-12)
    planned = exp.planned_ledger()
    assert planned["total_energy_j"] > 0


def test_the_published_reference_tonn_has_its_published_size():
    exp = tonnsim.reference_experiment("digital", seed=0)
    assert exp.num_parameters == 1929
    hw = exp.hardware
    assert hw["dense_mesh_mzis"] == 523474 and hw["mesh_mzis"] == 448
    assert hw["mesh_mzi_reduction"] == pytest.approx(1.17e3, rel=0.01)
    points = np.random.default_rng(0).uniform(size=(5, 21))
    y = exp.evaluate(points)
    # A batch evaluates each point as alone (up to the rounding of vectorised blocks).
    alone = np.array([exp.evaluate(points[i:i + 1])[0] for i in range(5)])
    assert np.allclose(y, alone, rtol=1e-12, atol=1e-14) and np.ptp(y) > 0
    with pytest.raises(tonnsim.InputError, match="photonic"):
        exp.ledger(1, 1, 1, 1)


def test_a_pde_gives_its_exact_solution():
    pde = tonnsim.Pde({"kind": "hjb20"})
    assert pde.input_dim == 21
    x = pde.sample_collocation(50, seed=4)
    assert x.shape == (50, 21)
    # u = sum x_i + 1 - t (design notes).
    assert np.allclose(pde.exact(x), x[:, :20].sum(axis=1) + 1 - x[:, 20], atol=1e-12)
    with pytest.raises(tonnsim.InputError, match="kind"):
        tonnsim.Pde({"kind": "hjb21"})


def test_the_estimator_derivatives_match_finite_differences_of_the_network():
    sections = {"pde": {"kind": "hjb20", "n_collocation": 4, "n_test": 16},
                "network": {"layers": [{"type": "dense", "out_dim": 8, "activation": "sine"},
                                       {"type": "dense", "out_dim": 1, "activation": "identity"}]},
                "estimator": {"kind": "exact"}, "run": {"seed": 2}}
    exact = tonnsim.Experiment(tonnsim.load_scenario(sections))
    assert exact.estimator_kind == "exact" and exact.evaluations_per_point == 1
    x = np.random.default_rng(3).uniform(size=(4, 21))
    jet = exact.estimate(x)
    assert np.allclose(jet["value"], exact.evaluate(x), rtol=1e-12, atol=1e-14)
    h = 1e-5
    for j in (0, 7, 20):
        e = np.zeros(21)
        e[j] = h
        up, mid, down = exact.evaluate(x + e), exact.evaluate(x), exact.evaluate(x - e)
        assert np.allclose(jet["grad"][:, j], (up - down) / (2 * h), rtol=1e-6, atol=1e-8)
        assert np.allclose(jet["hess_diag"][:, j], (up - 2 * mid + down) / h ** 2, rtol=1e-3, atol=1e-4)
    # The sparse-grid Stein estimator (level 3, D = 21: 925 distinct nodes) at a small
    # sigma estimates the derivatives of a network barely smoothed: close to the exact ones.
    smooth = tonnsim.Experiment(tonnsim.load_scenario(
        sections, {"estimator.kind": "sparse_grid", "estimator.sparse_grid.sigma": 1e-3}))
    assert smooth.evaluations_per_point == 925
    # A smoothed value needs every node, boundary points too; with finite differences the
    # boundary points of a ZO loss are evaluated at x alone (first order: the whole stencil).
    n = len(smooth.collocation_points)
    assert smooth.evaluations_per_loss == smooth.gradient_evaluations_per_loss == 925 * n
    stein = smooth.estimate(x)
    assert np.abs(stein["grad"] - jet["grad"]).max() < 1e-6 * np.abs(jet["grad"]).max()
    assert np.abs(stein["hess_diag"] - jet["hess_diag"]).max() < 5e-3 * np.abs(jet["hess_diag"]).max()


def test_the_gil_is_released_while_the_loss_is_computed(tiny):
    import threading
    import time

    # Calls long against the worker's 0.5 ms tick (8,192 points: ~10+ ms each even on a quiet
    # machine), so a released GIL gives many ticks per call and a held one at most about one.
    exp = tonnsim.Experiment(tonnsim.load_scenario(TINY, {"pde.n_collocation": 8192}))
    theta = exp.parameters
    ticks, done = [], threading.Event()

    def worker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.01)
    start = time.perf_counter()
    calls = 10
    for step in range(calls):
        exp.loss(theta, step=step, noise_state=step)
    end = time.perf_counter()
    done.set()
    thread.join()
    # With the GIL held through each call, the worker could tick about once between calls.
    inside = sum(start < t < end for t in ticks)
    assert inside > 5 * calls, (inside, end - start)
