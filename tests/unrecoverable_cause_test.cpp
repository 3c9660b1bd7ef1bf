// An unrecoverable application names its whole chain to the root of the cause, in the
// walkthrough and in the trial CSV, and the CSV's gate columns stay empty in its unrecoverable
// trials (issue 10, "Findings first").
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using namespace drsim_test;

namespace {

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

TEST_CASE("an unrecoverable application's chain is named to its root, in the walkthrough and the trial CSV") {
  // The generated 60-resource fleet (seed 3): loyalty-001's web tier requires its app tier,
  // which requires its database loyalty-001-db1. The generator gives that database backups in
  // us-east-1 only (validate warns that no protection of it keeps a point outside the failed
  // Region), so a loss of us-east-1 leaves it with no usable point, and the chain stops there.
  Sandbox box;
  REQUIRE(box.drsim("generate --resources 60 --seed 3 --out fleet.json").status == 0);
  const Outcome validate = box.drsim("validate fleet.json");
  CHECK(validate.err.find("\"loyalty-001-db1\" is impacted by failure \"region-loss\" and no protection of it keeps a "
                          "recovery point outside the failed Region") != std::string::npos);

  const Outcome walk = box.drsim("walkthrough fleet.json --failure region-loss");
  REQUIRE(walk.status == 0);
  CHECK(walk.out.find("cannot recover: loyalty-001-web-01 requires loyalty-001-app-01, which requires loyalty-001-db1, "
                      "which has no usable recovery point outside us-east-1 (nothing copies or replicates it out of "
                      "that Region).") != std::string::npos);
  CHECK(walk.out.find("loyalty-001-db1 cannot be recovered: it has no usable recovery point outside us-east-1") !=
        std::string::npos);
  CHECK(walk.out.find("loyalty-001-app-01 cannot be recovered: it requires loyalty-001-db1, which has no usable") !=
        std::string::npos);

  // Both failures: the fleet's one application is recovered from the AZ loss in every trial and
  // from the Region loss in none.
  REQUIRE(box.drsim("run fleet.json --trials 4 --csv trials.csv").status == 0);
  const std::string csv = slurp(box.path("trials.csv"));
  std::stringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  CHECK(line ==
        "failure,trial,application,impacted,recoverable,rto_s,rpo_s,rto_target_s,rpo_target_s,rto_met,rpo_met,rto_gate,"
        "rpo_gate,blocked_by,unrecoverable_root,unrecoverable_cause");
  std::size_t blocked_rows = 0, recovered_rows = 0;
  while (std::getline(lines, line)) {
    const auto f = csv_fields(line);
    REQUIRE(f.size() == 16);
    if (f[3] == "1" && f[4] == "0") {
      ++blocked_rows;
      CHECK(f[11].empty());  // no gate: nothing recovered it
      CHECK(f[12].empty());
      CHECK_FALSE(f[13].empty());
      CHECK_FALSE(f[14].empty());
      CHECK_FALSE(f[15].empty());
      if (f[2] == "loyalty-001") {
        CHECK(f[13] == "loyalty-001-web-01");
        CHECK(f[14] == "loyalty-001-db1");
        CHECK(f[15] == "no_usable_point");
      }
    } else if (f[3] == "1") {
      ++recovered_rows;
      CHECK_FALSE(f[11].empty());
      CHECK(f[13].empty());
      CHECK(f[15].empty());
    }
  }
  CHECK(blocked_rows == 4);  // the Region loss, 4 trials
  CHECK(recovered_rows == 4);  // the AZ loss

  // The summary says an application no trial recovers is unrecoverable, not "over 0 trials".
  const Outcome run = box.drsim("run fleet.json --trials 4 --failure region-loss");
  CHECK(run.out.find("loyalty-001: unrecoverable in all 4 impacted trials, so it has no RTO or RPO distribution") !=
        std::string::npos);
  CHECK(run.out.find("over 0 impacted trials") == std::string::npos);
  // Findings come first: the application, its count of trials, and the chain to the root.
  const auto findings = run.out.find("  Findings\n");
  REQUIRE(findings != std::string::npos);
  CHECK(findings < run.out.find("  application    measure"));
  CHECK(run.out.find("  - 1 of 1 applications cannot be recovered in some trials, from 1 root cause:\n"
                     "      loyalty-001-db1 has no usable recovery point outside us-east-1 (nothing copies or replicates "
                     "it out of that Region)\n"
                     "        loyalty-001 in 4 of 4 trials: loyalty-001-web-01 requires loyalty-001-app-01, which "
                     "requires loyalty-001-db1\n") != std::string::npos);

  // The JSON groups the unrecoverable trials by cause, with the chain and its explanation.
  REQUIRE(box.drsim("run fleet.json --trials 4 --failure region-loss --json r.json").status == 0);
  const auto json = nlohmann::json::parse(slurp(box.path("r.json")));
  const auto& app = json["failures"][0]["applications"][0];
  REQUIRE(app["name"] == "loyalty-001");
  REQUIRE(app["unrecoverable_causes"].size() == 1u);
  const auto& cause = app["unrecoverable_causes"][0];
  CHECK(cause["trials"] == 4u);
  CHECK(cause["blocked_by"] == "loyalty-001-web-01");
  CHECK(cause["root"] == "loyalty-001-db1");
  CHECK(cause["cause"] == "no_usable_point");
  CHECK(cause["chain"] == nlohmann::json::array({"loyalty-001-web-01", "loyalty-001-app-01", "loyalty-001-db1"}));
  CHECK(cause["explanation"].get<std::string>().find("loyalty-001-web-01 requires loyalty-001-app-01, which requires") == 0);

  // Each unrecoverable resource names its own chain to the root, counted over its trials: the
  // app tier's members require the database, which is the root itself.
  bool app_tier = false, database = false;
  for (const auto& r : json["failures"][0]["resources"]) {
    if (r["unrecoverable"] == 0u) {
      CHECK(r["unrecoverable_causes"].empty());
      continue;
    }
    REQUIRE_FALSE(r["unrecoverable_causes"].empty());
    std::uint64_t trials = 0;
    for (const auto& c : r["unrecoverable_causes"]) trials += c["trials"].get<std::uint64_t>();
    CHECK(trials == r["unrecoverable"].get<std::uint64_t>());
    if (r["id"] == "loyalty-001-app-01") {
      app_tier = true;
      const auto& c = r["unrecoverable_causes"][0];
      CHECK(c["root"] == "loyalty-001-db1");
      CHECK(c["cause"] == "no_usable_point");
      CHECK(c["chain"] == nlohmann::json::array({"loyalty-001-app-01", "loyalty-001-db1"}));
      CHECK(c["trials"] == 4u);
    }
    if (r["id"] == "loyalty-001-db1") {
      database = true;
      CHECK(r["unrecoverable_causes"][0]["chain"] == nlohmann::json::array({"loyalty-001-db1"}));
    }
  }
  CHECK(app_tier);
  CHECK(database);

  // One trial: the resource table says the whole chain, not only the first step.
  const Outcome one = box.drsim("run fleet.json --failure region-loss --trials 1");
  REQUIRE(one.status == 0);
  CHECK(one.out.find("requires loyalty-001-db1, which has no usable recovery point outside us-east-1") != std::string::npos);
  CHECK(one.out.find("(unrecoverable)") == std::string::npos);
}

TEST_CASE("findings group a root cause across the applications it blocks, and name the gates of missed targets") {
  // The classic seed without the EFS plan's cross-Region copy: shared-files keeps its backups
  // in us-east-1 only, so the Region outage leaves it with no usable point. Two applications
  // contain it: shop (app-server requires shared-files; app-server is shop's first member) and a
  // second application, files, whose only member it is. One root cause, two applications, 3
  // trials each: 6 application-trials. In the AZ outage shop's RPO target is 1h and its EBS
  // volume's newest snapshot is older (DLM every 12h), so app-volume gates shop's missed RPO.
  Sandbox box;
  auto scenario = nlohmann::json::parse(slurp(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json"));
  scenario["backup_plans"][0]["BackupPlan"]["Rules"][0].erase("CopyActions");
  scenario["applications"].push_back(
      {{"name", "files"}, {"resources", {"shared-files"}}, {"policy", {{"Region", {{"rtoInSecs", 86400}, {"rpoInSecs", 86400}}}}}});
  box.file("shared.json", scenario.dump(1));

  const Outcome run = box.drsim("run shared.json --trials 3 --failure region-outage");
  REQUIRE(run.status == 0);
  CHECK(run.out.find("  - 2 of 2 applications cannot be recovered in some trials, from 1 root cause:\n"
                     "      shared-files has no usable recovery point outside us-east-1 (nothing copies or replicates it "
                     "out of that Region): 2 applications\n"
                     "        shop in 3 of 3 trials: app-server requires shared-files\n"
                     "        files in 3 of 3 trials (a member)\n") != std::string::npos);

  REQUIRE(box.drsim("run shared.json --trials 3 --json r.json").status == 0);
  const auto json = nlohmann::json::parse(slurp(box.path("r.json")));
  const auto& region = json["failures"][1]["findings"];
  REQUIRE(region["root_causes"].size() == 1u);
  const auto& cause = region["root_causes"][0];
  CHECK(cause["root"] == "shared-files");
  CHECK(cause["cause"] == "no_usable_point");
  CHECK(cause["application_trials"] == 6u);
  REQUIRE(cause["applications"].size() == 2u);
  CHECK(cause["applications"][0]["application"] == "shop");
  CHECK(cause["applications"][0]["chain"] == nlohmann::json::array({"app-server", "shared-files"}));
  CHECK(cause["applications"][1]["application"] == "files");
  CHECK(cause["applications"][1]["chain"] == nlohmann::json::array({"shared-files"}));
  CHECK(region["unrecoverable_applications"] == 2u);
  CHECK(region["breached_applications"] == nlohmann::json::array({"shop", "files"}));

  const auto& az = json["failures"][0]["findings"];
  CHECK(az["root_causes"].empty());
  CHECK(az["breached_applications"] == nlohmann::json::array({"shop"}));
  CHECK(az["rto_gates"].empty());  // shop meets its 4h RTO target in every trial
  REQUIRE(az["rpo_gates"].size() == 1u);
  CHECK(az["rpo_gates"][0]["resource"] == "app-volume");
  CHECK(az["rpo_gates"][0]["application_trials"] == 3u);
  const Outcome az_text = box.drsim("run shared.json --trials 3 --failure az-outage");
  CHECK(az_text.out.find("  - RPO of the applications that miss it set most often by (share of trials per application): "
                         "app-volume (shop 100%)\n") != std::string::npos);
}
