#pragma once
// A scalar expression compiled once (muparser, Debian libmuparser-dev) and evaluated over
// a batch of points in one bulk call: the engine of YAML-defined PDEs.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace mu {
class Parser;
}

namespace tonnsim::pinn {

using VecRef = Eigen::Ref<Vec>;

/// A bad expression: which field it sits in, where in the text (0-based character), the
/// offending token and, for an unknown symbol, the symbols the field may use, so that
/// the scenario loader can point at file:line:column with a did-you-mean.
class ExpressionError : public InputError {
 public:
  ExpressionError(std::string field, std::string expression, int position, std::string token,
                  std::string reason, std::vector<std::string> known);
  const std::string& field() const { return field_; }  ///< e.g. "residual", "conditions[1].value"
  const std::string& expression() const { return expression_; }
  int position() const { return position_; }            ///< 0-based; -1 when unknown
  const std::string& token() const { return token_; }   ///< the symbol, for an unknown one
  const std::string& reason() const { return reason_; }  ///< "unknown symbol 'lap'"
  const std::vector<std::string>& known() const { return known_; }  ///< empty unless unknown

 private:
  std::string field_, expression_;
  int position_;
  std::string token_, reason_;
  std::vector<std::string> known_;
};

/// Named constant values visible to an expression (pi, the space dimension d, a file's
/// declared constants).
using Constants = std::vector<std::pair<std::string, double>>;

/// f(s_1, ..., s_K) over a batch: the caller writes each used symbol's values into
/// symbol(k) (length batch()) and evaluate() fills one result per point. Compiled at
/// construction (syntax and unknown symbols are reported then, as ExpressionError);
/// evaluation is muparser's bulk mode, one interpreter pass per point over bytecode
/// optimised once. Not thread-safe: one evaluation at a time per object.
class BatchExpression {
 public:
  /// `field` names the expression in errors; `symbols` are the per-point variables it may
  /// use; `constants` fixed values. Also available: muparser's functions (sin, exp, sqrt,
  /// abs, min, max, ...) and erf, erfc, operators + - * / ^, comparisons and `c ? a : b`.
  BatchExpression(std::string field, std::string text, std::vector<std::string> symbols,
                  const Constants& constants);
  ~BatchExpression();
  BatchExpression(BatchExpression&&) noexcept;
  BatchExpression& operator=(BatchExpression&&) noexcept;

  const std::string& text() const { return text_; }
  /// Whether symbol k occurs in the expression (only used symbols need values).
  bool uses(int k) const { return used_[std::size_t(k)]; }
  /// Sizes the symbol buffers for `batch` points (allocates only when it grows).
  void resize(Eigen::Index batch);
  Eigen::Index batch() const { return batch_; }
  /// The values of symbol k over the batch, to be written before evaluate().
  Eigen::Map<Vec> symbol(int k);
  /// out(b) = f(symbols at point b); out has length batch().
  void evaluate(VecRef out);

  /// The names muparser knows besides symbols and constants, for did-you-mean.
  static std::vector<std::string> builtin_names();

 private:
  void bind_buffers();
  std::string field_, text_;
  std::vector<std::string> symbols_;
  std::vector<bool> used_;
  std::unique_ptr<mu::Parser> parser_;
  Mat buffers_;  // capacity x K, column k = symbol k (contiguous, as bulk mode reads it)
  Eigen::Index batch_ = 0;
};

/// Evaluates declared constants in order, each an expression of `base` and the
/// constants before it ("nu: 0.01/pi", "c: 1 + 0.05*d"); returns base plus them.
/// `field_prefix` names them in errors ("constants.").
Constants evaluate_constants(const std::vector<std::pair<std::string, std::string>>& declared,
                             Constants base, const std::string& field_prefix);

}  // namespace tonnsim::pinn
