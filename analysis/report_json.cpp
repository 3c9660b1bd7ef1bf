#include "analysis/findings.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/reports.hpp"
#include "models/protection_map.hpp"
#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

using json = nlohmann::ordered_json;

json stats(const std::optional<Summary>& s) {
  if (!s) return nullptr;
  return json{{"count", s->count}, {"min", s->min}, {"mean", s->mean},
              {"mean_ci95", json::array({s->mean_ci_low, s->mean_ci_high})},
              {"p50", s->p50}, {"p90", s->p90}, {"p95", s->p95}, {"p99", s->p99}, {"max", s->max}};
}

json proportion(const Proportion& p) {
  return json{{"met_trials", p.successes}, {"fraction", p.estimate}, {"ci95", json::array({p.ci_low, p.ci_high})}};
}

json gate_list(const models::Scenario& s, const std::vector<GateShare>& gates, std::uint64_t trials) {
  json out = json::array();
  for (const GateShare& g : gates)
    out.push_back(json{{"resource", s.resources[g.resource].id},
                       {"trials", g.trials},
                       {"share", static_cast<double>(g.trials) / static_cast<double>(trials)}});
  return out;
}

// One cause of unrecoverable trials: the root, its cause, a shortest chain to it, the trials and
// the chain in words; an application's also names its first blocked member.
json cause_json(const models::Scenario& s, const models::ProtectionMap& map, const models::Failure& f, const CauseShare& c,
                bool with_blocked_by) {
  const auto chain = models::requirement_path(s, c.key.blocked_by, c.key.root);
  json ids = json::array();
  for (models::ResourceIndex r : chain) ids.push_back(s.resources[r].id);
  json out = json::object();
  if (with_blocked_by) out["blocked_by"] = s.resources[c.key.blocked_by].id;
  out["root"] = s.resources[c.key.root].id;
  out["cause"] = models::cause_code(c.key.cause);
  out["chain"] = std::move(ids);
  out["trials"] = c.trials;
  out["explanation"] = models::chain_text(s, map, f, chain, c.key.cause);
  return out;
}

// The findings list (analysis/findings.hpp): root causes across applications, the
// applications that miss their policy, and the gating resources or fleets.
json findings_json(const models::Scenario& s, const models::ProtectionMap& map, const FailureResult& fr) {
  const Findings f = find_findings(s, fr);
  const models::Failure& failure = s.failures[fr.failure];
  json root_causes = json::array();
  for (const RootCauseFinding& rc : f.root_causes) {
    json apps = json::array();
    for (const RootCauseApplication& ra : rc.applications) {
      json chain = json::array();
      for (models::ResourceIndex r : ra.chain) chain.push_back(s.resources[r].id);
      apps.push_back({{"application", s.applications[fr.applications[ra.application].index].name},
                      {"trials", ra.trials},
                      {"chain", std::move(chain)}});
    }
    root_causes.push_back({{"root", s.resources[rc.root].id},
                           {"cause", models::cause_code(rc.cause)},
                           {"explanation", s.resources[rc.root].id + " " +
                                               models::root_cause_text(s, map, failure, rc.root, rc.cause)},
                           {"application_trials", rc.application_trials},
                           {"applications", std::move(apps)}});
  }
  json breached = json::array();
  for (std::size_t a : f.breached) breached.push_back(s.applications[fr.applications[a].index].name);
  const auto gates = [&](const std::vector<GateFinding>& list) {
    json out = json::array();
    for (const GateFinding& g : list) {
      json apps = json::array();
      for (const GateFinding::Share& share : g.applications)
        apps.push_back({{"application", s.applications[fr.applications[share.application].index].name},
                        {"trials", share.trials}});
      const models::ResourceGroup& group = s.groups[g.group];
      out.push_back({{"resource", group.id},
                     {"fleet", group.fleet},
                     {"members_gating", g.resources},
                     {"application_trials", g.application_trials},
                     {"applications", std::move(apps)}});
    }
    return out;
  };
  return {{"unrecoverable_applications", f.unrecoverable_applications},
          {"root_causes", std::move(root_causes)},
          {"breached_applications", std::move(breached)},
          {"gates_of", f.gates_of_missed ? "applications missing the target" : "all applications"},
          {"rto_gates", gates(f.rto_gates)},
          {"rpo_gates", gates(f.rpo_gates)}};
}

std::string target_name(const models::Scenario& s, const models::Failure& f) {
  switch (f.scope) {
    case models::FailureScope::az: return s.azs[f.target].name;
    case models::FailureScope::region: return s.regions[f.target].name;
    case models::FailureScope::resource: return s.resources[f.target].id;
  }
  return {};
}

}  // namespace

json results_json(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost) {
  json failures = json::array();
  const models::ProtectionMap map(s);
  for (const FailureResult& fr : r.failures) {
    const models::Failure& f = s.failures[fr.failure];
    json apps = json::array();
    for (const ApplicationResult& a : fr.applications) {
      json app{{"name", s.applications[a.index].name},
               {"impacted_trials", a.impacted_trials},
               {"unrecoverable", a.unrecoverable_trials},
               {"rto_s", stats(a.rto_s)},
               {"rpo_s", stats(a.rpo_s)}};
      if (a.target) {
        app["target"] = json{{"rto_s", a.target->rto_s}, {"rpo_s", a.target->rpo_s}};
        app["compliance"] = json{{"rto", proportion(a.rto_met)}, {"rpo", proportion(a.rpo_met)}, {"both", proportion(a.both_met)}};
      } else {
        app["target"] = nullptr;
        app["compliance"] = nullptr;
      }
      app["rto_gates"] = gate_list(s, a.rto_gates, fr.trials);
      app["rpo_gates"] = gate_list(s, a.rpo_gates, fr.trials);
      // Why it could not be recovered, grouped by cause, most frequent first.
      json causes = json::array();
      for (const CauseShare& c : a.causes) causes.push_back(cause_json(s, map, f, c, true));
      app["unrecoverable_causes"] = std::move(causes);
      apps.push_back(std::move(app));
    }
    json resources = json::array();
    for (std::size_t i = 0; i < fr.resources.size(); ++i) {
      const ResourceResult& rr = fr.resources[i];
      json causes = json::array();  // as an application's: the chain from it to the root
      for (const CauseShare& c : rr.causes) causes.push_back(cause_json(s, map, f, c, false));
      resources.push_back(json{{"id", s.resources[i].id},
                               {"type", models::to_string(s.resources[i].type)},
                               {"impacted_trials", rr.impacted_trials},
                               {"unrecoverable", rr.unrecoverable_trials},
                               {"rto_s", stats(rr.rto_s)},
                               {"rpo_s", stats(rr.rpo_s)},
                               {"unrecoverable_causes", std::move(causes)}});
    }
    failures.push_back(json{
        {"name", f.name},
        {"scope", models::to_string(f.scope)},
        {"target", target_name(s, f)},
        {"disruption", models::kDisruptionNames[static_cast<std::size_t>(models::disruption_of(f.scope))]},
        {"trials", fr.trials},
        {"findings", findings_json(s, map, fr)},
        {"applications", std::move(apps)},
        {"resources", std::move(resources)},
        {"fleet", json{{"resources", fr.fleet.resources},
                       {"impacted", fr.fleet.impacted},
                       {"unrecoverable", fr.fleet.unrecoverable},
                       {"rto_s", stats(fr.fleet.rto_s)},
                       {"rpo_s", stats(fr.fleet.rpo_s)}}}});
  }
  return json{{"format", "drsim-results"},
              {"version", kResultsFormatVersion},
              {"scenario", s.name},
              {"seed", r.seed},
              {"trials", r.trials},
              {"percentiles", percentiles_json(r.memory)},
              {"monthly_cost", cost_json(s, cost)},
              {"failures", std::move(failures)}};
}

nlohmann::ordered_json percentiles_json(const MemoryPlan& m) {
  return {{"resources_and_fleet", m.sketch ? "sketch" : "exact"},
          {"relative_error", m.sketch ? QuantileSketch::kRelativeAccuracy : 0.0},
          {"exact_bytes", m.exact_bytes},
          {"memory_budget_bytes", m.budget_bytes}};
}

std::string memory_bytes_text(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, units[u]);
}

std::string percentiles_text(const MemoryPlan& m) {
  if (!m.sketch) return "";
  return fmt::format("Per-resource and fleet percentiles: sketched (DDSketch), each within {:.1f}% of the exact value; "
                     "exact samples would take {}, above the memory budget of {} (--memory); application "
                     "percentiles are exact\n",
                     QuantileSketch::kRelativeAccuracy * 100, memory_bytes_text(m.exact_bytes),
                     memory_bytes_text(m.budget_bytes));
}

}  // namespace drsim::analysis
