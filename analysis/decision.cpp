#include "analysis/decision.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "analysis/comparison_report.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/reports.hpp"
#include "analysis/table.hpp"

namespace drsim::analysis {
namespace {

using scenarios::Metric;

constexpr std::size_t kMaxFailingShown = 10;

const VariantCell* cell_of(const ComparisonResult& r, std::size_t v, const scenarios::MetricRef& m) {
  for (const ComparedFailure& f : r.failures) {
    if (f.name != m.failure) continue;
    for (const ComparedApplication& a : f.applications)
      if (a.name == m.application) return a.variants[v].present ? &a.variants[v] : nullptr;
  }
  return nullptr;
}

std::string describe(const scenarios::MetricRef& m) {
  if (m.metric == Metric::monthly_cost) return "monthly cost";
  return fmt::format("{} of {} under {}", scenarios::to_string(m.metric), m.application, m.failure);
}

std::string value_text(Metric m, double v) {
  if (m == Metric::monthly_cost) return usd(v);
  if (scenarios::is_duration(m)) return std::isinf(v) ? "unrecoverable" : human_seconds(v);
  return fmt::format("{:.1f}%", 100 * v);
}

std::string shortfall_text(Metric m, double v) {
  if (m == Metric::monthly_cost) return usd(v);
  if (scenarios::is_duration(m)) return std::isinf(v) ? "unboundedly" : human_seconds(v);
  return fmt::format("{:.1f} pts", 100 * v);
}

std::string constraint_text(const scenarios::Constraint& c) {
  return fmt::format("{} {} {}", describe(c.of), c.at_least ? ">=" : "<=", value_text(c.of.metric, c.bound));
}

// Lower is better for every metric but compliance.
bool lower_is_better(Metric m) { return m < Metric::compliance; }

nlohmann::ordered_json json_number(double x) {
  return std::isinf(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x);
}

}  // namespace

std::optional<double> metric_value(const ComparisonResult& r, std::size_t v, const scenarios::MetricRef& m) {
  if (m.metric == Metric::monthly_cost) return r.monthly_usd[v];
  const VariantCell* c = cell_of(r, v, m);
  if (!c) return std::nullopt;
  switch (m.metric) {
    case Metric::p95_rto: return c->rto_s.value.estimate;
    case Metric::p95_rto_low: return c->rto_s.value.low;
    case Metric::p95_rto_high: return c->rto_s.value.high;
    case Metric::p95_rpo: return c->rpo_s.value.estimate;
    case Metric::p95_rpo_low: return c->rpo_s.value.low;
    case Metric::p95_rpo_high: return c->rpo_s.value.high;
    case Metric::compliance: return c->compliance.value.estimate;
    case Metric::compliance_low: return c->compliance.value.low;
    case Metric::compliance_high: return c->compliance.value.high;
    case Metric::monthly_cost: break;
  }
  return std::nullopt;
}

std::string check_objective(const models::Scenario& base, const std::vector<std::string>& failures,
                            const scenarios::Objective& o) {
  std::vector<const scenarios::MetricRef*> refs{&o.minimise};
  for (const auto& c : o.subject_to) refs.push_back(&c.of);
  for (const auto* m : refs) {
    if (m->metric == Metric::monthly_cost) continue;
    if (!base.find_failure(m->failure))
      return fmt::format("{}/failure: the base scenario has no failure \"{}\"", m->place, m->failure);
    if (!failures.empty() && std::find(failures.begin(), failures.end(), m->failure) == failures.end())
      return fmt::format("{}/failure: failure \"{}\" is not among those compared (\"failures\" or --failure)", m->place,
                         m->failure);
    if (std::none_of(base.applications.begin(), base.applications.end(),
                     [&](const models::Application& a) { return a.name == m->application; }))
      return fmt::format("{}/application: the base scenario has no application \"{}\"", m->place, m->application);
  }
  return {};
}

Decision decide(const ComparisonResult& r, const scenarios::Objective& o) {
  Decision d;
  d.objective = o;
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    Verdict verdict;
    verdict.objective = metric_value(r, v, o.minimise);
    if (verdict.objective && !lower_is_better(o.minimise.metric)) verdict.objective = -*verdict.objective;
    for (std::size_t i = 0; i < o.subject_to.size(); ++i) {
      const scenarios::Constraint& c = o.subject_to[i];
      const auto value = metric_value(r, v, c.of);
      if (!value) {
        verdict.misses.push_back({i, std::nullopt, 0});
        continue;
      }
      const double past = c.at_least ? c.bound - *value : *value - c.bound;
      if (past > 0) verdict.misses.push_back({i, value, past});
    }
    d.verdicts.push_back(std::move(verdict));
  }
  // The best: the lowest objective among feasible variants, the first on ties.
  for (std::size_t v = 0; v < d.verdicts.size(); ++v)
    if (d.verdicts[v].feasible() && (!d.best || *d.verdicts[v].objective < *d.verdicts[*d.best].objective)) d.best = v;
  for (std::size_t v = 0; v < d.verdicts.size(); ++v) {
    const Verdict& x = d.verdicts[v];
    if (x.feasible() || !x.objective) continue;
    if (!d.best || *x.objective < *d.verdicts[*d.best].objective) d.better_but_failing.push_back(v);
  }
  std::stable_sort(d.better_but_failing.begin(), d.better_but_failing.end(),
                   [&](std::size_t a, std::size_t b) { return *d.verdicts[a].objective < *d.verdicts[b].objective; });
  return d;
}

std::vector<ParetoFront> pareto_fronts(const ComparisonResult& r) {
  std::vector<ParetoFront> out;
  for (std::size_t f = 0; f < r.failures.size(); ++f)
    for (std::size_t a = 0; a < r.failures[f].applications.size(); ++a) {
      const auto& cells = r.failures[f].applications[a].variants;
      ParetoFront front{f, a, {}};
      auto score = [&](std::size_t v) {
        return std::array<double, 3>{r.monthly_usd[v], cells[v].rto_s.value.estimate, cells[v].rpo_s.value.estimate};
      };
      for (std::size_t v = 0; v < cells.size(); ++v) {
        if (!cells[v].present) continue;
        const auto sv = score(v);
        bool dominated = false;
        for (std::size_t w = 0; w < cells.size() && !dominated; ++w) {
          if (w == v || !cells[w].present) continue;
          const auto sw = score(w);
          const bool no_worse = sw[0] <= sv[0] && sw[1] <= sv[1] && sw[2] <= sv[2];
          const bool better = sw[0] < sv[0] || sw[1] < sv[1] || sw[2] < sv[2];
          // Equal points: the first listed stands for them.
          dominated = no_worse && (better || w < v);
        }
        if (!dominated) front.variants.push_back(v);
      }
      std::stable_sort(front.variants.begin(), front.variants.end(),
                       [&](std::size_t x, std::size_t y) { return r.monthly_usd[x] < r.monthly_usd[y]; });
      out.push_back(std::move(front));
    }
  return out;
}

std::string render_decision_text(const ComparisonResult& r, const std::optional<Decision>& d, const std::vector<ParetoFront>& fronts) {
  std::string out;
  if (d) {
    std::string goal = fmt::format("{} {}", lower_is_better(d->objective.minimise.metric) ? "minimise" : "maximise",
                                   describe(d->objective.minimise));
    out += fmt::format("Answer: {}", goal);
    for (std::size_t i = 0; i < d->objective.subject_to.size(); ++i)
      out += fmt::format("{}{}", i == 0 ? " subject to " : "; ", constraint_text(d->objective.subject_to[i]));
    out += "\n";
    if (d->best) {
      const auto v = *d->best;
      const bool by_cost = d->objective.minimise.metric == Metric::monthly_cost;
      out += fmt::format("  best: \"{}\", {} {}{}\n", r.variants[v], describe(d->objective.minimise),
                         value_text(d->objective.minimise.metric, *metric_value(r, v, d->objective.minimise)),
                         by_cost ? "" : fmt::format(" (monthly cost {})", usd(r.monthly_usd[v])));
    } else {
      out += "  no variant meets every constraint\n";
    }
    if (!d->better_but_failing.empty())
      out += d->best ? fmt::format("  {} variants that fail a constraint:\n",
                                   d->objective.minimise.metric == Metric::monthly_cost ? "cheaper" : "better-scoring")
                     : std::string("  the variants, best first, and why they fail:\n");
    std::size_t shown = 0;
    for (const std::size_t v : d->better_but_failing) {
      if (shown++ == kMaxFailingShown) {
        out += fmt::format("    ... and {} more\n", d->better_but_failing.size() - kMaxFailingShown);
        break;
      }
      std::string why;
      for (const auto& m : d->verdicts[v].misses) {
        const auto& c = d->objective.subject_to[m.constraint];
        why += why.empty() ? "" : "; ";
        why += m.value ? fmt::format("{} is {}, {} short of {} {}", describe(c.of), value_text(c.of.metric, *m.value),
                                     shortfall_text(c.of.metric, m.shortfall), c.at_least ? ">=" : "<=",
                                     value_text(c.of.metric, c.bound))
                       : fmt::format("{}: not in this variant", describe(c.of));
      }
      out += fmt::format("    \"{}\" ({} {}): {}\n", r.variants[v], describe(d->objective.minimise),
                         value_text(d->objective.minimise.metric, *metric_value(r, v, d->objective.minimise)), why);
    }
    out += "\n";
  }
  if (r.variants.size() > 1)
    for (const ParetoFront& p : fronts) {
      const ComparedFailure& f = r.failures[p.failure];
      const ComparedApplication& a = f.applications[p.application];
      out += fmt::format("Pareto front of monthly cost, p95 RTO and p95 RPO: {} under {} ({} of {} variants)\n", a.name, f.name,
                         p.variants.size(), r.variants.size());
      Table t({{"variant"}, {"monthly cost", Table::Align::right}, {"p95 RTO", Table::Align::right}, {"p95 RPO", Table::Align::right}});
      for (const std::size_t v : p.variants)
        t.add_row({r.variants[v], usd(r.monthly_usd[v]), value_text(Metric::p95_rto, a.variants[v].rto_s.value.estimate),
                   value_text(Metric::p95_rpo, a.variants[v].rpo_s.value.estimate)});
      out += t.render("  ") + "\n";
    }
  return out;
}

nlohmann::ordered_json decision_json(const ComparisonResult& r, const std::optional<Decision>& d, const std::vector<ParetoFront>& fronts) {
  nlohmann::ordered_json j;
  if (d) {
    nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
    for (std::size_t v = 0; v < d->verdicts.size(); ++v) {
      const Verdict& x = d->verdicts[v];
      nlohmann::ordered_json misses = nlohmann::ordered_json::array();
      for (const auto& m : x.misses)
        misses.push_back({{"constraint", m.constraint},
                          {"value", m.value ? json_number(*m.value) : nlohmann::ordered_json(nullptr)},
                          {"shortfall", json_number(m.shortfall)}});
      const auto value = metric_value(r, v, d->objective.minimise);
      verdicts.push_back({{"variant", r.variants[v]},
                          {"objective", value ? json_number(*value) : nlohmann::ordered_json(nullptr)},
                          {"feasible", x.feasible()},
                          {"failed_constraints", misses}});
    }
    j["best"] = d->best ? nlohmann::ordered_json(r.variants[*d->best]) : nlohmann::ordered_json(nullptr);
    nlohmann::ordered_json better = nlohmann::ordered_json::array();
    for (const std::size_t v : d->better_but_failing) better.push_back(r.variants[v]);
    j["better_but_failing"] = better;
    j["verdicts"] = verdicts;
  }
  nlohmann::ordered_json out_fronts = nlohmann::ordered_json::array();
  for (const ParetoFront& p : fronts) {
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (const std::size_t v : p.variants) names.push_back(r.variants[v]);
    out_fronts.push_back({{"failure", r.failures[p.failure].name},
                          {"application", r.failures[p.failure].applications[p.application].name},
                          {"variants", names}});
  }
  j["pareto_fronts"] = out_fronts;
  return j;
}

}  // namespace drsim::analysis
