#pragma once
// Output files are written whole or not at all: to a temporary file beside the target,
// flushed, then renamed over it, so a reader never sees half a results file.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace drsim::analysis {

// Returns an empty string on success, else what went wrong (with the path).
std::string write_file_atomically(const std::string& path, std::string_view content);

// The same for output too large to hold in memory: `fill` streams it into the temporary file.
std::string write_stream_atomically(const std::string& path, const std::function<void(std::ostream&)>& fill);

}  // namespace drsim::analysis
