#include "analysis/gantt.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "analysis/html_escape.hpp"
#include "analysis/reports.hpp"
#include "analysis/svg_chart.hpp"
#include "models/fleet_graph.hpp"
#include "models/duration_text.hpp"
#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceIndex;
using Kind = GanttSegment::Kind;

constexpr double kLabelW = 250, kPlotW = 560, kRight = 20, kRowH = 20, kTop = 52, kBottom = 30;

std::string dur(sim::Duration d) { return models::format_duration(d); }

// The members and everything they require, transitively, that the failure impacted.
std::vector<ResourceIndex> needed_resources(const models::Scenario& s, const models::TrialResult& t, std::size_t app) {
  std::vector<bool> seen(s.resources.size(), false);
  std::vector<ResourceIndex> frontier;
  for (ResourceIndex r : s.applications[app].resources)
    if (!seen[r]) seen[r] = true, frontier.push_back(r);
  for (std::size_t next = 0; next < frontier.size(); ++next)
    for (ResourceIndex u : s.requirements_of(frontier[next]))
      if (!seen[u]) seen[u] = true, frontier.push_back(u);
  std::vector<ResourceIndex> out;
  for (ResourceIndex r : frontier)
    if (t.resources[r].impacted()) out.push_back(r);
  return out;
}

std::vector<GanttSegment> segments_of(const models::TrialResult& t, ResourceIndex r) {
  const models::ResourceOutcome& o = t.resources[r];
  const auto since = [&](sim::Time at) { return at - t.failure_at; };
  std::vector<GanttSegment> out;
  if (!o.recovered() || o.recovered_at == sim::kNever) return out;
  if (!o.waits_for_declaration()) {
    const sim::Time start = o.started_at != sim::kNever ? std::max(o.started_at, t.failure_at) : t.failure_at;
    out.push_back({Kind::automatic, since(start), since(o.recovered_at)});
    return out;
  }
  const sim::Time ready = o.ready_at != sim::kNever ? o.ready_at : t.declared_at;
  const sim::Time started = o.started_at != sim::kNever ? o.started_at : ready;
  out.push_back({Kind::declaration, 0, since(t.declared_at)});
  if (ready > t.declared_at) out.push_back({Kind::requirements, since(t.declared_at), since(ready)});
  if (started > ready) out.push_back({Kind::pool, since(ready), since(started)});
  out.push_back({Kind::work, since(started), since(o.recovered_at)});
  return out;
}

std::string detail_of(const models::Scenario& s, const models::ProtectionMap& map, const models::TrialResult& t,
                      ResourceIndex r) {
  const models::ResourceOutcome& o = t.resources[r];
  const models::Resource& res = s.resources[r];
  if (!o.recovered())
    return fmt::format("{}: cannot be recovered: it {}", models::to_string(res.type),
                       models::blocking_predicate(s, map, s.failures[t.failure], t, r));
  std::string text = fmt::format("{}, {}", models::to_string(res.type), status_text(o));
  if (o.has_point) text += fmt::format(" from {}", models::describe_mechanism(s, o.point));
  if (o.work > 0) text += fmt::format("; work {}", dur(o.work));
  if (o.pool_wait > 0 && o.waited_pool >= 0)
    text += fmt::format("; waited {} for pool {}", dur(o.pool_wait), s.recovery.pools[static_cast<std::size_t>(o.waited_pool)].name);
  text += fmt::format("; serving at +{}", dur(o.recovered_at - t.failure_at));
  return text;
}

const char* css_class(Kind k) {
  switch (k) {
    case Kind::declaration: return "seg-declaration";
    case Kind::requirements: return "seg-requirements";
    case Kind::pool: return "seg-pool";
    case Kind::work: return "seg-work";
    case Kind::automatic: return "seg-automatic";
    case Kind::cutover: return "seg-cutover";
  }
  return "";
}

}  // namespace

const char* segment_name(Kind k) {
  switch (k) {
    case Kind::declaration: return "until recovery is declared";
    case Kind::requirements: return "waiting for what it requires";
    case Kind::pool: return "waiting for a pool slot";
    case Kind::work: return "restore or relaunch";
    case Kind::automatic: return "automatic failover";
    case Kind::cutover: return "cutover";
  }
  return "";
}

GanttChart application_timeline(const models::Scenario& s, const models::ProtectionMap& map, const models::TrialResult& t,
                                std::size_t application, std::optional<sim::Duration> target_rto) {
  GanttChart chart;
  chart.declared = t.declared_at - t.failure_at;
  chart.target_rto = target_rto;
  const models::ApplicationOutcome& app = t.applications[application];
  if (app.impacted && app.recoverable) chart.rto = app.rto;

  // The critical path: from the member that recovered last, each step to the requirement
  // that recovered last and held up its start.
  std::vector<bool> critical_group(s.groups.size(), false);
  for (ResourceIndex r : models::trial_critical_path(s, t, application)) critical_group[s.resources[r].group] = true;

  // One row per resource or fleet: a fleet's slowest member (or its first that cannot be recovered).
  // A fleet on the critical path shows the member that is on it (with requires_matching, the
  // path may run through a member other than the slowest).
  std::vector<bool> on_path(s.resources.size(), false);
  for (ResourceIndex r : models::trial_critical_path(s, t, application)) on_path[r] = true;
  std::map<std::uint32_t, std::pair<ResourceIndex, std::uint32_t>> by_group;  // group -> (shown, impacted members)
  for (ResourceIndex r : needed_resources(s, t, application)) {
    auto [it, fresh] = by_group.try_emplace(s.resources[r].group, r, 0);
    ++it->second.second;
    if (fresh || on_path[it->second.first]) continue;
    const models::ResourceOutcome& now = t.resources[it->second.first];
    const models::ResourceOutcome& cand = t.resources[r];
    const bool slower = now.recovered() && (!cand.recovered() || cand.recovered_at > now.recovered_at);
    if (on_path[r] || slower) it->second.first = r;
  }
  std::vector<std::pair<sim::Time, GanttRow>> rows;
  for (const auto& [group, shown] : by_group) {
    const models::ResourceGroup& g = s.groups[group];
    const ResourceIndex r = shown.first;
    GanttRow row;
    row.label = g.fleet ? fmt::format("fleet {} ({} of {} members; slowest: {})", g.id, shown.second, g.count,
                                      s.resources[r].id)
                        : s.resources[r].id;
    row.detail = detail_of(s, map, t, r);
    row.segments = segments_of(t, r);
    row.critical = critical_group[group];
    row.unrecoverable = !t.resources[r].recovered();
    rows.emplace_back(row.unrecoverable ? sim::kNever : t.resources[r].recovered_at, std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [at, row] : rows) chart.rows.push_back(std::move(row));
  if (chart.rto >= 0 && app.cutover > 0) {
    GanttRow cut;
    cut.label = "cutover";
    cut.detail = fmt::format("the application's cutover after its last member serves: {}", dur(app.cutover));
    cut.segments.push_back({Kind::cutover, app.rto - app.cutover, app.rto});
    cut.critical = true;
    chart.rows.push_back(std::move(cut));
  }
  return chart;
}

std::string svg_gantt(const GanttChart& chart) {
  sim::Duration end = std::max<sim::Duration>(chart.rto, chart.declared);
  for (const GanttRow& row : chart.rows)
    for (const GanttSegment& seg : row.segments) end = std::max(end, seg.to);
  if (chart.target_rto && *chart.target_rto <= end * 3 / 2) end = std::max(end, *chart.target_rto);
  end = std::max<sim::Duration>(end, sim::kMinute);
  const double end_s = static_cast<double>(end) / sim::kSecond * 1.03;
  const auto x_of = [&](sim::Duration d) { return kLabelW + kPlotW * (static_cast<double>(d) / sim::kSecond) / end_s; };
  const double width = kLabelW + kPlotW + kRight;
  const double height = kTop + kRowH * static_cast<double>(chart.rows.size()) + kBottom;
  std::string out = fmt::format("<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" "
                                "width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"recovery timeline\">\n",
                                width, height);
  // Legend, in rows across the whole width (10px text: about 6 px a character).
  double lx = 10, ly = 6;
  const auto key = [&](const char* cls, std::string_view text) {
    const double w = 15 + 6.0 * static_cast<double>(text.size()) + 14;
    if (lx + w > width) lx = 10, ly += 15;
    out += fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"12\" height=\"10\"/><text class=\"tick\" "
                       "x=\"{:.1f}\" y=\"{}\">{}</text>\n",
                       cls, lx, ly, lx + 15, ly + 9, text);
    lx += w;
  };
  for (Kind k : {Kind::declaration, Kind::requirements, Kind::pool, Kind::work, Kind::automatic, Kind::cutover})
    key(css_class(k), segment_name(k));
  key("critical-key", "critical path (sets the RTO)");
  const double bottom = kTop + kRowH * static_cast<double>(chart.rows.size());
  for (double tick : time_ticks(0, end_s, 8)) {
    const double x = x_of(static_cast<sim::Duration>(tick * sim::kSecond));
    out += fmt::format("<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/><text class=\"tick\" "
                       "x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">+{4}</text>\n",
                       x, kTop - 4, bottom, bottom + 14, models::format_duration(static_cast<sim::Duration>(tick * sim::kSecond)));
  }
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const GanttRow& row = chart.rows[i];
    const double y = kTop + kRowH * static_cast<double>(i);
    std::string label = row.label;
    if (label.size() > 40) {  // cut at a character boundary (UTF-8 continuation bytes are 10xxxxxx)
      std::size_t cut = 39;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    out += fmt::format("<g class=\"row{}{}\"><title>{}: {}</title>\n", row.critical ? " critical" : "",
                       row.unrecoverable ? " unrecoverable" : "", html_escape(row.label), html_escape(row.detail));
    out += fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLabelW - 6,
                       y + 14, html_escape(label));
    if (row.unrecoverable)
      out += fmt::format("<text class=\"unrecoverable-label\" x=\"{}\" y=\"{:.1f}\">cannot be recovered</text>\n",
                         kLabelW + 4, y + 14);
    for (const GanttSegment& seg : row.segments)
      out += fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\"><title>{}: +{} to "
                         "+{}</title></rect>\n",
                         css_class(seg.kind), x_of(seg.from), y + 3, std::max(1.0, x_of(seg.to) - x_of(seg.from)),
                         kRowH - 6, segment_name(seg.kind), dur(seg.from), dur(seg.to));
    out += "</g>\n";
  }
  if (chart.rto >= 0)
    out += fmt::format("<line class=\"rto\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/><text class=\"tick\" "
                       "x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">RTO {4}</text>\n",
                       x_of(chart.rto), kTop - 4, bottom, kTop - 8, dur(chart.rto));
  if (chart.target_rto && *chart.target_rto <= end)
    out += fmt::format("<line class=\"target\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/>\n",
                       x_of(*chart.target_rto), kTop - 4, bottom);
  return out + "</svg>\n";
}

}  // namespace drsim::analysis
