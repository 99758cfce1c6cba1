#pragma once
// Published reference networks.
#include "tonn/network_builder.hpp"

namespace tonnsim::tonn {

struct Hjb20ReferenceOptions {
  int tt_rank = 2;  // published: 2
  // SIREN w0. 30 is the SIREN default (Sitzmann et al. 2020); the published TONN runs
  // use SIREN initialisation without stating w0, so it is a knob here.
  double omega0 = 30.0;
  std::uint64_t seed = 0;
  TTForward tt_forward = TTForward::kContract;
  NetworkOptions options;
};

/// The 20-dim HJB model: 21 -> 512 -> 512 -> 1, sine, biases, TT rank 2;
/// layer 0: 21 = [1,1,3,7] -> 512 = [8,4,4,4]; layer 1: [4,4,4,8] -> [8,4,4,4];
/// layer 2 dense 512 -> 1 (linear). 1,929 parameters; the dense equivalent has 274,433.
NetworkSpec hjb20_reference_spec(const Hjb20ReferenceOptions& opts = {});

Network make_hjb20_reference(const Hjb20ReferenceOptions& opts = {});

}  // namespace tonnsim::tonn
