#include "pinn/batch_expression.hpp"

#include <muParser.h>
#include <omp.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tonnsim::pinn {

namespace {
// Batches below this size are evaluated on the calling thread (see evaluate()).
constexpr Eigen::Index kParallelBatch = 8192;

// Functions added to muparser's set: the error function, for normal CDFs
// Phi(z) = erfc(-z / sqrt(2)) / 2 (e.g. the Black-Scholes price).
double erf_of(double x) { return std::erf(x); }
double erfc_of(double x) { return std::erfc(x); }

std::string error_text(const std::string& field, const std::string& expression, int position,
                       const std::string& reason) {
  std::string s = field + " = \"" + expression + "\": " + reason;
  if (position >= 0) s += " (at character " + std::to_string(position + 1) + ")";
  return s;
}
}  // namespace

ExpressionError::ExpressionError(std::string field, std::string expression, int position,
                                 std::string token, std::string reason,
                                 std::vector<std::string> known)
    : InputError(error_text(field, expression, position, reason)),
      field_(std::move(field)),
      expression_(std::move(expression)),
      position_(position),
      token_(std::move(token)),
      reason_(std::move(reason)),
      known_(std::move(known)) {}

std::vector<std::string> BatchExpression::builtin_names() {
  return {"sin",  "cos",   "tan",  "asin", "acos", "atan", "sinh", "cosh", "tanh",
          "asinh", "acosh", "atanh", "log2", "log10", "log", "ln",   "exp",  "sqrt",
          "sign", "rint",  "abs",  "sum",  "avg",  "min",  "max",  "erf",  "erfc", "_pi", "_e"};
}

BatchExpression::BatchExpression(std::string field, std::string text,
                                 std::vector<std::string> symbols, const Constants& constants)
    : field_(std::move(field)),
      text_(std::move(text)),
      symbols_(std::move(symbols)),
      used_(symbols_.size(), false),
      parser_(std::make_unique<mu::Parser>()) {
  auto known = [&] {
    std::vector<std::string> k = symbols_;
    for (const auto& c : constants) k.push_back(c.first);
    for (const auto& b : builtin_names()) k.push_back(b);
    return k;
  };
  if (text_.find_first_not_of(" \t\n") == std::string::npos)
    throw ExpressionError(field_, text_, -1, "", "is empty; give an expression", {});
  try {
    parser_->DefineFun("erf", erf_of);
    parser_->DefineFun("erfc", erfc_of);
    for (const auto& c : constants) parser_->DefineConst(c.first, c.second);
    resize(1);
    buffers_.setZero();
    parser_->SetExpr(text_);
    parser_->Eval();  // compiles to bytecode; reports syntax errors and unknown symbols
    if (parser_->GetNumResults() != 1)
      throw ExpressionError(field_, text_, -1, "", "must be one expression (no commas)", {});
    for (const auto& [name, ptr] : parser_->GetUsedVar()) {
      (void)ptr;
      const auto it = std::find(symbols_.begin(), symbols_.end(), name);
      if (it != symbols_.end()) used_[std::size_t(it - symbols_.begin())] = true;
    }
  } catch (const mu::ParserError& e) {
    const bool unknown = e.GetCode() == mu::ecUNASSIGNABLE_TOKEN;
    std::string token = e.GetToken();
    if (unknown) {  // muparser reports the rest of the line; keep the name itself
      const auto end = token.find_first_not_of(
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
      if (end != std::string::npos && end > 0) token = token.substr(0, end);
    }
    throw ExpressionError(field_, text_, e.GetPos(), token,
                          unknown ? "unknown symbol '" + token + "'" : e.GetMsg(),
                          unknown ? known() : std::vector<std::string>{});
  }
}

BatchExpression::~BatchExpression() = default;
BatchExpression::BatchExpression(BatchExpression&&) noexcept = default;
BatchExpression& BatchExpression::operator=(BatchExpression&&) noexcept = default;

void BatchExpression::bind_buffers() {
  for (std::size_t k = 0; k < symbols_.size(); ++k)
    parser_->DefineVar(symbols_[k], buffers_.data() + Eigen::Index(k) * buffers_.rows());
}

void BatchExpression::resize(Eigen::Index batch) {
  batch_ = batch;
  if (batch <= buffers_.rows() && buffers_.cols() == Eigen::Index(symbols_.size())) return;
  buffers_.resize(std::max<Eigen::Index>(batch, 1), Eigen::Index(symbols_.size()));
  bind_buffers();  // the buffers moved: muparser re-reads the pointers (a re-parse)
}

Eigen::Map<Vec> BatchExpression::symbol(int k) {
  return Eigen::Map<Vec>(buffers_.data() + Eigen::Index(k) * buffers_.rows(), batch_);
}

void BatchExpression::evaluate(VecRef out) {
  require(out.size() == batch_, field_ + " result length", out.size(),
          "must equal the batch size " + std::to_string(batch_));
  if (batch_ == 0) return;
  // muparser's bulk mode opens an OpenMP region per call; for the batches of a loss
  // (hundreds of points) its start-up and barrier cost more than the arithmetic, above
  // all on a loaded machine, so small batches run on the calling thread.
  // muparser's bulk Eval sets the OpenMP thread count itself and never restores it: the
  // guard restores the caller's on every path out, exceptions included.
  struct ThreadCountGuard {
    int threads = omp_get_max_threads();
    ~ThreadCountGuard() { omp_set_num_threads(threads); }
  } guard;
  try {
    if (std::none_of(used_.begin(), used_.end(), [](bool u) { return u; })) {
      out.setConstant(parser_->Eval());  // no per-point symbol: one value for the batch
      return;
    }
    if (batch_ < kParallelBatch) omp_set_num_threads(1);
    parser_->Eval(out.data(), int(batch_));
  } catch (const mu::ParserError& e) {
    throw ExpressionError(field_, text_, e.GetPos(), e.GetToken(), e.GetMsg(), {});
  }
}

Constants evaluate_constants(const std::vector<std::pair<std::string, std::string>>& declared,
                             Constants base, const std::string& field_prefix) {
  for (const auto& [name, text] : declared) {
    const bool valid_name =
        !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
        name.find_first_not_of(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos;
    if (!valid_name)
      throw ExpressionError(field_prefix + name, text, -1, "",
                            "a constant's name must be a letter followed by letters, digits "
                            "or '_'",
                            {});
    for (const auto& c : base)
      if (c.first == name)
        throw ExpressionError(field_prefix + name, text, -1, "",
                              "'" + name + "' is already defined (pi, e, d and each "
                              "constant are defined once)",
                              {});
    BatchExpression e(field_prefix + name, text, {}, base);
    Vec v(1);
    e.resize(1);
    e.evaluate(v);
    base.emplace_back(name, v(0));
  }
  return base;
}

}  // namespace tonnsim::pinn
