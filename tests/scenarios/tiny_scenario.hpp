#pragma once
// The small scenario the run tests share.

// A tiny in-situ run: HJB-20 on a 21 -> 16 -> 1 TONN on the chip with dynamic phase noise
// and the published static errors, central differences (step 0.1), 8 iterations.
inline const char* kTiny =
    "description: tiny\n"
    "pde: {kind: hjb20, n_collocation: 4, n_test: 64}\n"
    "estimator: {kind: finite_difference, finite_difference: {step: 0.1}}\n"
    "network:\n"
    "  layers:\n"
    "    - {type: tt, in_modes: [1, 3, 7], out_modes: [2, 4, 2], tt_rank: 2, activation: sine, "
    "omega0: 30}\n"
    "    - {type: dense, out_dim: 1, activation: identity}\n"
    "chip:\n"
    "  model: photonic\n"
    "  non_idealities: {preset: published, phase_noise: true}\n"
    "optimizer: {zo: {preset: phase_domain}, learning_rate: {initial: 0.01}}\n"
    "run: {iterations: 8, eval_every: 3, checkpoint_every: 2, seed: 5}\n";
