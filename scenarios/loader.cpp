#include "scenarios/loader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

#include <fmt/format.h>

#include "models/draw_keys.hpp"
#include "scenarios/json_text.hpp"
#include "scenarios/load_sections.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kTopKeys[] = {"drsim",    "name",         "description",  "epoch",       "regions",
                                         "vaults",   "resources",    "backup_plans", "protections", "models",
                                         "recovery", "applications", "failures",     "simulation", "prices"};
constexpr std::string_view kTopRequired[] = {"drsim", "name", "regions", "resources", "recovery", "failures"};

// Scenario files are at most a few megabytes; refusing absurd ones keeps memory bounded.
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

void load_document(const Json& doc, Diagnostics& diags, LoadResult& result, const std::string& source) {
  auto scenario = std::make_unique<models::Scenario>();
  scenario->source = source;
  LoadContext ctx(doc, diags, *scenario);
  if (!ctx.root.check_object("the scenario", keys(kTopKeys), keys(kTopRequired))) return;
  // Dependency order: names must exist before anything refers to them.
  load_header(ctx);
  load_topology(ctx);
  load_models(ctx);
  load_prices(ctx);
  load_resources(ctx);
  load_backup_plans(ctx);
  load_protections(ctx);
  load_recovery(ctx);
  load_applications(ctx);
  load_failures(ctx);
  if (diags.any()) return;
  models::assign_draw_keys(*scenario);
  check_plans(ctx);
  result.scenario = std::move(*scenario);
}

LoadResult single_error(const std::string& source, std::string message) {
  LoadResult r;
  r.errors.push_back(Diagnostic{source, "", std::move(message)});
  return r;
}

}  // namespace

std::string to_string(const Diagnostic& d) {
  const char* kind = d.warning ? "warning: " : "";
  if (d.location.empty()) return fmt::format("{}: {}{}", d.source, kind, d.message);
  return fmt::format("{}:{}: {}{}", d.source, d.location, kind, d.message);
}

namespace {

// Runs `load` (which fills the result and sets `doc` to the document its diagnostics point
// into, as soon as there is one) and hands back its diagnostics in document order. Loading never
// throws: memory exhaustion and internal errors become diagnostics too.
template <class Load>
LoadResult guarded_load(const std::string& source_name, Load load) {
  try {
    LoadResult result;
    Diagnostics diags(source_name);
    const Json* doc = nullptr;
    try {
      load(diags, result, doc);
    } catch (const std::bad_alloc&) {
      result.scenario.reset();
      diags.add("", "out of memory while loading the scenario");
    } catch (const std::exception& e) {
      result.scenario.reset();
      diags.add("", fmt::format("internal error while loading the scenario: {}", e.what()));
    }
    result.errors = diags.take(doc);
    result.warnings = diags.take_warnings(doc);
    if (!result.errors.empty()) result.scenario.reset();
    return result;
  } catch (...) {
    // Even reporting failed (memory exhausted while sorting the diagnostics).
    return single_error(source_name, "out of memory while loading the scenario");
  }
}

}  // namespace

LoadResult load_scenario_text(std::string_view json_text, std::string source_name) {
  Json parsed;
  return guarded_load(source_name, [&](Diagnostics& diags, LoadResult& result, const Json*& doc) {
    if (!parse_json_text(json_text, diags, parsed)) return;
    doc = &parsed;
    load_document(parsed, diags, result, source_name);
  });
}

LoadResult load_scenario_json(const Json& doc, std::string source_name) {
  return guarded_load(source_name, [&](Diagnostics& diags, LoadResult& result, const Json*& at) {
    at = &doc;
    load_document(doc, diags, result, source_name);
  });
}

std::string read_input_file(const std::string& path, std::string& text) {
  try {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) return fmt::format("cannot open the file: {}", std::strerror(errno));
    text.clear();
    char buffer[1 << 16];
    for (;;) {
      const std::size_t n = std::fread(buffer, 1, sizeof buffer, f.get());
      text.append(buffer, n);
      if (text.size() > kMaxFileBytes)
        return fmt::format("the file is larger than {} MiB; a scenario is far smaller", kMaxFileBytes >> 20);
      if (n < sizeof buffer) break;
    }
    if (std::ferror(f.get())) return fmt::format("cannot read the file: {}", std::strerror(errno));
    return {};
  } catch (...) {
    return "out of memory while reading the file";
  }
}

LoadResult load_scenario_file(const std::string& path) {
  std::string text;
  if (std::string err = read_input_file(path, text); !err.empty()) return single_error(path, std::move(err));
  return load_scenario_text(text, path);
}

}  // namespace drsim::scenarios
