#include "tonn/linear_layer.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

LinearLayer::LinearLayer(Index in_dim, Index out_dim)
    : in_dim_(in_dim), out_dim_(out_dim), bias_(Vec::Zero(out_dim)) {
  require(in_dim >= 1, "layer input dimension", in_dim, "must be >= 1");
  require(out_dim >= 1, "layer output dimension", out_dim, "must be >= 1");
}

std::vector<GroupSpec> LinearLayer::parameter_groups() const {
  std::vector<GroupSpec> g = weight_groups();
  g.push_back({"bias", out_dim_});
  return g;
}

Index LinearLayer::num_parameters() const {
  Index n = 0;
  for (const GroupSpec& g : parameter_groups()) n += g.size;
  return n;
}

void LinearLayer::get_parameters(double* out) const {
  get_weights(out);
  std::copy(bias_.data(), bias_.data() + out_dim_, out + num_parameters() - out_dim_);
}

void LinearLayer::set_parameters(const double* in) {
  set_weights(in);
  const double* b = in + num_parameters() - out_dim_;
  std::copy(b, b + out_dim_, bias_.data());
  stale_ = true;
}

void LinearLayer::set_bias(const Vec& b) {
  require(b.size() == out_dim_, "bias length", b.size(), "must equal the layer output dimension");
  bias_ = b;
}

void LinearLayer::realize() {
  realize_weights();
  stale_ = false;
}

void LinearLayer::add_bias(double* out, Index rows, Index ld) const {
  for (Index u = 0; u < out_dim_; ++u) {
    const double b = bias_(u);
    double* col = out + u * ld;
#pragma omp simd
    for (Index r = 0; r < rows; ++r) col[r] += b;
  }
}

}  // namespace tonnsim::tonn
