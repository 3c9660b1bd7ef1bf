#pragma once
// Output files are written whole or not at all: to a temporary file beside the target,
// flushed, then renamed over it, so a reader never sees half a results file.
#include <string>
#include <string_view>

namespace drsim::analysis {

// Returns an empty string on success, else what went wrong (with the path).
std::string write_file_atomically(const std::string& path, std::string_view content);

}  // namespace drsim::analysis
