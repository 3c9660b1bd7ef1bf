#pragma once
// The scenario loader: reads a drsim scenario (JSON, format version 1, see
// ../shared/design/scenario-format.md and docs/scenario-format.md) and builds a
// models::Scenario with every name resolved to an index, or reports every problem it finds.
//
// What it checks, each reported with the file and a line:column (JSON syntax) or a JSON
// pointer (everything else), plus what was expected:
//   * JSON syntax, duplicate keys in one object, nesting deeper than 256 levels;
//   * unknown keys everywhere, with a "did you mean" hint; AWS-shaped objects (BackupPlan,
//     rules, lifecycles, copy actions, selections, Resilience Hub policies) use AWS's key
//     names and tolerate the metadata of a pasted `get-backup-plan` / `get-backup-selection`
//     / `CreateResiliencyPolicy` document;
//   * value types, required keys, ranges and enumerations (resource types, scopes, tiers,
//     protection kinds);
//   * durations always with units (bare numbers only in AWS fields with the unit in their
//     name), ISO-8601 instants not before the epoch, distributions with ordered parameters;
//   * references: Regions, AZs (and that an AZ belongs to the resource's Region), vaults (and
//     that a rule's vault is in its plan's Region), resource and fleet ids, time zones;
//   * uniqueness of names and ids, including the ids fleets expand to;
//   * `requires`: self-references and cycles, reported with the whole cycle path;
//   * AWS Backup rules as AWS validates them: cron syntax (with the column), start window
//     >= 60 min, completion window beyond the start window, 90 days in cold storage before
//     deletion, continuous backup only for supported types and with 1-35 days of retention;
//     selections that match nothing or reach into another Region;
//   * protections: the kind's resource type, retention and interval ranges, copy Regions;
//   * failures: the target exists for the scope, a Region failure has a failover Region, an
//     AZ failure leaves another AZ to recover into;
//   * `requires` {"matching": FLEET} items: only between two fleets of the same count, never
//     a fleet with itself;
//   * sizes: fleets adding up to more than 1,000,000 resources, `requires` adding up to more
//     than 10,000,000 member edges, and rules, protections and applications listing more
//     than 50,000,000 resources in all, are refused before anything is allocated for them.
// Loading never throws and never aborts on bad input; errors are collected (at most 50, in
// document order) so one run shows them all.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"

namespace drsim::scenarios {

struct Diagnostic {
  std::string source;    // file name as given
  std::string location;  // "12:5" (line:column, 1-based) for JSON syntax errors, or a JSON
                         // pointer "/resources/3/az" (RFC 6901) for the rest; "" for the file
  std::string message;   // what is wrong and what was expected
  bool warning = false;  // a plan that AWS accepts but that cannot work as intended
};

// "file.json:/resources/3/az: unknown AZ ...", "file.json:12:5: ...", "file.json: ...";
// warnings read "file.json:/backup_plans/0/...: warning: ...".
std::string to_string(const Diagnostic& d);

// Loading reports two kinds of findings. Errors are what AWS (or the format) refuses: the
// scenario is not built. Warnings are plans AWS accepts that cannot work as the architect
// intends (a lifecycle AWS ignores, a job that can never finish in its window, a resource no
// protection survives a declared failure for): the scenario is built and runs as AWS would.
struct LoadResult {
  std::optional<models::Scenario> scenario;  // set only when there are no errors
  std::vector<Diagnostic> errors;            // in document order; at most 50 (+ one count)
  std::vector<Diagnostic> warnings;          // in document order; at most 50 (+ one count)
};

inline constexpr std::size_t kMaxDiagnostics = 50;
inline constexpr std::uint64_t kMaxResources = 1'000'000;
inline constexpr std::uint64_t kMaxRequiresEdges = 10'000'000;
inline constexpr std::uint64_t kMaxResourceReferences = 50'000'000;

// The whole file (at most 1 GiB); "" on success, else the operating system's reason.
std::string read_input_file(const std::string& path, std::string& text);

// An unreadable file gives one Diagnostic with the operating system's reason.
LoadResult load_scenario_file(const std::string& path);
LoadResult load_scenario_text(std::string_view json_text, std::string source_name);
// A document already parsed (a sweep's variant: the base with parameters set and patches
// applied). Duplicate keys and syntax were the text's concern; everything else is checked.
LoadResult load_scenario_json(const nlohmann::ordered_json& doc, std::string source_name);

}  // namespace drsim::scenarios
