#include <cmath>

#include <fmt/format.h>

#include "analysis/reports.hpp"
#include "models/duration_text.hpp"

namespace drsim::analysis {

std::string describe_failure(const models::Scenario& s, const models::Failure& f) {
  switch (f.scope) {
    case models::FailureScope::az: return fmt::format("AZ {} lost", s.azs[f.target].name);
    case models::FailureScope::region: return fmt::format("Region {} lost", s.regions[f.target].name);
    case models::FailureScope::resource: return fmt::format("resource {} lost", s.resources[f.target].id);
  }
  return "failure";
}

std::string human_seconds(double seconds) {
  return models::format_duration(static_cast<sim::Duration>(std::llround(seconds * 1000.0)));
}

std::string wall_clock(const models::Scenario& s, sim::Time t) { return models::format_instant(s.epoch_unix_ms + t); }

}  // namespace drsim::analysis
