#include "pinn/expression_pde.hpp"

#include <cctype>
#include <limits>
#include <regex>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kE = 2.71828182845904523536;

// "x<j>" with 1 <= j <= d, or "x" when d == 1: the 0-based coordinate; -1 otherwise.
int coordinate_of(const std::string& name, int d) {
  if (name == "x" && d == 1) return 0;
  if (name.size() < 2 || name[0] != 'x') return -1;
  for (std::size_t k = 1; k < name.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(name[k]))) return -1;
  if (name[1] == '0') return -1;
  const int j = std::stoi(name.substr(1));
  return j >= 1 && j <= d ? j - 1 : -1;
}
}  // namespace

/// What a symbol stands for at a point.
struct CompiledExpressionPde::Symbol {
  enum Kind { kDefinition, kCoord, kTime, kSumX, kNorm2X, kCoordI, kIndexI, kU, kUt, kUtt, kUx, kUxx, kLap, kGrad2 };
  std::string name;
  Kind kind;
  int j = 0;  // coordinate of kCoord, kUx, kUxx; index of kDefinition
};

/// A compiled expression with the meaning of each of its symbols.
struct CompiledExpressionPde::Field {
  std::vector<Symbol> symbols;
  BatchExpression expression;
};

void ExpressionPdeOptions::validate(int space_dim) const {
  require(space_dim >= 1, "space_dim", space_dim,
          "must be >= 1 for an expression PDE (the number of x variables)");
  require(radius > 0.0, "expression.domain.radius", radius, "must be > 0");
  for (const auto& [var, range] : ranges) {
    const std::string field = "expression.domain." + var;
    require(var == "x" || var == "t" || coordinate_of(var, space_dim) >= 0, field, var,
            "unknown variable; the domain names x (every coordinate), x1..x" +
                std::to_string(space_dim) + " or t");
    require(range.size() == 2, field, std::to_string(range.size()) + " values",
            "must be a range [lo, hi]");
    require(range[0] < range[1], field, "[" + detail::to_text(range[0]) + ", " +
                                            detail::to_text(range[1]) + "]",
            "must have lo < hi");
    require(shape == DomainShape::kBox || var == "t", field, var,
            "a ball domain takes its radius instead of x ranges");
  }
  for (const auto& [var, law] : sampling) {
    const std::string field = "expression.sampling." + var;
    require(var == "x" || var == "t" || coordinate_of(var, space_dim) >= 0, field, var,
            "unknown variable; sampling names x (every coordinate), x1..x" +
                std::to_string(space_dim) + " or t");
    require(shape == DomainShape::kBox || var == "t" ||
                law.distribution == SamplingDistribution::kUniform,
            field, tonnsim::to_string(law.distribution),
            "a ball domain is sampled uniformly in space; only t takes a distribution");
  }
  require(!residual.empty(), "expression.residual", "(empty)", "is required: the PDE as r = 0");
  require(ansatz.h.empty() || ansatz.given(), "expression.ansatz.h", ansatz.h,
          "needs ansatz.g too (u = g + h N)");
  require(!ansatz.given() || !ansatz.h.empty(), "expression.ansatz.g", ansatz.g,
          "needs ansatz.h too (u = g + h N)");
  const bool time = [&] {
    for (const auto& r : ranges)
      if (r.first == "t") return true;
    return false;
  }();
  for (const char* f : {"g", "h"}) {
    const bool g = f[0] == 'g';
    const std::string& xi = g ? ansatz.g_xi : ansatz.h_xi;
    const std::string& xixi = g ? ansatz.g_xixi : ansatz.h_xixi;
    const std::string& t = g ? ansatz.g_t : ansatz.h_t;
    const std::string& tt = g ? ansatz.g_tt : ansatz.h_tt;
    const bool any = !xi.empty() || !xixi.empty() || !t.empty() || !tt.empty();
    const bool all = !xi.empty() && !xixi.empty() && (!time || (!t.empty() && !tt.empty()));
    require(!any || all, std::string("expression.ansatz.") + f + "_xi", xi.empty() ? "(empty)" : xi,
            std::string("give all derivatives of ") + f + " (" + f + "_xi, " + f + "_xixi" +
                (time ? std::string(", ") + f + "_t, " + f + "_tt" : "") +
                ") or none (finite differences)");
    require(time || (t.empty() && tt.empty()), std::string("expression.ansatz.") + f + "_t",
            t.empty() ? tt : t, "needs a time range (domain.t)");
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const auto& c = conditions[i];
    const std::string field = "expression.conditions[" + std::to_string(i) + "]";
    require(c.weight >= 0.0, field + ".weight", c.weight, "must be >= 0");
    require(!c.value.empty(), field + ".value", "(empty)", "is required: the prescribed u");
    if (c.on == ConditionSet::kPinned)
      require((c.pin_variable == "t" && time) || coordinate_of(c.pin_variable, space_dim) >= 0,
              field + ".pin", c.pin_variable.empty() ? "(none)" : c.pin_variable,
              "must name one variable, e.g. pin: {t: 0}");
  }
  require(fd_step > 0.0, "expression.fd_step", fd_step, "must be > 0");
}

CompiledExpressionPde::~CompiledExpressionPde() = default;

CompiledExpressionPde::CompiledExpressionPde(const ExpressionPdeOptions& options, int space_dim)
    : o_(options), d_(space_dim) {
  o_.validate(space_dim);
  time_ = false;
  for (const auto& r : o_.ranges) time_ = time_ || r.first == "t";
  const int D = input_dim();
  lower_ = Vec::Zero(D);
  upper_ = Vec::Ones(D);
  if (o_.shape == DomainShape::kBall) {
    lower_.head(d_).setConstant(-o_.radius);
    upper_.head(d_).setConstant(o_.radius);
  }
  for (int pass = 0; pass < 2; ++pass)  // "x" first, then single coordinates override it
    for (const auto& [var, range] : o_.ranges) {
      if (pass == 0 && var == "x") {
        lower_.head(d_).setConstant(range[0]);
        upper_.head(d_).setConstant(range[1]);
      } else if (pass == 1 && var == "t") {
        lower_(d_) = range[0];
        upper_(d_) = range[1];
      } else if (pass == 1 && var != "x") {
        const int j = coordinate_of(var, d_);
        lower_(j) = range[0];
        upper_(j) = range[1];
      }
    }

  for (const auto& [var, law] : o_.sampling) {
    if (row_sampling_.empty()) row_sampling_.assign(std::size_t(D), VariableSampling{});
    require(var != "t" || time_, "expression.sampling.t", "t", "needs a time range (domain.t)");
  }
  for (int pass = 0; pass < 2 && !row_sampling_.empty(); ++pass)  // "x" first, as ranges
    for (const auto& [var, law] : o_.sampling) {
      if (pass == 0 && var == "x") {
        for (int j = 0; j < d_; ++j) row_sampling_[std::size_t(j)] = law;
      } else if (pass == 1 && var != "x") {
        const int row = var == "t" ? d_ : coordinate_of(var, d_);
        row_sampling_[std::size_t(row)] = law;
      }
    }
  for (int row = 0; row < int(row_sampling_.size()); ++row)
    row_sampling_[std::size_t(row)].validate(
        "expression.sampling." + (row == d_ ? std::string("t") : "x" + std::to_string(row + 1)),
        lower_(row), upper_(row));

  // Symbol tables: every expression sees the point; derivative fields see xi and i; the
  // residual sees u's jet.
  std::vector<Symbol> point;
  for (int j = 0; j < d_; ++j) point.push_back({"x" + std::to_string(j + 1), Symbol::kCoord, j});
  if (d_ == 1) point.push_back({"x", Symbol::kCoord, 0});
  if (time_) point.push_back({"t", Symbol::kTime});
  point.push_back({"sum_x", Symbol::kSumX});
  point.push_back({"norm2_x", Symbol::kNorm2X});
  for (std::size_t k = 0; k < o_.definitions.size(); ++k)
    point.push_back({o_.definitions[k].first, Symbol::kDefinition, int(k)});
  std::vector<Symbol> per_coordinate = point;
  per_coordinate.push_back({"xi", Symbol::kCoordI});
  per_coordinate.push_back({"i", Symbol::kIndexI});
  std::vector<Symbol> jet = point;
  jet.push_back({"u", Symbol::kU});
  if (time_) {
    jet.push_back({"u_t", Symbol::kUt});
    jet.push_back({"u_tt", Symbol::kUtt});
  }
  for (int j = 0; j < d_; ++j) {
    const std::string x = "x" + std::to_string(j + 1);
    jet.push_back({"u_" + x, Symbol::kUx, j});
    jet.push_back({"u_" + x + x, Symbol::kUxx, j});
  }
  if (d_ == 1) {
    jet.push_back({"u_x", Symbol::kUx, 0});
    jet.push_back({"u_xx", Symbol::kUxx, 0});
  }
  jet.push_back({"lap_u", Symbol::kLap});
  jet.push_back({"grad2_u", Symbol::kGrad2});

  Constants base{{"pi", kPi}, {"e", kE}, {"d", double(d_)}};
  const Constants constants = evaluate_constants(o_.constants, base, "expression.constants.");
  for (const auto& declared : o_.constants) {
    bool clash = declared.first == "xi" || declared.first == "i";
    for (const auto& s : jet) clash = clash || s.name == declared.first;
    for (const auto& def : o_.definitions) clash = clash || def.first == declared.first;
    if (clash)
      throw ExpressionError("expression.constants." + declared.first, declared.second, -1, "",
                            "'" + declared.first + "' is a variable of the expressions; "
                            "rename the constant",
                            {});
  }

  const auto compile = [&](const std::string& field, const std::string& text,
                           const std::vector<Symbol>& symbols) -> Field* {
    if (text.empty()) return nullptr;
    std::vector<std::string> names;
    for (const auto& s : symbols) names.push_back(s.name);
    try {
      fields_.push_back(std::unique_ptr<Field>(
          new Field{symbols, BatchExpression("expression." + field, text, names, constants)}));
    } catch (const ExpressionError& e) {
      static const std::regex mixed("u_(x[0-9]+|x|t)(x[0-9]+|x|t)");
      if (!e.token().empty() && std::regex_match(e.token(), mixed) &&
          &symbols == &jet)  // a derivative the jet does not carry
        throw ExpressionError(e.field(), e.expression(), e.position(), e.token(),
                              "'" + e.token() + "': mixed second derivatives are not "
                              "available (derivative estimators measure the Hessian "
                              "diagonal only: u_x<j>x<j>, u_tt, lap_u)",
                              {});
      throw;
    }
    return fields_.back().get();
  };
  for (std::size_t k = 0; k < o_.definitions.size(); ++k) {
    const auto& [name, text] = o_.definitions[k];
    int clash = 0;
    for (const auto& s : jet) clash += s.name == name;
    if (clash > 1 || name == "xi" || name == "i")
      throw ExpressionError("expression.definitions." + name, text, -1, "",
                            "'" + name + "' is already a variable of the expressions; rename it",
                            {});
    if (text.empty())  // a definition is used by name: it must have a value
      throw ExpressionError("expression.definitions." + name, text, -1, "",
                            "'" + name + "' has no expression; give one or remove it", {});
    // Definition k sees the point and the definitions before it.
    std::vector<Symbol> earlier;
    for (const auto& s : point)
      if (s.kind != Symbol::kDefinition || s.j < int(k)) earlier.push_back(s);
    definitions_.push_back(compile("definitions." + name, text, earlier));
  }
  residual_ = compile("residual", o_.residual, jet);
  exact_ = compile("exact", o_.exact, point);
  data_guess_ = compile("data_guess.value", o_.data_guess, point);
  const auto& a = o_.ansatz;
  const std::array<std::pair<const char*, const std::string*>, 10> ansatz_fields{
      {{"g", &a.g}, {"h", &a.h}, {"g_xi", &a.g_xi}, {"g_xixi", &a.g_xixi}, {"g_t", &a.g_t},
       {"g_tt", &a.g_tt}, {"h_xi", &a.h_xi}, {"h_xixi", &a.h_xixi}, {"h_t", &a.h_t},
       {"h_tt", &a.h_tt}}};
  for (std::size_t k = 0; k < ansatz_fields.size(); ++k)
    ansatz_[k] = compile(std::string("ansatz.") + ansatz_fields[k].first,
                         *ansatz_fields[k].second,
                         (k == 2 || k == 3 || k == 6 || k == 7) ? per_coordinate : point);
  for (std::size_t i = 0; i < o_.conditions.size(); ++i)
    targets_.push_back(compile("conditions[" + std::to_string(i) + "].value",
                               o_.conditions[i].value, point));
}

void CompiledExpressionPde::evaluate(Field& f, const ConstMatRef& X, const Jet* u, int coordinate,
                             VecRef out) const {
  BatchExpression& e = f.expression;
  const Eigen::Index B = X.cols();
  e.resize(B);
  for (std::size_t k = 0; k < f.symbols.size(); ++k) {
    if (!e.uses(int(k))) continue;
    const Symbol& s = f.symbols[k];
    auto v = e.symbol(int(k));
    switch (s.kind) {
      case Symbol::kDefinition: {
        Vec values(B);  // the definition's own buffers are separate from e's
        evaluate(*definitions_[std::size_t(s.j)], X, nullptr, coordinate, values);
        v = values;
        break;
      }
      case Symbol::kCoord: v = X.row(s.j).transpose(); break;
      case Symbol::kTime: v = X.row(d_).transpose(); break;
      case Symbol::kSumX: v = X.topRows(d_).colwise().sum().transpose(); break;
      case Symbol::kNorm2X: v = X.topRows(d_).colwise().squaredNorm().transpose(); break;
      case Symbol::kCoordI: v = X.row(coordinate).transpose(); break;
      case Symbol::kIndexI: v.setConstant(double(coordinate + 1)); break;
      case Symbol::kU: v = u->value; break;
      case Symbol::kUt: v = u->grad.row(d_).transpose(); break;
      case Symbol::kUtt: v = u->hess_diag.row(d_).transpose(); break;
      case Symbol::kUx: v = u->grad.row(s.j).transpose(); break;
      case Symbol::kUxx: v = u->hess_diag.row(s.j).transpose(); break;
      case Symbol::kLap: v = u->hess_diag.topRows(d_).colwise().sum().transpose(); break;
      case Symbol::kGrad2: v = u->grad.topRows(d_).colwise().squaredNorm().transpose(); break;
    }
  }
  e.evaluate(out);
}

Mat CompiledExpressionPde::sample_collocation(Rng& rng, Eigen::Index n) const {
  if (row_sampling_.empty()) return sample_uniform(rng, n);
  Mat X(input_dim(), n);
  Vec row(n);
  if (o_.shape == DomainShape::kBall) X.topRows(d_) = sample_ball(rng, d_, o_.radius, n);
  for (int j = o_.shape == DomainShape::kBall ? d_ : 0; j < input_dim(); ++j) {
    sample_variable(rng, row_sampling_[std::size_t(j)], lower_(j), upper_(j), row);
    X.row(j) = row.transpose();
  }
  return X;
}

Mat CompiledExpressionPde::sample_uniform(Rng& rng, Eigen::Index n) const {
  if (o_.shape == DomainShape::kBox) return sample_box(rng, lower_, upper_, n);
  Mat X(input_dim(), n);
  X.topRows(d_) = sample_ball(rng, d_, o_.radius, n);
  if (time_) X.row(d_) = sample_box(rng, lower_.tail(1), upper_.tail(1), n);
  return X;
}

Mat CompiledExpressionPde::sample_boundary(Rng& rng, Eigen::Index n) const {
  if (o_.shape == DomainShape::kBox) return sample_box_faces(rng, lower_, upper_, d_, n);
  Mat X(input_dim(), n);
  X.topRows(d_) = sample_sphere(rng, d_, o_.radius, n);
  if (time_) X.row(d_) = sample_box(rng, lower_.tail(1), upper_.tail(1), n);
  return X;
}

void CompiledExpressionPde::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  require(u.dim() == input_dim() && u.batch() == X.cols(), "jet shape",
          std::to_string(u.dim()) + " x " + std::to_string(u.batch()),
          "must match the points " + std::to_string(X.rows()) + " x " + std::to_string(X.cols()));
  std::lock_guard<std::mutex> lock(mutex_);
  evaluate(*residual_, X, &u, 0, r);
}

void CompiledExpressionPde::exact(const ConstMatRef& X, VecRef u) const {
  if (!exact_) {  // no exact solution: accuracy metrics are NaN, training is unaffected
    u.setConstant(std::numeric_limits<double>::quiet_NaN());
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  evaluate(*exact_, X, nullptr, 0, u);
}

void CompiledExpressionPde::condition_value(std::size_t i, const ConstMatRef& X,
                                            VecRef u) const {
  std::lock_guard<std::mutex> lock(mutex_);
  evaluate(*targets_.at(i), X, nullptr, 0, u);
}

void CompiledExpressionPde::data_guess(const ConstMatRef& X, VecRef u) const {
  std::lock_guard<std::mutex> lock(mutex_);
  evaluate(*data_guess_, X, nullptr, 0, u);
}

void CompiledExpressionPde::value_jet(Field& value, Field* d1, Field* d2, Field* dt, Field* dtt,
                              const ConstMatRef& X, Jet& jet) const {
  const Eigen::Index B = X.cols();
  jet.resize(X.rows(), B);
  if (!d1) {  // no closed-form derivatives: central differences of the value
    jet_by_differences(
        [&](const ConstMatRef& P, VecRef v) { evaluate(value, P, nullptr, 0, v); }, X,
        o_.fd_step, jet);
    return;
  }
  evaluate(value, X, nullptr, 0, jet.value);
  Vec row(B);
  // A derivative without xi or i is the same expression for every coordinate: once.
  const auto per_coordinate = [](const Field& f) {
    for (std::size_t k = 0; k < f.symbols.size(); ++k)
      if ((f.symbols[k].kind == Symbol::kCoordI || f.symbols[k].kind == Symbol::kIndexI) &&
          f.expression.uses(int(k)))
        return true;
    return false;
  };
  for (auto [field, out] : {std::make_pair(d1, &jet.grad), std::make_pair(d2, &jet.hess_diag)}) {
    if (per_coordinate(*field)) {
      for (int j = 0; j < d_; ++j) {
        evaluate(*field, X, nullptr, j, row);
        out->row(j) = row.transpose();
      }
    } else {
      evaluate(*field, X, nullptr, 0, row);
      out->topRows(d_).rowwise() = row.transpose();
    }
  }
  if (time_) {
    evaluate(*dt, X, nullptr, 0, row);
    jet.grad.row(d_) = row.transpose();
    evaluate(*dtt, X, nullptr, 0, row);
    jet.hess_diag.row(d_) = row.transpose();
  }
}

void CompiledExpressionPde::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  if (!o_.ansatz.given()) {
    no_hard_constraint(X, g, h);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  value_jet(*ansatz_[0], ansatz_[2], ansatz_[3], ansatz_[4], ansatz_[5], X, g);
  value_jet(*ansatz_[1], ansatz_[6], ansatz_[7], ansatz_[8], ansatz_[9], X, h);
}

bool CompiledExpressionPde::ansatz_derivatives_given() const {
  return ansatz_[2] != nullptr || ansatz_[6] != nullptr;
}

void CompiledExpressionPde::ansatz_by_differences(const ConstMatRef& X, Jet& g, Jet& h) const {
  if (!o_.ansatz.given()) {
    no_hard_constraint(X, g, h);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  value_jet(*ansatz_[0], nullptr, nullptr, nullptr, nullptr, X, g);
  value_jet(*ansatz_[1], nullptr, nullptr, nullptr, nullptr, X, h);
}

PdeDescription expression_description(std::shared_ptr<const CompiledExpressionPde> c) {
  const ExpressionPdeOptions& o = c->options();
  PdeDescription p;
  p.name = o.name;
  p.space_dim = c->space_dim();
  p.time = c->has_time();
  p.lower = c->lower();
  p.upper = c->upper();
  p.sample_collocation = [c](Rng& rng, Eigen::Index n) { return c->sample_collocation(rng, n); };
  p.sample_test = [c](Rng& rng, Eigen::Index n) { return c->sample_uniform(rng, n); };
  p.residual = [c](const ConstMatRef& X, const Jet& u, VecRef r) { c->residual(X, u, r); };
  p.exact = [c](const ConstMatRef& X, VecRef u) { c->exact(X, u); };
  p.fd_step = o.fd_step;
  if (o.ansatz.given())
    p.hard_constraint = [c](const ConstMatRef& X, Jet& g, Jet& h) { c->hard_constraint(X, g, h); };
  for (std::size_t i = 0; i < o.conditions.size(); ++i) {
    const ExpressionCondition& e = o.conditions[i];
    ConditionTerm t;
    t.name = e.name.empty() ? "condition " + std::to_string(i + 1) : e.name;
    t.weight = e.weight;
    if (e.on == ConditionSet::kBoundary) {
      t.sample = [c](Rng& rng, Eigen::Index n) { return c->sample_boundary(rng, n); };
    } else {
      const int d = c->space_dim();
      const int row = e.pin_variable == "t" ? d : coordinate_of(e.pin_variable, d);
      const double value = e.pin_value;
      t.sample = [c, row, value](Rng& rng, Eigen::Index n) {
        Mat X = c->sample_collocation(rng, n);
        X.row(row).setConstant(value);
        return X;
      };
    }
    t.target = [c, i](const ConstMatRef& X, VecRef u) { c->condition_value(i, X, u); };
    p.conditions.push_back(std::move(t));
  }
  if (c->has_data_guess())
    p.data_guess = DataGuess{o.data_guess_description,
                             [c](const ConstMatRef& X, VecRef u) { c->data_guess(X, u); }};
  else if (o.ansatz.given() && c->has_time())
    p.data_guess = carried_data_guess("the ansatz's data carried in time: u = g (N = 0)",
                                      p.hard_constraint);
  return p;
}

PdeDescription expression_description(const ExpressionPdeOptions& options, int space_dim) {
  return expression_description(std::make_shared<const CompiledExpressionPde>(options, space_dim));
}

ExpressionPde::ExpressionPde(const ExpressionPdeOptions& options, int space_dim)
    : ExpressionPde(std::make_shared<const CompiledExpressionPde>(options, space_dim)) {}

ExpressionPde::ExpressionPde(std::shared_ptr<const CompiledExpressionPde> compiled)
    : DescribedPde(expression_description(compiled)), compiled_(std::move(compiled)) {}

}  // namespace tonnsim::pinn
