// The drsim binary as a user runs it: exit statuses, where messages go, files it writes.
#include <doctest/doctest.h>

#include "cli_support.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace drsim_test;

namespace {

const std::string kSeed = std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json";

}  // namespace

TEST_CASE("validate: a good scenario exits 0 and says so") {
  Sandbox box;
  const auto r = box.drsim("validate " + kSeed);
  CHECK(r.status == 0);
  CHECK(r.out.find("valid") != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("bad input: exit status 2 and a message naming where") {
  Sandbox box;
  SUBCASE("missing file") {
    const auto r = box.drsim("validate " + box.path("nope.json").string());
    CHECK(r.status == 2);
    CHECK(r.err.find("nope.json") != std::string::npos);
  }
  SUBCASE("JSON syntax error: line:column") {
    const auto f = box.file("syntax.json", "{\n  \"drsim\": 1,\n  \"name\": \"x\"\n  \"regions\": []\n}\n");
    const auto r = box.drsim("validate " + f.string());
    CHECK(r.status == 2);
    CHECK(r.err.find("syntax.json:4:") != std::string::npos);  // the column is where the parser stopped
  }
  SUBCASE("unknown key: JSON pointer and did-you-mean") {
    std::string seed = slurp(kSeed);
    seed.replace(seed.find("\"requires\""), 10, "\"reqiures\"");
    const auto f = box.file("typo.json", seed);
    const auto r = box.drsim("validate " + f.string());
    CHECK(r.status == 2);
    CHECK(r.err.find("typo.json:/resources/0/reqiures") != std::string::npos);
    CHECK(r.err.find("did you mean \"requires\"") != std::string::npos);
  }
  SUBCASE("member-wise requires between fleets of different counts") {
    const auto f = box.file("pairs.json", R"js({"drsim": 1, "name": "pairs",
      "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
      "resources": [{"id": "vol", "count": 4, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"},
                    {"id": "web", "count": 3, "type": "ec2", "region": "us-east-1", "az": "us-east-1a",
                     "requires": [{"matching": "vol"}]}],
      "recovery": {},
      "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:00:00Z"}]})js");
    const auto r = box.drsim("validate " + f.string());
    CHECK(r.status == 2);
    CHECK(r.err.find("pairs.json:/resources/1/requires/0/matching: fleet \"web\" has 3 members but fleet \"vol\" has 4") !=
          std::string::npos);
  }
  SUBCASE("unknown failure name on the command line") {
    const auto r = box.drsim("run " + kSeed + " --failure region-outgae");
    CHECK(r.status == 2);
    CHECK(r.err.find("did you mean \"region-outage\"") != std::string::npos);
  }
  SUBCASE("bad command-line value") {
    CHECK(box.drsim("run " + kSeed + " --trials 0").status == 2);
    CHECK(box.drsim("frobnicate").status == 2);
  }
  SUBCASE("not JSON at all, empty file, directory") {
    CHECK(box.drsim("validate " + box.file("bin.json", std::string("\x00\xff\x01", 3)).string()).status == 2);
    CHECK(box.drsim("validate " + box.file("empty.json", "").string()).status == 2);
    CHECK(box.drsim("validate " + box.path("").string()).status == 2);
  }
}

TEST_CASE("--help exits 0 and teaches the commands") {
  Sandbox box;
  const auto r = box.drsim("--help");
  CHECK(r.status == 0);
  for (const char* word : {"validate", "run", "walkthrough", "graph", "Examples"})
    CHECK(r.out.find(word) != std::string::npos);
}

TEST_CASE("run --json writes the documented results shape with the hand-computed seed values") {
  Sandbox box;
  const auto out = box.path("results.json");
  const auto r = box.drsim("run " + kSeed + " --json " + out.string() + " --csv " + box.path("trials.csv").string());
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(slurp(out));
  CHECK(j["format"] == "drsim-results");
  CHECK(j["version"] == 1);
  REQUIRE(j["failures"].size() == 2);

  // AZ outage. orders-db: PITR to 14:05 (RPO 2m); restore 20m + 500 GiB at 100 MiB/s (1h25m20s)
  // + replay of the changes logged since its 03:00 snapshot at 10 GB/day. That snapshot starts
  // within the 03:00-03:30 window, so the replay covers 10h35m-11h05m (4515-4729 MiB: 45-47 s).
  // After 30m of detection and declaration app-server relaunches (5m) once it is up; cutover
  // 2m: RTO 2h23m05s-2h23m07s = 8585-8587 s. RPO: app-volume's 12:00 DLM snapshot, which
  // starts within the hour after 12:00 ("within a one-hour window following the specified
  // time"): 1h07m-2h07m (4020-7620 s), breaching the 1h target in every case.
  const auto& az = j["failures"][0];
  CHECK(az["name"] == "az-outage");
  CHECK(az["scope"] == "az");
  CHECK(az["target"] == "us-east-1a");
  const auto& shop_az = az["applications"][0];
  CHECK(shop_az["name"] == "shop");
  for (const char* stat : {"min", "mean", "p50", "p90", "p95", "p99", "max"}) {
    CHECK(shop_az["rto_s"][stat] >= 8585.0);
    CHECK(shop_az["rto_s"][stat] <= 8587.0);
    CHECK(shop_az["rpo_s"][stat] > 4020.0);
    CHECK(shop_az["rpo_s"][stat] <= 7620.0);
    CHECK(shop_az["rpo_s"][stat] == shop_az["rpo_s"]["p50"]);  // one trial: every statistic is that trial's
  }
  CHECK(shop_az["compliance"]["rto"]["fraction"] == 1.0);
  CHECK(shop_az["compliance"]["rpo"]["fraction"] == 0.0);
  CHECK(shop_az["rto_gates"][0]["resource"] == "app-server");
  CHECK(shop_az["rpo_gates"][0]["resource"] == "app-volume");

  // Region outage. shared-files: 10m + 1000 GiB at 50 MiB/s (5h41m20s) from the dr-vault copy,
  // up at 30m + 5h51m20s; app-server 5m later, cutover 2m: 6h28m20s = 23300 s. RPO: the EFS
  // copy of the 05:00 backup, 9h07m = 32820 s.
  const auto& region = j["failures"][1];
  CHECK(region["disruption"] == "Region");
  CHECK(region["applications"][0]["rto_s"]["p50"] == 23300.0);
  CHECK(region["applications"][0]["rpo_s"]["p50"] == 32820.0);
  CHECK(region["fleet"]["resources"] == 5);
  CHECK(region["fleet"]["impacted"] == 5);
  CHECK(region["fleet"]["unrecoverable"] == 0);
  REQUIRE(region["resources"].size() == 5);
  CHECK(region["resources"][4]["id"] == "shared-files");
  CHECK(region["resources"][4]["rpo_s"]["max"] == 32820.0);

  const std::string csv = slurp(box.path("trials.csv"));
  CHECK(csv.find("failure,trial,application") == 0);
  CHECK(csv.find("region-outage,0,shop,1,1,23300.000,32820.000,86400,86400,1,1,app-server,shared-files") != std::string::npos);
}

TEST_CASE("graph prints DOT with the critical path marked") {
  Sandbox box;
  const auto r = box.drsim("graph " + kSeed);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("digraph") != std::string::npos);
  CHECK(r.out.find("color=red") != std::string::npos);
  CHECK(r.out.find("shared-files") != std::string::npos);
}

TEST_CASE("graph draws a fleet as one node with its count; --expand-fleets draws every member") {
  // The generated 60-resource fleet (seed 3) is written as fewer /resources entries than
  // resources: collapsed, the DOT has one node per entry; expanded, one per resource.
  Sandbox box;
  REQUIRE(box.drsim("generate --resources 60 --seed 3 --out fleet.json").status == 0);
  const auto scenario = nlohmann::json::parse(slurp(box.path("fleet.json")));
  const auto nodes = [](const std::string& dot) {
    std::size_t n = 0;
    for (auto at = dot.find("[label="); at != std::string::npos; at = dot.find("[label=", at + 1)) ++n;
    return n;
  };
  const auto collapsed = box.drsim("graph fleet.json");
  REQUIRE(collapsed.status == 0);
  CHECK(nodes(collapsed.out) == scenario["resources"].size());
  CHECK(collapsed.out.find("loyalty-001-web\\nec2 ×12") != std::string::npos);  // a fleet of 12 web servers
  CHECK(collapsed.out.find("peripheries=2") != std::string::npos);
  CHECK(collapsed.out.find("color=red") != std::string::npos);
  const auto expanded = box.drsim("graph fleet.json --expand-fleets");
  REQUIRE(expanded.status == 0);
  CHECK(nodes(expanded.out) == 60u);
}

TEST_CASE("validate: warnings are printed with their place and exit 0; --strict makes them errors (exit 2)") {
  Sandbox box;
  // AWS accepts a cold-storage setting on RDS backups and ignores it.
  const auto f = box.file("ignored.json", R"js({
    "drsim": 1, "name": "ignored",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"}],
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "r", "TargetBackupVaultName": "v", "Lifecycle": {"MoveToColdStorageAfterDays": 7, "DeleteAfterDays": 97}}]},
      "Selections": [{"SelectionName": "s", "Resources": ["db"]}]}],
    "recovery": {},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"}]})js");
  const Outcome plain = box.drsim("validate " + f.string());
  CHECK(plain.status == 0);
  CHECK(plain.err.find(f.string() + ":/backup_plans/0/BackupPlan/Rules/0/Lifecycle/MoveToColdStorageAfterDays: warning: ") !=
        std::string::npos);
  CHECK(plain.out.find("valid") != std::string::npos);
  const Outcome strict = box.drsim("validate --strict " + f.string());
  CHECK(strict.status == 2);
  CHECK(strict.err.find("--strict: 1 warning counts as errors") != std::string::npos);
  CHECK(box.drsim("run --strict " + f.string()).status == 2);
  CHECK(box.drsim("run " + f.string()).status == 0);
}

TEST_CASE("sweep: the bundled example answers first and writes its JSON and CSV; bad sweeps exit 2 with the place") {
  Sandbox box;
  const std::string sweep = std::string(DRSIM_SOURCE_DIR) + "/scenarios/sweeps/classic-schedules.json";
  // The sweep file's 500 trials: with fewer, the AZ outage's compliance interval is too wide to
  // clear its 80% lower bound, and no variant meets the constraints with confidence.
  const auto r = box.drsim("sweep " + sweep + " --bootstrap 100 --threads 2 --json " +
                           box.path("s.json").string() + " --csv " + box.path("s.csv").string());
  CHECK(r.status == 0);
  // The answer leads: the cheapest variant meeting both constraints (docs/sweeps.md).
  const auto answer = r.out.find("Answer:");
  REQUIRE(answer != std::string::npos);
  CHECK(answer < r.out.find("Findings"));
  CHECK(r.out.find("best: \"efs schedule=cron(0 5 ? * * *), dlm every=1h\"") != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(box.path("s.json")));
  CHECK(j["drsim_comparison"] == 1);
  CHECK(j["decision"]["best"] == "efs schedule=cron(0 5 ? * * *), dlm every=1h");
  CHECK(j["variants"].size() == 19);
  const std::string csv = slurp(box.path("s.csv"));
  CHECK(csv.rfind("variant,efs schedule,dlm every,named_variant,monthly_cost_usd,failure,application,metric,", 0) == 0);
  // 19 variants x 2 failures x 1 application x 3 metrics, plus the header.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 19 * 2 * 3 + 1);

  const auto bad = box.file("bad.json", R"({"drsim_sweep": 1, "base": ")" + kSeed + R"(",
    "parameters": [{"name": "slots", "pointer": "/recovery/pools/0/capacity", "values": [0]}]})");
  const auto b = box.drsim("sweep " + bad.string());
  CHECK(b.status == 2);
  CHECK(b.err.find("bad.json:/parameters/0: variant \"slots=0\"") != std::string::npos);
  CHECK(b.out.empty());
}

TEST_CASE("compare: two files, cost beside RTO and RPO; a missing file exits 2") {
  Sandbox box;
  const auto r = box.drsim("compare " + kSeed + " " + kSeed + " --trials 20 --bootstrap 100");
  CHECK(r.status == 0);
  CHECK(r.out.find("monthly cost") != std::string::npos);
  // Two files of one name are told apart by their paths.
  CHECK(r.out.find(kSeed) != std::string::npos);
  const auto missing = box.drsim("compare " + kSeed + " " + box.path("nope.json").string());
  CHECK(missing.status == 2);
  CHECK(missing.err.find("nope.json: cannot open the file") != std::string::npos);
}

TEST_CASE("strategies: the seed's four strategies side by side, identical for any thread count; --save writes runnable scenarios") {
  Sandbox box;
  const std::string args = "strategies " + kSeed + " --trials 50 --bootstrap 100 --failure region-outage";
  const auto one = box.drsim(args + " --threads 1 --json " + box.path("one.json").string() + " --save " + box.path("").string());
  const auto two = box.drsim(args + " --threads 2 --json " + box.path("two.json").string());
  REQUIRE(one.status == 0);
  CHECK(one.out == two.out);
  CHECK(slurp(box.path("one.json")) == slurp(box.path("two.json")));
  // Findings lead, then the table with every strategy.
  CHECK(one.out.find("Findings") < one.out.find("Failure region-outage"));
  for (const char* name : {"backup & restore", "pilot light", "warm standby", "multi-site"})
    CHECK(one.out.find(name) != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(box.path("one.json")));
  CHECK(j["drsim_strategies"] == 1);
  REQUIRE(j["strategies"].size() == 4);
  const auto& rows = j["failures"][0]["applications"][0]["strategies"];
  REQUIRE(rows.size() == 4);
  // Pilot light by hand: 5m + 25m + promotion 10m + launch 5m + health checks 2m30s + cutover 2m.
  CHECK(rows[1]["rto_p50_s"] == 2970.0);
  CHECK(rows[1]["rto_band"] == "within");
  CHECK(rows[0]["control_plane_steps"].back()["in_failed_region"] == true);
  // A saved strategy runs like any scenario.
  const auto saved = box.path("classic-backup-restore-warm-standby.json");
  CHECK(box.drsim("validate " + saved.string()).status == 0);
  const auto run = box.drsim("run " + saved.string() + " --failure region-outage");
  CHECK(run.status == 0);
  CHECK(run.out.find("standby serving") != std::string::npos);
  // Bad input: a missing file, an unknown failure.
  CHECK(box.drsim("strategies " + box.path("nope.json").string()).status == 2);
  const auto unknown = box.drsim("strategies " + kSeed + " --failure nope");
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("no failure named \"nope\"") != std::string::npos);
}
