"""Device level from Python: decomposition, blocks, tensor cores, chips, thermal response."""
import numpy as np
import pytest

import tonnsim


@pytest.mark.parametrize("topology,columns", [("clements", 8), ("reck", 13)])
def test_a_decomposed_haar_unitary_is_reproduced_by_its_mesh(topology, columns):
    u = tonnsim.haar_random_unitary(8, seed=3)
    assert tonnsim.unitarity_deviation(u) < 1e-12
    mesh = tonnsim.decompose(u, topology)
    assert mesh.num_mzis == 8 * 7 // 2 and mesh.num_columns == columns
    m = mesh.matrix()
    assert np.abs(m - u).max() < 1e-10
    assert tonnsim.unitarity_deviation(m) < 1e-10
    assert np.all((mesh.theta >= 0) & (mesh.theta <= np.pi))


def test_mesh_phases_round_trip_and_a_lossy_mesh_scales_the_unitary():
    mesh = tonnsim.Mesh("clements", 4)
    rng = np.random.default_rng(0)
    mesh.theta, mesh.phi, mesh.screen = rng.uniform(0, np.pi, 6), rng.uniform(0, 2 * np.pi, 6), rng.uniform(0, 2 * np.pi, 4)
    u = mesh.matrix()
    assert tonnsim.unitarity_deviation(u) < 1e-12
    mesh.set_uniform_loss_db(0.5)
    # Balanced loss: every path crosses 4 columns, so the matrix is 10^(-0.5*4/20) U.
    assert np.abs(mesh.matrix() - 10 ** (-0.5 * 4 / 20) * u).max() < 1e-12
    with pytest.raises(tonnsim.InputError):
        mesh.theta = np.zeros(5)


def test_a_matrix_that_is_not_unitary_is_refused():
    with pytest.raises(tonnsim.InputError, match="unitar"):
        tonnsim.decompose(np.ones((4, 4), dtype=complex))


def test_a_block_realises_its_matrix_ideally_and_approximately_with_non_idealities():
    w = np.random.default_rng(1).normal(size=(6, 6))
    block = tonnsim.SvdBlock.from_matrix(w)
    assert np.abs(block.real_matrix() - w).max() < 1e-10
    assert np.abs(block.realize("ideal") - block.matrix()).max() < 1e-12
    noisy = block.realize("published", seed=2)
    err = np.linalg.norm(noisy.real - w) / np.linalg.norm(w)
    assert 1e-4 < err < 0.2
    assert np.array_equal(noisy, block.realize("published", seed=2))      # same chip
    assert not np.array_equal(noisy, block.realize("published", seed=3))  # another chip
    report = block.report()
    assert report["mzis"] == 2 * 15 + 6 and report["phase_shifters"] == block.num_phases
    assert report["area_mm2"] > 0 and report["static_power_w"] > 0
    with pytest.raises(tonnsim.InputError, match="quantization_bits"):
        block.realize({"preset": "published", "quantization_bits": 0})


def test_a_tensor_core_array_tiles_and_reassembles_a_matrix():
    w = np.random.default_rng(2).normal(size=(12, 20))
    array = tonnsim.TensorCoreArray.from_real_matrix(w, core_size=8)
    assert array.num_cores == 2 * 3
    assert np.abs(array.real_matrix() - w).max() < 1e-10
    assert array.report()["tensor_cores"] == 6
    assert array.realize("ideal").shape == (12, 20)
    phases = array.phases
    array.phases = phases
    assert np.array_equal(array.phases, phases)


def test_a_heater_step_response_is_the_first_order_closed_form():
    row = tonnsim.HeaterRow(5)
    start = np.array([0.1, 0.5, 1.0, 2.0, 3.0])
    target = np.array([1.0, 0.2, 2.5, 2.0, 0.4])
    times = np.array([0.0, 0.5, 1.0, 3.0, 10.0]) * row.tau_s
    phases = row.step_response(start, target, times)
    # phi(t) = phi_target + (phi_start - phi_target) exp(-t / tau): all heaters share tau,
    # and the compensated drive settles exactly on the targets.
    expected = target + (start - target) * np.exp(-times / row.tau_s)[:, None]
    assert np.abs(phases - expected).max() < 1e-6
    result = row.retune(start, target)
    dphi = np.abs(target - start).max()
    assert result["settle_time_s"] == pytest.approx(
        tonnsim.step_settle_time_s(row.tau_s, dphi, row.settle_tolerance_rad), rel=1e-3)
    assert result["excess_energy_j"] == pytest.approx(0.0, abs=1e-15)  # a step drive
