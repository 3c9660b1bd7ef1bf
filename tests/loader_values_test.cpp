// The scenario loader's value types: durations with units, ISO-8601 instants against the
// epoch, and distributions of either; plus the header keys (version, epoch, simulation).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loader_support.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using drsim::testing::Json;
using namespace drsim::testing;
using Kind = models::Distribution::Kind;

namespace {

constexpr const char* kBase = R"json({"drsim": 1, "name": "t",
 "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}],
 "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 10}],
 "recovery": {"detection": "5m", "failover_regions": {"us-east-1": "us-west-2"}},
 "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-20T14:07:00Z"}]})json";

Json base() { return Json::parse(kBase); }





models::Distribution detection_of(const Json& value) {
  Json doc = base();
  doc["recovery"]["detection"] = value;
  const auto r = load(doc);
  REQUIRE_LOADS(r);
  return r.scenario->recovery.detection;
}

models::Distribution failure_at(const Json& value) {
  Json doc = base();
  doc["failures"][0]["at"] = value;
  const auto r = load(doc);
  REQUIRE_LOADS(r);
  return r.scenario->failures[0].at;
}

}  // namespace

TEST_CASE("loader: durations need units") {
  SUBCASE("a bare number is never guessed") {
    Json doc = base();
    doc["recovery"]["detection"] = 300;
    CHECK_ERROR(load(doc), "/recovery/detection",
                "expected a duration with units, e.g. \"15m\", found a number (300); units are never guessed");
  }
  SUBCASE("text that is not a duration") {
    Json doc = base();
    doc["recovery"]["detection"] = "5 minutes";
    CHECK_ERROR(load(doc), "/recovery/detection", "invalid duration \"5 minutes\"");
  }
  SUBCASE("short and ISO-8601 forms") {
    CHECK(detection_of("90s").value() == 90 * sim::kSecond);
    CHECK(detection_of("1h30m").value() == 90 * sim::kMinute);
    CHECK(detection_of("PT1H30M").value() == 90 * sim::kMinute);
  }
}

TEST_CASE("loader: instants are ISO-8601 and count from the epoch") {
  SUBCASE("the default epoch") {
    CHECK(failure_at("2026-01-20T14:07:00Z").value() == 1'692'420'000);  // 19 d 14 h 07 min
  }
  SUBCASE("a scenario epoch") {
    Json doc = base();
    doc["epoch"] = "2026-01-20T00:00:00Z";
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->epoch_unix_ms == 1'768'867'200'000);
    CHECK(r.scenario->failures[0].at.value() == 14 * sim::kHour + 7 * sim::kMinute);
  }
  SUBCASE("an invalid instant") {
    Json doc = base();
    doc["failures"][0]["at"] = "2026-13-01T00:00:00Z";
    CHECK_ERROR(load(doc), "/failures/0/at", "invalid instant \"2026-13-01T00:00:00Z\"");
    doc["failures"][0]["at"] = "next tuesday";
    CHECK_ERROR(load(doc), "/failures/0/at", "invalid instant \"next tuesday\"");
    doc["failures"][0]["at"] = 1768867200;
    CHECK_ERROR(load(doc), "/failures/0/at", "expected an ISO-8601 instant");
  }
  SUBCASE("before the epoch") {
    Json doc = base();
    doc["failures"][0]["at"] = "2025-12-31T23:59:59Z";
    CHECK_ERROR(load(doc), "/failures/0/at", "is before the scenario epoch 2026-01-01T00:00:00Z");
  }
  SUBCASE("an invalid epoch") {
    Json doc = base();
    doc["epoch"] = "2026-01-01";
    CHECK_ERROR(load(doc), "/epoch", "invalid instant \"2026-01-01\"");
  }
}

TEST_CASE("loader: distributions of durations") {
  auto d = detection_of(Json{{"uniform", {"1m", "3m"}}});
  CHECK(d.kind() == Kind::uniform);
  CHECK(d.lower_bound() == sim::kMinute);
  CHECK(d.upper_bound() == 3 * sim::kMinute);
  d = detection_of(Json{{"triangular", {"1m", "2m", "10m"}}});
  CHECK(d.kind() == Kind::triangular);
  CHECK(d.upper_bound() == 10 * sim::kMinute);
  d = detection_of(Json{{"lognormal", {{"p50", "8m"}, {"p90", "20m"}}}});
  CHECK(d.kind() == Kind::lognormal);
  CHECK(d.median() == 8 * sim::kMinute);
  d = detection_of(Json{{"exponential", {{"mean", "10m"}}}});
  CHECK(d.kind() == Kind::exponential);

  struct Bad {
    Json value;
    const char* location;
    const char* fragment;
  };
  const Bad bad[] = {
      {Json{{"uniform", {"3m", "1m"}}}, "/recovery/detection/uniform", "uniform: lo 3m is after hi 1m"},
      {Json{{"uniform", {"1m"}}}, "/recovery/detection/uniform", "expected an array of 2 values [lo, hi]"},
      {Json{{"triangular", {"1m", "20m", "10m"}}}, "/recovery/detection/triangular",
       "expected [min, mode, max] with min <= mode <= max"},
      {Json{{"lognormal", {{"p50", "20m"}, {"p90", "8m"}}}}, "/recovery/detection/lognormal", "expected p90 > p50 > 0"},
      {Json{{"lognormal", {{"p50", "0s"}, {"p90", "8m"}}}}, "/recovery/detection/lognormal", "expected p90 > p50 > 0"},
      {Json{{"lognormal", {{"p50", "8m"}}}}, "/recovery/detection/lognormal", "missing required key \"p90\""},
      {Json{{"exponential", {{"mean", "0s"}}}}, "/recovery/detection/exponential/mean", "expected a mean > 0"},
      {Json{{"normal", {"1m", "2m"}}}, "/recovery/detection/normal",
       "unknown key \"normal\" in a duration distribution"},
      {Json{{"uniform", {"1m", "2m"}}, {"exponential", {{"mean", "1m"}}}}, "/recovery/detection",
       "expected exactly one of"},
      {Json{{"uniform", {60, 120}}}, "/recovery/detection/uniform/0", "units are never guessed"},
  };
  for (const auto& b : bad) {
    Json doc = base();
    doc["recovery"]["detection"] = b.value;
    CAPTURE(b.value.dump());
    CHECK_ERROR(load(doc), b.location, b.fragment);
  }
}

TEST_CASE("loader: distributions of failure instants") {
  auto d = failure_at(Json{{"uniform", {"2026-01-15T00:00:00Z", "2026-03-15T00:00:00Z"}}});
  CHECK(d.kind() == Kind::uniform);
  CHECK(d.lower_bound() == 14 * sim::kDay);
  CHECK(d.upper_bound() == (31 + 28 + 14) * sim::kDay);
  d = failure_at(Json{{"triangular", {"2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-05T00:00:00Z"}}});
  CHECK(d.kind() == Kind::triangular);
  CHECK(d.lower_bound() == sim::kDay);
  // Scale parameters as durations after the epoch, or as instants.
  d = failure_at(Json{{"exponential", {{"mean", "30d"}}}});
  CHECK(d.kind() == Kind::exponential);
  CHECK(d.value() == 30 * sim::kDay);
  d = failure_at(Json{{"lognormal", {{"p50", "2026-01-11T00:00:00Z"}, {"p90", "40d"}}}});
  CHECK(d.median() == 10 * sim::kDay);

  Json doc = base();
  doc["failures"][0]["at"] = {{"uniform", {"2026-03-15T00:00:00Z", "2026-01-15T00:00:00Z"}}};
  CHECK_ERROR(load(doc), "/failures/0/at/uniform", "uniform: lo 2026-03-15T00:00:00Z is after hi 2026-01-15T00:00:00Z");
  doc["failures"][0]["at"] = {{"uniform", {"2025-03-15T00:00:00Z", "2026-01-15T00:00:00Z"}}};
  CHECK_ERROR(load(doc), "/failures/0/at/uniform/0", "is before the scenario epoch");
  doc["failures"][0]["at"] = {{"exponential", {{"mean", "soon"}}}};
  CHECK_ERROR(load(doc), "/failures/0/at/exponential/mean", "invalid value \"soon\"");
}

TEST_CASE("loader: header keys: version, name, simulation settings") {
  Json doc = base();
  doc["drsim"] = 2;
  CHECK_ERROR(load(doc), "/drsim", "unsupported format version 2; this drsim reads version 1");
  doc = base();
  doc["drsim"] = "1";
  CHECK_ERROR(load(doc), "/drsim", "expected the format version 1, found a string");
  doc = base();
  doc["name"] = "";
  CHECK_ERROR(load(doc), "/name", "found an empty string");

  doc = base();
  doc["simulation"] = {{"seed", 18446744073709551615ULL}, {"trials", 10000}};
  auto r = load(doc);
  REQUIRE_LOADS(r);
  CHECK(r.scenario->seed == 18446744073709551615ULL);
  CHECK(r.scenario->trials == 10000);

  doc["simulation"] = {{"seed", -1}, {"trials", 0}, {"threads", 4}};
  r = load(doc);
  CHECK_ERROR(r, "/simulation/seed", "expected an integer from 0 to 18446744073709551615, found a number (-1)");
  CHECK_ERROR(r, "/simulation/trials", "0 is out of range; expected an integer from 1 to 10000000");
  CHECK_ERROR(r, "/simulation/threads", "unknown key \"threads\" in simulation settings");
  doc["simulation"] = {{"trials", 1e8}};
  CHECK_ERROR(load(doc), "/simulation/trials", "out of range");
}
