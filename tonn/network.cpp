#include "tonn/network.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "core/fused_multiply_add.hpp"
#include "core/timer.hpp"
#include "tonn/fast_sine.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

void NetworkOptions::validate() const {
  require(block_rows >= 1, "block_rows", block_rows, "must be >= 1");
}

Network::Network(Index input_dim, NetworkOptions options)
    : input_dim_(input_dim), options_(options) {
  require(input_dim >= 1, "network input dimension", input_dim, "must be >= 1");
  options_.validate();
}

Network::Network(const Network& o)
    : input_dim_(o.input_dim_),
      options_(o.options_),
      activations_(o.activations_),
      groups_(o.groups_),
      layer_offsets_(o.layer_offsets_) {
  for (const auto& l : o.layers_) layers_.push_back(l->clone());
}

Network& Network::operator=(const Network& o) {
  if (this != &o) *this = Network(o);
  return *this;
}

void Network::add_layer(std::unique_ptr<LinearLayer> layer, Activation activation) {
  const Index expected = layers_.empty() ? input_dim_ : layers_.back()->out_dim();
  require(layer->in_dim() == expected, "layer " + std::to_string(layers_.size()) + " input dimension",
          layer->in_dim(), "must equal the previous output dimension " + std::to_string(expected));
  activation.validate();
  const int l = num_layers();
  Index offset = num_parameters();
  layer_offsets_.push_back(offset);
  for (const GroupSpec& g : layer->parameter_groups()) {
    groups_.push_back({"layer" + std::to_string(l) + "/" + g.name, offset, g.size, l});
    offset += g.size;
  }
  layers_.push_back(std::move(layer));
  activations_.push_back(activation);
}

Index Network::output_dim() const {
  require(!layers_.empty(), "network layers", 0, "must be >= 1 to evaluate");
  return layers_.back()->out_dim();
}

double Network::multiply_adds_per_sample() const {
  double s = 0;
  for (const auto& l : layers_) s += l->cost_per_sample();
  return s;
}

Index Network::max_width() const {
  Index w = input_dim_;
  for (const auto& l : layers_) w = std::max(w, l->out_dim());
  return w;
}

void Network::realize_stale() {
  require(!layers_.empty(), "network layers", 0, "must be >= 1 to evaluate");
  ScopedTimer timer("tonn/realize");
  for (auto& l : layers_)
    if (l->stale()) l->realize();
}

void Network::realize() {
  for (auto& l : layers_) l->realize();
}

template <>
Network::Lanes<double>& Network::Workspace::lanes<double>() {
  return f64;
}

template <>
Network::Lanes<float>& Network::Workspace::lanes<float>() {
  return f32;
}

template <class T>
void Network::reserve_workspaces(Index rows) {
  const auto threads = static_cast<std::size_t>(omp_get_max_threads());
  if (workspaces_.size() < threads) workspaces_.resize(threads);
  Index scratch = 0;
  for (const auto& l : layers_) scratch = std::max(scratch, l->scratch_size(rows));
  const auto act = static_cast<std::size_t>(rows * max_width());
  for (Workspace& w : workspaces_) {
    // grow only: a steady state allocates nothing
    Lanes<T>& ws = w.lanes<T>();
    if (ws.a.size() < act) ws.a.resize(act);
    if (ws.b.size() < act) ws.b.resize(act);
    if (ws.scratch.size() < static_cast<std::size_t>(scratch)) ws.scratch.resize(scratch);
  }
}

void Network::reserve_jet(Index rows, Index jet_samples) {
  reserve_workspaces<double>(rows);
  for (Workspace& ws : workspaces_)
    if (ws.jet.size() < static_cast<std::size_t>(3 * jet_samples)) ws.jet.resize(3 * jet_samples);
}

template <class T>
const T* Network::forward_from(Lanes<T>& ws, const T* in, Index rows, int first,
                               T* const* keep) const {
  const T* cur = in;
  for (int l = first; l < num_layers(); ++l) {
    const LinearLayer& layer = *layers_[l];
    T* out = keep && l + 1 < num_layers() ? keep[l]
             : cur == ws.a.data()          ? ws.b.data()
                                           : ws.a.data();
    layer.apply_linear(cur, out, rows, ws.scratch.data());
    // a(z + b) column by column: bias and activation in one pass over the block.
    for (Index u = 0; u < layer.out_dim(); ++u)
      activations_[l].apply(out + u * rows, out + u * rows, rows,
                            static_cast<T>(layer.bias()(u)));
    cur = out;
  }
  return cur;
}

template <class T>
void Network::forward_blocks(const ConstMatRef& X, MatRef Y) {
  const Index B = X.cols(), P = output_dim();
  const Index R = options_.block_rows;
  reserve_workspaces<T>(R);
  const Index blocks = (B + R - 1) / R;
#pragma omp parallel for schedule(dynamic)
  for (Index blk = 0; blk < blocks; ++blk) {
    Lanes<T>& ws = workspaces_[omp_get_thread_num()].lanes<T>();
    const Index b0 = blk * R, nb = std::min(R, B - b0);
    Eigen::Map<MatT<T>>(ws.a.data(), nb, input_dim_) =
        X.middleCols(b0, nb).transpose().template cast<T>();
    const T* out = forward_from<T>(ws, ws.a.data(), nb, 0, nullptr);
    Y.middleCols(b0, nb) = Eigen::Map<const MatT<T>>(out, nb, P).transpose().template cast<double>();
  }
}

void Network::forward(const ConstMatRef& X, MatRef Y) {
  const Index B = X.cols(), P = output_dim();
  require(X.rows() == input_dim_, "input rows", X.rows(), "must equal the network input dimension " + std::to_string(input_dim_));
  require(Y.rows() == P && Y.cols() == B, "output shape", std::to_string(Y.rows()) + "x" + std::to_string(Y.cols()),
          "must be " + std::to_string(P) + "x" + std::to_string(B));
  realize_stale();
  ScopedTimer timer("tonn/forward");
  if (options_.precision == Precision::kF32)
    forward_blocks<float>(X, Y);
  else
    forward_blocks<double>(X, Y);
}

void Network::evaluate(const ConstMatRef& X, VecRef y) {
  require(output_dim() == 1, "network output dimension", output_dim(), "must be 1 for a scalar field");
  require(y.size() == X.cols(), "output length", y.size(), "must equal the number of inputs " + std::to_string(X.cols()));
  forward(X, Eigen::Map<Mat>(y.data(), 1, y.size()));
}

void Network::evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, MatRef Y) {
  evaluate_stencil_shared({this}, {0}, X, S, {Y});
}

void Network::prepare_first_layer(const ConstMatRef& X, const ConstMatRef& S) {
  const LinearLayer& first = *layers_[0];
  const Index B = X.cols(), K = S.cols(), H = first.out_dim();
  // A x + b per point and A s per shift, once per call.
  first_scratch_.resize(std::max(first.scratch_size(B), first.scratch_size(K)));
  stencil_points_.resize(B, H);
  // One point at a time: a batched product's rounding depends on where a row falls in the
  // kernel's panels (Eigen's GEMM sums some rows' k in two interleaved accumulators), so a
  // point's A x would depend on the batch it came in, and a run split over MPI ranks
  // (pinn/point_split.hpp) would not be bit-identical to one process.
  point_row_.resize(H);
  for (Index b = 0; b < B; ++b) {
    // One row of the (rows x in) column-major input is the point's column of X.
    first.apply_linear(X.data() + b * X.outerStride(), point_row_.data(), 1,
                       first_scratch_.data());
    for (Index u = 0; u < H; ++u) stencil_points_(b, u) = point_row_(u);
  }
  first.add_bias(stencil_points_.data(), B, B);
  transposed_ = S.transpose();
  stencil_shifts_.resize(K, H);
  first.apply_linear(transposed_.data(), stencil_shifts_.data(), K, first_scratch_.data());
  first_trig_ = activations_[0].kind == ActivationKind::kSine;
  if (!first_trig_) return;
  first_layer_sincos(activations_[0].omega0, stencil_points_, stencil_shifts_, points_sin_,
                     points_cos_, shifts_sin_, shifts_cos_m1_);
  shift_chunk_ = stencil_chunk(K);
  const auto pack = [&](auto& trig) {
    using T = typename std::decay_t<decltype(trig.point)>::value_type;
    trig.point.resize(static_cast<std::size_t>(2 * B * H));
#pragma omp parallel for schedule(static) if (B * H >= 32768)
    for (Index b = 0; b < B; ++b)
      for (Index u = 0; u < H; ++u) {
        trig.point[static_cast<std::size_t>(2 * (b * H + u))] = static_cast<T>(points_sin_(b, u));
        trig.point[static_cast<std::size_t>(2 * (b * H + u) + 1)] = static_cast<T>(points_cos_(b, u));
      }
    trig.shift.resize(static_cast<std::size_t>(2 * K * H));
    const Index n_chunks = (K + shift_chunk_ - 1) / shift_chunk_;
#pragma omp parallel for schedule(static) if (K * H >= 32768)
    for (Index c = 0; c < n_chunks; ++c) {
      const Index c0 = c * shift_chunk_, w = std::min(shift_chunk_, K - c0);
      T* chunk = trig.shift.data() + 2 * c0 * H;
      for (Index u = 0; u < H; ++u)
        for (Index i = 0; i < w; ++i) {
          chunk[2 * u * w + i] = static_cast<T>(shifts_sin_(c0 + i, u));
          chunk[2 * u * w + w + i] = static_cast<T>(shifts_cos_m1_(c0 + i, u));
        }
    }
  };
  if (options_.precision == Precision::kF32)
    pack(trig_f32_);
  else
    pack(trig_f64_);
}

Index Network::stencil_chunk(Index K) const {
  const Index R = options_.block_rows;
  return K >= 4 * R ? R : K;
}

void first_layer_sincos(double omega0, const Mat& points, const Mat& shifts, Mat& points_sin,
                        Mat& points_cos, Mat& shifts_sin, Mat& shifts_cos_m1) {
  points_sin = omega0 * points;
  points_cos.resize(points.rows(), points.cols());
  fast_sincos(points_sin.data(), points_sin.data(), points_cos.data(), points_sin.size());
  // half angles: sin s' = 2 sin(s'/2) cos(s'/2), cos s' - 1 = -2 sin^2(s'/2)
  shifts_sin = (0.5 * omega0) * shifts;
  shifts_cos_m1.resize(shifts.rows(), shifts.cols());
  fast_sincos(shifts_sin.data(), shifts_sin.data(), shifts_cos_m1.data(), shifts_sin.size());
  const Eigen::Index n = shifts_sin.size();
  double* sn = shifts_sin.data();
  double* cm = shifts_cos_m1.data();
#pragma omp parallel for simd schedule(static) if (parallel : n >= 32768)
  for (Eigen::Index i = 0; i < n; ++i) {
    const double half_sin = sn[i];
    sn[i] = 2.0 * half_sin * cm[i];
    cm[i] = -2.0 * half_sin * half_sin;
  }
}

template <class T>
void Network::first_layer_block(Index r0, Index rows, Index lanes, Index K, T* out) const {
  // Input r of the block is (point b, shift k) with r0 + r = b K + k: runs of consecutive
  // shifts of one point, each a contiguous slice of a column of A S, to which the first
  // activation applies with shift (A x + b)_u.
  const Index H = layers_[0]->out_dim();
  constexpr Index kChunk = 64;
  double chunk[kChunk];  // kF32: a run's activations in double
  for (Index r = 0; r < rows;) {
    const Index b = (r0 + r) / K, k = (r0 + r) % K, len = std::min(rows - r, K - k);
    for (Index u = 0; u < H; ++u) {
      T* o = out + u * lanes + r;
      if (first_trig_) {  // the angle-sum identity (prepare_first_layer)
        const Trig<T>& trig = this->trig<T>();
        const T sp = trig.point[static_cast<std::size_t>(2 * (b * H + u))];
        const T cp = trig.point[static_cast<std::size_t>(2 * (b * H + u) + 1)];
        // the run lies inside one chunk: stencil_blocks' blocks do not cross chunks
        const Index c0 = k / shift_chunk_ * shift_chunk_, w = std::min(shift_chunk_, K - c0);
        const T* ss = trig.shift.data() + 2 * c0 * H + 2 * u * w + (k - c0);
        const T* cm = ss + w;
        if constexpr (std::is_same_v<T, double>) {  // sin(p' + s')
#pragma omp simd
          for (Index i = 0; i < len; ++i) o[i] = madd(sp, cm[i], madd(cp, ss[i], sp));
        } else {  // kF32: its change from sin p'
#pragma omp simd
          for (Index i = 0; i < len; ++i) o[i] = madd(sp, cm[i], cp * ss[i]);
        }
        continue;
      }
      const double* shifts = stencil_shifts_.data() + u * K + k;
      if constexpr (std::is_same_v<T, double>) {
        activations_[0].apply(shifts, o, len, stencil_points_(b, u));
      } else {
        // the change from the point's own activation, in double, then rounded
        const double centre = centre_[0][static_cast<std::size_t>(b * H + u)].value;
        for (Index c = 0; c < len; c += kChunk) {
          const Index n = std::min(kChunk, len - c);
          activations_[0].apply(shifts + c, chunk, n, stencil_points_(b, u));
          for (Index i = 0; i < n; ++i) o[c + i] = static_cast<T>(chunk[i] - centre);
        }
      }
    }
    r += len;
  }
  for (Index u = 0; u < H; ++u) std::fill(out + u * lanes + rows, out + (u + 1) * lanes, T(0));
}

namespace {
// A block of the stencil is computed on its rows rounded up to a whole number of SIMD
// vectors (64 bytes, AVX-512 width: 8 doubles, 16 floats), the extra rows zero and
// discarded. The kernels then never take a scalar tail, so an input's value does not
// depend on its row's place in the block nor on the size of the batch: the same bits
// whether a loss evaluates all points at once or a part of them on each MPI rank
// (pinn/point_split.hpp), in either precision. A scalar tail computes a*b + c unfused
// where the vector lanes use fused multiply-adds.
template <class T>
constexpr Index kLanes = 64 / static_cast<Index>(sizeof(T));
template <class T>
Index whole_lanes(Index rows) { return (rows + kLanes<T> - 1) / kLanes<T> * kLanes<T>; }
}  // namespace

void Network::prepare_centre(const Network& from, int first, Index B) {
  const int L = num_layers();
  centre_.resize(static_cast<std::size_t>(L));
  for (int l = first; l < L; ++l)
    centre_[l].resize(static_cast<std::size_t>(B * layers_[l]->out_dim()));
  const Network& source = first == 0 ? *this : from;
  if (first == 0) {
    const Index H = layers_[0]->out_dim();
    // Each reference on its own (a sine and a cosine in double): threads change no bit.
#pragma omp parallel for schedule(static) if (B * H >= 4096)
    for (Index b = 0; b < B; ++b)
      for (Index u = 0; u < H; ++u)
        centre_[0][static_cast<std::size_t>(b * H + u)] =
            activations_[0].reference(stencil_points_(b, u));
    first = 1;
  }
  if (first >= L) return;
  // Layers [first, L) on the points in double, in blocks of whole SIMD vectors like the
  // stencil (so a point's reference does not depend on the batch it came in), from the
  // references of layer first - 1: this network's own, or member 0's in a family.
  const std::vector<Activation::Reference>& src = source.centre_[first - 1];
  constexpr Index kRows = 64;
  const Index RL = whole_lanes<double>(std::min(kRows, B)), W = max_width();
  Index scratch = 0;
  for (const auto& l : layers_) scratch = std::max(scratch, l->scratch_size(RL));
  Buffer<double> bufs[2] = {Buffer<double>(static_cast<std::size_t>(RL * W)),
                            Buffer<double>(static_cast<std::size_t>(RL * W))};
  Buffer<double> work(static_cast<std::size_t>(std::max<Index>(scratch, 1)));
  for (Index b0 = 0; b0 < B; b0 += kRows) {
    const Index nb = std::min(kRows, B - b0), lanes = whole_lanes<double>(nb);
    const Index Hin = layers_[first]->in_dim();
    double* in = bufs[0].data();
    double* out = bufs[1].data();
    std::fill(in, in + lanes * Hin, 0.0);
    for (Index r = 0; r < nb; ++r)
      for (Index u = 0; u < Hin; ++u) in[u * lanes + r] = src[static_cast<std::size_t>((b0 + r) * Hin + u)].value;
    for (int l = first; l < L; ++l) {
      const LinearLayer& layer = *layers_[l];
      const Index H = layer.out_dim();
      layer.apply_linear(in, out, lanes, work.data());
#pragma omp parallel for schedule(static) if (H * nb >= 4096)
      for (Index u = 0; u < H; ++u)
        for (Index r = 0; r < lanes; ++r) {
          if (r >= nb) {
            out[u * lanes + r] = 0.0;
            continue;
          }
          Activation::Reference& ref = centre_[l][static_cast<std::size_t>((b0 + r) * H + u)];
          ref = activations_[l].reference(out[u * lanes + r] + layer.bias()(u));
          out[u * lanes + r] = ref.value;
        }
      std::swap(in, out);
    }
  }
}

const float* Network::forward_difference_from(Lanes<float>& ws, const float* in, Index lanes,
                                              int first, float* const* keep,
                                              const std::vector<Run>& runs) const {
  const float* cur = in;
  for (int l = first; l < num_layers(); ++l) {
    const LinearLayer& layer = *layers_[l];
    const Index H = layer.out_dim();
    float* out = keep && l + 1 < num_layers() ? keep[l]
                 : cur == ws.a.data()          ? ws.b.data()
                                               : ws.a.data();
    // A (z + dz) + b - (A z + b) = A dz: the bias cancels.
    layer.apply_linear(cur, out, lanes, ws.scratch.data());
    const std::vector<Activation::Reference>& refs = centre_[l];
    for (Index u = 0; u < H; ++u)
      for (const Run& run : runs)
        activations_[l].apply_difference(out + u * lanes + run.start, out + u * lanes + run.start,
                                         run.length, refs[static_cast<std::size_t>(run.point * H + u)]);
    cur = out;
  }
  return cur;
}

void Network::evaluate_stencil_shared(const std::vector<Network*>& members,
                                      const std::vector<int>& shared, const ConstMatRef& X,
                                      const ConstMatRef& S, std::vector<MatRef> Y) {
  require(!members.empty(), "stencil members", 0, "must be >= 1");
  require(shared.size() == members.size() && Y.size() == members.size(), "stencil members",
          std::to_string(shared.size()) + " shared counts, " + std::to_string(Y.size()) + " outputs",
          "must equal the number of members " + std::to_string(members.size()));
  Network& root = *members[0];
  const Index B = X.cols(), K = S.cols(), D = root.input_dim_;
  const int L = root.num_layers();
  require(L >= 1, "network layers", 0, "must be >= 1 to evaluate");
  require(shared[0] == 0, "shared[0]", shared[0], "must be 0 (member 0 runs every layer)");
  int deepest = 0;
  for (std::size_t m = 0; m < members.size(); ++m) {
    const Network& net = *members[m];
    const std::string who = "stencil member " + std::to_string(m);
    require(net.output_dim() == 1, who + " output dimension", net.output_dim(), "must be 1 for a scalar field");
    require(net.input_dim_ == D && net.num_layers() == L &&
                net.options_.block_rows == root.options_.block_rows &&
                net.options_.precision == root.options_.precision,
            who, "a different architecture",
            "must have member 0's input dimension, layer count, block rows and precision");
    for (int l = 0; l < L; ++l)
      require(net.layers_[l]->in_dim() == root.layers_[l]->in_dim() &&
                  net.layers_[l]->out_dim() == root.layers_[l]->out_dim(),
              who + " layer " + std::to_string(l), "a different shape", "must match member 0's");
    require(shared[m] >= 0 && shared[m] < L, "shared[" + std::to_string(m) + "]", shared[m],
            "must lie in [0, " + std::to_string(L) + ")");
    require(Y[m].rows() == K && Y[m].cols() == B, who + " output shape",
            std::to_string(Y[m].rows()) + "x" + std::to_string(Y[m].cols()),
            "must be K x B = " + std::to_string(K) + "x" + std::to_string(B));
    deepest = std::max(deepest, shared[m]);
  }
  require(X.rows() == D, "input rows", X.rows(), "must equal the network input dimension " + std::to_string(D));
  require(S.rows() == D, "stencil rows", S.rows(), "must equal the input dimension " + std::to_string(D));
  for (std::size_t m = 0; m < members.size(); ++m) members[m]->realize_stale();
  ScopedTimer timer("tonn/evaluate_stencil");
  {
    // Member 0 first (the others' f32 references start from its own), then the others
    // over threads when there are at least as many as threads (else one after the other,
    // each with the parallel loops inside it): each writes only its own tables and
    // references, and Eigen runs single-threaded everywhere (EIGEN_DONT_PARALLELIZE), so
    // the order changes no bit. A flagship ZO iteration prepares 3 first layers and, in
    // f32, 7 point passes.
    ScopedTimer prepare("tonn/evaluate_stencil/prepare");
    const auto prepare_member = [&](std::size_t m) {
      if (shared[m] == 0) members[m]->prepare_first_layer(X, S);
      if (root.options_.precision == Precision::kF32) members[m]->prepare_centre(root, shared[m], B);
    };
    prepare_member(0);
    const Index others = static_cast<Index>(members.size()) - 1;
    std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic) if (others > 1 && others >= omp_get_max_threads())
    for (Index m = 1; m <= others; ++m) {
      try {
        prepare_member(static_cast<std::size_t>(m));
      } catch (...) {
#pragma omp critical(tonn_prepare_failure)
        if (!failure) failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
  }
  if (root.options_.precision == Precision::kF32)
    stencil_blocks<float>(members, shared, B, K, deepest, Y);
  else
    stencil_blocks<double>(members, shared, B, K, deepest, Y);
}

template <class T>
void Network::stencil_blocks(const std::vector<Network*>& members, const std::vector<int>& shared,
                             Index B, Index K, int deepest, std::vector<MatRef>& Y) {
  Network& root = *members[0];
  const int L = root.num_layers();
  const Index R = root.options_.block_rows, total = B * K, RL = whole_lanes<T>(R);
  root.reserve_workspaces<T>(RL);
  Index scratch = 0;
  for (const Network* net : members)
    for (const auto& l : net->layers_) scratch = std::max(scratch, l->scratch_size(RL));
  // Member 0 keeps its activations of every layer but the last when another member starts
  // later than layer 0: R x (sum of the widths), about 0.5 MiB for the HJB-20 network.
  const bool keep = deepest > 0;
  // Each layer's part starts aligned (a multiple of 64 bytes in), like ws.a and ws.b, so a
  // member that starts from it sees the alignment it would see in its own evaluation.
  const auto padded = [](Index n) { return whole_lanes<T>(n); };
  Index kept = 0;
  if (keep)
    for (int l = 0; l + 1 < L; ++l) kept += padded(RL * root.layers_[l]->out_dim());
  for (Workspace& w : root.workspaces_) {
    Lanes<T>& ws = w.lanes<T>();
    if (ws.scratch.size() < static_cast<std::size_t>(scratch)) ws.scratch.resize(scratch);
    if (ws.kept.size() < static_cast<std::size_t>(kept)) ws.kept.resize(kept);
    ws.keep_at.resize(static_cast<std::size_t>(L));
  }
  // Block order. With many shifts per point (K >= 4R: the level-3 grid's 925 in 21
  // dimensions), a block is a chunk of R consecutive shifts of one point, chunk-major: the
  // blocks of shift chunk c for every point follow each other, so the contiguous slice of
  // layer 0's per-shift tables they read (Trig: R x H x 2 values per member starting
  // at layer 0, 0.5 MiB in double for the HJB-20 network) stays in the core's cache across the B
  // points instead of the whole tables (K x H x 2 doubles, 7.6 MB) streaming from memory
  // once per point. With
  // few shifts (K < 4R) blocks are R consecutive inputs, spanning points. Either way an
  // input's value does not depend on the block it falls in (whole_lanes, above), so the
  // order changes no bit.
  const bool by_chunk = root.stencil_chunk(K) < K;
  const Index chunks = (K + R - 1) / R;
  const Index blocks = by_chunk ? B * chunks : (total + R - 1) / R;
#pragma omp parallel for schedule(dynamic)
  for (Index blk = 0; blk < blocks; ++blk) {
    Lanes<T>& ws = root.workspaces_[omp_get_thread_num()].lanes<T>();
    const Index c = by_chunk ? blk / B : 0;
    const Index r0 = by_chunk ? (blk % B) * K + c * R : blk * R;
    const Index rows = by_chunk ? std::min(R, K - c * R) : std::min(R, total - r0);
    const Index lanes = whole_lanes<T>(rows);
    // Layer l's output of member 0 at ws.keep_at[l], lanes x out_dim(l) each.
    T* p = ws.kept.data();
    for (int l = 0; keep && l + 1 < L; ++l) {
      ws.keep_at[l] = p;
      p += padded(lanes * root.layers_[l]->out_dim());
    }
    // kF32: the block's runs of consecutive shifts of one point (the padding rows join
    // the last run), each with its point's references.
    std::vector<Run>& runs = ws.runs;
    runs.clear();
    for (Index r = 0; r < rows;) {
      const Index b = (r0 + r) / K, len = std::min(rows - r, K - (r0 + r) % K);
      runs.push_back({r, len, b});
      r += len;
    }
    runs.back().length = lanes - runs.back().start;
    for (std::size_t m = 0; m < members.size(); ++m) {
      const Network& net = *members[m];
      const bool keeps = keep && m == 0;
      T* const* keep_at = keeps ? ws.keep_at.data() : nullptr;
      const int first = shared[m] == 0 ? 1 : shared[m];
      T* in = shared[m] == 0 ? (keeps && L > 1 ? ws.keep_at[0] : ws.a.data())
                             : ws.keep_at[shared[m] - 1];
      if (shared[m] == 0) net.first_layer_block(r0, rows, lanes, K, in);
      if constexpr (std::is_same_v<T, float>) {
        // f(x + s) = f(x) + (f(x + s) - f(x)): the change in float, the point's value in
        // double.
        const T* out = net.forward_difference_from(ws, in, lanes, first, keep_at, runs);
        const std::vector<Activation::Reference>& centre = net.centre_.back();
        for (Index r = 0, b = r0 / K, k = r0 % K; r < rows; ++r) {
          Y[m](k, b) = centre[static_cast<std::size_t>(b)].value + static_cast<double>(out[r]);
          if (++k == K) k = 0, ++b;
        }
      } else {
        const T* out = net.forward_from<T>(ws, in, lanes, first, keep_at);
        for (Index r = 0, b = r0 / K, k = r0 % K; r < rows; ++r) {
          Y[m](k, b) = out[r];
          if (++k == K) k = 0, ++b;
        }
      }
    }
  }
}

const double* Network::jet_block(Workspace& ws, Index nb) const {
  const Index D = input_dim_, rows = nb * (1 + 2 * D);
  double* cur = ws.f64.a.data();
  double* next = ws.f64.b.data();
  double* val = ws.jet.data();
  double* d1 = val + nb;
  double* d2 = d1 + nb;
  for (int l = 0; l < num_layers(); ++l) {
    const LinearLayer& layer = *layers_[l];
    layer.apply_linear(cur, next, rows, ws.f64.scratch.data());
    layer.add_bias(next, nb, rows);  // the value rows only
    const Activation& act = activations_[l];
    if (act.kind != ActivationKind::kIdentity)
      for (Index u = 0; u < layer.out_dim(); ++u) {
        double* col = next + u * rows;
        act.derivatives(col, val, d1, d2, nb);
        for (Index j = 0; j < D; ++j) {
          double* t = col + nb * (1 + j);
          double* h = col + nb * (1 + D + j);
#pragma omp simd
          for (Index i = 0; i < nb; ++i) {
            h[i] = d1[i] * h[i] + d2[i] * t[i] * t[i];
            t[i] = d1[i] * t[i];
          }
        }
        std::copy(val, val + nb, col);
      }
    std::swap(cur, next);
  }
  return cur;
}

void Network::evaluate_jet(const ConstMatRef& X, VecRef value, MatRef grad, MatRef hess_diag) {
  const Index D = input_dim_, B = X.cols();
  require(output_dim() == 1, "network output dimension", output_dim(), "must be 1 for a scalar field");
  require(X.rows() == D, "input rows", X.rows(), "must equal the network input dimension " + std::to_string(D));
  require(value.size() == B, "jet value length", value.size(), "must equal the number of inputs " + std::to_string(B));
  require(grad.rows() == D && grad.cols() == B, "jet gradient shape", std::to_string(grad.rows()) + "x" + std::to_string(grad.cols()), "must be D x B");
  require(hess_diag.rows() == D && hess_diag.cols() == B, "jet hessian shape",
          std::to_string(hess_diag.rows()) + "x" + std::to_string(hess_diag.cols()), "must be D x B");
  realize_stale();
  ScopedTimer timer("tonn/evaluate_jet");
  // Samples per block: 1 + 2D rows each, at least a forward block's worth, at least 8.
  const Index per = 1 + 2 * D;
  const Index S = std::max<Index>(8, options_.block_rows / per);
  reserve_jet(S * per, S);
  const Index blocks = (B + S - 1) / S;
#pragma omp parallel for schedule(dynamic)
  for (Index blk = 0; blk < blocks; ++blk) {
    Workspace& ws = workspaces_[omp_get_thread_num()];
    const Index b0 = blk * S, nb = std::min(S, B - b0), rows = nb * per;
    Lanes<double>& lanes = ws.f64;
    // Rows: [values | tangents e_1..e_D | second-order terms 0] per input column.
    Eigen::Map<Mat> in(lanes.a.data(), rows, D);
    in.setZero();
    in.topRows(nb) = X.middleCols(b0, nb).transpose();
    for (Index j = 0; j < D; ++j) in.block(nb * (1 + j), j, nb, 1).setOnes();
    const double* out = jet_block(ws, nb);
    for (Index i = 0; i < nb; ++i) {
      value(b0 + i) = out[i];
      for (Index j = 0; j < D; ++j) {
        grad(j, b0 + i) = out[nb * (1 + j) + i];
        hess_diag(j, b0 + i) = out[nb * (1 + D + j) + i];
      }
    }
  }
}

// ---- parameters --------------------------------------------------------------------

Index Network::num_parameters() const {
  return groups_.empty() ? 0 : groups_.back().offset + groups_.back().size;
}

int Network::group_index(const std::string& name) const {
  for (std::size_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].name == name) return static_cast<int>(g);
  std::string names;
  for (const auto& g : groups_) names += (names.empty() ? "" : ", ") + g.name;
  throw InputError("unknown parameter group '" + name + "'; allowed: " + names);
}

Vec Network::parameters() const {
  Vec p(num_parameters());
  for (int l = 0; l < num_layers(); ++l) layers_[l]->get_parameters(p.data() + layer_offsets_[l]);
  return p;
}

void Network::set_layer_parameters(int l, const Vec& p) {
  layers_[l]->set_parameters(p.data() + layer_offsets_[l]);
}

void Network::set_parameters(const Vec& p) {
  require(p.size() == num_parameters(), "parameter vector length", p.size(),
          "must equal the number of parameters " + std::to_string(num_parameters()));
  for (int l = 0; l < num_layers(); ++l) set_layer_parameters(l, p);
}

void Network::perturb(const Vec& delta) {
  require(delta.size() == num_parameters(), "perturbation length", delta.size(),
          "must equal the number of parameters " + std::to_string(num_parameters()));
  set_parameters(parameters() + delta);
}

Vec Network::group_parameters(int g) const {
  require(g >= 0 && g < static_cast<int>(groups_.size()), "parameter group", g, "out of range");
  const ParameterGroup& grp = groups_[g];
  Vec p(layers_[grp.layer]->num_parameters());
  layers_[grp.layer]->get_parameters(p.data());
  return p.segment(grp.offset - layer_offsets_[grp.layer], grp.size);
}

void Network::set_group_parameters(int g, const Vec& values) {
  require(g >= 0 && g < static_cast<int>(groups_.size()), "parameter group", g, "out of range");
  const ParameterGroup& grp = groups_[g];
  require(values.size() == grp.size, grp.name + " length", values.size(),
          "must equal the group size " + std::to_string(grp.size));
  LinearLayer& layer = *layers_[grp.layer];
  Vec p(layer.num_parameters());
  layer.get_parameters(p.data());
  p.segment(grp.offset - layer_offsets_[grp.layer], grp.size) = values;
  layer.set_parameters(p.data());
}

void Network::perturb_group(int g, const Vec& delta) {
  set_group_parameters(g, group_parameters(g) + delta);
}

}  // namespace tonnsim::tonn
