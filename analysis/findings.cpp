#include "analysis/findings.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

// Folds every application's gates into one finding per resource.
// Fleet members are counted as their fleet, so a fleet of buckets is one finding, not 20.
std::vector<GateFinding> fold_gates(const models::Scenario& s, const FailureResult& fr, bool only_missed,
                                    std::vector<GateShare> ApplicationResult::*gates, Proportion ApplicationResult::*met) {
  std::map<std::uint32_t, GateFinding> by_group;
  std::map<std::uint32_t, std::set<models::ResourceIndex>> members;  // distinct gating members per group
  for (std::size_t a = 0; a < fr.applications.size(); ++a) {
    const ApplicationResult& app = fr.applications[a];
    if (only_missed && !(app.target && (app.*met).estimate < 1.0)) continue;
    std::map<std::uint32_t, std::uint64_t> trials_by_group;  // this application's gates, by group
    for (const GateShare& g : app.*gates) {
      if (g.trials == 0) continue;
      const std::uint32_t group = s.resources[g.resource].group;
      GateFinding& f = by_group[group];
      f.group = group;
      if (members[group].insert(g.resource).second) ++f.resources;
      f.application_trials += g.trials;
      trials_by_group[group] += g.trials;
    }
    for (const auto& [group, trials] : trials_by_group) by_group[group].applications.push_back({a, trials});
  }
  std::vector<GateFinding> out;
  for (auto& [group, f] : by_group) {
    std::stable_sort(f.applications.begin(), f.applications.end(),
                     [](const GateFinding::Share& x, const GateFinding::Share& y) { return x.trials > y.trials; });
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const GateFinding& x, const GateFinding& y) {
    return x.application_trials > y.application_trials;
  });
  return out;
}

}  // namespace

Findings find_findings(const models::Scenario& s, const FailureResult& fr) {
  Findings f;
  // Root causes keyed by (root, cause); an application blocked through different members to
  // the same root counts once there, with the chain of its most frequent member.
  std::map<std::pair<models::ResourceIndex, models::UnrecoverableCause>, RootCauseFinding> by_root;
  for (std::size_t a = 0; a < fr.applications.size(); ++a) {
    const ApplicationResult& app = fr.applications[a];
    if (app.unrecoverable_trials > 0) ++f.unrecoverable_applications;
    if (app.target && app.both_met.estimate < 1.0) f.breached.push_back(a);
    for (const CauseShare& c : app.causes) {  // most frequent first
      RootCauseFinding& rc = by_root[{c.key.root, c.key.cause}];
      rc.root = c.key.root;
      rc.cause = c.key.cause;
      rc.application_trials += c.trials;
      auto same = std::find_if(rc.applications.begin(), rc.applications.end(),
                               [&](const RootCauseApplication& x) { return x.application == a; });
      if (same != rc.applications.end()) {
        same->trials += c.trials;
      } else {
        rc.applications.push_back({a, c.trials, models::requirement_path(s, c.key.blocked_by, c.key.root)});
      }
    }
  }
  for (auto& [key, rc] : by_root) {
    std::stable_sort(rc.applications.begin(), rc.applications.end(),
                     [](const RootCauseApplication& x, const RootCauseApplication& y) { return x.trials > y.trials; });
    f.root_causes.push_back(std::move(rc));
  }
  // The map orders by root resource; sorting stably keeps that as the tie-break.
  std::stable_sort(f.root_causes.begin(), f.root_causes.end(), [](const RootCauseFinding& x, const RootCauseFinding& y) {
    return x.application_trials > y.application_trials;
  });
  f.gates_of_missed = std::any_of(fr.applications.begin(), fr.applications.end(),
                                  [](const ApplicationResult& a) { return a.target.has_value(); });
  f.rto_gates = fold_gates(s, fr, f.gates_of_missed, &ApplicationResult::rto_gates, &ApplicationResult::rto_met);
  f.rpo_gates = fold_gates(s, fr, f.gates_of_missed, &ApplicationResult::rpo_gates, &ApplicationResult::rpo_met);
  return f;
}

}  // namespace drsim::analysis
