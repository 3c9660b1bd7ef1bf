#include "analysis/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "analysis/content_hash.hpp"
#include "analysis/findings.hpp"
#include "analysis/gantt.hpp"
#include "analysis/graph_layout.hpp"
#include "analysis/html_escape.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/reports.hpp"
#include "analysis/svg_chart.hpp"
#include "analysis/version.hpp"
#include "models/duration_text.hpp"
#include "models/fleet_graph.hpp"
#include "models/recovery_engine.hpp"
#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceIndex;

constexpr std::size_t kResourceRows = 2000;   // per failure; the rest are in the JSON
constexpr std::size_t kWholeGraphGroups = 400; // above this, the whole graph is left to `drsim graph`

const char* kStyle = R"(
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe1; --ok: #2e7d4f; --bad: #c0392b; --bar: #4878a8; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1200px;
       padding: 1rem 1.5rem 3rem; line-height: 1.4; font-size: 14px; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); }
h3 { margin-top: 1.6rem; } h4 { margin: 0.4rem 0; } h5 { margin: 1rem 0 0.3rem; font-size: 0.95rem; }
.meta, .note, .caption { color: var(--muted); } .caption { font-size: 0.85rem; margin: 0.2rem 0 0.8rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.55rem; text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort=ascending]::after { content: " ▲"; } table.sortable th[aria-sort=descending]::after { content: " ▼"; }
.met { color: var(--ok); } .breached, .unrecoverable-text { color: var(--bad); font-weight: bold; }
.findings { border-left: 4px solid var(--bad); background: #fbf1ef; padding: 0.4rem 1rem; margin: 1rem 0; }
.findings.clean { border-color: var(--ok); background: #eef7f1; }
.findings ul { margin: 0.3rem 0; padding-left: 1.2rem; } .findings li { margin: 0.25rem 0; }
details.app { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.8rem; margin: 0.6rem 0; }
details.app > summary { cursor: pointer; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
svg.chart, svg.gantt { font-family: "DejaVu Sans", sans-serif; max-width: 100%; height: auto; }
.graph svg { max-width: 100%; height: auto; }
.tick { font-size: 10px; fill: var(--muted); } .label { font-size: 11px; fill: var(--ink); }
.row-label { font-size: 11px; fill: var(--ink); } .critical .row-label { font-weight: bold; fill: var(--bad); }
.unrecoverable-label { font-size: 11px; fill: var(--bad); font-weight: bold; }
.axis { stroke: var(--ink); } .grid { stroke: #eceff2; }
.bar { fill: var(--bar); } .bar.beyond { fill: var(--bad); } .breach { fill: #f6d5d1; opacity: 0.7; }
.cdf { fill: none; stroke: var(--bar); stroke-width: 2; } .unrecoverable { stroke: var(--bad); stroke-dasharray: 4 3; }
.target { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 3; } .target-label { font-size: 10px; fill: var(--bad); }
.rto { stroke: var(--ink); stroke-width: 1.5; }
.seg-declaration { fill: #c9ced4; } .seg-requirements { fill: #f0a04b; } .seg-pool { fill: #f3d250; }
.seg-work { fill: var(--bar); } .seg-automatic { fill: #7fb77e; } .seg-cutover { fill: #8e6bbf; }
.critical-key { fill: none; stroke: var(--bad); stroke-width: 2; }
.critical rect.seg-work, .critical rect.seg-automatic, .critical rect.seg-cutover { stroke: var(--bad); stroke-width: 2; }
.dot { fill: var(--bar); opacity: 0.75; } .front-dot { fill: var(--bad); opacity: 1; }
.front { fill: none; stroke: var(--bad); stroke-width: 1.5; } tr.front-row td:first-child { font-weight: bold; }
.scroll { overflow-x: auto; }
pre { background: #f5f7f9; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
code { background: #f5f7f9; padding: 0 0.25rem; }
)";

// Sorts a table.sortable by the clicked column: by data-v (seconds; "" sorts first) where
// the cells have it, else by text. Marks the page ready once it has run (the browser test
// checks that).
const char* kScript = R"(
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) return cell.textContent;
    return v === '' ? -1 : parseFloat(v);
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.querySelectorAll('th');
    headers.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column]), y = key(b.cells[column]);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.body.setAttribute('data-ready', '1');
})();
)";

std::string esc(std::string_view text) { return html_escape(text); }
std::string dur(double seconds) { return human_seconds(seconds); }
std::string dur_ms(sim::Duration d) { return models::format_duration(d); }

std::string pct(const Proportion& p) {
  return fmt::format("{:.1f}% [{:.1f}–{:.1f}]", 100 * p.estimate, 100 * p.ci_low, 100 * p.ci_high);
}


// A cell with its value for sorting (and for the browser test: data-key names the number).
std::string num_cell(const std::optional<Summary>& s, double Summary::*field, const std::string& key = "") {
  const std::string k = key.empty() ? "" : fmt::format(" data-key=\"{}\"", esc(key));
  if (!s) return fmt::format("<td class=\"num\" data-v=\"\"{}>—</td>", k);
  return fmt::format("<td class=\"num\" data-v=\"{:.3f}\"{}>{}</td>", (*s).*field, k, dur((*s).*field));
}

std::string chain_html(const models::Scenario& s, const std::vector<ResourceIndex>& chain) {
  std::string text = "<code>" + esc(s.resources[chain.front()].id) + "</code>";
  for (std::size_t i = 1; i < chain.size(); ++i)
    text += fmt::format("{}<code>{}</code>", i == 1 ? " requires " : ", which requires ", esc(s.resources[chain[i]].id));
  return text;
}

std::string group_name(const models::Scenario& s, std::uint32_t group) {
  const models::ResourceGroup& g = s.groups[group];
  return g.fleet ? fmt::format("fleet <code>{}</code> (×{})", esc(g.id), g.count) : "<code>" + esc(g.id) + "</code>";
}

class HtmlReport {
 public:
  HtmlReport(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost, const HtmlOptions& options)
      : s_(s), r_(r), cost_(cost), options_(options),
        prepared_(options.prepared ? *options.prepared : own_prepared_.emplace(s)) {}

  std::string render() {
    std::string body = fmt::format("<header><h1>drsim report: {}</h1>\n<p class=\"meta\">{} trial{} per failure, seed {}; "
                                   "monthly cost of the plan {} (steady state); drsim {}</p>\n",
                                   esc(s_.name), r_.trials, r_.trials == 1 ? "" : "s", r_.seed, usd(cost_.usd_month),
                                   kDrsimVersion);
    if (!s_.description.empty()) body += "<p>" + esc(s_.description) + "</p>\n";
    body += "<nav>";
    for (const FailureResult& fr : r_.failures)
      body += fmt::format("<a href=\"#failure-{}\">Failure {}</a>", fr.failure,
                          esc(s_.failures[fr.failure].name));
    body += "<a href=\"#requires-graph\">Requires graph</a><a href=\"#cost\">Cost</a></nav></header>\n";
    body += definitions();
    for (const FailureResult& fr : r_.failures) body += failure_section(fr);
    body += whole_graph();
    body += "<h2 id=\"cost\">Monthly cost</h2>\n<pre>" + esc(render_cost_text(s_, cost_)) + "</pre>\n";
    return html_page("drsim report: " + s_.name, body);
  }

 private:
  static std::string definitions() {
    return "<p class=\"note\">RTO: when a resource serves again minus the failure instant (an application's: its last "
           "member's, plus its cutover). RPO: the failure instant minus the data time of the newest recovery point usable "
           "after the failure. Compliance shares are over all trials (one the failure does not touch meets the target); chart shares are over the impacted trials; intervals are 95% Wilson score intervals.</p>\n";
  }

  const models::TrialResult& trial(std::size_t failure, std::uint64_t index) {
    auto& cache = trials_[failure];
    auto it = cache.find(index);
    if (it != cache.end()) return it->second;
    models::TrialResult& t = cache[index];
    models::RecoveryEngine engine(prepared_.history, prepared_.graph);
    engine.run(failure, models::TrialKey{r_.seed, index}, t);
    return t;
  }

  std::string failure_section(const FailureResult& fr) {
    const models::Failure& f = s_.failures[fr.failure];
    std::string out = fmt::format("<section id=\"failure-{}\">\n<h2>Failure {}: {}</h2>\n", fr.failure, esc(f.name),
                                  esc(describe_failure(s_, f)));
    out += fmt::format("<p class=\"meta\">{}; {} trials; {} of {} resources impacted per trial on average; {} "
                       "unrecoverable resource-trials.</p>\n",
                       f.at.is_fixed() ? "at " + wall_clock(s_, f.at.value()) : std::string("at a varying instant"),
                       fr.trials, fr.trials ? fmt::format("{:.1f}", static_cast<double>(fr.fleet.impacted) / static_cast<double>(fr.trials)) : "0", fr.fleet.resources, fr.fleet.unrecoverable);
    out += findings_block(fr);
    out += compliance_table(fr);
    out += "<h3>Applications</h3>\n";
    for (std::size_t a = 0; a < fr.applications.size(); ++a) out += application_section(fr, a);
    out += resource_table(fr);
    return out + "</section>\n";
  }

  std::string findings_block(const FailureResult& fr) {
    const Findings f = find_findings(s_, fr);
    if (f.empty())
      return "<div class=\"findings clean\"><h3>Findings</h3><p>Every application is recovered in every trial and meets "
             "its policy (or has none).</p></div>\n";
    const models::Failure& failure = s_.failures[fr.failure];
    std::string out = "<div class=\"findings\"><h3>Findings</h3><ul>\n";
    if (f.unrecoverable_applications > 0) {
      out += fmt::format("<li><strong>{} of {} applications cannot be recovered</strong> in some trials, from {} root "
                         "cause{}:<ul>\n",
                         f.unrecoverable_applications, fr.applications.size(), f.root_causes.size(),
                         f.root_causes.size() == 1 ? "" : "s");
      for (const RootCauseFinding& rc : f.root_causes) {
        out += fmt::format("<li><code>{}</code> {}<ul>", esc(s_.resources[rc.root].id),
                           esc(models::root_cause_text(s_, prepared_.map, failure, rc.root, rc.cause)));
        for (const RootCauseApplication& ra : rc.applications)
          out += fmt::format("<li>{} in {} of {} trials{}</li>", esc(s_.applications[fr.applications[ra.application].index].name),
                             ra.trials, fr.trials, ra.chain.size() > 1 ? ": " + chain_html(s_, ra.chain) : " (a member)");
        out += "</ul></li>\n";
      }
      out += "</ul></li>\n";
    }
    if (!f.breached.empty()) {
      out += fmt::format("<li><strong>{} of {} applications miss their policy</strong> in some trials (share of trials "
                         "meeting both targets): ",
                         f.breached.size(), fr.applications.size());
      for (std::size_t i = 0; i < f.breached.size(); ++i) {
        const ApplicationResult& a = fr.applications[f.breached[i]];
        out += fmt::format("{}{} {:.1f}%", i ? ", " : "", esc(s_.applications[a.index].name), 100 * a.both_met.estimate);
      }
      out += "</li>\n";
    }
    const auto gates = [&](const char* measure, const std::vector<GateFinding>& list) {
      if (list.empty()) return;
      out += fmt::format("<li><strong>{} {}</strong> most often by: ", measure,
                         f.gates_of_missed ? "of the applications that miss it is set" : "set");
      for (std::size_t i = 0; i < list.size() && i < 10; ++i) {
        const GateFinding& g = list[i];
        out += (i ? "; " : "") + group_name(s_, g.group) + " (";
        for (std::size_t k = 0; k < g.applications.size() && k < 5; ++k)
          out += fmt::format("{}{} {:.0f}%", k ? ", " : "", esc(s_.applications[fr.applications[g.applications[k].application].index].name),
                             100.0 * static_cast<double>(g.applications[k].trials) / static_cast<double>(fr.trials));
        out += ")";
      }
      if (list.size() > 10) out += fmt::format("; and {} more", list.size() - 10);
      out += "</li>\n";
    };
    gates("RTO", f.rto_gates);
    gates("RPO", f.rpo_gates);
    return out + "</ul></div>\n";
  }

  std::string compliance_table(const FailureResult& fr) {
    const std::string& fname = s_.failures[fr.failure].name;
    std::string out =
        "<h3>Compliance</h3>\n<table class=\"compliance\"><thead><tr><th>application</th><th>measure</th>"
        "<th class=\"num\">p50</th><th class=\"num\">p90</th><th class=\"num\">p99</th><th class=\"num\">max</th>"
        "<th class=\"num\">target</th><th class=\"num\">met (95% CI)</th><th class=\"num\">unrecoverable</th></tr></thead>"
        "<tbody>\n";
    for (const ApplicationResult& a : fr.applications) {
      const std::string& name = s_.applications[a.index].name;
      const std::string key = fname + "/" + name;
      for (int m = 0; m < 2; ++m) {
        const bool rto = m == 0;
        const auto& stats = rto ? a.rto_s : a.rpo_s;
        const std::string measure = rto ? "rto" : "rpo";
        std::string target = "—", met = "—", met_class;
        if (a.target) {
          target = dur(static_cast<double>(rto ? a.target->rto_s : a.target->rpo_s));
          const Proportion& p = rto ? a.rto_met : a.rpo_met;
          met = pct(p);
          met_class = p.estimate < 1.0 ? " breached" : " met";
        }
        out += fmt::format("<tr>{}<td>{}</td>{}{}{}{}<td class=\"num\">{}</td><td class=\"num{}\" data-key=\"{}\">{}</td>"
                           "<td class=\"num\">{}</td></tr>\n",
                           rto ? "<td>" + esc(name) + "</td>" : std::string("<td></td>"), rto ? "RTO" : "RPO",
                           num_cell(stats, &Summary::p50, key + "/" + measure + "-p50"),
                           num_cell(stats, &Summary::p90, key + "/" + measure + "-p90"),
                           num_cell(stats, &Summary::p99, key + "/" + measure + "-p99"),
                           num_cell(stats, &Summary::max, key + "/" + measure + "-max"), target, met_class,
                           esc(key + "/" + measure + "-met"), met,
                           rto && a.unrecoverable_trials ? fmt::format("{}/{} trials", a.unrecoverable_trials, fr.trials)
                                                         : std::string());
      }
    }
    return out + "</tbody></table>\n";
  }

  std::string distribution(const ApplicationResult& a, bool rto) {
    DistributionData d;
    d.measure = rto ? "RTO" : "RPO";
    d.sorted_s = rto ? std::span<const float>(a.rto_sorted) : std::span<const float>(a.rpo_sorted);
    // RPO samples exist only where the application holds data; its impacted trials that
    // recovered it without data are not in the RPO's denominator.
    d.impacted = rto ? a.impacted_trials : a.rpo_sorted.size() + a.unrecoverable_trials;
    if (a.target) d.target_s = static_cast<double>(rto ? a.target->rto_s : a.target->rpo_s);
    std::string caption;
    const bool recovered_some = a.unrecoverable_trials < a.impacted_trials;
    if (!rto && a.rpo_sorted.empty() && recovered_some)
      return "<p class=\"note\">RPO: the application holds no data (no member has an RPO).</p>\n";
    if (d.impacted == 0) return fmt::format("<p class=\"note\">{}: no impacted trial.</p>\n", d.measure);
    if (d.target_s)
      caption = fmt::format("{}: {:.1f}% of impacted trials {} the {} target{}{}.", d.measure, 100 * breach_share(d),
                            rto ? "exceed" : "lose more data than", dur(*d.target_s),
                            d.sorted_s.empty() ? "" : " (the side beyond it shaded, when in range)",
                            a.unrecoverable_trials ? ", unrecoverable ones included" : "");
    else
      caption = fmt::format("{}: no target for this disruption type.", d.measure);
    return "<div><div class=\"charts\">" + svg_histogram(d) + svg_cdf(d) + "</div><p class=\"caption\">" + esc(caption) +
           "</p></div>\n";
  }

  std::string gates_line(const ApplicationResult& a, const FailureResult& fr, bool rto) {
    const auto& gates = rto ? a.rto_gates : a.rpo_gates;
    if (gates.empty()) return "";
    std::string out = fmt::format("<p>{} set by ", rto ? "RTO" : "RPO");
    for (std::size_t i = 0; i < gates.size() && i < 5; ++i)
      out += fmt::format("{}<code>{}</code> in {:.0f}% of trials", i ? ", " : "", esc(s_.resources[gates[i].resource].id),
                         100.0 * static_cast<double>(gates[i].trials) / static_cast<double>(fr.trials));
    if (gates.size() > 5) out += fmt::format(", and {} others", gates.size() - 5);
    return out + ".</p>\n";
  }

  std::string timeline(const FailureResult& fr, const ApplicationResult& a, std::uint64_t index, const char* which) {
    const models::TrialResult& t = trial(fr.failure, index);
    const models::ApplicationOutcome& o = t.applications[a.index];
    const std::optional<sim::Duration> target =
        a.target ? std::optional<sim::Duration>(a.target->rto_s * sim::kSecond) : std::nullopt;
    const GanttChart chart = application_timeline(s_, prepared_.map, t, a.index, target);
    std::string heading = o.recoverable ? fmt::format("{} (trial {}): RTO {}", which, index, dur_ms(o.rto))
                                        : fmt::format("{} (trial {}): cannot be recovered", which, index);
    std::string out = "<h5>" + esc(heading) + "</h5>\n";
    if (!o.recoverable)
      out += "<p class=\"unrecoverable-text\">" +
             esc(models::blocking_chain_text(s_, prepared_.map, s_.failures[fr.failure], t, o.blocked_by)) + ".</p>\n";
    out += svg_gantt(chart);
    out += fmt::format("<p class=\"caption\">The walkthrough of this trial: <code>drsim walkthrough {} --failure {} "
                       "--seed {} --trial {}</code></p>\n",
                       esc(options_.scenario_file.empty() ? "SCENARIO" : options_.scenario_file),
                       esc(s_.failures[fr.failure].name), r_.seed, index);
    return out;
  }

  std::string application_graph(const FailureResult& fr, const ApplicationResult& a) {
    const models::FleetGraph graph(s_, s_.applications[a.index]);
    GraphStyle style;
    const std::optional<std::uint64_t> shown = a.median_trial ? a.median_trial : a.unrecoverable_trial;
    if (a.median_trial) style.highlight = models::groups_of_path(s_, models::trial_critical_path(s_, trial(fr.failure, *a.median_trial), a.index));
    if (a.unrecoverable_trial) {
      const models::TrialResult& t = trial(fr.failure, *a.unrecoverable_trial);
      for (std::uint32_t g : graph.nodes())
        for (ResourceIndex r = s_.groups[g].first; r < s_.groups[g].first + s_.groups[g].count; ++r)
          if (t.resources[r].status == models::ResourceStatus::unrecoverable) {
            style.unrecoverable.push_back(g);
            break;
          }
    }
    std::string caption = a.median_trial
                              ? fmt::format("In red, the critical path of the median trial (trial {}).", *a.median_trial)
                              : std::string();
    if (a.unrecoverable_trial)
      caption += fmt::format(" Filled red: what cannot be recovered in trial {}.", *a.unrecoverable_trial);
    if (!shown) caption = "Not impacted by this failure.";
    return "<h5>Requires graph</h5>\n" + layout_.svg(s_, graph, style) + "<p class=\"caption\">" + esc(caption) +
           " A double border is a fleet; dashed edges pair fleet members one to one.</p>\n";
  }

  std::string application_section(const FailureResult& fr, std::size_t position) {
    const ApplicationResult& a = fr.applications[position];
    const std::string& name = s_.applications[a.index].name;
    const bool trouble = a.unrecoverable_trials > 0 || (a.target && a.both_met.estimate < 1.0);
    std::string summary = esc(name);
    if (a.impacted_trials == 0) summary += " — not impacted";
    else if (a.unrecoverable_trials == a.impacted_trials) summary += " — <span class=\"breached\">unrecoverable</span>";
    else {
      summary += fmt::format(" — RTO p50 {}, RPO p50 {}", a.rto_s ? dur(a.rto_s->p50) : "—", a.rpo_s ? dur(a.rpo_s->p50) : "—");
      if (a.target)
        summary += fmt::format(", both targets met in <span class=\"{}\">{}</span>",
                               a.both_met.estimate < 1.0 ? "breached" : "met", pct(a.both_met));
      if (a.unrecoverable_trials) summary += fmt::format(", unrecoverable in {} trials", a.unrecoverable_trials);
    }
    std::string out = fmt::format("<details class=\"app\" id=\"failure-{}-application-{}\"{}><summary>{}</summary>\n",
                                  fr.failure, a.index, trouble ? " open" : "", summary);
    if (a.impacted_trials == 0) return out + "<p>The failure does not touch this application.</p></details>\n";
    if (a.target)
      out += fmt::format("<p>Policy{}: RTO {}, RPO {}. Both met in {} of trials; RTO in {}, RPO in {}.</p>\n",
                         s_.applications[a.index].policy_name.empty() ? "" : " " + esc(s_.applications[a.index].policy_name),
                         dur(static_cast<double>(a.target->rto_s)), dur(static_cast<double>(a.target->rpo_s)),
                         pct(a.both_met), pct(a.rto_met), pct(a.rpo_met));
    for (const CauseShare& c : a.causes) {
      const auto chain = models::requirement_path(s_, c.key.blocked_by, c.key.root);
      out += fmt::format("<p class=\"unrecoverable-text\">Unrecoverable in {} of {} trials: {}.</p>\n", c.trials, fr.trials,
                         esc(models::chain_text(s_, prepared_.map, s_.failures[fr.failure], chain, c.key.cause)));
    }
    out += distribution(a, true) + gates_line(a, fr, true);
    out += distribution(a, false) + gates_line(a, fr, false);
    out += "<h4>Recovery timelines</h4>\n";
    if (a.median_trial) out += timeline(fr, a, *a.median_trial, "Median trial");
    const std::optional<std::uint64_t> worst = a.unrecoverable_trial ? a.unrecoverable_trial : a.slowest_trial;
    if (worst && worst != a.median_trial)
      out += timeline(fr, a, *worst, a.unrecoverable_trial ? "Worst trial, unrecoverable" : "Worst trial");
    out += application_graph(fr, a);
    return out + "</details>\n";
  }

  std::string resource_table(const FailureResult& fr) {
    std::vector<ResourceIndex> shown;
    for (ResourceIndex r = 0; r < fr.resources.size(); ++r)
      if (fr.resources[r].impacted_trials > 0) shown.push_back(r);
    // Worst first: unrecoverable trials, then RTO p90.
    const auto p90 = [&](ResourceIndex r) { return fr.resources[r].rto_s ? fr.resources[r].rto_s->p90 : 0.0; };
    std::stable_sort(shown.begin(), shown.end(), [&](ResourceIndex x, ResourceIndex y) {
      if (fr.resources[x].unrecoverable_trials != fr.resources[y].unrecoverable_trials)
        return fr.resources[x].unrecoverable_trials > fr.resources[y].unrecoverable_trials;
      return p90(x) > p90(y);
    });
    std::string out = fmt::format("<h3>Resources</h3>\n<p class=\"caption\">{} impacted resources{}; click a column to "
                                  "sort.</p>\n",
                                  shown.size(),
                                  shown.size() > kResourceRows
                                      ? fmt::format(", the {} with the most unrecoverable trials and the longest RTO p90 "
                                                    "shown (every one is in the results JSON)",
                                                    kResourceRows)
                                      : std::string());
    out += "<table class=\"sortable resources\"><thead><tr><th>resource</th><th>type</th><th>entry</th>"
           "<th class=\"num\">impacted</th><th class=\"num\">unrecoverable</th><th class=\"num\">RTO p50</th>"
           "<th class=\"num\">RTO p90</th><th class=\"num\">RTO max</th><th class=\"num\">RPO p50</th>"
           "<th class=\"num\">RPO p90</th><th class=\"num\">RPO max</th><th>why it cannot be recovered</th></tr></thead>"
           "<tbody>\n";
    for (std::size_t i = 0; i < shown.size() && i < kResourceRows; ++i) {
      const ResourceIndex r = shown[i];
      const ResourceResult& rr = fr.resources[r];
      const models::ResourceGroup& g = s_.group_of(s_.resources[r]);
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num{}\" "
                         "data-v=\"{}\">{}</td>{}{}{}{}{}{}<td>{}</td></tr>\n",
                         esc(s_.resources[r].id), models::to_string(s_.resources[r].type),
                         g.fleet ? fmt::format("fleet {} (×{})", esc(g.id), g.count) : std::string(), rr.impacted_trials,
                         rr.impacted_trials, rr.unrecoverable_trials ? " breached" : "", rr.unrecoverable_trials,
                         rr.unrecoverable_trials, num_cell(rr.rto_s, &Summary::p50), num_cell(rr.rto_s, &Summary::p90),
                         num_cell(rr.rto_s, &Summary::max), num_cell(rr.rpo_s, &Summary::p50),
                         num_cell(rr.rpo_s, &Summary::p90), num_cell(rr.rpo_s, &Summary::max), cause_text(fr, rr));
    }
    return out + "</tbody></table>\n";
  }

  // The most frequent cause of a resource's unrecoverable trials, as its chain to the root.
  std::string cause_text(const FailureResult& fr, const ResourceResult& rr) {
    if (rr.causes.empty()) return "";
    const CauseShare& c = rr.causes.front();
    const auto chain = models::requirement_path(s_, c.key.blocked_by, c.key.root);
    std::string text = esc(models::chain_text(s_, prepared_.map, s_.failures[fr.failure], chain, c.key.cause));
    if (rr.causes.size() > 1) text += fmt::format(" ({} trials; {} other causes)", c.trials, rr.causes.size() - 1);
    return text;
  }

  std::string whole_graph() {
    std::string out = "<h2 id=\"requires-graph\">Requires graph</h2>\n";
    const models::FleetGraph graph(s_);
    if (graph.nodes().size() > kWholeGraphGroups)
      return out + fmt::format("<p class=\"note\">{} resources and fleets: too many to draw on one page; each "
                               "application's own graph is in its section, and <code>drsim graph</code> writes the whole "
                               "one as DOT.</p>\n",
                               graph.nodes().size());
    const std::vector<sim::Duration> weight = prepared_.graph.nominal_restore_weights();
    GraphStyle style;
    style.highlight = models::groups_of_path(s_, prepared_.graph.critical_path(weight));
    style.note = [&](std::uint32_t g) { return models::restore_note(s_, g, weight); };
    return out + layout_.svg(s_, graph, style) +
           "<p class=\"caption\">An edge points from what is recovered first to what requires it. In red, the heaviest "
           "chain of nominal restore times (what no amount of restore concurrency can shorten). A double border is a "
           "fleet.</p>\n";
  }

  const models::Scenario& s_;
  const StudyResult& r_;
  const models::CostEstimate& cost_;
  const HtmlOptions& options_;
  std::optional<PreparedScenario> own_prepared_;  // only when the caller has none; declared before prepared_
  const PreparedScenario& prepared_;
  GraphLayout layout_;
  std::map<std::size_t, std::map<std::uint64_t, models::TrialResult>> trials_;  // failure -> trial -> result
};

}  // namespace

std::string html_page(const std::string& title, const std::string& body) {
  const std::string script(kScript);
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                     "img-src data:; script-src 'sha256-{}'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
                     "<style>{}</style>\n</head>\n<body>\n{}<script>{}</script>\n</body>\n</html>\n",
                     sha256_base64(script), html_escape(title), kStyle, body, script);
}

std::string render_html_report(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost,
                               const HtmlOptions& options) {
  return HtmlReport(s, r, cost, options).render();
}

}  // namespace drsim::analysis
