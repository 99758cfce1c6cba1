#pragma once
// The programmed states of one zeroth-order iteration as one family of networks evaluated
// together (tonn/stencil_family.hpp). A layer-wise state that perturbs layer l programs the
// same phases as the unperturbed state on layers 0 .. l-1, so their activations there are
// the same numbers: the family computes them once, from member 0, and runs member m only
// from the first layer where its parameters differ from member 0's
// (Network::evaluate_stencil_shared). A state that perturbs only the digital read-out then
// costs one small GEMM (the read-out of member 0's last hidden activations).
//
// When is that exact? Only when a layer's realised weights are a function of its
// parameters alone. A chip with dynamic phase noise draws new noise for every programmed
// state (NonIdealityOptions::phase_noise, drawn per state from the state's own stream:
// tonn::reseed_phase_noise), and on the chip every state re-runs every layer, so its
// layers 0 .. l-1 see their own drift, not that of member 0. What a chip would not
// re-measure is nothing: each state is a new pass of light through all layers. Reusing
// member 0's activations would therefore correlate the noise of the states of an
// iteration, which the simulated chip does not do; so with dynamic noise (phase noise or
// per-inference detector noise) on, every member runs every layer (shared = 0). A family
// in which no member shares a layer is evaluated one member after the other. Static non-idealities (quantisation, gamma variation,
// crosstalk, fabrication error, coupler imbalance, loss) are functions of the phases and
// the chip, so sharing stays exact with them.
#include <vector>

#include "tonn/network.hpp"
#include "tonn/stencil_family.hpp"

namespace tonnsim::tonn {

/// True when the network's realised weights depend on its parameters alone (no dynamic
/// noise per programmed state or per inference on any photonic layer): the condition for
/// members of a family to share layers.
bool deterministic_layers(const Network& net);

class NetworkFamily final : public StencilFamily {
 public:
  /// members: networks of one architecture (not owned). share_layers: reuse member 0's
  /// activations for the leading layers a member holds the same parameters in, when every
  /// member has deterministic_layers(); otherwise each member runs every layer.
  NetworkFamily(std::vector<Network*> members, bool share_layers);

  int size() const override { return static_cast<int>(members_.size()); }
  BatchFunction& member(int m) override { return *members_.at(m); }
  void evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, std::vector<Mat>& Y) override;

  /// shared[m]: layers member m takes from member 0: the number of leading layers whose
  /// parameters equal member 0's, at most L - 1; all 0 when sharing is off.
  std::vector<int> shared_layers() const;

 private:
  std::vector<Network*> members_;
  bool share_layers_;
};

}  // namespace tonnsim::tonn
