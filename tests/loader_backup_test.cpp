// The scenario loader on /backup_plans: AWS Backup's own JSON shapes (also whole
// get-backup-plan and get-backup-selection documents), validated as AWS validates them, and
// selections resolved to resources.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loader_support.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using drsim::testing::Json;
using namespace drsim::testing;

namespace {

constexpr const char* kBase = R"json({"drsim": 1, "name": "t",
 "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}],
 "vaults": [{"name": "prod-vault", "region": "us-east-1"}, {"name": "dr-vault", "region": "us-west-2"}],
 "resources": [
   {"id": "app", "type": "ec2", "region": "us-east-1", "az": "us-east-1a"},
   {"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "tags": {"backup": "prod"}},
   {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "tags": {"backup": "prod", "team": "orders"}},
   {"id": "files", "type": "efs", "region": "us-east-1", "tags": {"backup": "dev"}},
   {"id": "dr-db", "type": "rds", "region": "us-west-2", "az": "us-west-2a"}],
 "backup_plans": [{"region": "us-east-1",
   "BackupPlan": {"BackupPlanName": "prod", "Rules": [{"RuleName": "every-4h",
     "TargetBackupVaultName": "prod-vault", "ScheduleExpression": "cron(0 0/4 * * ? *)",
     "ScheduleExpressionTimezone": "Etc/UTC", "StartWindowMinutes": 60, "CompletionWindowMinutes": 180,
     "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365},
     "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault",
                      "Lifecycle": {"DeleteAfterDays": 35}}],
     "EnableContinuousBackup": false}]},
   "Selections": [{"SelectionName": "db", "Resources": ["db"]}]}],
 "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
 "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:00:00Z"}]})json";

Json base() { return Json::parse(kBase); }
Json& plan(Json& doc) { return doc["backup_plans"][0]; }
Json& rule(Json& doc) { return doc["backup_plans"][0]["BackupPlan"]["Rules"][0]; }
constexpr const char* kRule = "/backup_plans/0/BackupPlan/Rules/0";




std::string at(std::string_view suffix) { return std::string(kRule) + std::string(suffix); }

std::vector<models::ResourceIndex> selected(const Json& doc) {
  const auto r = load(doc);
  if (!r.scenario) return {999};
  return r.scenario->backup_rules.at(0).resources;
}


}  // namespace

TEST_CASE("loader: a backup plan in AWS's shape becomes rules") {
  const auto r = load(base());
  REQUIRE_LOADS(r);
  REQUIRE(r.scenario->backup_rules.size() == 1);
  const auto& rule = r.scenario->backup_rules[0];
  CHECK(rule.plan == "prod");
  CHECK(rule.name == "every-4h");
  CHECK(rule.vault == 0);
  CHECK(rule.schedule.next_after(0) == 4 * sim::kHour);
  CHECK(rule.start_window == sim::kHour);
  CHECK(rule.completion_window == 3 * sim::kHour);
  CHECK(rule.lifecycle.cold_after_days == 30);
  CHECK(rule.lifecycle.delete_after_days == 365);
  REQUIRE(rule.copies.size() == 1);
  CHECK(rule.copies[0].vault == 1);
  CHECK(rule.copies[0].lifecycle.delete_after_days == 35);
  CHECK(rule.resources == std::vector<models::ResourceIndex>{2});
}

TEST_CASE("loader: AWS Backup defaults apply to what a rule leaves out") {
  Json doc = base();
  Json& r = rule(doc);
  for (const char* key : {"ScheduleExpression", "ScheduleExpressionTimezone", "StartWindowMinutes",
                          "CompletionWindowMinutes", "Lifecycle", "CopyActions", "EnableContinuousBackup"})
    r.erase(key);
  const auto result = load(doc);
  REQUIRE_LOADS(result);
  const auto& rule = result.scenario->backup_rules[0];
  CHECK(rule.schedule.text() == "cron(0 5 ? * * *)");
  CHECK(rule.schedule.next_after(0) == 5 * sim::kHour);
  CHECK(rule.start_window == 8 * sim::kHour);
  CHECK(rule.completion_window == 7 * sim::kDay);
  CHECK(rule.lifecycle.delete_after_days == -1);
  CHECK(rule.copies.empty());
}

TEST_CASE("loader: whole get-backup-plan and get-backup-selection documents are accepted") {
  Json doc = base();
  Json& p = plan(doc);
  p["BackupPlanId"] = "8a7f6b2c-1111-2222-3333-444455556666";
  p["BackupPlanArn"] = "arn:aws:backup:us-east-1:123456789012:backup-plan:8a7f6b2c";
  p["VersionId"] = "ZTU3ZjU4";
  p["CreationDate"] = "2025-06-01T10:00:00.000Z";
  p["LastExecutionDate"] = "2025-12-31T05:00:00.000Z";
  p["AdvancedBackupSettings"] = Json::array();
  p["BackupPlan"]["AdvancedBackupSettings"] = Json::array();
  rule(doc)["RuleId"] = "rule-1";
  rule(doc)["RecoveryPointTags"] = {{"k", "v"}};
  rule(doc)["Lifecycle"]["OptInToArchiveForSupportedResources"] = false;
  p["Selections"] = {
      {{"BackupSelection",
        {{"SelectionName", "tagged"},
         {"IamRoleArn", "arn:aws:iam::123456789012:role/backup"},
         {"Resources", Json::array()},
         {"ListOfTags",
          {{{"ConditionType", "STRINGEQUALS"}, {"ConditionKey", "backup"}, {"ConditionValue", "prod"}}}}}},
       {"SelectionId", "sel-1"},
       {"BackupPlanId", "8a7f6b2c"},
       {"CreationDate", "2025-06-01T10:00:00.000Z"}}};
  const auto r = load(doc);
  REQUIRE_LOADS(r);
  CHECK(r.scenario->backup_rules[0].resources == std::vector<models::ResourceIndex>{1, 2});
  // Metadata that AWS does not return where it is written is still an unknown key.
  rule(doc)["BackupPlanId"] = "x";
  CHECK_ERROR(load(doc), at("/BackupPlanId"), "unknown key \"BackupPlanId\" in a backup rule");
}

TEST_CASE("loader: unknown AWS keys and missing required ones") {
  Json doc = base();
  rule(doc)["ScheduleExpresion"] = rule(doc)["ScheduleExpression"];
  rule(doc).erase("RuleName");
  plan(doc)["BackupPlan"].erase("Rules");
  plan(doc)["BackupPlan"]["Rule"] = Json::array();
  auto r = load(doc);
  CHECK_ERROR(r, "/backup_plans/0/BackupPlan", "missing required key \"Rules\" in a BackupPlan");
  CHECK_ERROR(r, "/backup_plans/0/BackupPlan/Rule", "(did you mean \"Rules\"?)");

  doc = base();
  rule(doc)["ScheduleExpresion"] = "cron(0 5 ? * * *)";
  rule(doc).erase("RuleName");
  r = load(doc);
  CHECK_ERROR(r, at("/ScheduleExpresion"), "unknown key \"ScheduleExpresion\" in a backup rule");
  CHECK_ERROR(r, at("/ScheduleExpresion"), "(did you mean \"ScheduleExpression\"?)");
  CHECK_ERROR(r, kRule, "missing required key \"RuleName\" in a backup rule");
}

TEST_CASE("loader: cron expressions are checked, with the column of the problem") {
  SUBCASE("'*' in both day fields") {
    Json doc = base();
    rule(doc)["ScheduleExpression"] = "cron(0 5 * * * *)";
    CHECK_ERROR(load(doc), at("/ScheduleExpression"), "column 14: you can't specify the Day-of-month and Day-of-week");
  }
  SUBCASE("a value out of range") {
    Json doc = base();
    rule(doc)["ScheduleExpression"] = "cron(75 5 ? * * *)";
    CHECK_ERROR(load(doc), at("/ScheduleExpression"), "column 6: minutes field");
  }
  SUBCASE("too few fields") {
    Json doc = base();
    rule(doc)["ScheduleExpression"] = "cron(0 5 * *)";
    CHECK_ERROR(load(doc), at("/ScheduleExpression"), "expected 6 fields");
  }
  SUBCASE("an unknown time zone is reported at the zone") {
    Json doc = base();
    rule(doc)["ScheduleExpressionTimezone"] = "Mars/Olympus_Mons";
    CHECK_ERROR(load(doc), at("/ScheduleExpressionTimezone"), "unknown time zone \"Mars/Olympus_Mons\"");
  }
  SUBCASE("a named time zone is used") {
    Json doc = base();
    rule(doc)["ScheduleExpression"] = "cron(0 5 ? * * *)";
    rule(doc)["ScheduleExpressionTimezone"] = "America/New_York";
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->backup_rules[0].schedule.next_after(0) == 10 * sim::kHour);  // 05:00 EST = 10:00Z
  }
}

TEST_CASE("loader: windows follow AWS's limits") {
  Json doc = base();
  rule(doc)["StartWindowMinutes"] = 30;
  CHECK_ERROR(load(doc), at("/StartWindowMinutes"), "30 is out of range; expected a number of minutes >= 60");
  doc = base();
  rule(doc)["StartWindowMinutes"] = 120;
  rule(doc)["CompletionWindowMinutes"] = 120;
  CHECK_ERROR(load(doc), at("/CompletionWindowMinutes"),
              "CompletionWindowMinutes 120 must be greater than StartWindowMinutes 120");
  doc = base();
  rule(doc)["StartWindowMinutes"] = "1h";
  CHECK_ERROR(load(doc), at("/StartWindowMinutes"), "expected a number of minutes >= 60");
}

TEST_CASE("loader: lifecycles keep cold recovery points 90 days") {
  Json doc = base();
  rule(doc)["Lifecycle"] = {{"MoveToColdStorageAfterDays", 30}, {"DeleteAfterDays", 100}};
  CHECK_ERROR(load(doc), at("/Lifecycle/DeleteAfterDays"),
              "DeleteAfterDays 100 is less than MoveToColdStorageAfterDays 30 + 90");
  doc = base();
  rule(doc)["CopyActions"][0]["Lifecycle"] = {{"MoveToColdStorageAfterDays", 10}, {"DeleteAfterDays", 99}};
  CHECK_ERROR(load(doc), at("/CopyActions/0/Lifecycle/DeleteAfterDays"), "delete after 100 days or later");
  doc = base();
  rule(doc)["Lifecycle"] = {{"MoveToColdStorageAfterDays", 30}, {"DeleteAfterDays", 120}};
  CHECK(load(doc).scenario.has_value());
  rule(doc)["Lifecycle"] = {{"MoveToColdStorageAfterDays", 30}, {"DeleteAfterDays", -1}};
  CHECK(load(doc).scenario.has_value());
  rule(doc)["Lifecycle"] = {{"DeleteAfterDays", 0}};
  CHECK_ERROR(load(doc), at("/Lifecycle/DeleteAfterDays"), "0 days is not allowed");
}

TEST_CASE("loader: vaults of rules and copies exist and sit in the right Region") {
  SUBCASE("an unknown target vault") {
    Json doc = base();
    rule(doc)["TargetBackupVaultName"] = "prod-vaul";
    CHECK_ERROR(load(doc), at("/TargetBackupVaultName"),
                "unknown vault \"prod-vaul\"; expected one of: prod-vault, dr-vault (did you mean \"prod-vault\"?)");
  }
  SUBCASE("a target vault in another Region") {
    Json doc = base();
    rule(doc)["TargetBackupVaultName"] = "dr-vault";
    CHECK_ERROR(load(doc), at("/TargetBackupVaultName"),
                "vault \"dr-vault\" is in Region us-west-2, but plan \"prod\" is for us-east-1");
  }
  SUBCASE("a copy ARN naming the wrong Region") {
    Json doc = base();
    rule(doc)["CopyActions"][0]["DestinationBackupVaultArn"] =
        "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr-vault";
    CHECK_ERROR(load(doc), at("/CopyActions/0/DestinationBackupVaultArn"),
                "vault \"dr-vault\" is in Region us-west-2 (see /vaults), but the ARN names Region eu-west-1");
  }
  SUBCASE("a copy ARN naming an unknown vault") {
    Json doc = base();
    rule(doc)["CopyActions"][0]["DestinationBackupVaultArn"] = "arn:aws:backup:us-west-2:123456789012:backup-vault:dr";
    CHECK_ERROR(load(doc), at("/CopyActions/0/DestinationBackupVaultArn"), "unknown vault \"dr\"");
  }
  SUBCASE("a malformed copy ARN") {
    Json doc = base();
    rule(doc)["CopyActions"][0]["DestinationBackupVaultArn"] = "arn:aws:s3:::dr-vault";
    CHECK_ERROR(
        load(doc), at("/CopyActions/0/DestinationBackupVaultArn"),
        "malformed vault ARN \"arn:aws:s3:::dr-vault\"; expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME");
  }
  SUBCASE("a copy by plain vault name") {
    Json doc = base();
    rule(doc)["CopyActions"][0]["DestinationBackupVaultArn"] = "dr-vault";
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->backup_rules[0].copies[0].vault == 1);
  }
}

TEST_CASE("loader: continuous backup only for types that support it, for at most 35 days") {
  Json doc = base();
  rule(doc)["EnableContinuousBackup"] = true;
  rule(doc)["Lifecycle"] = {{"DeleteAfterDays", 35}};
  plan(doc)["Selections"][0]["Resources"] = {"db", "vol", "app"};
  auto r = load(doc);
  CHECK_ERROR(r, at("/EnableContinuousBackup"), "continuous backup is not supported for type ebs (selected: \"vol\")");
  CHECK_ERROR(r, at("/EnableContinuousBackup"), "continuous backup is not supported for type ec2");

  plan(doc)["Selections"][0]["Resources"] = {"db"};
  r = load(doc);
  REQUIRE_LOADS(r);
  CHECK(r.scenario->backup_rules[0].continuous);

  rule(doc)["Lifecycle"] = {{"DeleteAfterDays", 36}};
  CHECK_ERROR(load(doc), at("/Lifecycle/DeleteAfterDays"), "DeleteAfterDays 36 is too long for continuous backup");
}

TEST_CASE("loader: selections by id, ARN pattern, tags and conditions") {
  Json doc = base();
  Json& sel = plan(doc)["Selections"][0];
  SUBCASE("every resource of the plan's Region") {
    sel["Resources"] = {"*"};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{0, 1, 2, 3});
  }
  SUBCASE("ARN patterns with wildcards; the account does not matter") {
    sel["Resources"] = {"arn:aws:ec2:*:*:volume/*", "arn:aws:rds:us-east-1:123456789012:db:d*"};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{1, 2});
    sel["Resources"] = {"arn:aws:elasticfilesystem:us-east-1:*:file-system/files"};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{3});
  }
  SUBCASE("an ARN naming another Region") {
    sel["Resources"] = {"arn:aws:rds:us-west-2:*:db:*"};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/Resources/0",
                "names Region us-west-2, but plan \"prod\" is for us-east-1");
  }
  SUBCASE("a malformed ARN") {
    sel["Resources"] = {"arn:aws:rds"};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/Resources/0", "malformed ARN");
  }
  SUBCASE("ListOfTags with the aws:ResourceTag/ prefix or without") {
    sel.erase("Resources");
    sel["ListOfTags"] = {
        {{"ConditionType", "STRINGEQUALS"}, {"ConditionKey", "aws:ResourceTag/backup"}, {"ConditionValue", "dev"}},
        {{"ConditionType", "STRINGEQUALS"}, {"ConditionKey", "team"}, {"ConditionValue", "orders"}}};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{2, 3});
    sel["ListOfTags"][0]["ConditionType"] = "STRINGLIKE";
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/ListOfTags/0/ConditionType",
                "unsupported ConditionType \"STRINGLIKE\"");
  }
  SUBCASE("Conditions filter, NotResources remove") {
    sel["Resources"] = {"*"};
    sel["Conditions"] = {{"StringLike", {{{"ConditionKey", "aws:ResourceTag/backup"}, {"ConditionValue", "pr*"}}}},
                         {"StringNotEquals", {{{"ConditionKey", "aws:ResourceTag/team"}, {"ConditionValue", "x"}}}}};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{1, 2});
    sel["NotResources"] = {"vol"};
    CHECK(selected(doc) == std::vector<models::ResourceIndex>{2});
    sel["Conditions"]["StringEquals"] = {{{"ConditionKey", "aws:RequestTag/x"}, {"ConditionValue", "y"}}};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/Conditions/StringEquals/0/ConditionKey",
                "condition key \"aws:RequestTag/x\" is not supported");
  }
  SUBCASE("a selection matching nothing") {
    sel["Resources"] = {"arn:aws:dynamodb:*:*:table/*"};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0",
                "selection matches no resource in us-east-1, the Region of plan \"prod\"");
  }
  SUBCASE("a resource of another Region") {
    sel["Resources"] = {"dr-db"};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/Resources/0",
                "resource \"dr-db\" is in Region us-west-2, but plan \"prod\" is for us-east-1");
  }
  SUBCASE("an unknown resource") {
    sel["Resources"] = {"dbb"};
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0/Resources/0", "unknown resource \"dbb\"");
  }
  SUBCASE("every rule gets the union of the selections, without repeats") {
    Json second = rule(doc);
    second["RuleName"] = "weekly";
    plan(doc)["BackupPlan"]["Rules"].push_back(second);
    plan(doc)["Selections"].push_back({{"SelectionName", "more"}, {"Resources", {"vol", "db"}}});
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    REQUIRE(r.scenario->backup_rules.size() == 2);
    CHECK(r.scenario->backup_rules[0].resources == std::vector<models::ResourceIndex>{1, 2});
    CHECK(r.scenario->backup_rules[1].resources == std::vector<models::ResourceIndex>{1, 2});
    plan(doc)["BackupPlan"]["Rules"][1]["RuleName"] = "every-4h";
    CHECK_ERROR(load(doc), "/backup_plans/0/BackupPlan/Rules/1/RuleName",
                "duplicate rule name \"every-4h\" in plan \"prod\"");
  }
  SUBCASE("a selection without any way to select") {
    sel.erase("Resources");
    CHECK_ERROR(load(doc), "/backup_plans/0/Selections/0", "the selection names no resources");
  }
}

TEST_CASE("loader: an invalid start window is reported once, not again against the completion window") {
  Json doc = base();
  rule(doc)["StartWindowMinutes"] = 59;
  rule(doc)["CompletionWindowMinutes"] = 120;
  const auto r = load(doc);
  CHECK_ERROR(r, at("/StartWindowMinutes"), ">= 60");
  CHECK_FALSE(has_error(r, at("/CompletionWindowMinutes"), "must be greater"));
}

TEST_CASE("loader: continuous backup needs a retention of 1 to 35 days") {
  Json doc = base();
  rule(doc)["EnableContinuousBackup"] = true;
  rule(doc)["Lifecycle"] = Json::object();
  CHECK_ERROR(load(doc), at("/EnableContinuousBackup"), "needs a retention");
  rule(doc)["Lifecycle"]["DeleteAfterDays"] = 35;
  REQUIRE_LOADS(load(doc));
}
