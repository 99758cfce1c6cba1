#pragma once
// The scalar loss L(theta) that a zeroth-order optimiser queries. On the chip, one
// evaluation is one programmed state: the heaters are set to theta, the loss is measured,
// and the next evaluation reprograms them. The energy ledger charges both, so the base
// class counts them for every implementation:
//   evaluations         = forward evaluations of the loss (programmed states measured);
//   retuned_coordinates = sum over evaluations of the coordinates whose value differs from
//                         the previously programmed state (each one a heater change).
// Counting lives in the non-virtual evaluate()/evaluate_many() (non-virtual interface), so
// an implementation cannot forget it; implementations override evaluate_state() and,
// to batch or parallelise over states, evaluate_states().
#include <functional>
#include <vector>

#include "core/types.hpp"
#include "solvers/parameter_groups.hpp"

namespace tonnsim::solvers {

/// A batch of states, one per column (dimension x K), possibly a view into a larger matrix.
using StatesRef = Eigen::Ref<const Mat>;

struct ObjectiveCounters {
  long evaluations = 0;          // programmed states measured
  long retuned_coordinates = 0;  // parameter changes between consecutive programmed states
  // States whose change from the previous one swings a heater by more than pi in its range
  // (a wrap: the requested phase crossed 0 or phi_max, so the heater moves ~2 pi).
  long wrap_states = 0;

  ObjectiveCounters operator-(const ObjectiveCounters& o) const {
    return {evaluations - o.evaluations, retuned_coordinates - o.retuned_coordinates,
            wrap_states - o.wrap_states};
  }
};

/// Coordinates [offset, offset + size) of theta that are heater phases with range
/// [0, max_phase_rad] (photonics/heater_power.hpp): a chip maps any requested value there by
/// whole turns of 2 pi.
struct HeaterRange {
  Index offset = 0;
  Index size = 0;
  double max_phase_rad = 0.0;
};

class Objective {
 public:
  virtual ~Objective() = default;

  /// Length of theta.
  virtual Index dimension() const = 0;

  /// L(theta): one programmed state.
  double evaluate(const Vec& theta);

  /// L at every column of `thetas` (dimension x K), programmed in column order: the
  /// retuning count of column k is taken against column k - 1.
  Vec evaluate_many(const StatesRef& thetas);

  const ObjectiveCounters& counters() const { return counters_; }
  void reset_counters() { counters_ = {}; }

  /// Declares that the chip already holds `theta` (e.g. programmed at start-up and charged
  /// elsewhere) without measuring. Until a state is known, the first evaluation counts
  /// every coordinate as retuned.
  void assume_programmed(const Vec& theta);
  /// Continues from a checkpoint: the counters so far and the state the chip then held,
  /// so later counts equal those of a run that never stopped.
  void restore(const ObjectiveCounters& counters, const Vec& programmed);
  /// The state programmed last (empty before any is known).
  const Vec& programmed_state() const { return programmed_; }
  /// Which coordinates are heater phases, for counting wrap_states (none by default).
  void set_heater_ranges(std::vector<HeaterRange> ranges);

 protected:
  /// The loss at one state. Called after counting, from one thread.
  virtual double evaluate_state(const Vec& theta) = 0;

  /// The loss at each column. The default calls evaluate_state() per column in order;
  /// override to batch the states (e.g. OpenMP over perturbations, each state drawing its
  /// own noise from its own stream so the result does not depend on the thread count).
  virtual void evaluate_states(const StatesRef& thetas, Vec& values);

 private:
  void count_state(const Eigen::Ref<const Vec>& theta);

  ObjectiveCounters counters_;
  std::vector<HeaterRange> heater_ranges_;
  Vec programmed_;
  bool has_programmed_ = false;
};

/// An Objective from a callable, for digital models and tests.
class FunctionObjective : public Objective {
 public:
  FunctionObjective(Index dimension, std::function<double(const Vec&)> f);
  Index dimension() const override { return dimension_; }

 protected:
  double evaluate_state(const Vec& theta) override { return f_(theta); }

 private:
  Index dimension_;
  std::function<double(const Vec&)> f_;
};

}  // namespace tonnsim::solvers
