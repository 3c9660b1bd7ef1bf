#pragma once
// "Did you mean" hints for misspelled keys and names, and short lists of what was expected.
//
// Distance is the optimal-string-alignment variant of Damerau-Levenshtein (insertions,
// deletions, substitutions and transpositions of neighbours all cost 1), compared without
// regard to ASCII case, because the usual typos are swapped letters ("reqiures") and the
// wrong case of an AWS key ("backupPlan").
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace drsim::scenarios {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a plausible typo; ties go
// to the earlier candidate.
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// ` (did you mean "x"?)`, or "" when nothing is close.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// "a, b, c" — at most `limit` names, then ", ... (N more)".
std::string list_names(std::span<const std::string_view> names, std::size_t limit = 16);

}  // namespace drsim::scenarios
