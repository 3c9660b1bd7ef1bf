#include <cmath>

#include <fmt/format.h>

#include "analysis/reports.hpp"

#include "models/unrecoverable_cause.hpp"
namespace drsim::analysis {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

namespace {

std::string field(const std::string& text) { return csv_field(text); }

std::string secs(sim::Duration ms) { return ms < 0 ? std::string{} : fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0); }

}  // namespace

std::string results_csv(const models::Scenario& s, const StudyResult& r) {
  std::string out =
      "failure,trial,application,impacted,recoverable,rto_s,rpo_s,rto_target_s,rpo_target_s,rto_met,rpo_met,rto_gate,"
      "rpo_gate,blocked_by,unrecoverable_root,unrecoverable_cause\n";
  for (const FailureResult& fr : r.failures) {
    const models::Failure& f = s.failures[fr.failure];
    const auto d = static_cast<std::size_t>(models::disruption_of(f.scope));
    for (const TrialRow& row : fr.rows) {
      const models::ApplicationOutcome& o = row.outcome;
      const auto& target = s.applications[row.application].policy[d];
      std::string rto_t, rpo_t, rto_met, rpo_met;
      if (target) {
        rto_t = std::to_string(target->rto_s);
        rpo_t = std::to_string(target->rpo_s);
        const bool ok = !o.impacted || o.recoverable;
        rto_met.assign(1, ok && o.rto <= target->rto_s * sim::kSecond ? '1' : '0');
        rpo_met.assign(1, ok && o.rpo <= target->rpo_s * sim::kSecond ? '1' : '0');
      }
      auto name = [&](models::ResourceIndex g) { return g == models::kNoResource ? std::string{} : field(s.resources[g].id); };
      // An unrecoverable trial has no gates (nothing recovered last or with the oldest data for
      // the application); it names what blocks it instead, and the root of that chain.
      const bool blocked = o.impacted && !o.recoverable;
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(f.name), row.trial,
                         field(s.applications[row.application].name), o.impacted ? 1 : 0, o.recoverable ? 1 : 0,
                         o.impacted && o.recoverable ? secs(o.rto) : (o.impacted ? "" : "0.000"), secs(o.rpo), rto_t,
                         rpo_t, rto_met, rpo_met, blocked ? "" : name(o.rto_gate), blocked ? "" : name(o.rpo_gate),
                         blocked ? name(o.blocked_by) : "", blocked ? name(o.root) : "",
                         blocked ? models::cause_code(o.root_cause) : "");
    }
  }
  return out;
}

void write_resource_csv(std::ostream& out, const models::Scenario& s, const StudyResult& r) {
  out << "failure,trial,resource,type,impacted,recovered,rto_s,rpo_s\n";
  std::string line;
  for (const FailureResult& fr : r.failures) {
    const std::string failure = field(s.failures[fr.failure].name);
    for (Eigen::Index t = 0; t < fr.resource_rto.rows(); ++t) {
      for (Eigen::Index i = 0; i < fr.resource_rto.cols(); ++i) {
        const float rto = fr.resource_rto(t, i), rpo = fr.resource_rpo(t, i);
        const bool impacted = !std::isnan(rto), recovered = impacted && rto >= 0;
        const auto& res = s.resources[static_cast<std::size_t>(i)];
        line = fmt::format("{},{},{},{},{},{},{},{}\n", failure, t, field(res.id), models::to_string(res.type), impacted ? 1 : 0,
                           recovered ? 1 : 0, recovered ? fmt::format("{:.3f}", rto) : "",
                           std::isnan(rpo) ? "" : fmt::format("{:.3f}", rpo));
        out << line;
      }
    }
  }
}

}  // namespace drsim::analysis
