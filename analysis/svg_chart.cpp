#include "analysis/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "sim/time.hpp"

namespace drsim::analysis {
namespace {

constexpr double kWidth = 460, kHeight = 210;
constexpr double kLeft = 46, kRight = 14, kTop = 14, kBottom = 40;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;
constexpr int kBins = 24;
constexpr std::size_t kCdfSteps = 400;  // a CDF of 100,000 trials is drawn through 400 quantiles

std::string seconds_text(double s) { return models::format_duration(static_cast<sim::Duration>(std::llround(s * 1000.0))); }

// The x range of both charts of a measure: the samples, and the target when it is near them
// (a target far above every sample would squash the distribution into one bar; the chart
// says where it is instead).
struct Range {
  double low, high;
  bool target_shown;
};
Range range_of(const DistributionData& d) {
  double low = d.sorted_s.empty() ? 0.0 : d.sorted_s.front();
  double high = d.sorted_s.empty() ? 0.0 : d.sorted_s.back();
  const double span = std::max(high - low, std::max(300.0, 0.05 * high));
  bool shown = false;
  if (d.target_s && *d.target_s >= low - span && *d.target_s <= high + span) {
    low = std::min(low, *d.target_s);
    high = std::max(high, *d.target_s);
    shown = true;
  }
  if (d.sorted_s.empty() && d.target_s) {
    low = 0;
    high = std::max(*d.target_s, 60.0);
    shown = true;
  }
  // Durations from an hour up print to the minute: a range narrower than a few minutes would
  // repeat its tick labels, so it is widened around its middle.
  const double least = std::max(120.0, 0.02 * high);
  if (high - low < least) {
    const double middle = (low + high) / 2;
    low = std::max(0.0, middle - least / 2);
    high = low + least;
  }
  const double pad = 0.04 * (high - low);
  return {std::max(0.0, low - pad), high + pad, shown};
}

double x_of(const Range& r, double s) { return kLeft + kPlotW * (s - r.low) / (r.high - r.low); }
double y_of(double share) { return kTop + kPlotH * (1.0 - share); }

std::string open_svg(std::string_view label) {
  return fmt::format("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
                     "height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
                     kWidth, kHeight, kWidth, kHeight, label);
}

// Axes, the x ticks in durations and the y ticks in percent; the breach side shaded.
std::string frame(const Range& r, const DistributionData& d, double y_max, std::string_view y_label) {
  std::string out;
  if (d.target_s && r.target_shown) {
    const double x = x_of(r, *d.target_s);
    out += fmt::format("<rect class=\"breach\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\"/>\n", x, kTop,
                       std::max(0.0, kLeft + kPlotW - x), kPlotH);
  }
  for (double t : time_ticks(r.low, r.high, 6)) {
    const double x = x_of(r, t);
    out += fmt::format("<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/>"
                       "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
                       x, kTop, kTop + kPlotH, kTop + kPlotH + 14, seconds_text(t));
  }
  for (int i = 0; i <= 4; ++i) {
    const double share = y_max * i / 4.0;
    const double percent = 100 * share;
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n", kLeft - 4,
                       y_of(share / y_max) + 4,
                       std::abs(percent - std::round(percent)) < 1e-9 ? fmt::format("{:.0f}", percent)
                                                                      : fmt::format("{:.1f}", percent));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/>"
                     "<line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{3}\" y2=\"{2}\"/>\n",
                     kLeft, kLeft + kPlotW, kTop + kPlotH, kTop);
  out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} ({})</text>\n", kLeft + kPlotW / 2,
                     kHeight - 6, d.measure, y_label);
  if (d.target_s) {
    if (r.target_shown) {
      const double x = x_of(r, *d.target_s);
      out += fmt::format("<line class=\"target\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/>"
                         "<text class=\"target-label\" x=\"{3:.1f}\" y=\"{4}\" text-anchor=\"{5}\">target {6}</text>\n",
                         x, kTop, kTop + kPlotH, x + (x > kLeft + kPlotW * 0.8 ? -4 : 4), kTop + 10,
                         x > kLeft + kPlotW * 0.8 ? "end" : "start", seconds_text(*d.target_s));
    } else {
      const bool above = d.sorted_s.empty() || *d.target_s > d.sorted_s.back();
      out += fmt::format("<text class=\"target-label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">target {} {}</text>\n",
                         above ? kLeft + kPlotW - 4 : kLeft + 4, kTop + 10, above ? "end" : "start",
                         seconds_text(*d.target_s), above ? "→ (above every trial)" : "← (below every trial)");
    }
  }
  return out;
}

std::string no_samples(const DistributionData& d) {
  return open_svg(fmt::format("{}: no trial recovered it", d.measure)) +
         fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no trial recovered it: no {} "
                     "distribution</text>\n</svg>\n",
                     kWidth / 2, kHeight / 2, d.measure);
}

}  // namespace

double breach_share(const DistributionData& d) {
  if (!d.target_s || d.impacted == 0) return 0.0;
  const auto within = std::upper_bound(d.sorted_s.begin(), d.sorted_s.end(), static_cast<float>(*d.target_s)) -
                      d.sorted_s.begin();
  return static_cast<double>(d.impacted - static_cast<std::uint64_t>(within)) / static_cast<double>(d.impacted);
}

std::vector<double> time_ticks(double low, double high, int at_most) {
  static constexpr double kSteps[] = {1,     2,     5,     10,    15,     30,     60,     120,     300,     600,
                                      900,   1800,  3600,  7200,  10800,  21600,  43200,  86400,   172800,  345600,
                                      604800, 1209600, 2592000, 7776000, 15552000, 31536000};
  double step = kSteps[std::size(kSteps) - 1];
  const double finest = high >= 3600 ? 60 : 1;  // from an hour up, durations print to the minute
  for (double s : kSteps)
    if (s >= finest && (high - low) / s <= at_most) {
      step = s;
      break;
    }
  while ((high - low) / step > at_most) step *= 2;  // beyond a year
  std::vector<double> ticks;
  for (double t = std::ceil(low / step) * step; t <= high + 1e-9; t += step) ticks.push_back(t);
  return ticks;
}

std::string svg_histogram(const DistributionData& d) {
  if (d.sorted_s.empty()) return no_samples(d);
  const Range r = range_of(d);
  std::vector<std::uint64_t> counts(kBins, 0);
  const double width = (r.high - r.low) / kBins;
  for (float v : d.sorted_s) ++counts[std::min<std::size_t>(kBins - 1, static_cast<std::size_t>((v - r.low) / width))];
  const double peak = static_cast<double>(*std::max_element(counts.begin(), counts.end())) / static_cast<double>(d.impacted);
  const double y_max = std::min(1.0, std::ceil(peak * 10.0 - 1e-9) / 10.0);
  std::string out = open_svg(fmt::format("{} histogram", d.measure)) + frame(r, d, y_max, "share of impacted trials");
  for (int b = 0; b < kBins; ++b) {
    if (counts[b] == 0) continue;
    const double share = static_cast<double>(counts[b]) / static_cast<double>(d.impacted);
    const double from = r.low + b * width, to = from + width;
    const bool beyond = d.target_s && from >= *d.target_s && to > *d.target_s && from > 0;
    const double x = x_of(r, from), h = kPlotH * share / y_max;
    out += fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{} – {}: "
                       "{} trials ({:.1f}%)</title></rect>\n",
                       beyond ? "bar beyond" : "bar", x + 0.5, kTop + kPlotH - h, std::max(1.0, x_of(r, to) - x - 1.0), h,
                       seconds_text(from), seconds_text(to), counts[b], 100 * share);
  }
  return out + "</svg>\n";
}

std::string svg_cdf(const DistributionData& d) {
  if (d.sorted_s.empty()) return no_samples(d);
  const Range r = range_of(d);
  std::string out = open_svg(fmt::format("{} cumulative distribution", d.measure)) +
                    frame(r, d, 1.0, "share of impacted trials at or below");
  const std::size_t n = d.sorted_s.size();
  const auto share_at = [&](std::size_t rank) { return static_cast<double>(rank) / static_cast<double>(d.impacted); };
  std::string path = fmt::format("M{:.1f},{:.1f}", x_of(r, d.sorted_s.front()), y_of(0.0));
  const std::size_t steps = std::min(n, kCdfSteps);
  for (std::size_t k = 1; k <= steps; ++k) {
    const std::size_t rank = (k * n + steps - 1) / steps;  // the k-th of `steps` ranks, the last being n
    const double x = x_of(r, d.sorted_s[rank - 1]);
    path += fmt::format("H{:.1f}V{:.1f}", x, y_of(share_at(rank)));
  }
  path += fmt::format("H{:.1f}", kLeft + kPlotW);
  out += fmt::format("<path class=\"cdf\" d=\"{}\"/>\n", path);
  if (n < d.impacted)
    out += fmt::format("<line class=\"unrecoverable\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>"
                       "<text class=\"target-label\" x=\"{1}\" y=\"{3:.1f}\" text-anchor=\"end\">unrecoverable in "
                       "{4:.1f}% of impacted trials</text>\n",
                       kLeft, kLeft + kPlotW, y_of(share_at(n)), y_of(share_at(n)) + 14,
                       100.0 * (1.0 - share_at(n)));
  return out + "</svg>\n";
}

}  // namespace drsim::analysis
