#pragma once
// Helpers shared by the model and output tests: load a scenario from JSON text (failing the
// test with the loader's messages if it is invalid) and run one trial of one failure.
#include <string>
#include <string_view>

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

constexpr sim::Duration minutes(std::int64_t m) { return m * sim::kMinute; }
constexpr sim::Duration hours(std::int64_t h) { return h * sim::kHour; }

}  // namespace drsim::testing
