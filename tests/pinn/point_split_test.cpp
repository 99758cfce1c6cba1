// Splitting the points of a loss among processes (pinn/point_split.hpp): the parts, and
// the property a run over MPI ranks rests on: a split loss equals the whole-batch loss bit
// for bit, whatever the number of parts. The processes are simulated in one: each part
// runs the same calls in turn, recording its own columns; then part 0 replays, taking the
// other parts' columns from the record (what MPI_Allgatherv hands it).
#include "pinn/point_split.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "named_options.hpp"
#include "pinn/pinn_loss.hpp"
#include "test_functions.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/network_family.hpp"
#include "tonn/photonic_network.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::estimator_named;
using testing::pde_named;

namespace {

/// The exchanged matrices of every all_gather_columns() call, in call order.
struct Exchanges {
  std::vector<Mat> calls;
};

/// Part `part` of `parts`: records its columns, or (replay) fills in the others' columns
/// from the record.
class RecordedSplit final : public PointSplit {
 public:
  RecordedSplit(int part, int parts, Exchanges& record, bool replay)
      : part_(part), parts_(parts), record_(record), replay_(replay) {}
  int part() const override { return part_; }
  int parts() const override { return parts_; }
  void all_gather_columns(Mat& columns) override {
    if (record_.calls.size() <= call_)
      record_.calls.push_back(
          Mat::Constant(columns.rows(), columns.cols(), std::numeric_limits<double>::quiet_NaN()));
    Mat& all = record_.calls[call_++];
    REQUIRE(all.rows() == columns.rows());
    REQUIRE(all.cols() == columns.cols());
    const ColumnRange mine = part_columns(columns.cols(), part_, parts_);
    if (!replay_) {
      all.middleCols(mine.begin, mine.size()) = columns.middleCols(mine.begin, mine.size());
      const Mat own = columns.middleCols(mine.begin, mine.size());
      columns.setZero();  // the others' columns are not known yet: this pass is discarded
      columns.middleCols(mine.begin, mine.size()) = own;
      return;
    }
    const Mat own = columns.middleCols(mine.begin, mine.size());
    columns = all;
    columns.middleCols(mine.begin, mine.size()) = own;
  }

 private:
  int part_, parts_;
  Exchanges& record_;
  bool replay_;
  std::size_t call_ = 0;
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_terms(const LossTerms& a, const LossTerms& b) {
  if (!same_bits(a.total, b.total) || !same_bits(a.residual_mse, b.residual_mse) ||
      a.condition_mse.size() != b.condition_mse.size())
    return false;
  for (std::size_t i = 0; i < a.condition_mse.size(); ++i)
    if (!same_bits(a.condition_mse[i], b.condition_mse[i])) return false;
  return true;
}

/// What one process computes on a fresh loss: a single-state loss, a family loss and the
/// test metrics, at step 3.
struct Results {
  LossTerms single;
  std::vector<LossTerms> family;
  TestMetrics test;
};

template <class MakeLoss, class Evaluate>
Results run(const MakeLoss& make_loss, const Evaluate& evaluate, PointSplit* split) {
  PinnLoss loss = make_loss();
  loss.set_point_split(split);
  loss.begin_step(3);
  return evaluate(loss);
}

/// Whole batch vs every split into 2 .. 4 parts (replayed by part 0 and by the last part).
template <class MakeLoss, class Evaluate>
void check_split_equals_whole(const MakeLoss& make_loss, const Evaluate& evaluate) {
  const Results whole = run(make_loss, evaluate, nullptr);
  for (int parts = 1; parts <= 4; ++parts)
    for (int replayer : {0, parts - 1}) {
      CAPTURE(parts);
      CAPTURE(replayer);
      Exchanges record;
      for (int p = 0; p < parts; ++p) {
        RecordedSplit split(p, parts, record, false);
        run(make_loss, evaluate, &split);
      }
      RecordedSplit split(replayer, parts, record, true);
      const Results r = run(make_loss, evaluate, &split);
      CHECK(same_terms(r.single, whole.single));
      REQUIRE(r.family.size() == whole.family.size());
      for (std::size_t m = 0; m < r.family.size(); ++m) CHECK(same_terms(r.family[m], whole.family[m]));
      CHECK(same_bits(r.test.rel_l2, whole.test.rel_l2));
      CHECK(same_bits(r.test.rel_l2_learned, whole.test.rel_l2_learned));
      CHECK(same_bits(r.test.max_abs_error, whole.test.max_abs_error));
    }
}

// The flagship model: the HJB-20 reference network on a chip with the published static
// non-idealities (and dynamic phase noise when asked).
tonn::Network flagship_chip(bool phase_noise, Precision precision = Precision::kF64) {
  tonn::Hjb20ReferenceOptions ro;
  ro.seed = 4;
  ro.options.precision = precision;
  tonn::PhotonicOptions o;
  o.non_idealities = photonics::NonIdealityOptions::published();
  o.non_idealities.phase_noise = phase_noise;
  o.seed = 3;
  tonn::Network digital = tonn::make_hjb20_reference(ro);
  return tonn::make_photonic_network(digital, o);
}

}  // namespace

TEST_CASE("The parts of n columns are contiguous, in order, cover each column once and differ "
          "in size by at most one") {
  for (Eigen::Index n = 0; n <= 23; ++n)
    for (int parts = 1; parts <= 7; ++parts) {
      Eigen::Index next = 0, smallest = n, largest = 0;
      for (int p = 0; p < parts; ++p) {
        const ColumnRange r = part_columns(n, p, parts);
        CHECK(r.begin == next);
        CHECK(r.end >= r.begin);
        next = r.end;
        smallest = std::min(smallest, r.size());
        largest = std::max(largest, r.size());
      }
      CHECK(next == n);
      CHECK(largest - smallest <= 1);
    }
  CHECK_THROWS_AS(part_columns(5, 2, 2), InputError);
  CHECK_THROWS_AS(part_columns(5, 0, 0), InputError);
}

TEST_CASE("A loss split over 1 to 4 processes equals the whole-batch loss bit for bit on the "
          "flagship chip: single states, a zeroth-order family and the test error, in double "
          "and in single precision") {
  PinnLossOptions o;
  o.n_collocation = 7;  // parts of 7, 4, 3 or 2 points: uneven splits
  o.n_test = 37;
  const auto make_loss = [&] {
    return make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), o);
  };
  for (const auto& [phase_noise, precision] :
       {std::pair{false, Precision::kF64}, std::pair{true, Precision::kF64},
        std::pair{false, Precision::kF32}}) {
    CAPTURE(phase_noise);
    CAPTURE(to_string(precision));
    const tonn::Network base = flagship_chip(phase_noise, precision);
    const auto evaluate = [&](PinnLoss& loss) {
      // The states of a layer-wise iteration: theta, a layer-1 and a read-out perturbation.
      std::vector<tonn::Network> states(3, base);
      const char* groups[] = {"layer1/core2", "layer2/weight"};
      for (int i = 0; i < 2; ++i) {
        tonn::Network& n = states[std::size_t(i + 1)];
        const int g = n.group_index(groups[i]);
        n.perturb_group(g, 0.025 * Vec::Ones(n.parameter_groups()[std::size_t(g)].size));
      }
      for (std::size_t m = 0; m < states.size(); ++m) tonn::reseed_phase_noise(states[m], 10 + m);
      std::vector<tonn::Network*> members;
      for (tonn::Network& n : states) members.push_back(&n);
      tonn::NetworkFamily family(members, true);
      Results r;
      r.single = loss.loss_terms(states[1]);
      r.family = loss.family_loss_terms(family);
      r.test = loss.test_metrics(states[0]);
      return r;
    };
    check_split_equals_whole(make_loss, evaluate);
  }
}

TEST_CASE("A split loss with soft condition terms (Black-Scholes: boundary and terminal points "
          "after the collocation block) equals the whole-batch loss bit for bit") {
  PinnLossOptions o;
  o.n_collocation = 5;
  o.n_condition = 3;  // 5 + 3 x 3 points, split across the blocks
  o.n_test = 11;
  const auto make_loss = [&] {
    return make_pinn_loss(pde_named("black_scholes"), estimator_named("sparse_grid"), o);
  };
  const auto evaluate = [](PinnLoss& loss) {
    testing::SineMlp f(2, 16, 1.0);
    Results r;
    r.single = loss.loss_terms(f);
    CHECK(r.single.condition_mse.size() == 3);
    r.test = loss.test_metrics(f);
    return r;
  };
  check_split_equals_whole(make_loss, evaluate);
}


TEST_CASE("A split loss equals the whole-batch loss bit for bit with a dense first layer of many "
          "inputs (the heat-100 layout: 21 -> dense 64 -> TT 64 -> dense 1)") {
  // A batched product would round a point's A x by its place in the GEMM kernel's panels
  // (Eigen sums some rows' k in interleaved accumulators once there are >= 8 inputs), so
  // the first layer is applied one point at a time (Network::prepare_first_layer).
  tonn::NetworkSpec spec;
  spec.input_dim = 21;
  tonn::LayerSpec dense;
  dense.type = tonn::LayerType::kDense;
  dense.out_dim = 64;
  dense.activation.omega0 = 5;
  tonn::LayerSpec tt;
  tt.type = tonn::LayerType::kTT;
  tt.in_modes = {4, 4, 4};
  tt.out_modes = {4, 4, 4};
  tt.activation.omega0 = 5;
  tonn::LayerSpec out;
  out.type = tonn::LayerType::kDense;
  out.out_dim = 1;
  out.activation.kind = tonn::ActivationKind::kIdentity;
  spec.layers = {dense, tt, out};
  PinnLossOptions o;
  o.n_collocation = 23;  // parts of 23, 12, 8 or 6 points
  o.n_test = 37;
  const auto make_loss = [&] {
    return make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), o);
  };
  const auto evaluate = [&](PinnLoss& loss) {
    tonn::Network net = tonn::build_network(spec);
    Results r;
    r.single = loss.loss_terms(net);
    r.test = loss.test_metrics(net);
    return r;
  };
  check_split_equals_whole(make_loss, evaluate);
}
