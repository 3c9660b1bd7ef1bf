#pragma once
// drsim's version: printed by --version and written into every partial result, since parts
// of one study must come from the same build of the models to merge.
#include <string_view>

namespace drsim::analysis {

inline constexpr std::string_view kDrsimVersion = "0.1.0";

}  // namespace drsim::analysis
