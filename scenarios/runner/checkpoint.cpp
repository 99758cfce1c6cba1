#include "scenarios/runner/checkpoint.hpp"

#include <sstream>

#include "core/error.hpp"

namespace tonnsim::runner {

namespace {

constexpr const char* kCurrent = "/checkpoint";
constexpr const char* kNext = "/checkpoint_next";

std::vector<double> to_std(const Vec& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
Vec to_vec(const std::vector<double>& v) {
  return Eigen::Map<const Vec>(v.data(), static_cast<Eigen::Index>(v.size()));
}

bool complete(const Hdf5File& file, const std::string& group) {
  return file.exists(group) && file.has_attribute(group, "complete");
}

}  // namespace

void write_checkpoint(Hdf5File& file, const Checkpoint& c) {
  if (file.exists(kNext)) file.remove(kNext);
  const std::string g = kNext;
  file.create_group(g + "/optimizer");
  file.create_group(g + "/rng");
  file.set_attribute(g, "iteration", c.iteration);
  file.set_attribute(g, "trace_rows", c.trace_rows);
  file.write(g + "/parameters", to_std(c.parameters));
  for (const auto& [name, values] : c.optimizer_state) file.write(g + "/optimizer/" + name, to_std(values));
  for (const auto& [name, state] : c.rng_states) file.set_attribute(g + "/rng", name, state);
  file.set_attribute(g, "complete", std::int64_t{1});
  file.flush();
  if (file.exists(kCurrent)) file.remove(kCurrent);
  file.move(kNext, kCurrent);
  file.flush();
}

bool has_checkpoint(const Hdf5File& file) {
  return complete(file, kCurrent) || complete(file, kNext);
}

Checkpoint read_checkpoint(const Hdf5File& file) {
  const std::string g = complete(file, kCurrent) ? kCurrent : kNext;
  if (!complete(file, g))
    throw InputError(file.path() + ": no complete checkpoint to resume from (/checkpoint)");
  Checkpoint c;
  c.iteration = file.int_attribute(g, "iteration");
  c.trace_rows = file.int_attribute(g, "trace_rows");
  c.parameters = to_vec(file.read_doubles(g + "/parameters"));
  for (const auto& name : file.list(g + "/optimizer"))
    c.optimizer_state.emplace_back(name, to_vec(file.read_doubles(g + "/optimizer/" + name)));
  for (const auto& name : file.attribute_names(g + "/rng"))
    c.rng_states.emplace_back(name, file.string_attribute(g + "/rng", name));
  return c;
}

std::string rng_state(const Rng& rng) {
  std::ostringstream out;
  out << rng;
  return out.str();
}

Rng rng_from_state(const std::string& state) {
  std::istringstream in(state);
  Rng rng;
  in >> rng;
  if (!in) throw InputError("RNG state '" + state.substr(0, 40) + "...': not a valid engine state");
  return rng;
}

}  // namespace tonnsim::runner
