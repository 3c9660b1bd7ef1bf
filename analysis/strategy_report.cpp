#include "analysis/strategy_report.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/report_cost.hpp"
#include "analysis/reports.hpp"
#include "analysis/table.hpp"
#include "models/backup_history.hpp"
#include "models/duration_text.hpp"
#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/requires_graph.hpp"

namespace drsim::analysis {
namespace {

using scenarios::Strategy;

constexpr double kMinute = 60, kHour = 3600, kDay = 86400;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string seconds_text(double s) {
  if (std::isinf(s)) return "never";
  if (s > 0 && s < 1) return "<1s";
  return human_seconds(s);
}

std::string percent(double p) { return fmt::format("{:.1f}%", 100.0 * p); }

std::string compliance_text(const Interval& i) {
  return fmt::format("{} [{}, {}]", percent(i.estimate), percent(i.low), percent(i.high));
}

constexpr std::size_t kMaxFindings = 20;  // the rest are in the JSON

models::TrialResult trial_zero(const models::Scenario& s, std::size_t failure, std::uint64_t seed) {
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  const models::RequiresGraph graph(s);
  models::RecoveryEngine engine(history, graph);
  models::TrialResult t;
  engine.run(failure, models::TrialKey{seed, 0}, t);
  return t;
}

// From the application's RTO gate back through the requirement that held each one up.
std::string critical_path_of(const models::Scenario& s, const models::TrialResult& t, const models::ApplicationOutcome& a) {
  std::vector<models::ResourceIndex> chain;
  for (models::ResourceIndex r = a.rto_gate; r != models::kNoResource && chain.size() < s.resources.size();
       r = t.resources[r].last_requirement)
    chain.push_back(r);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const models::ResourceOutcome& o = t.resources[*it];
    out += fmt::format("{}{} ({}, {})", out.empty() ? "" : " → ", s.resources[*it].id, status_text(o),
                       models::format_duration(o.work));
  }
  return out;
}

std::string_view band_word(BandFit f) {
  switch (f) {
    case BandFit::within: return "within";
    case BandFit::below: return "below";
    case BandFit::above: return "above";
  }
  return "";
}

std::string band_cell(const Band& band, BandFit f) { return fmt::format("{} {}", band.words, to_string(f)); }

}  // namespace

const StrategyBands& aws_band(Strategy s) {
  // REL13-BP02: backup & restore "RPO hours, RTO 24 hours or less"; pilot light "RPO minutes,
  // RTO tens of minutes"; warm standby "RPO seconds, RTO minutes"; multi-site active/active
  // "RPO near zero, RTO potentially zero".
  static const StrategyBands bands[] = {
      {{0, kDay + 1, "≤ 24h"}, {kHour, kDay + 1, "hours"}},
      {{10 * kMinute, kHour, "tens of minutes"}, {kMinute, kHour, "minutes"}},
      {{kMinute, 20 * kMinute, "minutes"}, {0, kMinute, "seconds"}},
      {{0, 5 * kMinute, "near zero"}, {0, kMinute, "near zero"}},
  };
  return bands[static_cast<std::size_t>(s)];
}

BandFit fit(const Band& band, double p50_s, double p95_s) {
  if (p50_s < band.low_s) return BandFit::below;
  if (!(p95_s < band.high_s)) return BandFit::above;
  return BandFit::within;
}

std::string_view to_string(BandFit f) {
  switch (f) {
    case BandFit::within: return "✓";
    case BandFit::below: return "✓ better";
    case BandFit::above: return "ABOVE";
  }
  return "";
}

StrategyStudy study_strategies(std::string scenario, std::vector<scenarios::DerivedStrategy> derived,
                               const std::vector<models::Scenario>& built, const ComparisonOptions& options) {
  StrategyStudy out;
  out.scenario = std::move(scenario);
  std::vector<VariantInput> inputs;
  for (std::size_t i = 0; i < built.size(); ++i) inputs.push_back({std::string(to_string(derived[i].strategy)), {}, &built[i]});
  out.comparison = compare_variants(inputs, options);
  out.derived = std::move(derived);
  for (const auto& r : built[0].regions) out.region_names.push_back(r.name);
  for (const ComparedFailure& f : out.comparison.failures) {
    const auto i = built[0].find_failure(f.name);
    out.region_failure.push_back(i && built[0].failures[*i].scope == models::FailureScope::region);
  }
  out.control_plane.resize(built.size());
  out.critical_path.resize(built.size());
  for (std::size_t v = 0; v < built.size(); ++v)
    for (const ComparedFailure& f : out.comparison.failures) {
      out.control_plane[v].emplace_back();
      out.critical_path[v].emplace_back(f.applications.size());
      const auto i = built[v].find_failure(f.name);
      if (!i) continue;
      const models::TrialResult t = trial_zero(built[v], *i, options.seed);
      out.control_plane[v].back() = models::control_plane_steps(built[v], t);
      for (std::size_t a = 0; a < f.applications.size(); ++a)
        for (std::size_t k = 0; k < built[v].applications.size(); ++k)
          if (built[v].applications[k].name == f.applications[a].name && t.applications[k].impacted &&
              t.applications[k].recoverable)
            out.critical_path[v].back()[a] = critical_path_of(built[v], t, t.applications[k]);
    }
  return out;
}

std::string render_strategies_text(const StrategyStudy& st) {
  const ComparisonResult& c = st.comparison;
  std::string out = fmt::format("drsim strategies: {} ({} trial{}, seed {})\n", st.scenario, c.trials, c.trials == 1 ? "" : "s",
                                c.seed);

  // Findings first: per Region failure and application, the cheapest strategy whose
  // compliance interval stays at or above 95%, and every band a strategy misses with its gate.
  std::vector<std::string> findings;
  for (std::size_t f = 0; f < c.failures.size(); ++f) {
    for (const ComparedApplication& app : c.failures[f].applications) {
      if (app.target) {
        int best = -1;
        for (std::size_t v = 0; v < app.variants.size(); ++v) {
          const VariantCell& cell = app.variants[v];
          if (!cell.present || cell.compliance.value.low < 0.95) continue;
          if (best < 0 || c.monthly_usd[v] < c.monthly_usd[static_cast<std::size_t>(best)]) best = static_cast<int>(v);
        }
        if (best >= 0)
          findings.push_back(fmt::format("{}, {}: the cheapest strategy meeting RTO {} and RPO {} in at least 95% of trials "
                                         "(interval's low end) is {}, {} a month",
                                         c.failures[f].name, app.name, seconds_text(static_cast<double>(app.target->rto_s)),
                                         seconds_text(static_cast<double>(app.target->rpo_s)), c.variants[static_cast<std::size_t>(best)],
                                         usd(c.monthly_usd[static_cast<std::size_t>(best)])));
        else
          findings.push_back(fmt::format("{}, {}: no strategy meets RTO {} and RPO {} with 95% confidence", c.failures[f].name,
                                         app.name, seconds_text(static_cast<double>(app.target->rto_s)),
                                         seconds_text(static_cast<double>(app.target->rpo_s))));
      }
      if (!st.region_failure[f]) continue;
      const std::size_t a = static_cast<std::size_t>(&app - c.failures[f].applications.data());
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& cell = app.variants[v];
        if (!cell.present) continue;
        const StrategyBands& band = aws_band(st.derived[v].strategy);
        const std::string& path = st.critical_path[v][f][a];
        const BandFit rto = fit(band.rto, cell.rto_p50_s, cell.rto_s.value.estimate);
        const BandFit rpo = fit(band.rpo, cell.rpo_p50_s, cell.rpo_s.value.estimate);
        if (rto == BandFit::above)
          findings.push_back(fmt::format("{}, {}: {} RTO p95 {} is above AWS's \"{}\"; {} recovers last in {} of trials{}",
                                         c.failures[f].name, app.name, c.variants[v], seconds_text(cell.rto_s.value.estimate),
                                         band.rto.words, cell.rto_gate.empty() ? "—" : cell.rto_gate,
                                         percent(cell.rto_gate_share),
                                         path.empty() ? "" : "; critical path in trial 0: " + path));
        if (rpo == BandFit::above)
          findings.push_back(fmt::format("{}, {}: {} RPO p95 {} is above AWS's \"{}\"; {} holds the oldest data in {} of trials",
                                         c.failures[f].name, app.name, c.variants[v], seconds_text(cell.rpo_s.value.estimate),
                                         band.rpo.words, cell.rpo_gate.empty() ? "—" : cell.rpo_gate,
                                         percent(cell.rpo_gate_share)));
      }
    }
    for (std::size_t v = 0; v < st.control_plane.size(); ++v)
      for (const models::ControlPlaneStep& step : st.control_plane[v][f])
        if (step.in_failed_region)
          findings.push_back(fmt::format("{}, {}: the {} needs {}'s control plane in {}, which this failure takes; "
                                         "recover through a data plane instead (Route 53 failover records or ARC routing controls)",
                                         c.failures[f].name, c.variants[v], step.step, step.service,
                                         models::kRoute53ControlPlaneRegion));
  }
  out += "\nFindings\n";
  if (findings.empty()) out += "  none: no application has targets, and every band is met\n";
  for (std::size_t i = 0; i < findings.size() && i < kMaxFindings; ++i) out += "  - " + findings[i] + "\n";
  if (findings.size() > kMaxFindings)
    out += fmt::format("  … and {} more: each failure's tables below, and the JSON, have them all\n",
                       findings.size() - kMaxFindings);

  for (std::size_t f = 0; f < c.failures.size(); ++f) {
    const ComparedFailure& cf = c.failures[f];
    out += fmt::format("\nFailure {}: {}\n", cf.name, cf.description);
    for (const ComparedApplication& app : cf.applications) {
      out += app.target ? fmt::format("  {}: targets RTO {}, RPO {}\n", app.name, seconds_text(static_cast<double>(app.target->rto_s)),
                                      seconds_text(static_cast<double>(app.target->rpo_s)))
                        : fmt::format("  {}: no targets for this disruption\n", app.name);
      Table table({{"strategy"},
                   {"RTO p50", Table::Align::right},
                   {"RTO p95 [95% CI]", Table::Align::right},
                   {"AWS band"},
                   {"RPO p50", Table::Align::right},
                   {"RPO p95 [95% CI]", Table::Align::right},
                   {"AWS band"},
                   {"compliance [95% CI]", Table::Align::right},
                   {"cost/month", Table::Align::right},
                   {"RTO gate"},
                   {"RPO gate"}});
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& cell = app.variants[v];
        if (!cell.present) continue;
        const StrategyBands& band = aws_band(st.derived[v].strategy);
        const auto p95 = [](const Interval& i) {
          return fmt::format("{} [{}, {}]", seconds_text(i.estimate), seconds_text(i.low), seconds_text(i.high));
        };
        const auto gate = [](const std::string& id, double share) {
          return id.empty() ? std::string("—") : fmt::format("{} ({})", id, percent(share));
        };
        table.add_row({c.variants[v], seconds_text(cell.rto_p50_s), p95(cell.rto_s.value),
                       st.region_failure[f] ? band_cell(band.rto, fit(band.rto, cell.rto_p50_s, cell.rto_s.value.estimate)) : "—",
                       seconds_text(cell.rpo_p50_s), p95(cell.rpo_s.value),
                       st.region_failure[f] ? band_cell(band.rpo, fit(band.rpo, cell.rpo_p50_s, cell.rpo_s.value.estimate)) : "—",
                       app.target ? compliance_text(cell.compliance.value) : "—", usd(c.monthly_usd[v]),
                       gate(cell.rto_gate, cell.rto_gate_share), gate(cell.rpo_gate, cell.rpo_gate_share)});
      }
      out += table.render("    ");
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& cell = app.variants[v];
        if (cell.present && cell.full_capacity_p50_s > cell.rto_p50_s)
          out += fmt::format("    {}: serves at reduced capacity from {} (p50); scaled up to full capacity by {} (p50)\n",
                             c.variants[v], seconds_text(cell.rto_p50_s), seconds_text(cell.full_capacity_p50_s));
      }
    }
  }

  out += "\nWhat each strategy changes in the scenario\n";
  for (const auto& d : st.derived) {
    out += fmt::format("  {}\n", to_string(d.strategy));
    for (const auto& line : d.changes) out += "    - " + line + "\n";
    for (const auto& line : d.notes) out += "    - note: " + line + "\n";
  }

  out += "\nControl-plane operations at failover (trial 0)\n";
  for (std::size_t f = 0; f < c.failures.size(); ++f)
    for (std::size_t v = 0; v < st.control_plane.size(); ++v) {
      std::string line;
      for (const models::ControlPlaneStep& step : st.control_plane[v][f]) {
        const std::string region = step.region == models::kNoRegion ? std::string(models::kRoute53ControlPlaneRegion)
                                                                    : st.region_names[step.region];
        line += fmt::format("{}{} ×{} ({}, {}){}", line.empty() ? "" : "; ", step.step, step.count, step.service, region,
                            step.in_failed_region ? " — IN THE FAILED REGION" : "");
      }
      out += fmt::format("  {}, {}: {}\n", c.failures[f].name, c.variants[v], line.empty() ? "none (data plane only)" : line);
    }
  out += "\nBands are AWS's (Well-Architected REL13-BP02) as docs/strategies.md reads them: within when the median is at or\n"
         "above the band's low end and the p95 below its high end. Costs are steady-state list prices (docs/cost.md).\n";
  return out;
}

nlohmann::ordered_json strategies_json(const StrategyStudy& st) {
  using nlohmann::ordered_json;
  const ComparisonResult& c = st.comparison;
  ordered_json j;
  j["drsim_strategies"] = 1;
  j["scenario"] = st.scenario;
  j["seed"] = c.seed;
  j["trials"] = c.trials;
  ordered_json strategies = ordered_json::array();
  for (std::size_t v = 0; v < st.derived.size(); ++v) {
    const auto& d = st.derived[v];
    const StrategyBands& band = aws_band(d.strategy);
    strategies.push_back({{"strategy", to_string(d.strategy)},
                          {"monthly_cost_usd", c.monthly_usd[v]},
                          {"aws_rto_band", band.rto.words},
                          {"aws_rpo_band", band.rpo.words},
                          {"changes", d.changes},
                          {"notes", d.notes},
                          {"scenario", d.document}});
  }
  j["strategies"] = std::move(strategies);
  ordered_json failures = ordered_json::array();
  for (std::size_t f = 0; f < c.failures.size(); ++f) {
    const ComparedFailure& cf = c.failures[f];
    ordered_json apps = ordered_json::array();
    for (const ComparedApplication& app : cf.applications) {
      ordered_json rows = ordered_json::array();
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& cell = app.variants[v];
        if (!cell.present) continue;
        const StrategyBands& band = aws_band(st.derived[v].strategy);
        auto interval = [](const Interval& i) {
          auto num = [](double x) { return std::isinf(x) ? ordered_json(nullptr) : ordered_json(x); };
          return ordered_json{{"estimate", num(i.estimate)}, {"low", num(i.low)}, {"high", num(i.high)}};
        };
        auto num = [](double x) { return std::isinf(x) ? ordered_json(nullptr) : ordered_json(x); };
        ordered_json row = {{"strategy", c.variants[v]},
                            {"impacted_trials", cell.impacted_trials},
                            {"unrecoverable_trials", cell.unrecoverable_trials},
                            {"rto_p50_s", num(cell.rto_p50_s)},
                            {"rto_p95_s", interval(cell.rto_s.value)},
                            {"full_capacity_p50_s", num(cell.full_capacity_p50_s)},
                            {"rpo_p50_s", num(cell.rpo_p50_s)},
                            {"rpo_p95_s", interval(cell.rpo_s.value)},
                            {"compliance", interval(cell.compliance.value)},
                            {"monthly_cost_usd", c.monthly_usd[v]},
                            {"rto_gate", cell.rto_gate},
                            {"rpo_gate", cell.rpo_gate}};
        if (st.region_failure[f]) {
          row["rto_band"] = band_word(fit(band.rto, cell.rto_p50_s, cell.rto_s.value.estimate));
          row["rpo_band"] = band_word(fit(band.rpo, cell.rpo_p50_s, cell.rpo_s.value.estimate));
        }
        ordered_json cp = ordered_json::array();
        for (const auto& step : st.control_plane[v][f])
          cp.push_back({{"step", step.step}, {"service", step.service}, {"count", step.count},
                        {"in_failed_region", step.in_failed_region}});
        row["control_plane_steps"] = std::move(cp);
        row["critical_path_trial_0"] = st.critical_path[v][f][static_cast<std::size_t>(&app - cf.applications.data())];
        rows.push_back(std::move(row));
      }
      ordered_json a = {{"name", app.name}, {"strategies", std::move(rows)}};
      if (app.target) a["target"] = {{"rto_s", app.target->rto_s}, {"rpo_s", app.target->rpo_s}};
      apps.push_back(std::move(a));
    }
    failures.push_back({{"name", cf.name}, {"description", cf.description}, {"applications", std::move(apps)}});
  }
  j["failures"] = std::move(failures);
  return j;
}

}  // namespace drsim::analysis
