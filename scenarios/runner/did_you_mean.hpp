#pragma once
// "Did you mean ...?" for misspelt keys and enum values: the known spelling with the
// smallest edit distance, if it is close enough to be a plausible typo.
#include <string>
#include <vector>

namespace tonnsim::runner {

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, each
/// edit costs 1), compared case-insensitively: "p_pi_mw" -> "p_pi_w" is 1, "ncie" ->
/// "nice" is 1.
int edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `word`, or "" when none is within max(2, |word| / 3) edits
/// (further than that a suggestion is more confusing than helpful); ties keep the first.
/// Failing that, the shortest candidate containing `word` (3+ characters) as a fragment.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

/// "; did you mean 'X'?" or "; known: a, b, c" when nothing is close, for error messages.
std::string suggestion_text(const std::string& word, const std::vector<std::string>& candidates,
                            const char* list_label = "known");

}  // namespace tonnsim::runner
