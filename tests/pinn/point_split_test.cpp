// Splitting the points of a loss among processes (pinn/point_split.hpp): the parts, and
// the property a run over MPI ranks rests on: a split loss equals the whole-batch loss bit
// for bit, whatever the number of parts. The processes are simulated in one: each part
// runs the same calls in turn, recording its own columns; then part 0 replays, taking the
// other parts' columns from the record (what MPI_Allgatherv hands it).
#include "pinn/point_split.hpp"

#include <doctest/doctest.h>

#include <omp.h>

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
  RecordedSplit(int part, int parts, Exchanges& record, bool replay, bool complete = false)
      : part_(part), parts_(parts), record_(record), replay_(replay), complete_(complete) {}
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
    if (!replay_ && complete_ && !all.hasNaN()) {
      // Every part has recorded this call: a later recording round sees the others'
      // columns (an exchange whose inputs depend on an earlier exchange, as the block
      // gradients of a reverse pass depend on the forward's jets).
      all.middleCols(mine.begin, mine.size()) = columns.middleCols(mine.begin, mine.size());
      const Mat own = columns.middleCols(mine.begin, mine.size());
      columns = all;
      columns.middleCols(mine.begin, mine.size()) = own;
      return;
    }
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
  bool complete_;  // fill in the columns of fully recorded calls (later recording rounds)
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
          "and in single precision, with the sparse grid and with finite differences") {
  PinnLossOptions o;
  o.n_collocation = 7;  // parts of 7, 4, 3 or 2 points: uneven splits
  o.n_condition = 4;    // hjb20_varying's lateral faces: 11 points, parts straddle the blocks
  o.n_test = 37;
  // hjb20 with the sparse grid; hjb20_varying with finite differences, whose lateral-face
  // points are evaluated at x alone (DerivativeEstimator::estimate_head).
  for (const auto& [pde, estimator] : {std::pair{"hjb20", "sparse_grid"},
                                       std::pair{"hjb20_varying", "finite_difference"}})
  for (const auto& [phase_noise, precision] :
       {std::pair{false, Precision::kF64}, std::pair{true, Precision::kF64},
        std::pair{false, Precision::kF32}}) {
    CAPTURE(pde);
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
    const auto make_loss = [&, p = pde, e = estimator] {
      return make_pinn_loss(pde_named(p), estimator_named(e), o);
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

namespace {

bool same_vector_bits(const Vec& a, const Vec& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

/// The loss and its gradient at step 3 of a fresh loss, split or not.
template <class MakeLoss, class MakeNet>
std::pair<double, Vec> gradient_run(const MakeLoss& make_loss, const MakeNet& make_net,
                                    PointSplit* split) {
  PinnLoss loss = make_loss();
  loss.set_point_split(split);
  loss.begin_step(3);
  tonn::Network net = make_net();
  Vec g;
  const double value = loss.loss_and_gradient(net, g);
  return {value, g};
}

/// loss_and_gradient split into 1 .. 4 parts and run with 1 or 2 threads equals the
/// whole-batch gradient with 1 thread, bit for bit.
template <class MakeLoss, class MakeNet>
void check_gradient_split_and_threads(const MakeLoss& make_loss, const MakeNet& make_net) {
  const int threads_before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto whole = gradient_run(make_loss, make_net, nullptr);
  REQUIRE(whole.second.allFinite());
  CHECK(whole.second.norm() > 0.0);
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    omp_set_num_threads(threads);
    const auto same = gradient_run(make_loss, make_net, nullptr);
    CHECK(same_bits(same.first, whole.first));
    CHECK(same_vector_bits(same.second, whole.second));
    for (int parts = 1; parts <= 4; ++parts)
      for (int replayer : {0, parts - 1}) {
        CAPTURE(parts);
        CAPTURE(replayer);
        Exchanges record;
        // Two recording rounds: the block gradients need the forward's exchanged jets.
        for (int round = 0; round < 2; ++round)
          for (int p = 0; p < parts; ++p) {
            RecordedSplit split(p, parts, record, false, round > 0);
            gradient_run(make_loss, make_net, &split);
          }
        RecordedSplit split(replayer, parts, record, true);
        const auto r = gradient_run(make_loss, make_net, &split);
        CHECK(same_bits(r.first, whole.first));
        CHECK(same_vector_bits(r.second, whole.second));
      }
  }
  omp_set_num_threads(threads_before);
}

}  // namespace

TEST_CASE("First-order loss gradients are bit-identical for 1 and 2 threads and for 1 to 4 "
          "processes on the HJB-20 reference network (TT first layer, sparse-grid shifts)") {
  PinnLossOptions o;
  o.n_collocation = 9;  // point blocks of 4, 4, 1; with 4 parts one part has no block
  o.n_test = 5;
  const auto make_loss = [&] {
    return make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), o);
  };
  const auto make_net = [] {
    tonn::Hjb20ReferenceOptions ro;
    ro.seed = 4;
    return tonn::make_hjb20_reference(ro);
  };
  check_gradient_split_and_threads(make_loss, make_net);
}

TEST_CASE("First-order loss gradients with soft conditions and a dense first layer "
          "(Black-Scholes) are bit-identical for 1 and 2 threads and for 1 to 4 processes") {
  PinnLossOptions o;
  o.n_collocation = 7;
  o.n_condition = 4;  // 7 + 3 x 4 points: blocks of 5 (13 shifts) across the condition blocks
  o.n_test = 5;
  const auto make_loss = [&] {
    return make_pinn_loss(pde_named("black_scholes"), estimator_named("sparse_grid"), o);
  };
  const auto make_net = [] {
    tonn::NetworkSpec spec;
    spec.input_dim = 2;
    tonn::LayerSpec dense;
    dense.type = tonn::LayerType::kDense;
    dense.out_dim = 16;
    dense.activation.kind = tonn::ActivationKind::kTanh;
    tonn::LayerSpec tt;
    tt.type = tonn::LayerType::kTT;
    tt.in_modes = {4, 4};
    tt.out_modes = {4, 4};
    tt.activation.kind = tonn::ActivationKind::kTanh;
    tonn::LayerSpec out;
    out.type = tonn::LayerType::kDense;
    out.out_dim = 1;
    out.activation.kind = tonn::ActivationKind::kIdentity;
    spec.layers = {dense, tt, out};
    spec.init = tonn::InitRule::kGlorot;
    spec.seed = 2;
    return tonn::build_network(spec);
  };
  check_gradient_split_and_threads(make_loss, make_net);
}
