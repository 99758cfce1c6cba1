#pragma once
// Exact parameter gradients of a digital network by back-propagation (reverse mode): the
// first-order ("BP") baseline every BP-free estimate is compared with.
//
// For a cotangent C on the outputs the pass returns the vector-Jacobian product
//
//   grad = d/dtheta sum_{p,b} C(p, b) f_p(x_b)       (batch),
//   grad = d/dtheta sum_{k,b} C(k, b) f(x_b + s_k)   (stencil, as evaluate_stencil),
//
// in the Network's flat parameter order. Per layer, with p = A z + b and z' = a(p):
//   dp = dz' * a'(p);   db += sum_rows dp;   dz = dp A;
//   dense A = W:  dW += dp^T z;
//   TT A: the reverse of the core-by-core contraction (tonn/tt_contraction.hpp). Step t
//   maps in_s -> out_s = in_s K_t on every slice s, so dK_t += sum_s in_s^T dout_s and
//   din_s = dout_s K_t^T: two small GEMMs per core, on the intermediates the forward
//   sweep kept. dK_t is the core's gradient up to the kernel's index permutation.
// Stencil inputs x_b + s_k reach the first layer only through A (x_b + s_k), so its
// weight gradient is sum_{k,b} dp(k,b) (x_b + s_k)^T = P X^T + Q S^T with
// P(:, b) = sum_k dp(k,b) and Q(:, k) = sum_b dp(k,b): the first layer's reverse runs on
// B + K rows instead of B K (for a TT first layer, once on (X^T, P^T) and once on
// (S^T, Q^T), the gradient being linear in the outer products).
//
// Forward activations are recomputed block by block (as Network::evaluate_stencil blocks
// them), each block's pass kept in per-thread buffers sized before the parallel loop.
// batch(): blocks are split statically over threads and per-thread sums reduced in thread
// order, so the result is bit-identical from call to call for a fixed thread count.
//
// stencil(): a fixed summation tree that depends on neither the thread count nor on how
// the points are shared among processes. The points are cut into point blocks of G
// consecutive points (G = stencil_block_points(block_rows, K), a function of the shapes
// only) and the shifts into chunks of min(K, block_rows) shifts. A tile (point block g,
// chunk c) is one thread's unit of work: its rows (point by point, each with the chunk's
// shifts) pass in blocks of block_rows rows, and its whole gradient, first layer included
// (from its own P and Q, with the first layer's weight gradient W_bar = P^T X_g + Q^T S_c
// turned into TT core gradients by one reverse pass on the identity: the TT gradient is
// linear in W_bar), is summed in that fixed order. Block g's gradient is then
// sum_c tile(g, c) in chunk order, and the full gradient sum_g block(g) in block order.
// stencil_blocks() computes any range of block gradients, so processes that share the
// blocks (pinn/loss_gradient.cpp) exchange them and add them in block order: the same
// bits for every process count and thread count.
//
// Supported layers: DenseLayer and TTLayer with DigitalCores (ideal digital weights, whose
// parameters are the weights). Photonic layers, whose parameters are phases, throw
// InputError.
#include <vector>

#include "tonn/network.hpp"
#include "tonn/tt_contraction.hpp"

namespace tonnsim::tonn {

class NetworkGradient {
 public:
  // Eigen's reductions peel unaligned heads, so a sum's rounding depends on its address
  // modulo the packet size: buffers aligned like Eigen's own keep results reproducible.
  using Buffer = std::vector<double, Eigen::aligned_allocator<double>>;

  /// grad (resized to num_parameters) = d/dtheta sum C .* f(X); X: D x B, C: P x B.
  void batch(Network& net, const ConstMatRef& X, const ConstMatRef& C, Vec& grad);
  /// grad = d/dtheta sum_{k,b} C(k, b) f(X.col(b) + S.col(k)); X: D x B, S: D x K,
  /// C: K x B (the layout of evaluate_stencil's Y). Scalar networks only. Equal, bit for
  /// bit, to sum_blocks of all stencil_blocks (see above), for any thread count.
  void stencil(Network& net, const ConstMatRef& X, const ConstMatRef& S, const ConstMatRef& C,
               Vec& grad);
  /// Points per block of stencil_blocks for a network evaluated in blocks of block_rows
  /// rows and K shifts: max(4, ceil(block_rows / K)), so a tile holds at least a block of
  /// rows while the first layer's Q^T S costs at most a quarter of a row per row.
  static Eigen::Index stencil_block_points(Eigen::Index block_rows, Eigen::Index K);
  /// Number of point blocks of B points (the last may be shorter).
  static Eigen::Index stencil_block_count(Eigen::Index block_rows, Eigen::Index B,
                                          Eigen::Index K);
  /// Column j of `blocks` (num_parameters x (end - begin)) = the gradient of point block
  /// begin + j alone: d/dtheta sum_{k, b in block} C(k, b) f(X.col(b) + S.col(k)). X, S and
  /// C hold all B points (the first layer's A x + b is formed for all of them); only the
  /// blocks [begin, end) are differentiated. The columns depend only on the inputs, not on
  /// the thread count or on the range asked.
  void stencil_blocks(Network& net, const ConstMatRef& X, const ConstMatRef& S,
                      const ConstMatRef& C, Eigen::Index begin, Eigen::Index end,
                      Eigen::Ref<Mat> blocks);
  /// grad = sum of the columns of `blocks` in column order (the fixed order of stencil()).
  static void sum_blocks(const ConstMatRef& blocks, Vec& grad);

 private:
  // One layer's share of a block's forward pass, kept for its reverse.
  struct LayerTape {
    Buffer input;               // z (rows x in_dim); unused for a stencil's first layer
    Buffer slope;               // a'(p) (rows x out_dim); empty for identity activations
    std::vector<Buffer> sweep;  // TT: outputs of steps 0 .. d-2
  };
  struct ThreadState {
    std::vector<LayerTape> layers;
    Buffer out, grad_a, grad_b, sweep_a, sweep_b, scratch;  // block buffers
    Vec grad;                                               // dense weights and biases, flat order
    std::vector<std::vector<Mat>> dk;                       // TT layers: per-step kernel gradients
    Mat p, q;    // stencil tile's first layer: P^T (G x H) and Q^T (chunk x H)
    Mat w_bar_t;  // the tile's first-layer weight gradient, transposed (D x H)
  };
  struct LayerPlan {
    const LinearLayer* layer = nullptr;
    const Mat* dense = nullptr;  // W of a dense layer
    TTContraction tt;            // plan of a TT layer (empty otherwise)
    std::vector<Mat> kernels_t;  // K_t^T per step
    Eigen::Index offset = 0;     // first parameter of the layer in the flat vector
    bool is_tt = false;
  };

  void prepare(Network& net, Eigen::Index rows, Eigen::Index first_rows, Eigen::Index stencil_b,
               Eigen::Index stencil_k);
  // Layers [first, L) forward on the block whose input is tape[first].input (or, for
  // first = 1 in the stencil case, already the activation of layer 0 in tape[1].input).
  void forward_block(ThreadState& ts, const Network& net, Eigen::Index rows, int first) const;
  // Reverse of layers [first, L) from dOut in ts.grad_a; leaves dz_first in ts.grad_a
  // when input_grad (else the contents are unspecified).
  void reverse_block(ThreadState& ts, const Network& net, Eigen::Index rows, int first,
                     bool input_grad) const;
  // TT layer forward keeping the sweep; out receives A z (no bias).
  void tt_forward(const LayerPlan& lp, const double* in, double* out, Eigen::Index rows,
                  LayerTape& tape) const;
  // dK_t += reverse of the sweep for dOut = g (rows x N); din (rows x M) when wanted.
  void tt_reverse(const LayerPlan& lp, const double* in, const LayerTape& tape, const double* g,
                  double* din, Eigen::Index rows, ThreadState& ts, std::vector<Mat>& dk) const;
  void reduce(const Network& net, Vec& grad);
  // Writes the TT layers' kernel gradients dk into their core entries of grad.
  void write_kernel_gradients(const Network& net, const std::vector<std::vector<Mat>>& dk,
                              Vec& grad) const;
  // One stencil tile: points [b0, b1) with shifts [k0, k1); its gradient into ts.grad.
  void stencil_tile(ThreadState& ts, const Network& net, const ConstMatRef& C, Eigen::Index b0,
                    Eigen::Index b1, Eigen::Index k0, Eigen::Index k1) const;

  std::vector<LayerPlan> plans_;
  std::vector<ThreadState> threads_;
  LayerTape first_tape_;  // stencil first layer of a TT network: the pass on the identity
  // Stencil scratch reused across calls: X^T, S^T, A x + b per point, A s per shift, the
  // identity (D x D), the nonzeros of S by shift (CSC), tile gradients (one column each).
  Mat xt_, st_, points_, shifts_, identity_, tiles_, full_blocks_;
  // A sine first activation's angle-sum tables (first_layer_sincos), when first_trig_.
  Mat points_sin_, points_cos_, shifts_sin_, shifts_cos_m1_;
  bool first_trig_ = false;
  std::vector<double> first_scratch_, first_out_;
  std::vector<Eigen::Index> s_start_, s_dim_;
  std::vector<double> s_value_;
  bool s_sparse_ = false;
  Eigen::Index max_width_ = 0, max_sweep_ = 0;
};

}  // namespace tonnsim::tonn
