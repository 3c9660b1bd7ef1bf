#include "analysis/comparison_html.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/comparison_report.hpp"
#include "analysis/html_escape.hpp"
#include "analysis/html_report.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/reports.hpp"
#include "analysis/svg_chart.hpp"

namespace drsim::analysis {
namespace {

constexpr double kW = 460, kH = 240, kL = 60, kR = 16, kT = 16, kB = 42;
constexpr double kPW = kW - kL - kR, kPH = kH - kT - kB;

std::string esc(std::string_view t) { return html_escape(t); }

std::string seconds_text(double s) {
  return std::isinf(s) ? "∞" : human_seconds(s);
}

struct Point {
  double cost, value;  // value: seconds, +inf when unrecoverable in at least 5% of trials
  std::size_t variant;
  bool front;
};

// Monthly cost (x) against a p95 duration (y): every variant a dot, the Pareto front joined.
std::string scatter(const ComparisonResult& r, std::vector<Point> points, std::string_view measure,
                    std::optional<double> target) {
  if (points.empty()) return "";
  double x_low = std::numeric_limits<double>::max(), x_high = 0, y_high = 0;
  for (const Point& p : points) {
    x_low = std::min(x_low, p.cost);
    x_high = std::max(x_high, p.cost);
    if (!std::isinf(p.value)) y_high = std::max(y_high, p.value);
  }
  if (target && *target <= 3 * std::max(y_high, 1.0)) y_high = std::max(y_high, *target);
  y_high = std::max(y_high * 1.08, 60.0);
  if (x_high - x_low < 1.0) x_low -= 1.0, x_high += 1.0;
  const double pad = 0.06 * (x_high - x_low);
  x_low = std::max(0.0, x_low - pad), x_high += pad;
  const auto x_of = [&](double c) { return kL + kPW * (c - x_low) / (x_high - x_low); };
  const auto y_of = [&](double v) { return std::isinf(v) ? kT : kT + kPH * (1.0 - v / y_high); };
  std::string out = fmt::format("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" "
                                "width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"monthly cost against p95 {2}\">\n",
                                kW, kH, measure);
  for (double t : time_ticks(0, y_high, 5))
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/><text class=\"tick\" "
                       "x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
                       kL, kL + kPW, y_of(t), kL - 4, y_of(t) + 3, seconds_text(t));
  for (int i = 0; i <= 4; ++i) {
    const double c = x_low + (x_high - x_low) * i / 4.0;
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n", x_of(c),
                       kT + kPH + 14, i == 0 ? "start" : i == 4 ? "end" : "middle", usd(std::round(c)));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/><line class=\"axis\" x1=\"{0}\" "
                     "x2=\"{0}\" y1=\"{3}\" y2=\"{2}\"/>\n",
                     kL, kL + kPW, kT + kPH, kT);
  out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">monthly cost (x) against p95 {} (y)"
                     "</text>\n",
                     kL + kPW / 2, kH - 8, measure);
  out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\">∞ unrecoverable</text>\n", kL + 4, kT - 4);
  if (target && *target <= y_high)
    out += fmt::format("<line class=\"target\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/><text "
                       "class=\"target-label\" x=\"{1}\" y=\"{3:.1f}\" text-anchor=\"end\">target {4}</text>\n",
                       kL, kL + kPW, y_of(*target), y_of(*target) - 3, seconds_text(*target));
  // Names beside the dots when there are few enough to read (a strategy study, a small sweep).
  if (points.size() <= 12)
    for (const Point& p : points)
      out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{}</text>\n",
                         x_of(p.cost) + (x_of(p.cost) > kL + kPW * 0.7 ? -7 : 7), y_of(p.value) - 6,
                         x_of(p.cost) > kL + kPW * 0.7 ? "end" : "start", esc(r.variants[p.variant]));
  for (const Point& p : points)
    out += fmt::format("<circle class=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\"><title>{}: {} a month, p95 {} {}{}</title>"
                       "</circle>\n",
                       p.front ? "dot front-dot" : "dot", x_of(p.cost), y_of(p.value), p.front ? 5 : 3.5,
                       esc(r.variants[p.variant]), usd(p.cost), measure, seconds_text(p.value),
                       p.front ? " (on the Pareto front)" : "");
  return out + "</svg>\n";
}

std::string interval_text(const Interval& i, bool share) {
  if (share)
    return fmt::format("{:.1f}% [{:.1f}–{:.1f}]", 100 * i.estimate, 100 * i.low, 100 * i.high);
  return fmt::format("{} [{}–{}]", seconds_text(i.estimate), seconds_text(i.low), seconds_text(i.high));
}

std::string sort_value(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "1e30" : "-1e30";
  return fmt::format("{:.3f}", v);
}

}  // namespace

std::string render_comparison_html(const ComparisonResult& r, const std::string& title, const std::string& answer,
                                   const std::vector<ParetoFront>& fronts) {
  std::string body = fmt::format("<header><h1>{}</h1>\n<p class=\"meta\">{} variants, {} trials each on the same draws "
                                 "(common random numbers), seed {}, {} bootstrap resamples for the p95 intervals.</p>\n",
                                 esc(title), r.variants.size(), r.trials, r.seed, r.bootstrap);
  body += "<nav>";
  for (std::size_t f = 0; f < r.failures.size(); ++f)
    body += fmt::format("<a href=\"#failure-{}\">Failure {}</a>", f, esc(r.failures[f].name));
  body += "</nav></header>\n";
  if (!answer.empty()) body += "<h2>Answer</h2>\n<pre class=\"answer\">" + esc(answer) + "</pre>\n";
  for (std::size_t f = 0; f < r.failures.size(); ++f) {
    const ComparedFailure& cf = r.failures[f];
    body += fmt::format("<section id=\"failure-{}\"><h2>Failure {}: {}</h2>\n", f, esc(cf.name), esc(cf.description));
    for (std::size_t a = 0; a < cf.applications.size(); ++a) {
      const ComparedApplication& app = cf.applications[a];
      std::vector<bool> on_front(r.variants.size(), false);
      for (const ParetoFront& pf : fronts)
        if (pf.failure == f && pf.application == a)
          for (std::size_t v : pf.variants) on_front[v] = true;
      std::vector<Point> rto, rpo;
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& c = app.variants[v];
        if (!c.present) continue;
        rto.push_back({r.monthly_usd[v], c.rto_s.value.estimate, v, on_front[v]});
        rpo.push_back({r.monthly_usd[v], c.rpo_s.value.estimate, v, on_front[v]});
      }
      body += fmt::format("<details class=\"app\" open><summary>{}{}</summary>\n", esc(app.name),
                          app.target ? fmt::format(" — targets RTO {}, RPO {}", human_seconds(static_cast<double>(app.target->rto_s)),
                                                   human_seconds(static_cast<double>(app.target->rpo_s)))
                                     : std::string(" — no target for this disruption type"));
      const auto target = [&](bool is_rto) {
        return app.target ? std::optional<double>(static_cast<double>(is_rto ? app.target->rto_s : app.target->rpo_s))
                          : std::nullopt;
      };
      body += "<div class=\"charts\">" + scatter(r, rto, "RTO", target(true)) + scatter(r, rpo, "RPO", target(false)) +
              "</div>\n<p class=\"caption\">Each dot a variant. The larger red dots are the Pareto front on cost, p95 RTO "
              "and p95 RPO together (no other variant is at least as good on all three and better on one), so a red dot "
              "can look dominated in one chart and not in the other. Hover a dot for its name.</p>\n";
      body += "<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>variant</th><th class=\"num\">monthly cost</th>"
              "<th class=\"num\">RTO p50</th><th class=\"num\">RTO p95 [95% CI]</th><th class=\"num\">vs base (paired)</th>"
              "<th class=\"num\">RPO p95 [95% CI]</th><th class=\"num\">vs base (paired)</th>"
              "<th class=\"num\">both met [95% CI]</th><th class=\"num\">unrecoverable</th><th>RTO set by</th></tr></thead>"
              "<tbody>\n";
      for (std::size_t v = 0; v < app.variants.size(); ++v) {
        const VariantCell& c = app.variants[v];
        if (!c.present) continue;
        body += fmt::format(
            "<tr{}><td>{}{}</td><td class=\"num\" data-v=\"{:.2f}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>"
            "<td class=\"num\" data-v=\"{}\" data-key=\"{}/{}/{}/rto-p95\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>"
            "<td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>"
            "<td class=\"num\" data-v=\"{:.4f}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td></tr>\n",
            on_front[v] ? " class=\"front-row\"" : "", esc(r.variants[v]), v == 0 ? " (base)" : "", r.monthly_usd[v],
            usd(r.monthly_usd[v]), sort_value(c.rto_p50_s), seconds_text(c.rto_p50_s), sort_value(c.rto_s.value.estimate),
            esc(cf.name), esc(app.name), esc(r.variants[v]), interval_text(c.rto_s.value, false),
            sort_value(c.rto_s.paired.estimate), v == 0 ? "" : esc(signed_duration(c.rto_s.paired.estimate)),
            sort_value(c.rpo_s.value.estimate), interval_text(c.rpo_s.value, false), sort_value(c.rpo_s.paired.estimate),
            v == 0 ? "" : esc(signed_duration(c.rpo_s.paired.estimate)), c.compliance.value.estimate,
            interval_text(c.compliance.value, true), c.unrecoverable_trials,
            c.unrecoverable_trials ? fmt::format("{}/{}", c.unrecoverable_trials, r.trials) : std::string(),
            c.rto_gate.empty() ? std::string() : fmt::format("{} ({:.0f}%)", esc(c.rto_gate), 100 * c.rto_gate_share));
      }
      body += "</tbody></table></div></details>\n";
    }
    body += "</section>\n";
  }
  return html_page(title, body);
}

}  // namespace drsim::analysis
