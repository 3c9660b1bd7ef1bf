#pragma once
// One application's recovery in one trial as a Gantt chart: a row per resource it needs (a
// fleet as one row, its slowest member), each split into what it waited for and the work
// itself, the cutover last, and the critical path (the chain of last-finishing requirements
// that set the RTO) marked.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/protection_map.hpp"
#include "models/scenario.hpp"
#include "models/trial_result.hpp"

namespace drsim::analysis {

struct GanttSegment {
  enum class Kind : std::uint8_t {
    declaration,   // from the failure until recovery is declared (detection, then the decision)
    requirements,  // declared, waiting for what it requires to be recovered
    pool,          // ready, waiting for a slot of a capacity pool (restore-job concurrency)
    work,          // restore, relaunch, promotion, scale-out: the work itself
    automatic,     // a failover that starts on its own at the failure
    cutover,       // the application's cutover after its last member serves
  };
  Kind kind;
  sim::Duration from, to;  // since the failure
};

struct GanttRow {
  std::string label;   // the resource, or "fleet web (12 of 12 members; slowest: web-7)"
  std::string detail;  // how it came back, or why it could not
  std::vector<GanttSegment> segments;
  bool critical = false;
  bool unrecoverable = false;
};

struct GanttChart {
  std::vector<GanttRow> rows;  // in the order work finished, the cutover last
  sim::Duration declared = 0;  // since the failure
  sim::Duration rto = -1;      // the application's, -1 when it could not be recovered
  std::optional<sim::Duration> target_rto;
};

GanttChart application_timeline(const models::Scenario& s, const models::ProtectionMap& map, const models::TrialResult& t,
                                 std::size_t application, std::optional<sim::Duration> target_rto);

// The chart as inline SVG with a legend; every label escaped.
std::string svg_gantt(const GanttChart& chart);

const char* segment_name(GanttSegment::Kind kind);  // "waiting for a pool slot", ...

}  // namespace drsim::analysis
