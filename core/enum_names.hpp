#pragma once
// Every choice a scenario can make is an enum with a to/from-string pair, so an error can
// list the allowed values and an HDF5 file can record what ran.
//
// Usage: specialise EnumNames once, next to the enum.
//   enum class Topology { kClements, kReck };
//   template <> struct EnumNames<Topology> {
//     static constexpr const char* type = "mesh topology";
//     static constexpr std::array<std::pair<Topology, const char*>, 2> names{{
//         {Topology::kClements, "clements"}, {Topology::kReck, "reck"}}};
//   };
//   to_string(Topology::kReck) == "reck"; from_string<Topology>("reck").
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace tonnsim {

template <class E>
struct EnumNames;  // specialise with `type` and `names`

template <class E>
std::string to_string(E value) {
  for (const auto& [v, name] : EnumNames<E>::names)
    if (v == value) return name;
  throw InputError(std::string(EnumNames<E>::type) + ": value has no name");
}

/// "a, b, c": the allowed spellings, for error messages and --help.
template <class E>
std::string allowed_values() {
  std::string out;
  for (const auto& [v, name] : EnumNames<E>::names) {
    (void)v;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

/// Parses a spelling; throws InputError naming the bad value and the allowed ones.
template <class E>
E from_string(std::string_view text) {
  for (const auto& [v, name] : EnumNames<E>::names)
    if (text == name) return v;
  throw InputError("unknown " + std::string(EnumNames<E>::type) + " '" + std::string(text) +
                   "'; allowed: " + allowed_values<E>());
}

}  // namespace tonnsim
