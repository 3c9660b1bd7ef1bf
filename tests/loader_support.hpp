#pragma once
// Helpers shared by the loader tests: load a document, and look for an error at a place.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/loader.hpp"

namespace drsim::testing {

using Json = nlohmann::ordered_json;

inline scenarios::LoadResult load(const Json& doc) { return scenarios::load_scenario_text(doc.dump(), "t.json"); }

inline std::string all_errors(const scenarios::LoadResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += to_string(d) + "\n";
  return out;
}

// What resource r requires, as a list (Scenario::requirements_of is a view).
inline std::vector<models::ResourceIndex> requirements(const models::Scenario& s, models::ResourceIndex r) {
  const models::Requirements req = s.requirements_of(r);
  return {req.begin(), req.end()};
}

// An error at exactly `location` whose message contains `fragment`.
inline bool has_error(const scenarios::LoadResult& r, std::string_view location, std::string_view fragment) {
  for (const auto& d : r.errors)
    if (d.location == location && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace drsim::testing

#define CHECK_ERROR(result, location, fragment) \
  CHECK_MESSAGE(::drsim::testing::has_error(result, location, fragment), "errors were:\n" << ::drsim::testing::all_errors(result))
#define REQUIRE_LOADS(result) REQUIRE_MESSAGE((result).scenario.has_value(), ::drsim::testing::all_errors(result))
