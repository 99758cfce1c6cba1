#include "tonn/reference_models.hpp"

namespace tonnsim::tonn {

NetworkSpec hjb20_reference_spec(const Hjb20ReferenceOptions& o) {
  const Activation sine{ActivationKind::kSine, o.omega0};
  NetworkSpec s;
  s.input_dim = 21;
  s.init = InitRule::kSiren;
  s.tt_forward = o.tt_forward;
  s.seed = o.seed;
  s.options = o.options;
  s.layers = {
      {LayerType::kTT, 0, {1, 1, 3, 7}, {8, 4, 4, 4}, o.tt_rank, sine},
      {LayerType::kTT, 0, {4, 4, 4, 8}, {8, 4, 4, 4}, o.tt_rank, sine},
      {LayerType::kDense, 1, {}, {}, 0, Activation{ActivationKind::kIdentity, 1.0}},
  };
  return s;
}

Network make_hjb20_reference(const Hjb20ReferenceOptions& o) {
  return build_network(hjb20_reference_spec(o));
}

}  // namespace tonnsim::tonn
