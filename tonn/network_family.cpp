#include "tonn/network_family.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::tonn {

bool deterministic_layers(const Network& net) {
  for (int l = 0; l < net.num_layers(); ++l)  // every photonic layer, whatever its options
    if (const PhotonicOptions* o = photonic_options(net.layer(l)))
      if (o->non_idealities.phase_noise || o->non_idealities.detector_noise) return false;
  return true;
}

NetworkFamily::NetworkFamily(std::vector<Network*> members, bool share_layers)
    : members_(std::move(members)), share_layers_(share_layers) {
  require(!members_.empty(), "network family members", 0, "must be >= 1");
  for (const Network* n : members_)
    require(n != nullptr, "network family member", "null", "must be a network");
}

std::vector<int> NetworkFamily::shared_layers() const {
  std::vector<int> shared(members_.size(), 0);
  bool share = share_layers_;
  for (const Network* n : members_) share = share && deterministic_layers(*n);
  if (!share) return shared;
  const Network& root = *members_[0];
  const int L = root.num_layers();
  for (std::size_t m = 1; m < members_.size(); ++m) {
    const Network& net = *members_[m];
    if (net.num_layers() != L || net.num_parameters() != root.num_parameters()) continue;
    int same = 0;
    while (same + 1 < L) {
      const LinearLayer& a = root.layer(same);
      const LinearLayer& b = net.layer(same);
      if (a.num_parameters() != b.num_parameters()) break;
      Vec pa(a.num_parameters()), pb(b.num_parameters());
      a.get_parameters(pa.data());
      b.get_parameters(pb.data());
      if ((pa.array() != pb.array()).any()) break;
      ++same;
    }
    shared[m] = same;
  }
  return shared;
}

void NetworkFamily::evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S,
                                     std::vector<Mat>& Y) {
  const std::vector<int> shared = shared_layers();
  if (std::all_of(shared.begin(), shared.end(), [](int s) { return s == 0; })) {
    // Nothing to share (joint perturbations, dynamic noise): one member after the other
    // keeps one member's first-layer tables in cache at a time.
    StencilFamily::evaluate_stencil(X, S, Y);
    return;
  }
  Y.resize(members_.size());
  std::vector<MatRef> out;
  out.reserve(members_.size());
  for (Mat& y : Y) {
    y.resize(S.cols(), X.cols());
    out.emplace_back(y);
  }
  Network::evaluate_stencil_shared(members_, shared, X, S, std::move(out));
}

}  // namespace tonnsim::tonn
