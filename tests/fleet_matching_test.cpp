// Member-wise requires between fleets, {"matching": FLEET}: member n of one fleet waits for
// member n of the other only, against the all-to-all meaning of a fleet id; how it is
// loaded, refused, stored once per fleet and played.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "loader_support.hpp"
#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;
using models::ResourceIndex;

namespace {

// Three web servers in us-east-1a, each with its volume; REQUIRES is web's `requires`.
// Volume restores take 20m through a pool of 2 slots, so vol-3 waits for one: it is the slow
// volume. Instances launch in 5m and hold no slot; detection, declaration and cutover are 0.
const char* kWebAndVolumes = R"js({
  "drsim": 1, "name": "web-and-volumes",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
  "resources": [
    {"id": "vol", "count": 3, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"},
    {"id": "web", "count": 3, "type": "ec2", "region": "us-east-1", "az": "us-east-1a", "requires": REQUIRES}],
  "models": {"ebs": {"backup": {"fixed": "5m"}, "restore": {"fixed": "20m", "mib_per_s": 0}},
             "ec2": {"restore": {"fixed": "5m"}}},
  "protections": [{"kind": "dlm_snapshots", "resources": ["vol"], "every": "12h", "retain": 2, "start_delay": "0s"}],
  "recovery": {"detection": "0s", "declaration": "0s", "cutover": "0s",
               "pools": [{"name": "volume-restores", "capacity": 2, "types": ["ebs"]}]},
  "applications": [{"name": "site", "resources": ["web", "vol"]}],
  "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T06:00:00Z"}]})js";

std::string web_requires(const std::string& requires_json) { return replace(kWebAndVolumes, "REQUIRES", requires_json); }

// Indices in kWebAndVolumes: vol-1..3 are 0..2, web-1..3 are 3..5.
constexpr ResourceIndex kVol1 = 0, kVol2 = 1, kVol3 = 2, kWeb1 = 3, kWeb2 = 4, kWeb3 = 5;

}  // namespace

TEST_CASE("matching: member n requires member n of the other fleet, stored once for the fleet") {
  const auto s = load_json(web_requires(R"js([{"matching": "vol"}])js"));
  CHECK(requirements(s, kWeb1) == std::vector<ResourceIndex>{kVol1});
  CHECK(requirements(s, kWeb2) == std::vector<ResourceIndex>{kVol2});
  CHECK(requirements(s, kWeb3) == std::vector<ResourceIndex>{kVol3});
  CHECK(requirements(s, kVol2).empty());
  // One list for the whole fleet: the other fleet's first member, not one copy per member.
  REQUIRE(s.groups.size() == 2);
  CHECK(s.groups[1].requires_all.empty());
  CHECK(s.groups[1].requires_matching == std::vector<ResourceIndex>{kVol1});
  CHECK(s.fleet_of(s.resources[kWeb2]) == "web");

  const models::RequiresGraph graph(s);
  CHECK(std::vector<ResourceIndex>(graph.dependants_begin(kVol2), graph.dependants_end(kVol2)) ==
        std::vector<ResourceIndex>{kWeb2});
  // The graph command draws one edge per pair.
  std::ostringstream dot;
  graph.write_dot(dot, {}, nullptr);
  std::size_t edges = 0;
  for (std::size_t at = dot.str().find("->"); at != std::string::npos; at = dot.str().find("->", at + 2)) ++edges;
  CHECK(edges == 3 + 1);  // three pairs, and the "required -> dependant" of the graph's label
}

TEST_CASE("matching: mixed with ids, a member named twice counts once, a fleet required whole wins") {
  SUBCASE("an image for all, each its own volume, and vol-2 for every server") {
    std::string json = replace(web_requires(R"js(["image", {"matching": "vol"}, "vol-2"])js"),
                               R"js("requires": ["image", {"matching": "vol"}, "vol-2"]})js",
                               R"js("requires": ["image", {"matching": "vol"}, "vol-2"]},
    {"id": "image", "type": "ami", "region": "us-east-1"})js");
    const auto s = load_json(json);
    const ResourceIndex image = 6;
    CHECK(requirements(s, kWeb1) == std::vector<ResourceIndex>{kVol1, kVol2, image});
    CHECK(requirements(s, kWeb2) == std::vector<ResourceIndex>{kVol2, image});  // vol-2 once
    CHECK(requirements(s, kWeb3) == std::vector<ResourceIndex>{kVol2, kVol3, image});
  }
  SUBCASE("the whole fleet and matching: all-to-all, nothing left to pair") {
    const auto s = load_json(web_requires(R"js(["vol", {"matching": "vol"}, {"matching": "vol"}])js"));
    CHECK(s.groups[1].requires_matching.empty());
    CHECK(requirements(s, kWeb2) == std::vector<ResourceIndex>{kVol1, kVol2, kVol3});
  }
}

TEST_CASE("matching: only its own volume's slow restore delays a server; all-to-all delays every server") {
  // Failure and declaration at 0. vol-1 and vol-2 take both slots: restored at 20m; vol-3
  // waits for a slot until 20m: restored at 40m. Each server then launches in 5m.
  SUBCASE("member-wise: web-1 and web-2 at 20m + 5m = 25m, web-3 at 40m + 5m = 45m") {
    const auto s = load_json(web_requires(R"js([{"matching": "vol"}])js"));
    const auto t = run_trial(s, "az");
    CHECK(t.rto(kVol1) == minutes(20));
    CHECK(t.rto(kVol2) == minutes(20));
    CHECK(t.rto(kVol3) == minutes(40));
    CHECK(t.resources[kVol3].pool_wait == minutes(20));
    CHECK(t.rto(kWeb1) == minutes(25));
    CHECK(t.rto(kWeb2) == minutes(25));
    CHECK(t.rto(kWeb3) == minutes(45));
    CHECK(t.resources[kWeb1].last_requirement == kVol1);
    CHECK(t.resources[kWeb3].last_requirement == kVol3);
    // The site is up when its last member is: web-3 at 45m, either way.
    CHECK(t.applications[0].rto == minutes(45));
    CHECK(t.applications[0].rto_gate == kWeb3);
  }
  SUBCASE("all-to-all: every server waits for vol-3, 40m + 5m = 45m") {
    const auto s = load_json(web_requires(R"js(["vol"])js"));
    const auto t = run_trial(s, "az");
    for (ResourceIndex web : {kWeb1, kWeb2, kWeb3}) {
      CAPTURE(web);
      CHECK(t.rto(web) == minutes(45));
      CHECK(t.resources[web].last_requirement == kVol3);
    }
    CHECK(t.applications[0].rto == minutes(45));
  }
}

TEST_CASE("matching: an unrecoverable volume blocks only its own server") {
  // No protection: every volume is lost with the AZ. Member-wise, each server names its own
  // volume as the cause; all-to-all, each names the first volume it requires.
  const std::string unprotected = R"js("protections": [],)js";
  auto without_protection = [&](const std::string& json) {
    const auto at = json.find("\"protections\"");
    const auto end = json.find('\n', at);
    return json.substr(0, at) + unprotected + json.substr(end);
  };
  const auto paired = load_json(without_protection(web_requires(R"js([{"matching": "vol"}])js")));
  const auto t = run_trial(paired, "az");
  CHECK(t.resources[kWeb1].blocked_by == kVol1);
  CHECK(t.resources[kWeb2].blocked_by == kVol2);
  CHECK(t.resources[kWeb3].blocked_by == kVol3);
  CHECK(t.resources[kWeb3].cause == models::UnrecoverableCause::requires_unrecoverable);

  const auto all = load_json(without_protection(web_requires(R"js(["vol"])js")));
  const auto u = run_trial(all, "az");
  CHECK(u.resources[kWeb3].blocked_by == kVol1);
}

TEST_CASE("matching: refusals name the place and what was expected") {
  SUBCASE("a plain resource cannot pair") {
    std::string json = replace(web_requires(R"js(["vol"])js"), R"js("requires": ["vol"]})js",
                               R"js("requires": ["vol"]},
    {"id": "db", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "requires": [{"matching": "vol"}]})js");
    const auto loaded = load_result(json);
    CHECK_REFUSES(loaded, "/resources/2/requires/0",
                  "\"matching\" pairs the members of two fleets, but \"db\" is not a fleet (it has no \"count\"); "
                  "require \"vol\" by id instead");
  }
  SUBCASE("it names a single resource") {
    std::string json = replace(web_requires(R"js([{"matching": "db"}])js"), R"js("requires": [{"matching": "db"}]})js",
                               R"js("requires": [{"matching": "db"}]},
    {"id": "db", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"})js");
    const auto loaded = load_result(json);
    CHECK_REFUSES(loaded, "/resources/1/requires/0/matching",
                  "\"matching\" expects a fleet id, but \"db\" is a single resource; require it by id "
                  "(\"requires\": [\"db\"]) to make every member of \"web\" wait for it");
  }
  SUBCASE("it names one member") {
    const auto loaded = load_result(web_requires(R"js([{"matching": "vol-2"}])js"));
    CHECK_REFUSES(loaded, "/resources/1/requires/0/matching",
                  "\"matching\" expects a fleet id, but \"vol-2\" is one member of fleet \"vol\"; write "
                  "{\"matching\": \"vol\"}");
  }
  SUBCASE("itself") {
    const auto loaded = load_result(web_requires(R"js([{"matching": "web"}])js"));
    CHECK_REFUSES(loaded, "/resources/1/requires/0/matching",
                  "fleet \"web\" requires \"web\", which is itself or one of its own members");
  }
  SUBCASE("fleets of different counts, both counts given") {
    const std::string json = replace(web_requires(R"js([{"matching": "vol"}])js"), R"js("count": 3, "type": "ebs")js",
                                     R"js("count": 4, "type": "ebs")js");
    const auto loaded = load_result(json);
    CHECK_REFUSES(loaded, "/resources/1/requires/0/matching",
                  "fleet \"web\" has 3 members but fleet \"vol\" has 4; \"matching\" pairs member n of one with "
                  "member n of the other, so both need the same count");
  }
  SUBCASE("an unknown fleet, with a hint") {
    const auto loaded = load_result(web_requires(R"js([{"matching": "vols"}])js"));
    CHECK_REFUSES(loaded, "/resources/1/requires/0/matching",
                  "unknown resource \"vols\"; expected a resource id or fleet id from /resources (did you mean \"vol\"?)");
  }
  SUBCASE("another key, or none") {
    const auto loaded = load_result(web_requires(R"js([{"each": "vol"}])js"));
    CHECK_REFUSES(loaded, "/resources/1/requires/0/each", "unknown key \"each\"");
    CHECK_REFUSES(loaded, "/resources/1/requires/0", "missing required key \"matching\"");
  }
  SUBCASE("not a string or an object") {
    const auto number_item = load_result(web_requires(R"js([3])js"));
    CHECK_REFUSES(number_item, "/resources/1/requires/0",
                  "expected a resource id, or {\"matching\": FLEET} to pair the members of two fleets, found a number (3)");
    const auto number_fleet = load_result(web_requires(R"js([{"matching": 3}])js"));
    CHECK_REFUSES(number_fleet, "/resources/1/requires/0/matching", "expected a fleet id, found a number (3)");
  }
  SUBCASE("cycles through a matching pair") {
    // web-2 requires vol-2, which (as every volume) requires web-2.
    const std::string one_member =
        replace(web_requires(R"js([{"matching": "vol"}])js"), R"js("az": "us-east-1a"},)js",
                R"js("az": "us-east-1a", "requires": ["web-2"]},)js");
    const auto through_member = load_result(one_member);
    CHECK_REFUSES(through_member, "/resources/0/requires", "requires cycle: vol -> web-2 -> vol");
    // Each pair waits for itself.
    const std::string both_ways =
        replace(web_requires(R"js([{"matching": "vol"}])js"), R"js("az": "us-east-1a"},)js",
                R"js("az": "us-east-1a", "requires": [{"matching": "web"}]},)js");
    const auto paired_both_ways = load_result(both_ways);
    CHECK_REFUSES(paired_both_ways, "/resources/0/requires", "requires cycle: vol -> web -> vol");
  }
}

TEST_CASE("matching: edges are one per member, so large pairs load where all-to-all is refused") {
  SUBCASE("5,000 servers and 5,000 volumes: 5,000 edges paired, 25,000,000 all-to-all") {
    const std::string pair = replace(replace(web_requires(R"js([{"matching": "vol"}])js"), "\"count\": 3", "\"count\": 5000"),
                                     "\"count\": 3", "\"count\": 5000");
    const auto r = load_result(pair);
    REQUIRE(r.scenario);
    CHECK(models::RequiresGraph(*r.scenario).requirements(5000 + 4999).size() == 1);
    const std::string all = replace(replace(web_requires(R"js(["vol"])js"), "\"count\": 3", "\"count\": 5000"),
                                    "\"count\": 3", "\"count\": 5000");
    const auto all_to_all = load_result(all);
    CHECK_REFUSES(all_to_all, "/resources/1/requires",
                  "requires adds up to 25000000 dependency edges here, more than the limit of 10,000,000");
  }
  SUBCASE("100,000 servers paired with 100,000 volumes load quickly, the lists stored once") {
    const std::string big = replace(replace(web_requires(R"js([{"matching": "vol"}])js"), "\"count\": 3",
                                            "\"count\": 100000"),
                                    "\"count\": 3", "\"count\": 100000");
    const auto started = std::chrono::steady_clock::now();
    const auto r = load_result(big);
    REQUIRE(r.scenario);
    const auto& s = *r.scenario;
    const models::RequiresGraph graph(s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(s.resources.size() == 200'000);
    CHECK(s.groups[1].requires_matching.size() == 1);
    CHECK(requirements(s, 100'000 + 41'999) == std::vector<ResourceIndex>{41'999});
    // Linear: one edge per pair.
    std::size_t edges = 0;
    for (ResourceIndex v = 0; v < s.resources.size(); ++v) edges += graph.requirements(v).size();
    CHECK(edges == 100'000);
    CHECK(graph.dependants_end(41'999) - graph.dependants_begin(41'999) == 1);
    MESSAGE(fmt::format("loaded 200,000 resources and their graph in {:.2f} s", seconds));
    CHECK(seconds < 5.0);  // well under a second in a Release build; generous for sanitizers
  }
}
