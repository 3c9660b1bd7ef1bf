#pragma once
#include <functional>
#include <utility>
// Builds a sweep's variants: the design's points (sweep_design.hpp) crossed with the named
// variants, each one the base scenario (parsed once) with the named patch applied and the
// parameters set, then loaded and validated like any scenario. An error names the sweep
// file's place that produced it (the parameter whose pointer it lies under, else the named
// variant's patch) and the variant, by its parameter values.
#include <string>
#include <utility>
#include <vector>

#include "models/scenario.hpp"
#include "scenarios/sweep.hpp"

namespace drsim::scenarios {

struct BuiltVariant {
  std::string name;
  std::vector<std::pair<std::string, std::string>> parameters;  // (name, value as JSON text)
  models::Scenario scenario;
  bool built = true;  // false: outside the share asked for, so `scenario` is empty
};

struct SweepBuild {
  std::vector<BuiltVariant> variants;  // "base" first
  std::vector<Diagnostic> errors;      // at most kMaxDiagnostics, plus a count
  std::vector<Diagnostic> warnings;    // each variant's, the base's once
};

// The points of the design: per point, the value of each parameter, or null to leave the
// base's own (one-at-a-time moves one parameter per point).
std::vector<std::vector<std::optional<nlohmann::ordered_json>>> design_points(const SweepSpec& spec);

// Loads in parallel on `threads`; the result does not depend on the thread count. With `only`,
// which is given the number of variants (the base first) and returns [begin, end), only the base
// and those variants are built: a shard of a sweep needs no others (their errors and warnings
// are found by the shards that build them, and by the merge).
SweepBuild build_sweep_variants(const SweepSpec& spec, unsigned threads,
                                const std::function<std::pair<std::size_t, std::size_t>(std::size_t)>& only = {});

}  // namespace drsim::scenarios
