#include <doctest/doctest.h>

#include "core/rng.hpp"
#include "tonn/dense_layer.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {
Hjb20ReferenceOptions hjb_options(double omega0, std::uint64_t seed) {
  Hjb20ReferenceOptions o;
  o.omega0 = omega0;
  o.seed = seed;
  return o;
}
}  // namespace

namespace {

// Output of layer l alone (affine part) on a fixed sample-fastest block.
Mat layer_output(LinearLayer& layer, const Mat& Xt) {
  if (layer.stale()) layer.realize();
  Mat out(Xt.rows(), layer.out_dim());
  std::vector<double> scratch(layer.scratch_size(Xt.rows()));
  layer.apply_linear(Xt.data(), out.data(), Xt.rows(), scratch.data());
  layer.add_bias(out.data(), Xt.rows(), Xt.rows());
  return out;
}

// Counts programmed states: the realisation extension point is hit once per state.
class CountingCores final : public CoreProvider {
 public:
  CountingCores(DigitalCores inner, int* count) : inner_(std::move(inner)), count_(count) {}
  std::unique_ptr<CoreProvider> clone() const override { return std::make_unique<CountingCores>(*this); }
  const TTShape& shape() const override { return inner_.shape(); }
  std::vector<GroupSpec> parameter_groups() const override { return inner_.parameter_groups(); }
  void get_parameters(double* out) const override { inner_.get_parameters(out); }
  void set_parameters(const double* in) override { inner_.set_parameters(in); }
  void realize(std::vector<Mat>& cores) override {
    ++*count_;
    inner_.realize(cores);
  }

 private:
  DigitalCores inner_;
  int* count_;
};

}  // namespace

TEST_CASE("Setting the parameters to their own values changes nothing") {
  Network net = make_hjb20_reference(hjb_options(30.0, 3));
  const Mat X = Mat::Random(21, 17);
  Vec y0(17), y1(17);
  net.evaluate(X, y0);
  const Vec p = net.parameters();
  net.set_parameters(p);
  CHECK(net.parameters() == p);
  net.evaluate(X, y1);
  CHECK(y0 == y1);
  for (int g = 0; g < static_cast<int>(net.parameter_groups().size()); ++g) {
    net.set_group_parameters(g, net.group_parameters(g));
    CHECK(net.parameters() == p);
  }
}

TEST_CASE("Perturbing a parameter group changes only that group's layer output") {
  Network net = make_hjb20_reference(hjb_options(30.0, 4));
  Rng rng = make_rng(1, Stream::kPerturbation);
  std::normal_distribution<double> g;
  std::vector<Mat> inputs;
  for (int l = 0; l < net.num_layers(); ++l) inputs.push_back(Mat::Random(9, net.layer(l).in_dim()));
  for (const char* name : {"layer0/core2", "layer1/core0", "layer1/bias", "layer2/weight"}) {
    CAPTURE(name);
    const int grp = net.group_index(name);
    const ParameterGroup& info = net.parameter_groups()[grp];
    std::vector<Mat> before;
    for (int l = 0; l < net.num_layers(); ++l) before.push_back(layer_output(net.layer(l), inputs[l]));
    const Vec p0 = net.parameters();
    Vec delta(info.size);
    for (Eigen::Index i = 0; i < delta.size(); ++i) delta(i) = 1e-2 * g(rng);
    net.perturb_group(grp, delta);
    const Vec p1 = net.parameters();
    CHECK((p1 - p0).segment(info.offset, info.size).isApprox(delta, 1e-12));
    CHECK((p1 - p0).head(info.offset).cwiseAbs().maxCoeff() == 0.0);
    CHECK((p1 - p0).tail(p0.size() - info.offset - info.size).cwiseAbs().maxCoeff() == 0.0);
    for (int l = 0; l < net.num_layers(); ++l) {
      const double change = (layer_output(net.layer(l), inputs[l]) - before[l]).cwiseAbs().maxCoeff();
      if (l == info.layer)
        CHECK(change > 1e-6);
      else
        CHECK(change == 0.0);
    }
  }
  CHECK_THROWS_WITH_AS(net.group_index("layer9/core0"), doctest::Contains("allowed: layer0/core0"),
                       InputError);
  // perturb() adds to every parameter.
  const Vec p = net.parameters();
  net.perturb(Vec::Ones(p.size()));
  CHECK((net.parameters() - p).isApprox(Vec::Ones(p.size())));
}

TEST_CASE("Effective cores are realised once per programmed state, not per block") {
  int count = 0;
  const TTShape s = TTShape::with_rank({2, 4}, {4, 2}, 2);
  Rng rng = make_rng(2, Stream::kInit);
  Network net(8, NetworkOptions{8});
  net.add_layer(std::make_unique<TTLayer>(
                    std::make_unique<CountingCores>(DigitalCores(s, init_tt_cores(s, 0.5, rng)), &count),
                    Vec::Zero(8)),
                Activation{ActivationKind::kSine, 1.0});
  net.add_layer(std::make_unique<DenseLayer>(Mat::Ones(1, 8), Vec::Zero(1)),
                Activation{ActivationKind::kIdentity, 1.0});
  const Mat X = Mat::Random(8, 50), S = Mat::Random(8, 11);
  Mat Y(11, 50);
  Vec y(50);
  net.evaluate_stencil(X, S, Y);  // 69 blocks
  net.evaluate(X, y);
  CHECK(count == 1);
  net.perturb_group(net.group_index("layer0/core1"), Vec::Constant(16, 0.1));
  net.evaluate_stencil(X, S, Y);
  net.evaluate(X, y);
  CHECK(count == 2);
  net.realize();  // a new programmed state on demand (photonic noise redrawn)
  CHECK(count == 3);
}
