#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/comparison_report.hpp"
#include "analysis/reports.hpp"
#include "analysis/table.hpp"
#include "sim/random.hpp"

namespace drsim::analysis {
namespace {

constexpr std::uint64_t kSobolBootstrap = 0x5eed0b01;

double metric_of(const VariantCell& c, SensitivityMetric m) {
  switch (m) {
    case SensitivityMetric::p95_rto: return c.rto_s.value.estimate;
    case SensitivityMetric::p95_rpo: return c.rpo_s.value.estimate;
    case SensitivityMetric::compliance: return c.compliance.value.estimate;
  }
  return 0;
}

std::string_view name_of(SensitivityMetric m) {
  switch (m) {
    case SensitivityMetric::p95_rto: return "p95 RTO";
    case SensitivityMetric::p95_rpo: return "p95 RPO";
    case SensitivityMetric::compliance: return "compliance";
  }
  return "";
}

std::string metric_text(SensitivityMetric m, double v) {
  if (m == SensitivityMetric::compliance) return fmt::format("{:.1f}%", 100 * v);
  return std::isinf(v) ? "unrecoverable" : human_seconds(v);
}

std::string swing_text(SensitivityMetric m, double v) {
  if (m == SensitivityMetric::compliance) return fmt::format("{:.1f} pts", 100 * v);
  return std::isinf(v) ? "∞" : human_seconds(v);
}

// The three estimates on a subset of rows (weights: how often each row is drawn).
void estimate(const std::vector<double>& f_a, const std::vector<double>& f_b, const std::vector<std::vector<double>>& f_ab,
              const std::vector<std::uint32_t>& weight, double& variance, std::vector<double>& first, std::vector<double>& total) {
  const std::size_t n = f_a.size();
  // Two passes: the mean, then the squared deviations (a one-pass sum of squares cancels
  // badly when the values are large against their spread, as p95s in seconds are).
  double w = 0, sum = 0;
  for (std::size_t j = 0; j < n; ++j) {
    w += 2.0 * weight[j];
    sum += weight[j] * (f_a[j] + f_b[j]);
  }
  const double mean = sum / w;
  double squares = 0;
  for (std::size_t j = 0; j < n; ++j)
    squares += weight[j] * ((f_a[j] - mean) * (f_a[j] - mean) + (f_b[j] - mean) * (f_b[j] - mean));
  variance = squares / w;
  first.assign(f_ab.size(), 0);
  total.assign(f_ab.size(), 0);
  for (std::size_t i = 0; i < f_ab.size(); ++i) {
    double s1 = 0, st = 0, rows = 0;
    for (std::size_t j = 0; j < n; ++j) {
      rows += weight[j];
      s1 += weight[j] * f_b[j] * (f_ab[i][j] - f_a[j]);
      const double d = f_a[j] - f_ab[i][j];
      st += weight[j] * d * d;
    }
    first[i] = variance > 0 ? s1 / rows / variance : 0;
    total[i] = variance > 0 ? st / rows / (2 * variance) : 0;
  }
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, std::uint64_t seed, std::uint32_t resamples) {
  SobolIndices out;
  const std::size_t n = f_a.size(), d = f_ab.size();
  std::vector<std::uint32_t> weight(n, 1);
  std::vector<double> first, total;
  estimate(f_a, f_b, f_ab, weight, out.variance, first, total);
  std::vector<std::vector<double>> rep_first(d), rep_total(d);
  for (std::uint32_t r = 0; r < resamples && n > 0; ++r) {
    std::fill(weight.begin(), weight.end(), 0u);
    sim::RandomStream rng(seed, r, kSobolBootstrap, 0);
    for (std::size_t j = 0; j < n; ++j) ++weight[std::min(n - 1, static_cast<std::size_t>(rng.uniform01() * static_cast<double>(n)))];
    double v;
    std::vector<double> f1, ft;
    estimate(f_a, f_b, f_ab, weight, v, f1, ft);
    for (std::size_t i = 0; i < d; ++i) {
      rep_first[i].push_back(f1[i]);
      rep_total[i].push_back(ft[i]);
    }
  }
  for (std::size_t i = 0; i < d; ++i) {
    out.first.push_back(percentile_interval(first[i], rep_first[i]));
    out.total.push_back(percentile_interval(total[i], rep_total[i]));
  }
  return out;
}

std::vector<Sensitivity> sensitivity(const ComparisonResult& r, const scenarios::SweepSpec& spec, std::uint32_t resamples) {
  std::vector<Sensitivity> out;
  const bool oat = spec.design == scenarios::DesignKind::one_at_a_time, saltelli = spec.design == scenarios::DesignKind::saltelli;
  if ((!oat && !saltelli) || !spec.variants.empty() || spec.parameters.empty()) return out;
  const std::size_t d = spec.parameters.size();
  for (std::size_t f = 0; f < r.failures.size(); ++f)
    for (std::size_t a = 0; a < r.failures[f].applications.size(); ++a) {
      const auto& cells = r.failures[f].applications[a].variants;
      if (std::any_of(cells.begin(), cells.end(), [](const VariantCell& c) { return !c.present; })) continue;
      for (const SensitivityMetric m : kSensitivityMetrics) {
        Sensitivity s{f, a, m, {}, std::nullopt, {}};
        if (oat) {
          // Variants: the base, then each parameter's levels in order.
          std::size_t v = 1;
          for (std::size_t i = 0; i < d; ++i) {
            const std::size_t levels = spec.parameters[i].levels().size();
            TornadoBar bar{i, metric_of(cells[v], m), metric_of(cells[v + levels - 1], m), 0};
            double lo = metric_of(cells[0], m), hi = lo;
            for (std::size_t k = 0; k < levels; ++k) {
              lo = std::min(lo, metric_of(cells[v + k], m));
              hi = std::max(hi, metric_of(cells[v + k], m));
            }
            bar.swing = std::isinf(hi) ? (std::isinf(lo) ? 0 : INFINITY) : hi - lo;
            s.tornado.push_back(bar);
            v += levels;
          }
          std::stable_sort(s.tornado.begin(), s.tornado.end(), [](const TornadoBar& x, const TornadoBar& y) { return x.swing > y.swing; });
        } else {
          // Variants: the base, then rows of A, B, AB^(1..d).
          std::vector<double> f_a, f_b;
          std::vector<std::vector<double>> f_ab(d);
          bool finite = true;
          for (std::uint64_t j = 0; j < spec.samples; ++j) {
            const std::size_t row = 1 + j * (d + 2);
            f_a.push_back(metric_of(cells[row], m));
            f_b.push_back(metric_of(cells[row + 1], m));
            for (std::size_t i = 0; i < d; ++i) f_ab[i].push_back(metric_of(cells[row + 2 + i], m));
          }
          for (const auto* list : {&f_a, &f_b}) finite &= std::all_of(list->begin(), list->end(), [](double x) { return std::isfinite(x); });
          for (const auto& list : f_ab) finite &= std::all_of(list.begin(), list.end(), [](double x) { return std::isfinite(x); });
          if (!finite) {
            s.note = "unrecoverable in some variants: no variance to apportion";
          } else {
            s.sobol = sobol_indices(f_a, f_b, f_ab, r.seed, resamples);
            if (s.sobol->variance <= 0) s.note = "the same in every variant: no variance to apportion";
          }
        }
        out.push_back(std::move(s));
      }
    }
  return out;
}

std::string render_sensitivity_text(const ComparisonResult& r, const scenarios::SweepSpec& spec, const std::vector<Sensitivity>& all) {
  std::string out;
  for (std::size_t k = 0; k < all.size();) {
    const std::size_t f = all[k].failure, a = all[k].application;
    const ComparedApplication& app = r.failures[f].applications[a];
    if (!all[k].tornado.empty() || all[k].sobol || !all[k].note.empty())
      out += fmt::format("\nSensitivity of {} under {} ({})\n", app.name, r.failures[f].name,
                         all[k].sobol || !all[k].note.empty() ? "Sobol indices, 95% bootstrap intervals" : "one at a time");
    for (; k < all.size() && all[k].failure == f && all[k].application == a; ++k) {
      const Sensitivity& s = all[k];
      if (!s.tornado.empty()) {
        Table t({{std::string(name_of(s.metric)) + ": parameter"}, {"at first level", Table::Align::right},
                 {"at last level", Table::Align::right}, {"swing", Table::Align::right}});
        for (const TornadoBar& b : s.tornado)
          t.add_row({spec.parameters[b.parameter].name, metric_text(s.metric, b.at_first), metric_text(s.metric, b.at_last),
                     swing_text(s.metric, b.swing)});
        out += t.render("  ");
      } else if (s.sobol && s.note.empty()) {
        Table t({{std::string(name_of(s.metric)) + ": parameter"}, {"first-order S", Table::Align::right},
                 {"total ST", Table::Align::right}});
        for (std::size_t i = 0; i < spec.parameters.size(); ++i)
          t.add_row({spec.parameters[i].name,
                     fmt::format("{:.2f} [{:.2f}, {:.2f}]", s.sobol->first[i].estimate, s.sobol->first[i].low, s.sobol->first[i].high),
                     fmt::format("{:.2f} [{:.2f}, {:.2f}]", s.sobol->total[i].estimate, s.sobol->total[i].low, s.sobol->total[i].high)});
        out += t.render("  ");
      } else if (!s.note.empty()) {
        out += fmt::format("  {}: {}\n", name_of(s.metric), s.note);
      }
    }
  }
  return out;
}

nlohmann::ordered_json sensitivity_json(const ComparisonResult& r, const scenarios::SweepSpec& spec, const std::vector<Sensitivity>& all) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr); };
  for (const Sensitivity& s : all) {
    nlohmann::ordered_json j{{"failure", r.failures[s.failure].name},
                             {"application", r.failures[s.failure].applications[s.application].name},
                             {"metric", name_of(s.metric)}};
    if (!s.tornado.empty()) {
      nlohmann::ordered_json bars = nlohmann::ordered_json::array();
      for (const TornadoBar& b : s.tornado)
        bars.push_back({{"parameter", spec.parameters[b.parameter].name}, {"at_first_level", num(b.at_first)},
                        {"at_last_level", num(b.at_last)}, {"swing", num(b.swing)}});
      j["tornado"] = bars;
    }
    if (s.sobol) {
      nlohmann::ordered_json idx = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < spec.parameters.size(); ++i)
        idx.push_back({{"parameter", spec.parameters[i].name},
                       {"first_order", {{"estimate", s.sobol->first[i].estimate}, {"ci_low", s.sobol->first[i].low}, {"ci_high", s.sobol->first[i].high}}},
                       {"total", {{"estimate", s.sobol->total[i].estimate}, {"ci_low", s.sobol->total[i].low}, {"ci_high", s.sobol->total[i].high}}}});
      j["sobol"] = {{"variance", s.sobol->variance}, {"indices", idx}};
    }
    if (!s.note.empty()) j["note"] = s.note;
    out.push_back(j);
  }
  return out;
}

}  // namespace drsim::analysis
