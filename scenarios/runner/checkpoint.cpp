#include "scenarios/runner/checkpoint.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "scenarios/runner/checksum.hpp"

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

std::uint64_t vec_checksum(const Vec& v, std::uint64_t h = kFnvOffset) {
  const std::uint64_t n = static_cast<std::uint64_t>(v.size());
  h = fnv1a64(&n, sizeof(n), h);
  return fnv1a64(v.data(), sizeof(double) * static_cast<std::size_t>(v.size()), h);
}

// Optimizer entries and RNG states, in the order they are listed (sorted by name on read).
std::uint64_t state_checksum(std::vector<std::pair<std::string, Vec>> optimizer,
                             std::vector<std::pair<std::string, std::string>> rng) {
  std::sort(optimizer.begin(), optimizer.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(rng.begin(), rng.end());
  std::uint64_t h = kFnvOffset;
  for (const auto& [name, values] : optimizer) h = vec_checksum(values, fnv1a64(name, h));
  for (const auto& [name, state] : rng) h = fnv1a64(state, fnv1a64(name, h));
  return h;
}

void verify(const Hdf5File& file, const std::string& group, const std::string& what,
            const char* attribute, std::uint64_t computed) {
  if (!file.has_attribute(group, attribute))
    throw InputError(file.path() + ": " + group + " has no checksum '" + attribute +
                     "' (written by an older tonnsim); it cannot be verified, so it is not resumed");
  const std::uint64_t stored = file.uint_attribute(group, attribute);
  if (stored != computed)
    throw InputError(file.path() + ": " + group + ": checksum mismatch in " + what +
                     " (stored " + std::to_string(stored) + ", computed " +
                     std::to_string(computed) +
                     "): the checkpoint was damaged or edited after it was written; not resumed");
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
  file.set_attribute(g + "/parameters", "unit", "rad (phases), 1 (weights, biases)");
  file.set_attribute(g + "/parameters", "description",
                     "parameter vector at the checkpoint; index map: /final/parameter_map");
  for (const auto& [name, values] : c.optimizer_state) {
    const std::string path = g + "/optimizer/" + name;
    file.write(path, to_std(values));
    file.set_attribute(path, "unit", "mixed (docs/hdf5-layout.md, /checkpoint)");
    file.set_attribute(path, "description", "optimizer state entry '" + name + "'");
  }
  for (const auto& [name, state] : c.rng_states) file.set_attribute(g + "/rng", name, state);
  file.set_attribute(g, "checksum_parameters", vec_checksum(c.parameters));
  file.set_attribute(g, "checksum_state", state_checksum(c.optimizer_state, c.rng_states));
  file.set_attribute(g, "checksum_scenario", c.scenario_checksum);
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
  verify(file, g, "the parameters", "checksum_parameters", vec_checksum(c.parameters));
  verify(file, g, "the optimizer or RNG state", "checksum_state",
         state_checksum(c.optimizer_state, c.rng_states));
  if (!file.has_attribute(g, "checksum_scenario"))
    verify(file, g, "the scenario", "checksum_scenario", 0);  // throws: missing
  c.scenario_checksum = file.uint_attribute(g, "checksum_scenario");
  return c;
}

std::uint64_t scenario_checksum(const std::string& text, const std::string& effective) {
  return fnv1a64(effective, fnv1a64(text));
}

std::string rng_state(const Rng& rng) {
  std::ostringstream out;
  out << rng;
  return out.str();
}

std::string rng_state_digest(const std::string& state) {
  return fmt::format("'{}...' (FNV-1a 64 {:#018x})", state.substr(0, 24),
                     fnv1a64(state.data(), state.size()));
}

Rng rng_from_state(const std::string& state) {
  std::istringstream in(state);
  Rng rng;
  in >> rng;
  if (!in) throw InputError("RNG state '" + state.substr(0, 40) + "...': not a valid engine state");
  return rng;
}

}  // namespace tonnsim::runner
