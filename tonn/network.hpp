#pragma once
// A feed-forward network of affine layers (TT or dense, with bias) and activations,
// f: R^D -> R^P, batched and parallel (OpenMP over blocks of samples).
//
//   z_0 = x,  z_l = a_l(A_l z_{l-1} + b_l),  f(x) = z_L.
//
// Every hot path runs on sample-fastest blocks (tonn/linear_layer.hpp) of at most
// options.block_rows samples, one block per thread at a time, in per-thread buffers
// allocated outside the parallel loops. Effective weights are realised once per
// programmed state: parameter setters mark layers stale, the next evaluation realises
// them once before any block runs; realize() forces a new programmed state.
#include <memory>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "tonn/activation.hpp"
#include "tonn/batch_function.hpp"
#include "tonn/linear_layer.hpp"

namespace tonnsim::tonn {

struct NetworkOptions {
  // Samples per block. Small blocks keep a block's activations and TT intermediates
  // (64 x 512 doubles = 256 KiB each) in the per-core L2 cache; on the HJB stencil
  // workload 32-64 rows ran 1.2x faster than 256 (bench/tonn_forward_bench.cpp).
  Eigen::Index block_rows = 64;
  // The type forward() and evaluate_stencil() compute in (core/precision.hpp; the
  // scenario's run.precision). f64 by default: f32 halves the bytes per activation and
  // doubles the SIMD lanes, at about 6e-8 relative rounding per operation (issue 13
  // item 2); on a stencil the float part carries only the changes from each point
  // (prepare_centre; tests/pinn/single_precision_loss_test.cpp measures the effect on the
  // HJB loss).
  // Outputs are double either way; evaluate_jet() always runs in double.
  Precision precision = Precision::kF64;

  void validate() const;
};

class Network final : public DifferentiableBatchFunction {
 public:
  explicit Network(Eigen::Index input_dim, NetworkOptions options = {});
  Network(const Network& other);
  Network& operator=(const Network& other);
  Network(Network&&) = default;
  Network& operator=(Network&&) = default;

  /// Appends z -> activation(layer(z)). The layer's input dimension must match.
  void add_layer(std::unique_ptr<LinearLayer> layer, Activation activation);

  int input_dim() const override { return static_cast<int>(input_dim_); }
  Eigen::Index output_dim() const;
  int num_layers() const { return static_cast<int>(layers_.size()); }
  LinearLayer& layer(int l) { return *layers_.at(l); }
  const LinearLayer& layer(int l) const { return *layers_.at(l); }
  const Activation& activation(int l) const { return activations_.at(l); }
  const NetworkOptions& options() const { return options_; }
  /// Multiply-adds per sample of a forward pass in the current forward modes.
  double multiply_adds_per_sample() const;

  /// Y (P x B) = f(X), X: D x B.
  void forward(const ConstMatRef& X, MatRef Y);
  /// Scalar networks (P = 1): y(b) = f(X.col(b)).
  void evaluate(const ConstMatRef& X, VecRef y) override;
  /// Y(k, b) = f(X.col(b) + S.col(k)); one parallel pass over all K*B inputs. The first
  /// layer is affine: A (x + s) + b = (A x + b) + A s with A x and A s computed once per
  /// point and once per shift, so each input costs one add per first-layer unit there.
  void evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, MatRef Y) override;
  /// Y[m] (K x B) = member m on the stencil, for members of the same architecture where
  /// member m holds the same realised layers 0 .. shared[m] - 1 as member 0 (shared[0] = 0,
  /// 0 <= shared[m] < L; tonn/network_family.hpp decides when that holds). Each block of
  /// inputs runs member 0 through every layer once, keeping its activations, and member m
  /// from layer shared[m] on, starting from member 0's activations of layer shared[m] - 1.
  /// The blocks and the operations per member are those of evaluate_stencil(), so every
  /// Y[m] equals members[m]->evaluate_stencil() bit for bit.
  static void evaluate_stencil_shared(const std::vector<Network*>& members,
                                      const std::vector<int>& shared, const ConstMatRef& X,
                                      const ConstMatRef& S, std::vector<MatRef> Y);
  /// Exact value, gradient and Hessian diagonal by forward-mode jets: through an affine
  /// layer value, tangents t_j = dz/dx_j and second terms h_j = d^2 z/dx_j^2 map as
  /// A z + b, A t_j, A h_j; through an activation as a(z), a'(z) t_j,
  /// a'(z) h_j + a''(z) t_j^2. All 1 + 2D rows of a block go through one layer call.
  void evaluate_jet(const ConstMatRef& X, VecRef value, MatRef grad, MatRef hess_diag) override;

  // ---- flat parameter view ------------------------------------------------------------
  /// Groups in storage order, named "layer<l>/<local>" ("layer1/core3", "layer2/bias").
  const std::vector<ParameterGroup>& parameter_groups() const { return groups_; }
  Eigen::Index num_parameters() const;
  /// Index of a group by name; throws InputError listing the names when unknown.
  int group_index(const std::string& name) const;
  Vec parameters() const;
  void set_parameters(const Vec& p);
  /// p <- p + delta over all parameters.
  void perturb(const Vec& delta);
  Vec group_parameters(int group) const;
  void set_group_parameters(int group, const Vec& values);
  /// Adds delta to one group only (its layer becomes stale; others keep their state).
  void perturb_group(int group, const Vec& delta);

  /// Realises every layer now (a new programmed state), stale or not.
  void realize();
  /// Realises the layers whose parameters changed since they were last realised.
  void realize_stale();

 private:
  // Aligned buffers: Eigen's small products peel by address, so a block's results would
  // otherwise depend in the last bit on where the heap put its buffer.
  template <class T>
  using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;
  template <class T>
  using MatT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  // Rows [start, start + length) of a stencil block: shifts of point `point`.
  struct Run {
    Eigen::Index start, length, point;
  };
  // A thread's block buffers in the type a forward pass runs in.
  template <class T>
  struct Lanes {
    Buffer<T> a, b, scratch;
    Buffer<T> kept;            // evaluate_stencil_shared: member 0's activations
    std::vector<T*> keep_at;   // layer l's block of them
    std::vector<Run> runs;       // kF32 stencil: the block's runs of one point
  };
  struct Workspace {
    Lanes<double> f64;
    Lanes<float> f32;
    Buffer<double> jet;
    template <class T>
    Lanes<T>& lanes();
  };
  template <class T>
  void reserve_workspaces(Eigen::Index rows);
  void reserve_jet(Eigen::Index rows, Eigen::Index jet_samples);
  template <class T>
  void forward_blocks(const ConstMatRef& X, MatRef Y);
  template <class T>
  static void stencil_blocks(const std::vector<Network*>& members,
                             const std::vector<int>& shared, Eigen::Index B, Eigen::Index K,
                             int deepest, std::vector<MatRef>& Y);
  // A x + b per point and A s per shift of the first layer, into stencil_points_ and
  // stencil_shifts_ (the first-layer trick of evaluate_stencil), in double in either
  // precision. With a sine first activation also the sines and cosines that give every
  // stencil input's activation by the angle-sum identity (first_trig_), p' = w0 (A x + b),
  // s' = w0 A s:
  //   sin(p' + s') = sin p' (1 + c_s) + cos p' sin s',  c_s = cos s' - 1 = -2 sin^2(s'/2),
  // two multiply-adds per input instead of a sine (B + K sine-cosine pairs per unit instead
  // of B K sines); c_s from the half angle keeps the change sin(p' + s') - sin p' =
  // sin p' c_s + cos p' sin s' accurate to rounding for small s' (the kF32 path's change).
  void prepare_first_layer(const ConstMatRef& X, const ConstMatRef& S);
  // The first layer's activations of inputs [r0, r0 + rows) of the stencil (input r is
  // (point r / K, shift r % K)) from prepare_first_layer(), into out (lanes x H, lanes >=
  // rows; rows [rows, lanes) of each column set to 0). In single precision out receives
  // the change from the point's own activation (prepare_centre): for a sine, the angle-sum
  // change in float from sines and cosines computed in double (Trig); for other
  // activations the activation runs in double and its change is rounded. Never a float
  // argument: the first layer's arguments are
  // O(omega0) = O(30) (SIREN), where a float argument would carry an absolute error of
  // about 30 x 6e-8 = 2e-6 per shift, which the Stein Hessian (/ sigma^2, weights up to
  // 204) amplifies to about 1e-3 of the HJB loss (tests/pinn/single_precision_loss_test.cpp).
  template <class T>
  void first_layer_block(Eigen::Index r0, Eigen::Index rows, Eigen::Index lanes, Eigen::Index K,
                         T* out) const;
  // Runs layers [first, L) on `rows` inputs in `in` (rows x in_dim of layer `first`), output
  // (rows x P) returned; `keep`, when not null, receives layer l's output at keep[l] for
  // l < L - 1 instead of the ping-pong buffers of ws.
  template <class T>
  const T* forward_from(Lanes<T>& ws, const T* in, Eigen::Index rows, int first,
                        T* const* keep) const;
  // kF32 stencil (evaluate_stencil_shared): every input x + s is evaluated as
  // f(x) + (f(x + s) - f(x)). The point's own pass, layer by layer, runs in double
  // (prepare_centre: centre_[l][b H_l + u], the references of layer l's activation at
  // point b, Activation::reference); the block carries only the changes in float:
  //   dz_0 = a_0(A x + b + A s) - a_0(A x + b)                  (double, then rounded),
  //   dz_l = a_l(p_l + A_l dz_{l-1}) - a_l(p_l),  p_l at the point  (Activation::apply_difference),
  // and the output is f(x) + dz_{L-1} in double. Float rounding then scales with the
  // change caused by the shift, not with the activations: the Stein estimators divide the
  // stencil values by sigma^2 (HJB: 100, node weights up to 204), which amplified float
  // rounding of the activations themselves to 1.3e-4..1.1e-3 of the HJB loss
  // (tests/pinn/single_precision_loss_test.cpp). Layers [first, L) of this network's
  // references from layer first - 1's of `from` (itself, or member 0 of a family, whose
  // layers below `first` are this network's).
  void prepare_centre(const Network& from, int first, Eigen::Index B);
  // Layers [first, L) on a block of changes (as forward_from), runs of the block's points.
  const float* forward_difference_from(Lanes<float>& ws, const float* in, Eigen::Index lanes,
                                       int first, float* const* keep,
                                       const std::vector<Run>& runs) const;
  Eigen::Index max_width() const;
  const double* jet_block(Workspace& ws, Eigen::Index samples) const;
  void set_layer_parameters(int layer, const Vec& p);

  Eigen::Index input_dim_;
  NetworkOptions options_;
  std::vector<std::unique_ptr<LinearLayer>> layers_;
  std::vector<Activation> activations_;
  std::vector<ParameterGroup> groups_;
  std::vector<Eigen::Index> layer_offsets_;
  std::vector<Workspace> workspaces_;  // one per OpenMP thread
  Mat stencil_points_, stencil_shifts_, transposed_;
  // sin p', cos p' (B x H) and sin s', cos s' - 1 (K x H) of prepare_first_layer, filled
  // when the first activation is a sine (first_trig_).
  Mat points_sin_, points_cos_, shifts_sin_, shifts_cos_m1_;
  bool first_trig_ = false;
  // The same tables in the order first_layer_block reads them (first_trig_ only), in the
  // network's precision (Trig<T>):
  // point[2 (b H + u) + {0, 1}] = sin p', cos p'; the shifts in chunks of
  // shift_chunk_ = stencil_chunk(K) shifts, chunk c (width w_c) starting at 2 c
  // shift_chunk_ H, unit u's sin s' then c_s at 2 u w_c + {0, w_c} within it. In chunk mode
  // (K >= 4 block_rows) a block reads one contiguous slice of a chunk (stencil_blocks'
  // block order) instead of 2H runs a table column apart (K doubles, a page or more: a TLB
  // miss per run); with fewer shifts the tables are one chunk, read as before. kF32 rounds
  // the sines and cosines (computed in double) to float and forms the change
  // sin p' c_s + cos p' sin s' in float: no float argument of size omega0 is formed, and the
  // error is about a float ulp of |sin p' c_s| + |cos p' sin s'| = O(|s'|), of the change's
  // own order except where the two terms cancel; a member's chunk slice is 0.25 MiB instead
  // of 0.5, so the three members of a flagship family that start at layer 0 fit in L2.
  template <class T>
  struct Trig {
    std::vector<T> point, shift;
  };
  Trig<double> trig_f64_;
  Trig<float> trig_f32_;
  template <class T>
  const Trig<T>& trig() const {
    if constexpr (std::is_same_v<T, float>) return trig_f32_;
    else return trig_f64_;
  }
  Eigen::Index shift_chunk_ = 0;
  // Shifts per chunk of stencil_blocks' block order for K shifts: block_rows when K >= 4
  // block_rows (blocks are chunks of one point's shifts), else K (blocks span points).
  Eigen::Index stencil_chunk(Eigen::Index K) const;
  Vec point_row_;  // one point's first-layer pre-activation (prepare_first_layer)
  std::vector<std::vector<Activation::Reference>> centre_;  // prepare_centre
  Buffer<double> first_scratch_;
};

/// The first layer's angle-sum tables of a sine activation sin(omega0 z) on a stencil
/// (Network::prepare_first_layer, NetworkGradient::stencil): with p' = omega0 p per point
/// (B x H) and s' = omega0 s per shift (K x H), sin p', cos p', sin s' and
/// cos s' - 1 = -2 sin^2(s'/2) (from the half angle, accurate for small s'), so that
///   sin(p' + s') = sin p' + sin p' (cos s' - 1) + cos p' sin s',
///   cos(p' + s') = cos p' + cos p' (cos s' - 1) - sin p' sin s'.
/// Element-wise (tonn/fast_sine.hpp): a value never depends on its batch.
void first_layer_sincos(double omega0, const Mat& points, const Mat& shifts, Mat& points_sin,
                        Mat& points_cos, Mat& shifts_sin, Mat& shifts_cos_m1);

}  // namespace tonnsim::tonn
