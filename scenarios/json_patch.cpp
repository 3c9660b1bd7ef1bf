#include "scenarios/json_patch.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

constexpr std::string_view kPatchOps[] = {"add", "remove", "replace", "move", "copy", "test"};

}  // namespace

std::optional<Json> read_json_patch(const Node& patch) {
  if (!patch.expect_array("an RFC 6902 JSON Patch: a list of operations")) return std::nullopt;
  bool ok = true;
  for (std::size_t i = 0; i < patch.size(); ++i) {
    const Node op = patch.at(i);
    if (!op.expect_object("a JSON Patch operation ({\"op\": ..., \"path\": ...})")) {
      ok = false;
      continue;
    }
    const auto kind = read_string(op["op"], "a JSON Patch operation name");
    if (!kind) {
      ok = false;
      continue;
    }
    if (std::find(std::begin(kPatchOps), std::end(kPatchOps), *kind) == std::end(kPatchOps)) {
      op["op"].error(fmt::format("unknown JSON Patch operation \"{}\"; expected one of: add, remove, replace, move, copy, test",
                                 *kind));
      ok = false;
    }
    if (!op["path"].present()) {
      op.error("missing required key \"path\" in the JSON Patch operation");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return patch.json();
}

std::string apply_json_patch(Json& doc, const Json& patch) {
  try {
    doc.patch_inplace(patch);
    return "";
  } catch (const nlohmann::json::exception& e) {
    // nlohmann's messages start with "[json.exception.<kind>.<id>] ": keep what follows.
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos) what = what.substr(close + 2);
    return what;
  }
}

}  // namespace drsim::scenarios
