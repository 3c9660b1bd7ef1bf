// The scenario loader on /regions, /vaults and /resources: placement checks, fleets,
// references and `requires` cycles, and the size limits that protect memory.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <fmt/format.h>
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
 "vaults": [{"name": "prod-vault", "region": "us-east-1"}],
 "resources": [
   {"id": "app", "type": "ec2", "region": "us-east-1", "az": "us-east-1a"},
   {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100},
   {"id": "bucket", "type": "s3", "region": "us-east-1"}],
 "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
 "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:00:00Z"}]})json";

Json base() { return Json::parse(kBase); }





}  // namespace

TEST_CASE("loader: Regions and AZs are unique and every Region has an AZ") {
  Json doc = base();
  doc["regions"].push_back({{"name", "us-east-1"}, {"azs", {"x-1a"}}});
  doc["regions"].push_back({{"name", "eu-west-1"}, {"azs", Json::array()}});
  doc["regions"].push_back({{"name", "eu-west-2"}, {"azs", {"us-east-1b"}}});
  doc["regions"].push_back({{"name", "eu-west-3"}, {"zones", {"eu-west-3a"}}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/regions/2/name", "duplicate Region \"us-east-1\"");
  CHECK_ERROR(r, "/regions/3/azs", "Region \"eu-west-1\" needs at least one AZ");
  CHECK_ERROR(r, "/regions/4/azs/0", "duplicate AZ \"us-east-1b\" (already listed for Region us-east-1)");
  CHECK_ERROR(r, "/regions/5/zones", "unknown key \"zones\" in a Region");
  CHECK_ERROR(r, "/regions/5", "missing required key \"azs\" in a Region");
}

TEST_CASE("loader: vaults are unique and in a known Region") {
  Json doc = base();
  doc["vaults"].push_back({{"name", "prod-vault"}, {"region", "us-east-1"}});
  doc["vaults"].push_back({{"name", "dr-vault"}, {"region", "us-west-3"}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/vaults/1/name", "duplicate vault \"prod-vault\"");
  CHECK_ERROR(r, "/vaults/2/region",
              "unknown Region \"us-west-3\"; expected one of: us-east-1, us-west-2 (did you mean \"us-west-2\"?)");
}

TEST_CASE("loader: resource keys, types and required keys") {
  SUBCASE("an unknown key with a hint") {
    Json doc = base();
    doc["resources"][0]["reqiures"] = {"db"};
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/reqiures", "unknown key \"reqiures\" in a resource");
    CHECK_ERROR(r, "/resources/0/reqiures", "(did you mean \"requires\"?)");
  }
  SUBCASE("an unknown type with a hint") {
    Json doc = base();
    doc["resources"][1]["type"] = "rdss";
    CHECK_ERROR(load(doc), "/resources/1/type", "unknown resource type \"rdss\"; expected one of: ec2, ami");
    CHECK_ERROR(load(doc), "/resources/1/type", "(did you mean \"rds\"?)");
  }
  SUBCASE("wrong value types say what was expected") {
    Json doc = base();
    doc["resources"][1]["size_gb"] = "big";
    doc["resources"][1]["multi_az"] = 1;
    doc["resources"][1]["tags"] = {{"app", 1}};
    doc["resources"][0]["requires"] = "db";
    doc["resources"][2]["id"] = 7;
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/1/size_gb", "expected a size in GB >= 0, found a string (\"big\")");
    CHECK_ERROR(r, "/resources/1/multi_az", "expected true, false, or for rds \"instance\" or \"cluster\", found a number (1)");
    CHECK_ERROR(r, "/resources/1/tags/app", "expected a string (the tag's value), found a number (1)");
    CHECK_ERROR(r, "/resources/0/requires", "expected an array of resource ids, found a string");
    CHECK_ERROR(r, "/resources/2/id", "expected a non-empty string (the resource id), found a number (7)");
  }
  SUBCASE("missing required keys are reported at the object") {
    Json doc = base();
    doc["resources"][1].erase("type");
    doc["resources"][2].erase("region");
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/1", "missing required key \"type\" in a resource");
    CHECK_ERROR(r, "/resources/2", "missing required key \"region\" in a resource");
  }
  SUBCASE("negative sizes") {
    Json doc = base();
    doc["resources"][1]["change_gb_per_day"] = -1;
    CHECK_ERROR(load(doc), "/resources/1/change_gb_per_day", "-1 is out of range");
  }
}

TEST_CASE("loader: placement is checked against the Region and the type") {
  SUBCASE("an unknown AZ lists the Region's AZs") {
    Json doc = base();
    doc["resources"][1]["az"] = "us-east-1z";
    CHECK_ERROR(load(doc), "/resources/1/az",
                "unknown AZ \"us-east-1z\" for Region \"us-east-1\"; expected one of: us-east-1a, us-east-1b "
                "(did you mean \"us-east-1a\"?)");
  }
  SUBCASE("an AZ of another Region") {
    Json doc = base();
    doc["resources"][1]["az"] = "us-west-2b";
    CHECK_ERROR(load(doc), "/resources/1/az", "AZ \"us-west-2b\" is in Region us-west-2, not in us-east-1");
  }
  SUBCASE("an unknown Region") {
    Json doc = base();
    doc["resources"][0]["region"] = "us-east-2";
    CHECK_ERROR(load(doc), "/resources/0/region",
                "unknown Region \"us-east-2\"; expected one of: us-east-1, us-west-2");
  }
  SUBCASE("regional types take no AZ") {
    Json doc = base();
    doc["resources"][2]["az"] = "us-east-1a";
    CHECK_ERROR(load(doc), "/resources/2/az", "regional type s3 takes no az");
  }
  SUBCASE("zonal types need one") {
    Json doc = base();
    doc["resources"][0].erase("az");
    CHECK_ERROR(load(doc), "/resources/0", "missing required key \"az\" in resource: type ec2 lives in one AZ");
  }
  SUBCASE("multi_az only where a standby exists") {
    Json doc = base();
    doc["resources"][0]["multi_az"] = true;
    doc["resources"][1]["multi_az"] = true;
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/multi_az", "multi_az is not available for type ec2");
    CHECK(r.errors.size() == 1);
  }
  SUBCASE("an AZ list is for fleets") {
    Json doc = base();
    doc["resources"][0]["az"] = {"us-east-1a", "us-east-1b"};
    CHECK_ERROR(load(doc), "/resources/0/az", "an array of AZs spreads a fleet");
  }
}

TEST_CASE("loader: resource ids are unique, also after fleets expand") {
  SUBCASE("plain duplicates") {
    Json doc = base();
    doc["resources"][2]["id"] = "app";
    CHECK_ERROR(load(doc), "/resources/2/id", "duplicate resource id \"app\" (first defined at /resources/0)");
  }
  SUBCASE("an id equal to a fleet member's") {
    Json doc = base();
    doc["resources"].push_back(
        {{"id", "worker"}, {"type", "ec2"}, {"region", "us-east-1"}, {"az", "us-east-1a"}, {"count", 20}});
    doc["resources"].push_back({{"id", "worker-07"}, {"type", "ec2"}, {"region", "us-east-1"}, {"az", "us-east-1a"}});
    CHECK_ERROR(load(doc), "/resources/4/id",
                "duplicate resource id \"worker-07\": fleet \"worker\" (/resources/3) also has a member");
  }
}

TEST_CASE("loader: fleets expand into padded ids, round-robin AZs and shared settings") {
  Json doc = base();
  doc["resources"].push_back({{"id", "worker"},
                              {"type", "ebs"},
                              {"region", "us-east-1"},
                              {"az", {"us-east-1a", "us-east-1b"}},
                              {"count", 500},
                              {"size_gb", 8},
                              {"tags", {{"tier", "batch"}}},
                              {"requires", {"db"}},
                              {"models", {{"restore", {{"fixed", "1m"}}}}}});
  doc["resources"][0]["requires"] = {"worker", "db"};
  doc["resources"][0]["count"] = 3;
  const auto r = load(doc);
  REQUIRE_LOADS(r);
  const auto& s = *r.scenario;
  REQUIRE(s.resources.size() == 3 + 2 + 500);
  CHECK(s.resources[0].id == "app-1");
  CHECK(s.resources[2].id == "app-3");
  CHECK(s.fleet_of(s.resources[2]) == "app");
  const std::size_t first = 5;  // app-1..3, db, bucket
  CHECK(s.resources[first].id == "worker-001");
  CHECK(s.resources[first + 499].id == "worker-500");
  CHECK(s.resources[first + 41].id == "worker-042");
  CHECK(s.fleet_of(s.resources[first]) == "worker");
  CHECK(s.resources[first].az == 0);
  CHECK(s.resources[first + 1].az == 1);
  CHECK(s.resources[first + 2].az == 0);
  CHECK(s.resources[first + 499].az == 1);
  CHECK(s.resources[first + 7].size_gb == 8.0);
  CHECK(s.tags_of(s.resources[first + 7]) == models::Tags{{"tier", "batch"}});
  CHECK(requirements(s, first + 7) == std::vector<models::ResourceIndex>{3});
  // Requiring a fleet id requires every member.
  const auto app_needs = requirements(s, 1);
  CHECK(app_needs.size() == 501);
  CHECK(app_needs.front() == 3);
  CHECK(app_needs.back() == first + 499);
  // One model set for the whole fleet, starting from the type's.
  REQUIRE(s.model_sets.size() == models::kResourceTypeCount + 1);
  CHECK(s.resources[first].model_set == models::kResourceTypeCount);
  CHECK(s.resources[first + 499].model_set == models::kResourceTypeCount);
  const auto& own = s.model_sets[models::kResourceTypeCount];
  CHECK(own[models::Step::restore].fixed.value() == sim::kMinute);
  CHECK(own[models::Step::backup].mib_per_s ==
        s.model_sets[static_cast<std::size_t>(models::ResourceType::ebs)][models::Step::backup].mib_per_s);
  // A member can be named on its own.
  doc["resources"][2]["requires"] = {"worker-250"};
  const auto r2 = load(doc);
  REQUIRE_LOADS(r2);
  CHECK(requirements(*r2.scenario, 4) == std::vector<models::ResourceIndex>{first + 249});
}

TEST_CASE("loader: fleet counts are integers >= 1 within the limit, refused before allocating") {
  SUBCASE("a fleet of 10^12 is refused at once") {
    Json doc = base();
    doc["resources"][0]["count"] = 1'000'000'000'000LL;
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/count", "fleet of 1000000000000 resources is larger than the limit of 1,000,000");
  }
  SUBCASE("also written as a float") {
    Json doc = base();
    doc["resources"][0]["count"] = 1e12;
    CHECK_ERROR(load(doc), "/resources/0/count", "fleet of 1000000000000 resources is larger than the limit");
  }
  SUBCASE("fleets adding up to too many") {
    Json doc = base();
    doc["resources"][0]["count"] = 600'000;
    doc["resources"][1]["count"] = 600'000;
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/1/count", "the resources add up to 1200000 here, more than the limit of 1,000,000");
    CHECK(r.errors.size() == 1);
  }
  SUBCASE("zero, negative and fractional counts") {
    Json doc = base();
    doc["resources"][0]["count"] = 0;
    doc["resources"][1]["count"] = -5;
    doc["resources"][2]["count"] = 2.5;
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/count", "fleet count 0 is out of range; expected an integer >= 1");
    CHECK_ERROR(r, "/resources/1/count", "fleet count -5 is out of range");
    CHECK_ERROR(r, "/resources/2/count",
                "expected an integer >= 1 (the number of resources in the fleet), found a number (2.5)");
  }
  SUBCASE("many tags on a large fleet are stored once, not copied into every member") {
    Json doc = base();
    doc["resources"][0]["count"] = 100'001;
    for (int i = 0; i < 100; ++i) doc["resources"][0]["tags"][fmt::format("t{}", i)] = "v";
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    const auto& s = *r.scenario;
    REQUIRE(s.groups.size() == 3);
    CHECK(s.groups[0].tags.size() == 100);
    CHECK(&s.tags_of(s.resources[0]) == &s.tags_of(s.resources[100'000]));
  }
  SUBCASE("requires fan-outs beyond the edge limit") {
    Json doc = base();
    doc["resources"][0]["count"] = 5000;
    doc["resources"][1]["count"] = 5000;
    doc["resources"][0]["requires"] = {"db"};
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/requires", "more than the limit of 10,000,000");
  }
}

TEST_CASE("loader: requires names known resources, not itself, and has no cycles") {
  SUBCASE("an unknown id with a hint") {
    Json doc = base();
    doc["resources"][0]["requires"] = {"dbb"};
    CHECK_ERROR(load(doc), "/resources/0/requires/0",
                "unknown resource \"dbb\"; expected a resource id or fleet id from /resources (did you mean \"db\"?)");
  }
  SUBCASE("a member a fleet does not have") {
    Json doc = base();
    doc["resources"][1]["count"] = 5;
    doc["resources"][0]["requires"] = {"db-6", "db-05"};
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/requires/0", "unknown resource \"db-6\"");
    CHECK_ERROR(r, "/resources/0/requires/1", "unknown resource \"db-05\"");
  }
  SUBCASE("itself") {
    Json doc = base();
    doc["resources"][1]["requires"] = {"db"};
    CHECK_ERROR(load(doc), "/resources/1/requires/0", "resource \"db\" requires itself");
  }
  SUBCASE("a fleet requiring its own member") {
    Json doc = base();
    doc["resources"][0]["count"] = 4;
    doc["resources"][0]["requires"] = {"app-2"};
    CHECK_ERROR(load(doc), "/resources/0/requires/0",
                "fleet \"app\" requires \"app-2\", which is itself or one of its own members");
  }
  SUBCASE("a cycle is reported whole, at the first resource in it") {
    Json doc = base();
    doc["resources"].push_back(
        {{"id", "a"}, {"type", "ec2"}, {"region", "us-east-1"}, {"az", "us-east-1a"}, {"requires", {"b"}}});
    doc["resources"].push_back(
        {{"id", "b"}, {"type", "ec2"}, {"region", "us-east-1"}, {"az", "us-east-1a"}, {"requires", {"db", "c"}}});
    doc["resources"].push_back(
        {{"id", "c"}, {"type", "ec2"}, {"region", "us-east-1"}, {"az", "us-east-1a"}, {"requires", {"a"}}});
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/3/requires", "requires cycle: a -> b -> c -> a");
    CHECK(r.errors.size() == 1);
  }
  SUBCASE("a cycle through a fleet member") {
    Json doc = base();
    doc["resources"][0]["count"] = 3;
    doc["resources"][0]["requires"] = {"db"};
    doc["resources"][1]["requires"] = {"app-2"};
    CHECK_ERROR(load(doc), "/resources/0/requires", "requires cycle: app-2 -> db -> app-2");
  }
  SUBCASE("two separate cycles are both reported") {
    Json doc = base();
    doc["resources"][0]["requires"] = {"db"};
    doc["resources"][1]["requires"] = {"app"};
    doc["resources"].push_back({{"id", "x"}, {"type", "s3"}, {"region", "us-east-1"}, {"requires", {"y"}}});
    doc["resources"].push_back({{"id", "y"}, {"type", "s3"}, {"region", "us-east-1"}, {"requires", {"x"}}});
    const auto r = load(doc);
    CHECK_ERROR(r, "/resources/0/requires", "requires cycle: app -> db -> app");
    CHECK_ERROR(r, "/resources/3/requires", "requires cycle: x -> y -> x");
  }
  SUBCASE("a long chain is not a cycle, and is walked without recursion") {
    Json doc = base();
    doc["resources"] = Json::array();
    for (int i = 0; i < 20000; ++i) {
      Json res = {{"id", fmt::format("r{}", i)}, {"type", "s3"}, {"region", "us-east-1"}};
      if (i > 0) res["requires"] = {fmt::format("r{}", i - 1)};
      doc["resources"].push_back(res);
    }
    doc["failures"][0] = {{"name", "r"}, {"scope", "resource"}, {"target", "r7"}, {"at", "2026-01-02T00:00:00Z"}};
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(requirements(*r.scenario, 19999) == std::vector<models::ResourceIndex>{19998});
  }
}
