#pragma once
// Shared by the training tests: the accuracy a finished run wrote to /final, printed to the
// test log (docs/hdf5-layout.md; docs/accuracy-metrics.md for the definitions).
#include <doctest/doctest.h>

#include <string>

#include "scenarios/runner/hdf5_file.hpp"

struct FinalAccuracy {
  double learned;      // rel L2 of the learned part, ||u_pred - u|| / ||u - g||
  double constant;     // the same for the best constant network
  double improvement;  // over the best trivial baseline
};

inline FinalAccuracy final_accuracy(const std::string& path) {
  const auto h = tonnsim::runner::Hdf5File::open(path);
  const FinalAccuracy a{h.double_attribute("/final", "rel_l2_learned"),
                        h.double_attribute("/final", "baseline_constant_rel_l2_learned"),
                        h.double_attribute("/final", "improvement_over_best_baseline")};
  MESSAGE("learned-part rel L2 " << a.learned << ", best constant " << a.constant
                                 << ", improvement " << a.improvement << "x");
  return a;
}
