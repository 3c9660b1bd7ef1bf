// The plan-shape benchmark: the backup plans users write, each applied to every resource of
// a small estate, with the failure drawn over a day at 1 day, 30 days, 1 year and 3 years
// after the epoch. It measures the CPU cost per resource-trial of the trials alone (the
// once-per-scenario precomputation in its own column) and compares every shape with the
// single-rule plan and every offset with the shape's own 1-day row. Targets (issue 7): every
// shape within 2x of the single rule, every shape's offsets within 1.5x of each other. It is
// run by hand and reported in notes, never as a test.
//
//   plan_shapes [--resources 200] [--trials 2000] [--shape NAME ...] [--offsets 1,30,365,1095]
//
// Method, and why:
// - One thread and CPU time (CLOCK_PROCESS_CPUTIME_ID): the figure is the work per
//   resource-trial, whatever else the machine does.
// - The precomputation (ProtectionMap + BackupHistory: rule firings, the copy-job queue, the
//   safe window starts; the requires graph) is paid once per scenario and grows with the
//   horizon by design; the trials must not. So it is built first, timed in its own column,
//   and the trials are timed alone (run_study with the precomputed parts).
// - Each failure (AZ loss and Region loss) is drawn uniformly over one day, so every time of
//   day relative to the schedules is sampled.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <date/date.h>
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "analysis/study.hpp"
#include "bench/cpu_time.hpp"
#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "models/requires_graph.hpp"
#include "scenarios/loader.hpp"

namespace {

using json = nlohmann::json;

struct Options {
  std::uint64_t resources = 200;
  std::uint64_t trials = 2000;
  std::vector<std::string> shapes;  // empty: all
  std::vector<int> offsets_days = {1, 30, 365, 1095};
};

using drsim::bench::cpu_seconds;

std::string instant_after_epoch(int days) {
  using namespace std::chrono;
  const sys_seconds epoch = date::sys_days{date::year{2026} / 1 / 1};
  return date::format("%FT%TZ", epoch + date::days{days});
}

json rule(const std::string& name, const std::string& cron, int delete_after_days, bool copy, int start_window = 60,
          int completion_window = 480) {
  json r = {{"RuleName", name},
            {"TargetBackupVaultName", "prod"},
            {"ScheduleExpression", cron},
            {"StartWindowMinutes", start_window},
            {"CompletionWindowMinutes", completion_window},
            {"Lifecycle", {{"DeleteAfterDays", delete_after_days}}}};
  if (copy)
    r["CopyActions"] = json::array(
        {{{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:123456789012:backup-vault:dr"},
          {"Lifecycle", {{"DeleteAfterDays", delete_after_days}}}}});
  return r;
}

json plan(const std::string& name, json rules) {
  return {{"region", "us-east-1"},
          {"BackupPlan", {{"BackupPlanName", name}, {"Rules", std::move(rules)}}},
          {"Selections", json::array({{{"SelectionName", "all"}, {"Resources", json::array({"*"})}}})}};
}

struct Shape {
  const char* name;
  const char* what;
  const char* type;  // of every resource
  json (*plans)();
  json (*protections)();
  json (*models)();
};

json no_protections() { return json::array(); }
// A start delay, so that every trial's history differs (AWS only promises a start within the
// window; the generated fleets use the same).
json delayed_models() { return {{"backup_job", {{"start_delay", {{"uniform", {"0s", "10m"}}}}}}}; }

// The delayed models with EBS backups whose fixed part is uniform over [lo, hi].
json long_job_models(const char* lo, const char* hi) {
  json m = delayed_models();
  m["ebs"] = {{"backup", {{"fixed", {{"uniform", {lo, hi}}}}, {"mib_per_s", 200}}}};
  return m;
}

const Shape kShapes[] = {
    {"daily", "one daily rule with a cross-Region copy (the reference)", "ebs",
     [] { return json::array({plan("daily", json::array({rule("daily", "cron(0 5 ? * * *)", 35, true)}))}); },
     no_protections, delayed_models},
    {"hourly", "one hourly rule", "ebs",
     [] { return json::array({plan("hourly", json::array({rule("hourly", "cron(0 * ? * * *)", 2, false)}))}); },
     no_protections, delayed_models},
    {"hourly+daily", "hourly and daily at the same minute, one plan (merged), daily copied", "ebs",
     [] {
       return json::array({plan("hd", json::array({rule("hourly", "cron(0 * ? * * *)", 2, false),
                                                   rule("daily", "cron(0 5 ? * * *)", 35, true)}))});
     },
     no_protections, delayed_models},
    {"4h+d+w+m", "4-hourly, daily, weekly and monthly in one plan; the last three copied", "ebs",
     [] {
       return json::array({plan("gfs", json::array({rule("4h", "cron(0 0/4 * * ? *)", 2, false),
                                                    rule("daily", "cron(0 5 ? * * *)", 35, true),
                                                    rule("weekly", "cron(0 5 ? * SUN *)", 90, true),
                                                    rule("monthly", "cron(0 5 1 * ? *)", 365, true)}))});
     },
     no_protections, delayed_models},
    {"two-plans", "two plans selecting the same resources: daily + copy, and 12-hourly", "ebs",
     [] {
       return json::array({plan("a", json::array({rule("daily", "cron(0 5 ? * * *)", 35, true)})),
                           plan("b", json::array({rule("12h", "cron(0 5/12 * * ? *)", 7, false)}))});
     },
     no_protections, delayed_models},
    {"long-jobs", "4-hourly, 8 h start window, jobs of 1-5 h: some overlap the next firing", "ebs",
     [] { return json::array({plan("long", json::array({rule("4h", "cron(0 0/4 * * ? *)", 7, true, 480, 1440)}))}); },
     no_protections,
     [] { return long_job_models("1h", "5h"); }},
    {"saturated", "hourly, 8 h start window, jobs of 80-100 min: every job overlaps the next (never idle)", "ebs",
     [] { return json::array({plan("sat", json::array({rule("hourly", "cron(0 * ? * * *)", 3, true, 480, 1440)}))}); },
     no_protections,
     [] { return long_job_models("80m", "100m"); }},
    {"continuous+snap", "RDS: continuous backup and a daily snapshot rule with a copy", "rds",
     [] {
       json pitr = rule("pitr", "cron(0 1 ? * * *)", 35, false);
       pitr["EnableContinuousBackup"] = true;
       return json::array({plan("pitr", json::array({pitr})),
                           plan("snap", json::array({rule("daily", "cron(0 5 ? * * *)", 35, true)}))});
     },
     no_protections, delayed_models},
    {"dlm+backup", "DLM every 12 h with a copy, and an AWS Backup daily rule, on each volume", "ebs",
     [] { return json::array({plan("daily", json::array({rule("daily", "cron(0 5 ? * * *)", 35, true)}))}); },
     [] {
       return json::array({{{"kind", "dlm_snapshots"}, {"resources", json::array({"vol"})}, {"every", "12h"},
                            {"retain", 14}, {"copy_to", "us-west-2"}}});
     },
     delayed_models},
    {"copy-limit", "4-hourly with copies, 10 concurrent copy jobs for the whole estate (copies queue)", "ebs",
     [] { return json::array({plan("4h", json::array({rule("4h", "cron(0 0/4 * * ? *)", 7, true)}))}); },
     no_protections,
     [] {
       json m = delayed_models();
       m["copy_jobs"] = {{"concurrent_per_region", 10}};
       return m;
     }},
};

json scenario(const Shape& shape, std::uint64_t resources, int offset_days) {
  json s = {{"drsim", 1},
            {"name", fmt::format("shape-{}", shape.name)},
            {"epoch", "2026-01-01T00:00:00Z"},
            {"regions", json::array({{{"name", "us-east-1"}, {"azs", {"us-east-1a", "us-east-1b"}}},
                                     {{"name", "us-west-2"}, {"azs", {"us-west-2a", "us-west-2b"}}}})},
            {"vaults", json::array({{{"name", "prod"}, {"region", "us-east-1"}}, {{"name", "dr"}, {"region", "us-west-2"}}})}};
  json r = {{"id", "vol"},
            {"type", shape.type},
            {"region", "us-east-1"},
            {"az", json::array({"us-east-1a", "us-east-1b"})},
            {"count", resources},
            {"size_gb", 300},
            {"change_gb_per_day", 12}};
  s["resources"] = json::array({r});
  s["backup_plans"] = shape.plans();
  s["protections"] = shape.protections();
  s["models"] = shape.models();
  s["recovery"] = {{"detection", "5m"},
                   {"declaration", "25m"},
                   {"failover_regions", {{"us-east-1", "us-west-2"}}},
                   {"pools", json::array({{{"name", "restores"}, {"capacity", 50}, {"per", "region"}}})}};
  const json at = {{"uniform", {instant_after_epoch(offset_days), instant_after_epoch(offset_days + 1)}}};
  s["failures"] = json::array({{{"name", "az-loss"}, {"scope", "az"}, {"target", "us-east-1a"}, {"at", at}},
                               {{"name", "region-loss"}, {"scope", "region"}, {"target", "us-east-1"}, {"at", at}}});
  return s;
}

struct Row {
  double precompute_s = 0;
  double trials_s = 0;
  double ns_per_resource_trial = 0;
};

Row measure(const Shape& shape, const Options& o, int offset_days) {
  auto loaded = drsim::scenarios::load_scenario_text(scenario(shape, o.resources, offset_days).dump(),
                                                      fmt::format("{}-{}d.json", shape.name, offset_days));
  if (!loaded.scenario)
    throw std::runtime_error(loaded.errors.empty() ? "did not load" : drsim::scenarios::to_string(loaded.errors[0]));
  const drsim::models::Scenario& s = *loaded.scenario;
  Row row;
  const double p0 = cpu_seconds();
  const drsim::models::ProtectionMap map(s);
  const drsim::models::BackupHistory history(s, map, s.latest_failure_instant());
  const drsim::models::RequiresGraph graph(s);
  row.precompute_s = cpu_seconds() - p0;
  const drsim::analysis::StudyOptions study{.seed = 1, .trials = o.trials, .threads = 1};
  const double t0 = cpu_seconds();
  const auto result = drsim::analysis::run_study(s, history, graph, {0, 1}, study);
  row.trials_s = cpu_seconds() - t0;
  // Two failures, each every resource in every trial.
  row.ns_per_resource_trial = row.trials_s * 1e9 / static_cast<double>(2 * o.resources * o.trials);
  return row;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = text.find(',', at);
    out.push_back(text.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "plan_shapes: %s\nusage: plan_shapes [--resources N] [--trials T] [--shape NAME ...] "
               "[--offsets DAYS,...]\nshapes:",
               why);
  for (const Shape& s : kShapes) std::fprintf(stderr, " %s", s.name);
  std::fprintf(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (i + 1 >= argc) return usage("every option takes a value");
      const std::string value = argv[++i];
      if (arg == "--resources") {
        o.resources = std::stoull(value);
      } else if (arg == "--trials") {
        o.trials = std::stoull(value);
      } else if (arg == "--shape") {
        o.shapes.push_back(value);
      } else if (arg == "--offsets") {
        o.offsets_days.clear();
        for (const std::string& d : split(value)) o.offsets_days.push_back(std::stoi(d));
      } else {
        return usage("unknown option");
      }
    }
    if (o.resources == 0 || o.trials == 0 || o.offsets_days.empty()) return usage("resources, trials and offsets must be > 0");
  } catch (const std::exception&) {
    return usage("expected a number");
  }

  std::printf("drsim plan-shape benchmark: %llu resources x %llu trials, AZ and Region loss drawn over a day, 1 thread, CPU time\n",
              static_cast<unsigned long long>(o.resources), static_cast<unsigned long long>(o.trials));
  std::printf("ns/rt: CPU nanoseconds per resource-trial of the trials alone; x daily: against the single daily rule at the "
              "same offset; x 1st: against the shape's first offset\n\n");
  std::printf("%-16s %7s %13s %9s %8s %8s\n", "shape", "offset", "precompute s", "ns/rt", "x daily", "x 1st");
  std::vector<double> reference(o.offsets_days.size(), 0);
  double worst_shape = 0, worst_offset = 0;
  for (const Shape& shape : kShapes) {
    const bool wanted = o.shapes.empty() || std::find(o.shapes.begin(), o.shapes.end(), shape.name) != o.shapes.end();
    if (!wanted && std::string(shape.name) != "daily") continue;
    double first = 0;
    for (std::size_t k = 0; k < o.offsets_days.size(); ++k) {
      Row row;
      try {
        row = measure(shape, o, o.offsets_days[k]);
      } catch (const std::exception& e) {
        std::printf("%-16s %6dd  error: %s\n", shape.name, o.offsets_days[k], e.what());
        continue;
      }
      if (std::string(shape.name) == "daily") reference[k] = row.ns_per_resource_trial;
      if (k == 0) first = row.ns_per_resource_trial;
      const double vs_daily = reference[k] > 0 ? row.ns_per_resource_trial / reference[k] : 0;
      const double vs_first = first > 0 ? row.ns_per_resource_trial / first : 0;
      worst_shape = std::max(worst_shape, vs_daily);
      worst_offset = std::max(worst_offset, std::max(vs_first, vs_first > 0 ? 1 / vs_first : 0));
      std::printf("%-16s %6dd %13.3f %9.0f %8.2f %8.2f\n", shape.name, o.offsets_days[k], row.precompute_s,
                    row.ns_per_resource_trial, vs_daily, vs_first);
    }
  }
  std::printf("\nworst shape / daily: %.2fx (target <= 2); worst spread over offsets: %.2fx (target <= 1.5)\n", worst_shape,
              worst_offset);
  for (const Shape& s : kShapes) std::printf("  %-16s %s\n", s.name, s.what);
  return 0;
}
