#pragma once
// `drsim run --html OUT.html`: one self-contained page (no network, no external file) per
// study. Per failure: the findings list; per application, its compliance with the target and
// interval, its RTO and RPO distributions (histogram and CDF, target marked, breach shaded),
// the resources that gate it, the recovery timelines of its median and worst trials as Gantt
// charts with the critical path, and its requires graph laid out by Graphviz; a sortable
// per-resource table; then the whole requires graph (fleets collapsed) and the monthly cost.
// Every string from the scenario is escaped; the page's one script is allowed by its hash
// in the page's Content-Security-Policy, so nothing else could run even if it got in.
#include <string>

#include "analysis/study.hpp"
#include "models/cost_model.hpp"
#include "models/scenario.hpp"

namespace drsim::analysis {

struct HtmlOptions {
  std::string scenario_file;  // shown in the walkthrough commands the page suggests
  // What the study already derived from the scenario (its backup history replays the median
  // and worst trials); null: the report derives it again.
  const PreparedScenario* prepared = nullptr;
};

std::string render_html_report(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost,
                               const HtmlOptions& options);

// The page's parts that the sweep and strategy reports reuse.
std::string html_page(const std::string& title, const std::string& body);  // head, style, script, CSP

}  // namespace drsim::analysis
