#include "analysis/comparison_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analysis/reports.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/table.hpp"

namespace drsim::analysis {
namespace {

constexpr std::size_t kMaxFindings = 20;

std::string duration_or_unrecoverable(double s) { return std::isinf(s) ? "unrecoverable" : human_seconds(s); }

std::string duration_interval(const Interval& i) {
  return fmt::format("{} [{}, {}]", duration_or_unrecoverable(i.estimate), duration_or_unrecoverable(i.low),
                     duration_or_unrecoverable(i.high));
}

std::string signed_interval(const Interval& i) {
  return fmt::format("{} [{}, {}]", signed_duration(i.estimate), signed_duration(i.low), signed_duration(i.high));
}

std::string percent(double p) { return fmt::format("{:.1f}%", 100 * p); }
std::string points(double p) {
  const double x = 100 * p;
  return std::abs(x) < 0.05 ? "0.0" : fmt::format("{:+.1f}", x);
}

std::string share_interval(const Interval& i) {
  return fmt::format("{} [{}, {}]", percent(i.estimate), percent(i.low), percent(i.high));
}
std::string points_interval(const Interval& i) {
  return fmt::format("{} pts [{}, {}]", points(i.estimate), points(i.low), points(i.high));
}

bool excludes_zero(const Interval& i) { return i.low > 0 || i.high < 0; }

// Each variant's compliance is judged against its own policy (a sweep may vary the targets);
// the heading gives the base's.
std::string target_text(const ComparedApplication& a) {
  if (!a.target) return "the base has no target for this disruption";
  return fmt::format("the base's target RTO {}, RPO {}", human_seconds(static_cast<double>(a.target->rto_s)),
                     human_seconds(static_cast<double>(a.target->rpo_s)));
}

nlohmann::ordered_json interval_json(const Interval& i) {
  // JSON has no infinity: an unrecoverable side is null (docs/sweeps.md).
  auto num = [](double x) { return std::isinf(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x); };
  return {{"estimate", num(i.estimate)}, {"ci_low", num(i.low)}, {"ci_high", num(i.high)}};
}

nlohmann::ordered_json metric_json(const MetricComparison& m, bool base) {
  nlohmann::ordered_json j = interval_json(m.value);
  if (!base) {
    j["vs_base"] = interval_json(m.paired);
    j["vs_base_unpaired"] = interval_json(m.unpaired);
  }
  return j;
}

std::string csv_number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return fmt::format("{:.6g}", x);
}

// A parameter's value as a CSV cell: a JSON string without its quotes, anything else as JSON.
std::string csv_value(const std::string& json_text) {
  if (json_text.size() >= 2 && json_text.front() == '"') {
    const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
    if (parsed.is_string()) return csv_field(parsed.get<std::string>());
  }
  return csv_field(json_text);
}

}  // namespace

std::string signed_duration(double seconds) {
  if (std::isinf(seconds)) return seconds > 0 ? "+∞" : "-∞";
  if (std::abs(seconds) < 0.0005) return "0s";
  std::string text(seconds > 0 ? "+" : "-");
  text += human_seconds(std::abs(seconds));
  return text;
}

std::string render_comparison_text(const ComparisonResult& r, const std::string& answer) {
  std::string out;
  out += fmt::format("Compared {} variants on {} trials each (seed {}): differences from the base \"{}\" are paired by "
                     "trial (common random numbers), with 95% intervals.\n\n",
                     r.variants.size(), group_thousands(r.trials), r.seed, r.variants.empty() ? "" : r.variants[0]);
  out += answer;
  if (!answer.empty() && !answer.ends_with("\n\n")) out += "\n";

  // Findings first: every difference whose paired interval excludes zero.
  std::vector<std::string> findings;
  std::size_t more = 0;
  for (const ComparedFailure& f : r.failures)
    for (const ComparedApplication& a : f.applications)
      for (std::size_t v = 1; v < a.variants.size(); ++v) {
        const VariantCell& c = a.variants[v];
        const VariantCell& base = a.variants[0];
        if (!c.present || !base.present) continue;
        auto note = [&](const char* metric, const MetricComparison& m, const MetricComparison& b, bool lower_is_better,
                        bool share) {
          if (!excludes_zero(m.paired)) return;
          if (findings.size() == kMaxFindings) {
            ++more;
            return;
          }
          const bool better = lower_is_better ? m.paired.estimate < 0 : m.paired.estimate > 0;
          const std::string change =
              share ? fmt::format("{} → {} ({})", percent(b.value.estimate), percent(m.value.estimate), points_interval(m.paired))
                    : fmt::format("{} → {} ({})", duration_or_unrecoverable(b.value.estimate),
                                  duration_or_unrecoverable(m.value.estimate), signed_interval(m.paired));
          findings.push_back(fmt::format("  {} is {} for {} under {}: {} {}", r.variants[v], better ? "better" : "worse",
                                         a.name, f.name, metric, change));
        };
        note("p95 RTO", c.rto_s, base.rto_s, true, false);
        note("p95 RPO", c.rpo_s, base.rpo_s, true, false);
        note("compliance", c.compliance, base.compliance, false, true);
      }
  out += "Findings\n";
  if (findings.empty()) out += "  No variant differs from the base beyond its paired 95% interval.\n";
  for (const auto& line : findings) out += line + "\n";
  if (more > 0) out += fmt::format("  ... and {} more (see the tables below)\n", more);

  // The variants and what each costs a month, beside what the tables below say they achieve.
  {
    Table t({{"variant"}, {"monthly cost", Table::Align::right}, {"vs base", Table::Align::right}});
    for (std::size_t v = 0; v < r.variants.size(); ++v) {
      const double d = r.monthly_usd[v] - r.monthly_usd[0];
      t.add_row({r.variants[v], usd(r.monthly_usd[v]), v == 0 ? std::string("base") : fmt::format("{}{}", d >= 0 ? "+" : "", usd(d))});
    }
    out += "\nVariants (monthly cost in steady state: docs/cost.md)\n";
    out += t.render("  ");
  }


  for (const ComparedFailure& f : r.failures) {
    out += fmt::format("\n{}: {}\n", f.name, f.description);
    for (const ComparedApplication& a : f.applications) {
      out += fmt::format("\n  {} ({})\n", a.name, target_text(a));
      Table t({{"variant"},
               {"p95 RTO [95% CI]", Table::Align::right},
               {"vs base", Table::Align::right},
               {"p95 RPO [95% CI]", Table::Align::right},
               {"vs base", Table::Align::right},
               {"compliance [95% CI]", Table::Align::right},
               {"vs base", Table::Align::right}});
      for (std::size_t v = 0; v < a.variants.size(); ++v) {
        const VariantCell& c = a.variants[v];
        if (!c.present) {
          t.add_row({r.variants[v], "not in this variant", "", "", "", "", ""});
          continue;
        }
        const bool base = v == 0;
        t.add_row({r.variants[v], duration_interval(c.rto_s.value), base ? "base" : signed_interval(c.rto_s.paired),
                   duration_interval(c.rpo_s.value), base ? "base" : signed_interval(c.rpo_s.paired),
                   share_interval(c.compliance.value), base ? "base" : points_interval(c.compliance.paired)});
      }
      out += t.render("    ");
    }
  }
  out += "\np95 is over all trials: a trial the failure does not touch counts 0, one the application cannot be\n"
         "recovered in counts as unrecoverable (above any duration). Compliance: share of trials meeting both targets.\n";
  return out;
}

nlohmann::ordered_json comparison_json(const ComparisonResult& r) {
  nlohmann::ordered_json j;
  j["drsim_comparison"] = kComparisonFormatVersion;
  j["seed"] = r.seed;
  j["trials"] = r.trials;
  j["bootstrap_resamples"] = r.bootstrap;
  j["base"] = r.variants.empty() ? "" : r.variants[0];
  nlohmann::ordered_json variants = nlohmann::ordered_json::array();
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [name, value] : r.parameters[v]) params[name] = nlohmann::ordered_json::parse(value);
    variants.push_back({{"name", r.variants[v]}, {"parameters", params}, {"monthly_cost_usd", r.monthly_usd[v]}});
  }
  j["variants"] = variants;
  if (!r.sweep.is_null()) j["sweep"] = r.sweep;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const ComparedFailure& f : r.failures) {
    nlohmann::ordered_json apps = nlohmann::ordered_json::array();
    for (const ComparedApplication& a : f.applications) {
      nlohmann::ordered_json cells = nlohmann::ordered_json::array();
      for (std::size_t v = 0; v < a.variants.size(); ++v) {
        const VariantCell& c = a.variants[v];
        nlohmann::ordered_json cell{{"variant", r.variants[v]}, {"present", c.present}};
        if (c.present) {
          cell["impacted_trials"] = c.impacted_trials;
          cell["unrecoverable_trials"] = c.unrecoverable_trials;
          cell["p95_rto_s"] = metric_json(c.rto_s, v == 0);
          cell["p95_rpo_s"] = metric_json(c.rpo_s, v == 0);
          cell["compliance"] = metric_json(c.compliance, v == 0);
        }
        cells.push_back(cell);
      }
      nlohmann::ordered_json app{{"name", a.name}};
      app["target"] = a.target ? nlohmann::ordered_json{{"rto_s", a.target->rto_s}, {"rpo_s", a.target->rpo_s}}
                               : nlohmann::ordered_json(nullptr);
      app["variants"] = cells;
      apps.push_back(app);
    }
    failures.push_back({{"name", f.name}, {"description", f.description}, {"applications", apps}});
  }
  j["failures"] = failures;
  return j;
}

std::string comparison_csv(const ComparisonResult& r) {
  // Parameter columns: every parameter any variant names, in order of first appearance.
  std::vector<std::string> params;
  for (const auto& list : r.parameters)
    for (const auto& [name, value] : list)
      if (std::find(params.begin(), params.end(), name) == params.end()) params.push_back(name);
  std::string out = "variant";
  for (const auto& p : params) {
    out += ',';
    out += csv_field(p);
  }
  out += ",monthly_cost_usd,failure,application,metric,estimate,ci_low,ci_high,vs_base,vs_base_ci_low,vs_base_ci_high,"
         "vs_base_unpaired_ci_low,vs_base_unpaired_ci_high\n";
  for (const ComparedFailure& f : r.failures)
    for (const ComparedApplication& a : f.applications)
      for (std::size_t v = 0; v < a.variants.size(); ++v) {
        const VariantCell& c = a.variants[v];
        if (!c.present) continue;
        std::string head = csv_field(r.variants[v]);
        for (const auto& p : params) {
          std::string cell;
          for (const auto& [name, value] : r.parameters[v])
            if (name == p) cell = csv_value(value);
          head += ',';
          head += cell;
        }
        head += fmt::format(",{:.2f},{},{}", r.monthly_usd[v], csv_field(f.name), csv_field(a.name));
        const std::pair<const char*, const MetricComparison*> metrics[] = {
            {"p95_rto_s", &c.rto_s}, {"p95_rpo_s", &c.rpo_s}, {"compliance", &c.compliance}};
        for (const auto& [name, m] : metrics) {
          out += fmt::format("{},{},{},{},{}", head, name, csv_number(m->value.estimate), csv_number(m->value.low),
                             csv_number(m->value.high));
          if (v == 0)
            out += ",0,0,0,0,0\n";
          else
            out += fmt::format(",{},{},{},{},{}\n", csv_number(m->paired.estimate), csv_number(m->paired.low),
                               csv_number(m->paired.high), csv_number(m->unpaired.low), csv_number(m->unpaired.high));
        }
      }
  return out;
}

}  // namespace drsim::analysis
