#pragma once
// Input validation in the style of Ceres' IsValid: every message names the field, the
// value it had and the rule it broke, so a user can fix a scenario without reading code.
#include <sstream>
#include <stdexcept>
#include <string>

namespace tonnsim {

/// Bad input from a user or a caller (scenario value, matrix shape, option field).
/// The command line maps it to exit code 2; everything else is a run failure (exit 1).
class InputError : public std::invalid_argument {
 public:
  explicit InputError(const std::string& what) : std::invalid_argument(what) {}
};

/// A run that cannot go on (NaN loss, integrator failure). Exit code 1.
class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& what) : std::runtime_error(what) {}
};

namespace detail {
template <class T>
std::string to_text(const T& v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}
}  // namespace detail

/// Throws InputError("<field> = <value>: <rule>") unless `ok`.
/// Example: require(opts.bits > 0, "phase_bits", opts.bits, "must be >= 1").
template <class T>
void require(bool ok, const std::string& field, const T& value, const std::string& rule) {
  if (!ok) throw InputError(field + " = " + detail::to_text(value) + ": " + rule);
}

}  // namespace tonnsim
