#pragma once
// Runs several variants of a workload on the same trials and compares each with the first
// (the base): per failure and application, p95 RTO, p95 RPO and compliance, each with its 95%
// interval, and each variant's difference from the base with a paired 95% interval (common
// random numbers make trial t of every variant see the same draws; see paired_statistics.hpp).
//
// Per-trial values, so that trials pair: an application's RTO (and RPO) in a trial is 0 when
// the failure does not touch it and +inf when it cannot be recovered; p95 is over all trials.
// Compliance is the share of trials that meet both targets (a trial it is not impacted in
// meets; one it cannot be recovered in does not), as in `drsim run`.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/paired_statistics.hpp"
#include "analysis/progress.hpp"
#include "models/scenario.hpp"
#include "scenarios/sweep_variants.hpp"

namespace drsim::analysis {

struct VariantInput {
  std::string name;
  // What produced it, for a sweep: (parameter, value as JSON text). Empty for a whole file.
  std::vector<std::pair<std::string, std::string>> parameters;
  const models::Scenario* scenario = nullptr;  // null: not built (outside a sweep shard's share)
};

struct ComparisonOptions {
  std::uint64_t seed = 1;
  std::uint64_t trials = 1;
  unsigned threads = 1;
  std::uint32_t bootstrap = 1000;      // resamples for the p95 intervals
  std::vector<std::string> failures;   // by name; empty: every failure of the base
  ProgressBar* progress = nullptr;
};

struct MetricComparison {
  Interval value;     // this variant's estimate and 95% interval
  Interval paired;    // variant − base, paired by trial (the base's own: 0)
  Interval unpaired;  // the same difference as if the two had been run independently
};

struct VariantCell {
  bool present = false;  // the variant has this failure and this application
  std::uint64_t impacted_trials = 0, unrecoverable_trials = 0;
  MetricComparison rto_s, rpo_s, compliance;
  double rto_p50_s = 0, rpo_p50_s = 0;  // medians over all trials (same convention as p95)
  double full_capacity_p50_s = 0;       // median of when warm standbys have also scaled up
  // The resource that most often recovered last (RTO) and held the oldest data (RPO) in the
  // trials it was recovered in, with the share of those trials; "" when none.
  std::string rto_gate, rpo_gate;
  double rto_gate_share = 0, rpo_gate_share = 0;
};

struct ComparedApplication {
  std::string name;
  std::optional<models::Target> target;  // the base's, for the failure's disruption type
  std::vector<VariantCell> variants;     // by variant, the base first
};

struct ComparedFailure {
  std::string name;
  std::string description;
  std::vector<ComparedApplication> applications;
};

struct ComparisonResult {
  std::uint64_t seed = 1, trials = 1;
  std::uint32_t bootstrap = 0;
  std::vector<std::string> variants;  // names, the base first
  std::vector<std::vector<std::pair<std::string, std::string>>> parameters;
  std::vector<double> monthly_usd;  // each variant's steady-state monthly cost (models/cost_model.hpp)
  std::vector<ComparedFailure> failures;
  nlohmann::ordered_json sweep;  // a sweep's file as read, echoed in the JSON (null for compare)
};

// Each variant's failures and applications are matched to the base's by name; what only a
// variant has is not compared. Byte-identical results for any thread count: variants run in
// parallel when there are at least as many as threads, else one after another on all threads.
ComparisonResult compare_variants(const std::vector<VariantInput>& variants, const ComparisonOptions& options);

// The same in three steps, for sweeps split into shards by variant (analysis/sweep_parts.hpp):
// the result's shape (names, costs, the compared failures and applications, no numbers yet);
// the trials of variants [begin, end) as per-trial series; and the intervals and differences,
// once every variant's series is in.
struct TrialSeries {  // one application under one failure in one variant, in trial order
  bool present = false;
  std::vector<float> rto, rpo, full;  // 0 when not impacted, +inf when unrecoverable
  std::vector<std::uint8_t> met;
  std::uint64_t impacted = 0, unrecoverable = 0;
  std::string rto_gate, rpo_gate;
  double rto_gate_share = 0, rpo_gate_share = 0;
};
using SeriesStore = std::vector<std::vector<std::vector<TrialSeries>>>;  // [variant][failure][application]

ComparisonResult comparison_shape(const std::vector<VariantInput>& variants, const ComparisonOptions& options);
// Fills store[begin..end) (the store has one entry per variant).
void run_variants(const std::vector<VariantInput>& variants, const ComparisonResult& shape,
                  const ComparisonOptions& options, std::size_t begin, std::size_t end, SeriesStore& store);
void finish_comparison(ComparisonResult& shape, const SeriesStore& store, const ComparisonOptions& options);

// A sweep's built variants as comparison inputs (pointing into `built`, which must outlive them).
std::vector<VariantInput> inputs_of(const std::vector<scenarios::BuiltVariant>& built);

}  // namespace drsim::analysis
