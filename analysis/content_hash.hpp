#pragma once
// SHA-256 of an input's bytes, as lowercase hex: how a partial result names the scenario and
// sweep it was computed from, so that parts of different inputs are never merged.
#include <string>
#include <string_view>

namespace drsim::analysis {

std::string sha256_hex(std::string_view bytes);
// The same digest in base64: a Content-Security-Policy hash source ('sha256-…').
std::string sha256_base64(std::string_view bytes);

}  // namespace drsim::analysis
