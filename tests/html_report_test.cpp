// The HTML report (issue 10): the recovery timeline as the walkthrough tells it, the key numbers
// as the results JSON has them, a page that needs nothing from the network, and scenario text
// escaped everywhere. tests/browser/check-html-report.sh loads the same pages in chromium.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analysis/content_hash.hpp"
#include "analysis/gantt.hpp"
#include "analysis/html_escape.hpp"
#include "analysis/reports.hpp"
#include "analysis/study.hpp"
#include "cli_support.hpp"
#include "models/recovery_engine.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using namespace drsim_test;
using Kind = analysis::GanttSegment::Kind;

namespace {

models::Scenario classic() {
  auto r = scenarios::load_scenario_file(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json");
  REQUIRE(r.errors.empty());
  return std::move(*r.scenario);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the Gantt chart of a trial splits each row into the waits and the work, critical path marked") {
  // Trial 0 of the seed scenario's AZ outage (tests/golden/classic-az-outage.walkthrough.txt):
  // detection 5m + declaration 25m, so every restore waits T+0 → T+30m for the declaration.
  // app-volume's DLM snapshot restore runs T+30m → T+35m. orders-db's point-in-time restore
  // runs T+30m → T+2h16m06s (16:23:06 - 14:07:00). app-server requires orders-db: it waits
  // T+30m → T+2h16m06s for it, then relaunches in 5m, to T+2h21m06s. The cutover (2m) ends at
  // the RTO, T+2h23m06s. The critical path: orders-db → app-server → cutover; app-volume is off it.
  const models::Scenario s = classic();
  const analysis::PreparedScenario prepared(s);
  models::TrialResult t;
  models::RecoveryEngine engine(prepared.history, prepared.graph);
  engine.run(*s.find_failure("az-outage"), models::TrialKey{1, 0}, t);
  const analysis::GanttChart chart = analysis::application_timeline(s, prepared.map, t, 0, 4 * sim::kHour);
  constexpr sim::Duration m = sim::kMinute, sec = sim::kSecond;
  CHECK(chart.declared == 30 * m);
  CHECK(chart.rto == 2 * sim::kHour + 23 * m + 6 * sec);
  REQUIRE(chart.rows.size() == 4);
  using Seg = std::vector<std::tuple<Kind, sim::Duration, sim::Duration>>;
  const auto segments = [](const analysis::GanttRow& row) {
    Seg out;
    for (const auto& g : row.segments) out.emplace_back(g.kind, g.from, g.to);
    return out;
  };
  const sim::Duration db_done = 2 * sim::kHour + 16 * m + 6 * sec;
  CHECK(chart.rows[0].label == "app-volume");
  CHECK(segments(chart.rows[0]) == Seg{{Kind::declaration, 0, 30 * m}, {Kind::work, 30 * m, 35 * m}});
  CHECK_FALSE(chart.rows[0].critical);
  CHECK(chart.rows[1].label == "orders-db");
  CHECK(segments(chart.rows[1]) == Seg{{Kind::declaration, 0, 30 * m}, {Kind::work, 30 * m, db_done}});
  CHECK(chart.rows[1].critical);
  CHECK(chart.rows[2].label == "app-server");
  CHECK(segments(chart.rows[2]) == Seg{{Kind::declaration, 0, 30 * m},
                                       {Kind::requirements, 30 * m, db_done},
                                       {Kind::work, db_done, db_done + 5 * m}});
  CHECK(chart.rows[2].critical);
  CHECK(chart.rows[3].label == "cutover");
  CHECK(segments(chart.rows[3]) == Seg{{Kind::cutover, db_done + 5 * m, db_done + 7 * m}});
  const std::string svg = analysis::svg_gantt(chart);
  CHECK(svg.find("<svg class=\"gantt\"") == 0);
  CHECK(count(svg, "class=\"row critical\"") == 3);
  CHECK(svg.find("RTO 2h23m") != std::string::npos);
}

TEST_CASE("the HTML report is one self-contained page whose key numbers are the results JSON's") {
  Sandbox box;
  const std::string seed = std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json";
  const Outcome run = box.drsim("run " + seed + " --trials 200 --json r.json --html r.html");
  REQUIRE(run.status == 0);
  const std::string html = slurp(box.path("r.html"));
  const auto json = nlohmann::json::parse(slurp(box.path("r.json")));
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  // Nothing to fetch: no external scripts, styles, images or links (SVG namespaces are names, not loads).
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("href=\"http") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  // The one script is the one the Content-Security-Policy allows by its hash.
  REQUIRE(count(html, "<script>") == 1);
  const auto open = html.find("<script>") + 8;
  const std::string script = html.substr(open, html.find("</script>") - open);
  CHECK(html.find("script-src 'sha256-" + analysis::sha256_base64(script) + "'") != std::string::npos);

  for (std::size_t fi = 0; fi < json["failures"].size(); ++fi) {
    const auto& f = json["failures"][fi];
    CHECK(html.find(fmt::format("<section id=\"failure-{}\">\n<h2>Failure {}:", fi, f["name"].get<std::string>())) !=
          std::string::npos);
    for (const auto& a : f["applications"]) {
      const std::string key = f["name"].get<std::string>() + "/" + a["name"].get<std::string>();
      for (const char* measure : {"rto", "rpo"})
        for (const char* p : {"p50", "p90", "p99", "max"}) {
          const std::string cell = fmt::format("data-key=\"{}/{}-{}\">{}</td>", key, measure, p,
                                               analysis::human_seconds(a[std::string(measure) + "_s"][p].get<double>()));
          CHECK_MESSAGE(html.find(cell) != std::string::npos, cell);
        }
      const double met = a["compliance"]["rto"]["fraction"].get<double>();
      CHECK(html.find(fmt::format("data-key=\"{}/rto-met\">{:.1f}%", key, 100 * met)) != std::string::npos);
    }
  }
  // Per failure: a histogram and CDF of each measure, timelines, the application's graph; then the whole graph.
  CHECK(count(html, "aria-label=\"RTO histogram\"") == 2);
  CHECK(count(html, "aria-label=\"RPO cumulative distribution\"") == 2);
  CHECK(count(html, "<svg class=\"gantt\"") >= 2);
  CHECK(count(html, "<div class=\"graph\"><svg") == 3);
  CHECK(html.find("<th class=\"num\">RTO p90</th>") != std::string::npos);
}

TEST_CASE("the HTML report shows markup in scenario text as text") {
  Sandbox box;
  auto scenario = nlohmann::json::parse(slurp(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json"));
  std::string text = scenario.dump();
  const auto replace = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  };
  replace("\"orders-db\"", nlohmann::json("<script>alert(1)</script>").dump());
  replace("\"shop\"", nlohmann::json("<img src=x onerror=alert(2)>").dump());
  box.file("hostile.json", text);
  REQUIRE(box.drsim("run hostile.json --trials 20 --html r.html").status == 0);
  const std::string html = slurp(box.path("r.html"));
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(count(html, "<script") == 1);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
  CHECK(analysis::html_escape("a<b>&\"c'\x01") == "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD");
}

TEST_CASE("the sweep's and strategies' HTML pages carry every variant's p95 RTO as the JSON has it") {
  // p95 and its bootstrap interval, printed as "8587s → 2h23m [low–high]": the cell's text
  // starts with the JSON's estimate in the report's duration rule (human_seconds).
  Sandbox box;
  const std::string sweep = std::string(DRSIM_SOURCE_DIR) + "/scenarios/sweeps/classic-schedules.json";
  REQUIRE(box.drsim("sweep " + sweep + " --trials 50 --json s.json --html s.html").status == 0);
  const std::string html = slurp(box.path("s.html"));
  const auto json = nlohmann::json::parse(slurp(box.path("s.json")));
  CHECK(count(html, "<script>") == 1);
  CHECK(html.find("<h2>Answer</h2>") < html.find("<section id=\"failure-0\">"));
  std::size_t cells = 0;
  for (const auto& f : json["failures"])
    for (const auto& a : f["applications"])
      for (const auto& v : a["variants"]) {
        if (!v["present"].get<bool>()) continue;
        const auto& p95 = v["p95_rto_s"]["estimate"];  // null: unrecoverable in over 5% of trials
        const std::string cell = fmt::format("data-key=\"{}/{}/{}/rto-p95\">{} [", f["name"].get<std::string>(),
                                             a["name"].get<std::string>(), v["variant"].get<std::string>(),
                                             p95.is_null() ? "∞" : analysis::human_seconds(p95.get<double>()));
        CHECK_MESSAGE(html.find(cell) != std::string::npos, cell);
        ++cells;
      }
  CHECK(cells == json["variants"].size() * 2);  // two failures, one application
  CHECK(count(html, "aria-label=\"monthly cost against p95 RTO\"") == 2);

  const std::string seed = std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json";
  REQUIRE(box.drsim("strategies " + seed + " --failure region-outage --trials 50 --html st.html").status == 0);
  const std::string strategies = slurp(box.path("st.html"));
  for (const char* name : {"backup &amp; restore (base)", "pilot light", "warm standby", "multi-site"})
    CHECK_MESSAGE(strategies.find(name) != std::string::npos, name);
}
