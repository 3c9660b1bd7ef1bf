// The scenario loader on broken documents: JSON syntax errors at line:column, duplicate
// keys, wrong top-level shapes, unreadable files, and inputs meant to crash or exhaust it.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "loader_support.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using drsim::scenarios::load_scenario_text;
using drsim::testing::Json;
using namespace drsim::testing;

namespace {

constexpr const char* kBase = R"json({"drsim": 1, "name": "t",
 "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}],
 "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 10}],
 "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
 "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:00:00Z"}]})json";




}  // namespace

TEST_CASE("loader: the minimal base scenario of these tests is valid") {
  const auto r = load_scenario_text(kBase, "t.json");
  CHECK_MESSAGE(r.scenario.has_value(), all_errors(r));
}

TEST_CASE("loader: JSON syntax errors are located by line and column, in plain words") {
  SUBCASE("a stray comma") {
    const auto r = load_scenario_text("{\n  \"drsim\": 1,,\n  \"name\": \"x\"\n}", "bad.json");
    REQUIRE(r.errors.size() == 1);
    CHECK_FALSE(r.scenario.has_value());
    CHECK(r.errors[0].source == "bad.json");
    CHECK(r.errors[0].location == "2:14");
    CHECK(r.errors[0].message.find("JSON syntax error") == 0);
    CHECK(r.errors[0].message.find("[json.exception") == std::string::npos);
    CHECK(r.errors[0].message.find("parse error at line") == std::string::npos);
    CHECK(to_string(r.errors[0]).find("bad.json:2:14: JSON syntax error") == 0);
  }
  SUBCASE("an invalid literal") {
    const auto r = load_scenario_text("{\"drsim\": 1,\n \"name\": tru }", "bad.json");
    CHECK_ERROR(r, "2:13", "invalid literal");
  }
  SUBCASE("the input ends early") {
    const auto r = load_scenario_text("{\"drsim\": 1", "bad.json");
    CHECK_ERROR(r, "1:12", "unexpected end of input");
  }
  SUBCASE("columns count characters, not UTF-8 bytes") {
    const auto r = load_scenario_text("{\"name\": \"\xC3\xA9\", x}", "bad.json");
    CHECK_ERROR(r, "1:15", "syntax error");
  }
  SUBCASE("an empty file") {
    const auto r = load_scenario_text("  \n", "empty.json");
    CHECK_ERROR(r, "", "the file is empty");
    CHECK(to_string(r.errors[0]) == "empty.json: the file is empty; expected a JSON object describing a scenario");
  }
  SUBCASE("invalid UTF-8") {
    const auto r = load_scenario_text("{\"name\": \"\xFF\"}", "bad.json");
    CHECK_ERROR(r, "1:11", "syntax error");
  }
}

TEST_CASE("loader: a key given twice in one object is an error at its pointer") {
  std::string text = kBase;
  text.replace(text.find("\"type\": \"rds\""), 13, "\"type\": \"rds\", \"type\": \"ebs\"");
  const auto r = load_scenario_text(text, "t.json");
  CHECK_FALSE(r.scenario.has_value());
  CHECK_ERROR(r, "/resources/0/type", "duplicate key \"type\"");
}

TEST_CASE("loader: the document must be a scenario object") {
  CHECK_ERROR(load_scenario_text("[]", "t.json"), "", "expected an object (the scenario), found an array");
  CHECK_ERROR(load_scenario_text("42", "t.json"), "", "found a number (42)");
  CHECK_ERROR(load_scenario_text("null", "t.json"), "", "found null");
  const auto r = load_scenario_text("{}", "t.json");
  for (const char* key : {"drsim", "name", "regions", "resources", "recovery", "failures"})
    CHECK_ERROR(r, "", fmt::format("missing required key \"{}\" in the scenario", key));
}

TEST_CASE("loader: unknown top-level keys get a did-you-mean hint") {
  Json doc = Json::parse(kBase);
  doc["failure"] = Json::array();
  const auto r = load_scenario_text(doc.dump(), "t.json");
  CHECK_ERROR(r, "/failure", "unknown key \"failure\" in the scenario");
  CHECK_ERROR(r, "/failure", "(did you mean \"failures\"?)");
}

TEST_CASE("loader: an unreadable file is one diagnostic with the system's reason") {
  auto r = scenarios::load_scenario_file("/nonexistent/drsim/scenario.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].source == "/nonexistent/drsim/scenario.json");
  CHECK(r.errors[0].location.empty());
  CHECK(r.errors[0].message.find("No such file or directory") != std::string::npos);
  r = scenarios::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("Is a directory") != std::string::npos);
}

TEST_CASE("loader: errors come back in document order, at most 50 of them") {
  SUBCASE("order follows the file, not the order sections are checked in") {
    // "failures" comes before "resources" in this file, although it is checked after it.
    const auto r = load_scenario_text(R"json({"drsim": 1, "name": "t",
      "failures": [{"name": "x", "scope": "az", "target": "nowhere-1a", "at": "2026-01-02T00:00:00Z"}],
      "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
      "resources": [{"id": "db", "type": "rds", "region": "us-east-9", "az": "us-east-1a"}],
      "recovery": {}})json",
                                      "t.json");
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].location == "/failures/0/target");
    CHECK(r.errors[1].location == "/resources/0/region");
  }
  SUBCASE("the count of what is not shown follows the first 50") {
    Json doc = Json::parse(kBase);
    for (int i = 0; i < 60; ++i) doc["resources"][0][fmt::format("junk{:02}", i)] = i;
    const auto r = load_scenario_text(doc.dump(), "t.json");
    REQUIRE(r.errors.size() == scenarios::kMaxDiagnostics + 1);
    CHECK(r.errors[0].location == "/resources/0/junk00");
    CHECK(r.errors[49].location == "/resources/0/junk49");
    CHECK(r.errors[50].message == "10 more errors not shown");
  }
}

TEST_CASE("loader: malformed documents never crash it") {
  const Json wrong_values[] = {nullptr,
                               true,
                               -1,
                               1e308,
                               "x",
                               Json::array(),
                               Json::object(),
                               Json::array({Json::array({Json::array()})}),
                               Json::object({{"x", 1}})};
  const Json base = Json::parse(kBase);

  SUBCASE("wrong types for every top-level key") {
    for (const char* key : {"drsim", "name", "description", "epoch", "regions", "vaults", "resources", "backup_plans",
                            "protections", "models", "recovery", "applications", "failures", "simulation"}) {
      for (const Json& v : wrong_values) {
        Json doc = base;
        doc[key] = v;
        const auto r = load_scenario_text(doc.dump(), "t.json");
        CHECK(r.scenario.has_value() == r.errors.empty());
      }
    }
  }
  SUBCASE("wrong types for every resource key and nested value") {
    for (const char* key : {"id", "type", "region", "az", "multi_az", "size_gb", "change_gb_per_day", "tags",
                            "requires", "count", "models"}) {
      for (const Json& v : wrong_values) {
        Json doc = base;
        doc["resources"][0][key] = v;
        doc["regions"][0]["azs"][1] = v;
        doc["failures"][0]["at"] = Json::object({{"uniform", v}});
        const auto r = load_scenario_text(doc.dump(), "t.json");
        CHECK_FALSE(r.scenario.has_value());
        CHECK_FALSE(r.errors.empty());
      }
    }
  }
  SUBCASE("huge and negative numbers") {
    for (const char* text : {"1e308", "-1e308", "18446744073709551615", "-9223372036854775808", "1e400", "-0", "0.5",
                             "99999999999999999999999"}) {
      std::string doc = kBase;
      doc.replace(doc.find("\"size_gb\": 10"), 13, std::string("\"size_gb\": 1, \"count\": ") + text);
      const auto r = load_scenario_text(doc, "t.json");
      CHECK_FALSE(r.scenario.has_value());
      CHECK_FALSE(r.errors.empty());
    }
  }
  SUBCASE("deeply nested arrays") {
    const std::string deep = "{\"drsim\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    const auto r = load_scenario_text(deep, "deep.json");
    CHECK_FALSE(r.scenario.has_value());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("nesting deeper than 256 levels") != std::string::npos);
  }
  SUBCASE("deep nesting that is cut off") {
    const auto r = load_scenario_text("{\"a\": " + std::string(200, '['), "deep.json");
    CHECK_FALSE(r.scenario.has_value());
    CHECK(r.errors.size() == 1);
  }
  SUBCASE("a huge flat object of unknown keys") {
    std::string text = "{";
    for (int i = 0; i < 100000; ++i) text += fmt::format("\"k{}\": {},", i, i);
    text += "\"drsim\": 1}";
    const auto r = load_scenario_text(text, "wide.json");
    CHECK_FALSE(r.scenario.has_value());
    CHECK(r.errors.size() == scenarios::kMaxDiagnostics + 1);
    CHECK(r.errors[0].location == "/k0");
  }
}
