#pragma once
// A sweep file (docs/sweeps.md): a base scenario and what varies. Parameters are RFC 6901
// JSON pointers into the base with a list of values or a numeric range; named variants are
// RFC 6902 JSON Patch documents; a design says which combinations run. Loading checks the
// sweep file itself (every problem with its place, as for scenarios); sweep_variants.hpp
// builds and validates the variants.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/loader.hpp"

namespace drsim::scenarios {

struct SweepRange {
  double from = 0, to = 0;
  std::optional<double> step;  // levels from, from + step, ... up to `to`; else continuous
  std::string unit;            // "s", "m", "h", "d": the value is the string "<integer><unit>"
  bool integer = false;        // values rounded to whole numbers
};

struct SweepParameter {
  std::string name;
  std::string pointer;                          // RFC 6901, into the base scenario
  std::string place;                            // "/parameters/2", in the sweep file
  std::vector<nlohmann::ordered_json> values;   // listed values (empty for a range)
  std::optional<SweepRange> range;

  // The finite levels a grid or a one-at-a-time design visits: the values, the stepped
  // range, or a continuous range's two ends.
  std::vector<nlohmann::ordered_json> levels() const;
  // The value at u in [0, 1): a listed value, a stepped range's level, or an integer range's
  // whole number, by index (each equally likely for a uniform u); else the point of the range.
  nlohmann::ordered_json at(double u) const;
  // A range's number as the JSON value the scenario gets ("17m" with a unit).
  nlohmann::ordered_json value_of(double x) const;
};

struct NamedVariant {
  std::string name;
  nlohmann::ordered_json patch;  // RFC 6902
  std::string place;             // "/variants/1/patch"
};

enum class DesignKind { grid, one_at_a_time, random, latin_hypercube, sobol, saltelli };

// What a decision reads of a variant: its monthly cost, or one figure of one application
// under one failure (an estimate or a bound of its 95% interval).
enum class Metric {
  monthly_cost,
  p95_rto, p95_rto_low, p95_rto_high,
  p95_rpo, p95_rpo_low, p95_rpo_high,
  compliance, compliance_low, compliance_high,
};
std::string_view to_string(Metric m);
bool is_duration(Metric m);

struct MetricRef {
  Metric metric = Metric::monthly_cost;
  std::string failure, application;  // empty for monthly_cost
  std::string place;                 // in the sweep file
};

struct Constraint {
  MetricRef of;
  bool at_least = false;  // else at most
  double bound = 0;       // seconds for durations, a fraction for compliance, USD for cost
};

// Minimise `minimise` subject to every constraint.
struct Objective {
  MetricRef minimise;
  std::vector<Constraint> subject_to;
};

struct SweepSpec {
  std::string source;     // the sweep file, for messages
  std::string name;
  std::string base_path;  // resolved against the sweep file's directory
  // The base scenario's text when it is already at hand (a merge of a sweep's parts carries
  // it); else it is read from base_path.
  std::optional<std::string> base_text;
  std::optional<std::uint64_t> seed, trials;
  std::vector<std::string> failures;
  std::vector<SweepParameter> parameters;
  std::vector<NamedVariant> variants;
  DesignKind design = DesignKind::grid;
  std::uint64_t samples = 0;      // random, latin_hypercube, sobol
  std::uint64_t design_seed = 1;  // random, latin_hypercube
  std::optional<Objective> objective;
  nlohmann::ordered_json echo;    // the sweep file as read, for the JSON output
};

inline constexpr std::uint64_t kMaxSweepVariants = 100'000;

struct SweepLoad {
  std::optional<SweepSpec> spec;
  std::vector<Diagnostic> errors;
};
SweepLoad load_sweep_file(const std::string& path);
SweepLoad load_sweep_text(std::string_view text, std::string source);

std::string_view to_string(DesignKind k);

}  // namespace drsim::scenarios
