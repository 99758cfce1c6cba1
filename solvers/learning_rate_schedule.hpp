#pragma once
// Learning-rate schedules lr(k) for iteration k = 0, 1, ...:
//   constant  lr(k) = lr0;
//   step      lr(k) = lr0 gamma^floor(k / every);
//   cosine    lr(k) = floor + (lr0 - floor) (1 + cos(pi min(k, T) / T)) / 2
//             (Loshchilov and Hutter, ICLR 2017, one cycle without restarts; stays at
//             `floor` after T iterations).
#include <array>
#include <utility>

#include "core/enum_names.hpp"

namespace tonnsim::solvers {

enum class LearningRateScheduleKind { kConstant, kStep, kCosine };

struct LearningRateOptions {
  LearningRateScheduleKind schedule = LearningRateScheduleKind::kConstant;
  // lr0 in parameter units per gradient unit for SGD, parameter units (rad for phases)
  // per step for Adam; 1e-3 is Adam's published default and the published ZO setting.
  double initial = 1e-3;
  // step: factor applied every `step_every` iterations, in (0, 1].
  double step_gamma = 0.5;
  long step_every = 1000;
  // cosine: iterations T of the half cycle (the training length, 10,000 published) and
  // the rate it ends at, in [0, initial].
  long cosine_iterations = 10000;
  double cosine_floor = 0.0;

  void validate() const;
};

/// lr(iteration); iteration >= 0.
double learning_rate_at(const LearningRateOptions& options, long iteration);

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::LearningRateScheduleKind> {
  static constexpr const char* type = "learning-rate schedule";
  static constexpr std::array<std::pair<solvers::LearningRateScheduleKind, const char*>, 3> names{
      {{solvers::LearningRateScheduleKind::kConstant, "constant"},
       {solvers::LearningRateScheduleKind::kStep, "step"},
       {solvers::LearningRateScheduleKind::kCosine, "cosine"}}};
};
}  // namespace tonnsim
