#pragma once
// RFC 6902 JSON Patches as the sweep's named variants and the exam's options write them:
// checked for shape where they are written (so a bad operation is reported at its place),
// then applied by nlohmann::json's own implementation of the RFC.
#include <optional>
#include <string>

#include "scenarios/json_reader.hpp"

namespace drsim::scenarios {

// The patch at `n` when it is a list of operations, each an object with a known "op" and a
// "path"; otherwise reports each problem at its place and returns nullopt.
std::optional<Json> read_json_patch(const Node& n);

// Applies `patch` to `doc`; "" on success, else why it does not apply (nlohmann's message
// without its "[json.exception...]" prefix), with `doc` left in an unspecified state.
std::string apply_json_patch(Json& doc, const Json& patch);

}  // namespace drsim::scenarios
