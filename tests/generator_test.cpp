// The synthetic workload generator: what it writes always loads, has exactly the resources
// asked for, is a pure function of its options, and looks like a real estate (tiers,
// protections AWS can actually apply, a small share of deliberate gaps).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/resource_type.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using models::ResourceType;
using scenarios::GeneratorOptions;

namespace {

models::Scenario load_generated(const GeneratorOptions& o) {
  const std::string text = scenarios::generate_scenario_json(o);
  auto result = scenarios::load_scenario_text(text, "gen.json");
  std::string errors;
  for (const auto& d : result.errors) errors += scenarios::to_string(d) + "\n";
  INFO(errors);
  REQUIRE(result.errors.empty());
  REQUIRE(result.scenario.has_value());
  return std::move(*result.scenario);
}

bool contains(const std::vector<models::ResourceIndex>& list, models::ResourceIndex r) {
  return std::find(list.begin(), list.end(), r) != list.end();
}

// A resource has a recovery point (or image) outside its own Region.
bool copied_out_of_region(const models::Scenario& s, models::ResourceIndex r) {
  const auto region = s.resources[r].region;
  for (const auto& rule : s.backup_rules)
    if (contains(rule.resources, r))
      for (const auto& c : rule.copies)
        if (s.region_of_vault(c.vault) != region) return true;
  for (const auto& p : s.snapshot_policies)
    if (!p.copies.empty() && contains(p.resources, r)) return true;
  for (const auto& p : s.ami_copies)
    if (contains(p.resources, r)) return true;
  return false;
}

}  // namespace

TEST_CASE("generator: the scenarios load without errors and hold exactly the resources asked for") {
  const GeneratorOptions cases[] = {{50, 2, 1, 1000},  {1000, 2, 7, 1000}, {1000, 3, 3, 1000},
                                    {5000, 4, 9, 1000}, {10, 2, 1, 1},      {400, 8, 5, 10}};
  for (const auto& o : cases) {
    CAPTURE(o.resources);
    CAPTURE(o.regions);
    CAPTURE(o.seed);
    REQUIRE(scenarios::check(o).empty());
    const models::Scenario s = load_generated(o);
    CHECK(s.resources.size() == o.resources);
    CHECK(s.regions.size() == o.regions);
    CHECK(s.name == fmt::format("generated-{}-r{}-s{}", o.resources, o.regions, o.seed));
    CHECK(s.seed == o.seed);
    CHECK(s.trials == o.trials);
    CHECK(s.find_failure("region-loss").has_value());
    CHECK(s.find_failure("az-loss").has_value());
  }
}

TEST_CASE("generator: same options give byte-identical text; other seeds give other estates") {
  const GeneratorOptions o{1000, 3, 42, 1000};
  const std::string a = scenarios::generate_scenario_json(o);
  CHECK(a == scenarios::generate_scenario_json(o));
  CHECK(a.back() == '\n');
  CHECK(a.rfind("{\n  \"drsim\": 1,\n", 0) == 0);  // pretty, 2-space indent
  GeneratorOptions other = o;
  other.seed = 43;
  CHECK(a != scenarios::generate_scenario_json(other));
}

TEST_CASE("generator: the estate is layered, regional and protected the way AWS allows") {
  const models::Scenario s = load_generated({2000, 2, 11, 1000});

  // Workload in the first Region only; the second is its DR Region.
  REQUIRE(s.regions.size() == 2);
  CHECK(s.regions[0].name == "us-east-1");
  CHECK(s.regions[1].name == "us-west-2");
  CHECK(s.regions[0].azs.size() == 3);
  CHECK(s.recovery.failover_region[0] == 1);
  CHECK(s.recovery.failover_region[1] == 0);
  for (const auto& r : s.resources) CHECK(r.region == 0);

  // Applications of 15-80 resources (by member count) with Resilience Hub targets.
  for (const auto& app : s.applications) {
    CAPTURE(app.name);
    CHECK(app.resources.size() >= 15);
    CHECK(app.resources.size() <= 80);
    CHECK(app.policy[static_cast<std::size_t>(models::Disruption::Region)].has_value());
    CHECK(app.policy[static_cast<std::size_t>(models::Disruption::AZ)].has_value());
  }

  // A mix of types, with the common ones always present at this size.
  std::array<std::size_t, models::kResourceTypeCount> by_type{};
  for (const auto& r : s.resources) ++by_type[static_cast<std::size_t>(r.type)];
  for (auto t : {ResourceType::ec2, ResourceType::ami, ResourceType::ebs, ResourceType::rds, ResourceType::aurora,
                 ResourceType::dynamodb, ResourceType::efs, ResourceType::s3}) {
    CAPTURE(models::to_string(t));
    CHECK(by_type[static_cast<std::size_t>(t)] > 0);
  }

  // Requires: servers need their image; data stores need nothing (the graph is layered,
  // and the loader has already proved it acyclic).
  for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const models::Requirements needs = s.requirements_of(r);
    if (s.resources[r].type == ResourceType::ec2) {
      CHECK(std::any_of(needs.begin(), needs.end(), [&](auto q) { return s.resources[q].type == ResourceType::ami; }));
    } else {
      CHECK(needs.empty());
    }
  }

  // AWS Backup selects only what it can protect here; continuous only where AWS offers it.
  REQUIRE(!s.backup_rules.empty());
  for (const auto& rule : s.backup_rules) {
    CAPTURE(rule.name);
    for (auto r : rule.resources) {
      CHECK(models::is_data_bearing(s.resources[r].type));
      if (rule.continuous) CHECK(models::supports_continuous_backup(s.resources[r].type));
    }
  }

  // Every image is copied; a few percent of the data is deliberately not.
  std::size_t gaps = 0;
  for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const auto type = s.resources[r].type;
    if (type == ResourceType::ami) CHECK(copied_out_of_region(s, r));
    if (models::is_data_bearing(type) && !copied_out_of_region(s, r)) ++gaps;
  }
  const double share = static_cast<double>(gaps) / static_cast<double>(s.resources.size());
  CHECK(share >= 0.01);
  CHECK(share <= 0.03);

  // Pools per Region, none covering every type.
  REQUIRE(!s.recovery.pools.empty());
  for (const auto& pool : s.recovery.pools) {
    CHECK(pool.per == models::CapacityPool::Per::region);
    CHECK(!pool.types.all());
    CHECK(!pool.applies_to(ResourceType::ec2));
  }
}

TEST_CASE("generator: three Regions pair the odd workload Region with the first") {
  const models::Scenario s = load_generated({1000, 3, 3, 1000});
  // us-east-1 and eu-west-1 hold the workload; us-west-2 is us-east-1's DR Region.
  CHECK(s.regions[0].name == "us-east-1");
  CHECK(s.regions[1].name == "eu-west-1");
  CHECK(s.regions[2].name == "us-west-2");
  CHECK(s.recovery.failover_region == std::vector<models::RegionIndex>{2, 0, 0});
  std::size_t in_second = 0;
  for (const auto& r : s.resources) {
    CHECK(r.region < 2);
    in_second += r.region == 1;
  }
  CHECK(in_second > 0);
}

TEST_CASE("generator: check() refuses options out of range") {
  CHECK(scenarios::check({}) == "");
  CHECK(scenarios::check({9, 2, 1, 1}) == "--resources must be between 10 and 1000000");
  CHECK(scenarios::check({1'000'001, 2, 1, 1}) == "--resources must be between 10 and 1000000");
  CHECK(scenarios::check({1'000'000, 2, 1, 1}) == "");
  CHECK(scenarios::check({100, 1, 1, 1}) == "--regions must be between 2 and 8");
  CHECK(scenarios::check({100, 9, 1, 1}) == "--regions must be between 2 and 8");
  CHECK(scenarios::check({100, 8, 1, 1}) == "");
  CHECK(scenarios::check({100, 2, 1, 0}) == "--trials must be between 1 and 10000000");
}
