#pragma once
// JSON text -> document, with the errors a scenario author needs located precisely:
// syntax errors at line:column, duplicate keys (which plain JSON parsers silently resolve)
// at their JSON pointer, and nesting too deep to be a scenario.
#include <string_view>

#include "scenarios/diagnostics.hpp"

namespace drsim::scenarios {

inline constexpr std::size_t kMaxJsonDepth = 256;

// Fills `out` and returns true when the text is well-formed JSON (duplicate keys are
// reported but still parsed, so later checks can run); on a syntax error reports it and
// returns false.
bool parse_json_text(std::string_view text, Diagnostics& diags, Json& out);

// 1-based line and column (in UTF-8 characters) of the byte at `offset` (0-based).
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

}  // namespace drsim::scenarios
