#pragma once
// Helpers shared by the model and output tests: load a scenario from JSON text (failing the
// test with the loader's messages if it is invalid) and run one trial of one failure.
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/requires_graph.hpp"
#include "scenarios/loader.hpp"

namespace drsim::testing {

inline models::Scenario load_json(std::string_view json) {
  scenarios::LoadResult r = scenarios::load_scenario_text(json, "test.json");
  std::string errors;
  for (const auto& d : r.errors) errors += scenarios::to_string(d) + "\n";
  INFO(errors);
  REQUIRE(r.errors.empty());
  REQUIRE(r.scenario.has_value());
  return std::move(*r.scenario);
}

inline models::TrialResult run_trial(const models::Scenario& s, std::string_view failure, std::uint64_t seed = 1,
                                     std::uint64_t trial = 0) {
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  const models::RequiresGraph graph(s);
  models::RecoveryEngine engine(history, graph);
  models::TrialResult out;
  const auto f = s.find_failure(failure);
  REQUIRE(f.has_value());
  engine.run(*f, models::TrialKey{seed, trial}, out);
  return out;
}

inline models::ResourceIndex index_of(const models::Scenario& s, std::string_view id) {
  const auto r = s.find_resource(id);
  REQUIRE(r.has_value());
  return *r;
}

// Trials 0..n-1 of one failure, on one engine.
inline std::vector<models::TrialResult> run_trials(const models::Scenario& s, std::string_view failure, std::uint64_t n,
                                                   std::uint64_t seed = 1) {
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  const models::RequiresGraph graph(s);
  models::RecoveryEngine engine(history, graph);
  const auto f = s.find_failure(failure);
  REQUIRE(f.has_value());
  std::vector<models::TrialResult> out(n);
  for (std::uint64_t t = 0; t < n; ++t) engine.run(*f, models::TrialKey{seed, t}, out[t]);
  return out;
}

// `json` with the first `from` replaced by `to` (failing the test when `from` is absent): one
// scenario text, varied per case.
inline std::string replace(std::string json, const std::string& from, const std::string& to) {
  const auto at = json.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "no \"" << from << "\" to replace");
  json.replace(at, from.size(), to);
  return json;
}

// The load result itself, for tests about errors and warnings.
inline scenarios::LoadResult load_result(std::string_view json) { return scenarios::load_scenario_text(json, "test.json"); }

inline bool has_diagnostic(const std::vector<scenarios::Diagnostic>& list, std::string_view location,
                           std::string_view fragment) {
  for (const auto& d : list)
    if (d.location == location && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

inline std::string listing(const std::vector<scenarios::Diagnostic>& list) {
  std::string out;
  for (const auto& d : list) out += scenarios::to_string(d) + "\n";
  return out;
}

constexpr sim::Duration seconds(std::int64_t s) { return s * sim::kSecond; }
constexpr sim::Duration minutes(std::int64_t m) { return m * sim::kMinute; }
constexpr sim::Duration hours(std::int64_t h) { return h * sim::kHour; }

}  // namespace drsim::testing

#define CHECK_WARNS(result, location, fragment)                                                         \
  CHECK_MESSAGE(::drsim::testing::has_diagnostic((result).warnings, location, fragment), "warnings were:\n" \
                                                                                             << ::drsim::testing::listing((result).warnings))
#define CHECK_REFUSES(result, location, fragment)                                                    \
  CHECK_MESSAGE(::drsim::testing::has_diagnostic((result).errors, location, fragment), "errors were:\n" \
                                                                                           << ::drsim::testing::listing((result).errors))
