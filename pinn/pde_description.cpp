#include "pinn/pde_description.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

void PdeDescription::validate() const {
  const std::string field = "pde " + name;
  require(space_dim >= 0, field + " space_dim", space_dim, "must be >= 0");
  require(input_dim() >= 1, field + " input_dim", input_dim(), "must be >= 1");
  require(lower.size() == input_dim() && upper.size() == input_dim(), field + " domain box",
          std::to_string(lower.size()) + " / " + std::to_string(upper.size()) + " entries",
          "must have input_dim = " + std::to_string(input_dim()) + " entries");
  require(((upper - lower).array() > 0.0).all(), field + " domain box", "lo >= hi",
          "must have lo < hi in every input");
  require(bool(sample_collocation), field + " sample_collocation", "(none)", "is required");
  require(bool(residual), field + " residual", "(none)", "is required");
  require(bool(exact), field + " exact", "(none)", "is required");
  require(fd_step > 0.0, field + " fd_step", fd_step, "must be > 0");
}

PdeDescription PdeDescription::on_box(std::string name, int space_dim, bool time, Vec lower,
                                      Vec upper) {
  PdeDescription d;
  d.name = std::move(name);
  d.space_dim = space_dim;
  d.time = time;
  d.lower = std::move(lower);
  d.upper = std::move(upper);
  d.sample_collocation = box_sampler(d.lower, d.upper);
  return d;
}

DataGuess carried_data_guess(std::string description, PdeDescription::Ansatz ansatz) {
  return DataGuess{std::move(description), [ansatz](const ConstMatRef& X, VecRef u) {
                     Jet g, h;
                     ansatz(X, g, h);
                     u = g.value.array() + h.value.array() * Vec::Zero(X.cols()).array();
                   }};
}

PdeDescription::Sampler box_sampler(Vec lower, Vec upper) {
  return [lower, upper](Rng& rng, Eigen::Index n) { return sample_box(rng, lower, upper, n); };
}

ConditionTerm lateral_dirichlet_condition(const PdeDescription& d, double weight) {
  require(d.space_dim >= 1, "pde " + d.name + " space_dim", d.space_dim,
          "must be >= 1 for lateral faces");
  require(bool(d.exact), "pde " + d.name + " exact", "(none)", "is required for lateral data");
  require(weight >= 0.0, "condition_weight", weight, "must be >= 0");
  ConditionTerm boundary;
  boundary.name = fmt::format("boundary x_j in {{{:g}, {:g}}}", d.lower(0), d.upper(0));
  boundary.weight = weight;
  boundary.sample = [lower = d.lower, upper = d.upper, n = d.space_dim](Rng& rng,
                                                                         Eigen::Index m) {
    return sample_box_faces(rng, lower, upper, n, m);
  };
  boundary.target = d.exact;
  return boundary;
}

DescribedPde::DescribedPde(PdeDescription description) : d_(std::move(description)) {
  d_.validate();
}

Mat DescribedPde::sample_collocation(Rng& rng, Eigen::Index n) const {
  return d_.sample_collocation(rng, n);
}

Mat DescribedPde::sample_test(Rng& rng, Eigen::Index n) const {
  return d_.sample_test ? d_.sample_test(rng, n) : d_.sample_collocation(rng, n);
}

void DescribedPde::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  d_.residual(X, u, r);
}

void DescribedPde::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                                Jet& u_bar) const {
  if (d_.residual_vjp)
    d_.residual_vjp(X, u, r_bar, u_bar);
  else
    Pde::residual_vjp(X, u, r_bar, u_bar);
}

void DescribedPde::exact(const ConstMatRef& X, VecRef u) const { d_.exact(X, u); }

void DescribedPde::exact_jet(const ConstMatRef& X, Jet& u) const {
  if (d_.exact_jet)
    d_.exact_jet(X, u);
  else
    Pde::exact_jet(X, u);
}

void DescribedPde::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  if (d_.hard_constraint)
    d_.hard_constraint(X, g, h);
  else
    Pde::hard_constraint(X, g, h);
}

}  // namespace tonnsim::pinn
