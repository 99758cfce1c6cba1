#include <doctest/doctest.h>

#include "scenarios/runner/did_you_mean.hpp"

using namespace tonnsim::runner;

TEST_CASE("Edit distance counts insertions, deletions, substitutions and swaps") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("p_pi_mw", "p_pi_w") == 1);      // insertion
  CHECK(edit_distance("kitten", "sitting") == 3);      // the textbook case
  CHECK(edit_distance("ncie", "nice") == 1);           // adjacent transposition
  CHECK(edit_distance("P_PI_W", "p_pi_w") == 0);       // case-insensitive
  CHECK(edit_distance("abcdef", "badcfe") == 3);       // three swaps
  // Symmetric.
  CHECK(edit_distance("bandwith_hz", "bandwidth_hz") == edit_distance("bandwidth_hz", "bandwith_hz"));
}

TEST_CASE("A suggestion is offered only when a known key is plausibly meant") {
  const std::vector<std::string> keys{"p_pi_w", "v_pi_v", "bandwidth_hz", "length_um"};
  CHECK(closest_match("bandwith_hz", keys) == "bandwidth_hz");
  CHECK(closest_match("p_pi_mw", keys) == "p_pi_w");
  CHECK(closest_match("temperature", keys).empty());
  CHECK(closest_match("width", {"bandwidth_hz", "width_um"}) == "width_um");  // shortest host
  CHECK(closest_match("wd", {"width_um"}).empty());  // fragments under 3 characters are noise
  CHECK(closest_match("bandwidth", keys) == "bandwidth_hz");  // a fragment of a longer name
  CHECK(suggestion_text("p_pi_mw", keys) == "; did you mean 'p_pi_w'?");
  CHECK(suggestion_text("zzz", {"a1", "b2"}) == "; known: a1, b2");
}
