#pragma once
// Runs the trials of each failure and folds them into the results every output shares: per
// application, per resource and fleet-wide distributions, unrecoverable counts, compliance,
// attribution. One trial and ten thousand fill the same shape.
//
// Memory: samples are kept exactly (see statistics.hpp): one float per resource-trial for
// RTO and one for RPO, in a trials x resources matrix allocated once per failure; each
// worker thread owns a contiguous block of trials and its own engine, reused trial after
// trial. Nothing else grows with the number of trials.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analysis/progress.hpp"
#include "analysis/quantile_sketch.hpp"
#include "analysis/statistics.hpp"
#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "models/requires_graph.hpp"
#include "models/scenario.hpp"
#include "models/trial_result.hpp"

namespace drsim::analysis {

struct StudyOptions {
  std::uint64_t seed = 1;
  std::uint64_t trials = 1;
  unsigned threads = 1;
  bool keep_trial_rows = false;         // per trial x application rows (CSV)
  bool keep_resource_samples = false;   // per trial x resource samples in trial order (CSV)
  // Per-resource and fleet percentiles from bounded-memory sketches (analysis/quantile_sketch.hpp)
  // instead of every sample; applications keep every sample either way. See plan_memory.
  bool sketch = false;
  ProgressBar* progress = nullptr;      // drawn while trials run, if enabled
};

struct GateShare {
  models::ResourceIndex resource;
  std::uint64_t trials;  // trials in which this resource set the application's RTO (or RPO)
};

// Why an application could not be recovered in some trials: its first member that cannot be
// recovered, the root of that member's chain of requirements, and the root's cause.
struct UnrecoverableCauseKey {
  models::ResourceIndex blocked_by = models::kNoResource, root = models::kNoResource;
  models::UnrecoverableCause cause = models::UnrecoverableCause::none;
  auto operator<=>(const UnrecoverableCauseKey&) const = default;
};
struct CauseShare {
  UnrecoverableCauseKey key;
  std::uint64_t trials = 0;
};

struct ApplicationResult {
  std::size_t index = 0;
  std::uint64_t impacted_trials = 0;
  std::uint64_t unrecoverable_trials = 0;
  std::optional<Summary> rto_s, rpo_s;   // over impacted, recoverable trials
  std::optional<models::Target> target;  // for the failure's disruption type
  Proportion rto_met, rpo_met, both_met; // over all trials (a trial where it is not impacted meets)
  std::vector<GateShare> rto_gates, rpo_gates;  // most frequent first
  std::vector<CauseShare> causes;               // of its unrecoverable trials, most frequent first
  std::vector<float> rto_sorted, rpo_sorted;    // the samples, ascending (histograms, CDFs)
  // Trials worth showing as a timeline: at the median RTO and at the largest (of the trials
  // that recovered it), and the first that could not recover it; ties go to the earliest.
  std::optional<std::uint64_t> median_trial, slowest_trial, unrecoverable_trial;
};

struct ResourceResult {
  std::uint64_t impacted_trials = 0;
  std::uint64_t unrecoverable_trials = 0;
  std::vector<CauseShare> causes;  // of its unrecoverable trials (key.blocked_by: itself), most frequent first
  std::optional<Summary> rto_s, rpo_s;
};

struct FleetResult {
  std::uint64_t resources = 0;            // resources in the scenario
  std::uint64_t impacted = 0;             // impacted resource-trials
  std::uint64_t unrecoverable = 0;        // unrecoverable resource-trials
  std::optional<Summary> rto_s, rpo_s;    // over impacted, recovered resource-trials
};

struct TrialRow {
  std::uint64_t trial;
  std::size_t application;
  models::ApplicationOutcome outcome;
};

// Encoding of the per-resource sample matrices (seconds): NaN where there is no sample (not
// impacted; for RPO also no data or unrecoverable), kUnrecoverable in RTO for unrecoverable.
inline constexpr float kUnrecoverable = -1.0f;

struct FailureResult {
  std::size_t failure = 0;
  std::uint64_t trials = 0;
  std::uint64_t events = 0;
  std::vector<ApplicationResult> applications;
  std::vector<ResourceResult> resources;
  FleetResult fleet;
  models::TrialResult first_trial;  // trial 0 in full, for one-trial details
  std::vector<TrialRow> rows;       // when StudyOptions::keep_trial_rows
  Eigen::ArrayXXf resource_rto, resource_rpo;  // when keep_resource_samples: trials x resources
};

// How a study keeps its per-resource samples: exactly (8 bytes per resource-trial a failure
// touches, for its largest failure) where that fits the memory budget, else in sketches.
struct MemoryPlan {
  bool sketch = false;
  std::uint64_t exact_bytes = 0;   // what exact samples would take
  std::uint64_t budget_bytes = 0;
};
inline constexpr std::uint64_t kDefaultMemoryBudget = std::uint64_t{4} << 30;  // --memory 4G
MemoryPlan plan_memory(const models::Scenario& s, const std::vector<std::size_t>& failures, std::uint64_t trials,
                       std::uint64_t budget_bytes);

struct StudyResult {
  std::uint64_t seed = 1;
  std::uint64_t trials = 1;
  std::vector<FailureResult> failures;
  MemoryPlan memory;  // how the per-resource percentiles were taken (reported in the outputs)
};

// Unrecoverable resource-trials by cause: the key's blocked_by is the resource itself, its root
// the end of its chain of requirements that cannot be recovered (ordered, so merges alike).
using ResourceCauseCounts = std::map<UnrecoverableCauseKey, std::uint64_t>;

// What applications count over a block of trials; sums, so blocks add up in any order.
struct ApplicationCounts {
  std::uint64_t impacted = 0, unrecoverable = 0, rto_met = 0, rpo_met = 0, both_met = 0;
  std::vector<std::uint64_t> rto_gate, rpo_gate;  // by position in the application
  std::map<UnrecoverableCauseKey, std::uint64_t> causes;  // unrecoverable trials by cause (ordered: merges alike)
};

// The trials [begin, end) of one failure before any statistics: what a shard computes and
// what the parts of a sharded study are put back together from (analysis/study_parts.hpp).
// Statistics are taken only over the whole study, so a study split into blocks gives the
// same result, to the bit, as one in a single block.
struct FailureSamples {
  std::size_t failure = 0;
  std::uint64_t events = 0;
  std::vector<models::ResourceIndex> sampled;  // the resource of each column of res_rto, res_rpo
  Eigen::ArrayXXf res_rto, res_rpo;            // trials x sampled resources (encoding above); exact mode
  std::vector<QuantileSketch> rto_sketch, rpo_sketch;  // per sampled resource; sketch mode
  Eigen::ArrayXXf app_rto, app_rpo;            // trials x applications; NaN where no sample, and
                                               // kUnrecoverable in RTO where it could not be recovered
  std::vector<ApplicationCounts> applications;
  std::vector<std::uint64_t> impacted, unrecoverable;  // per resource
  ResourceCauseCounts resource_causes;                 // unrecoverable resource-trials by cause
  std::vector<TrialRow> rows;                          // when StudyOptions::keep_trial_rows
  std::optional<models::TrialResult> trial_zero;       // when the block holds trial 0
};

struct StudySamples {
  bool sketch = false;
  std::uint64_t seed = 1;
  std::uint64_t trials = 1;            // of the whole study
  std::uint64_t begin = 0, end = 0;    // the block held here
  std::vector<FailureSamples> failures;
};

// Runs trials [begin, end) of each failure, keyed by trial as always (so any split of a study
// into blocks draws what the whole study draws).
StudySamples simulate_trials(const models::Scenario& s, const models::BackupHistory& history,
                             const models::RequiresGraph& graph, const std::vector<std::size_t>& failures,
                             const StudyOptions& options, std::uint64_t begin, std::uint64_t end);

// Blocks of one study folded, one at a time and in any order, into the samples of trials
// [begin, end): the blocks must be of the same study and failures and cover the range once
// between them (checked by the caller, which names the parts). Each failure's matrices are
// allocated once at full size and each block's rows are placed at its trials; counts and
// sketches add as integers, so the order of the blocks does not show; a block's memory is
// released as it is folded, so a merge holds one part at a time beside the result.
class SampleFold {
 public:
  SampleFold(std::uint64_t begin, std::uint64_t end) : begin_(begin), end_(end) {}
  // "" when `block` has the shape of the blocks folded so far (failures, sampled resources,
  // applications, sketches); otherwise what differs, with its place ("/failures/0/sampled").
  std::string mismatch(const StudySamples& block) const;
  void add(StudySamples&& block);  // a block whose mismatch() is ""
  StudySamples finish();  // trial rows in trial order
  // The same for trials [begin, end) within the fold's range, when the blocks folded cover
  // only those (a merged part of adjacent shards, folded over the whole study's range).
  StudySamples finish(std::uint64_t begin, std::uint64_t end);

 private:
  void start(const StudySamples& shape);
  std::uint64_t begin_, end_;
  bool started_ = false;
  StudySamples out_;
};


// The statistics of a whole study from its samples. Trial 0 is run again here if the samples
// do not carry it (they came from parts written by shards).
StudyResult summarise_study(const models::Scenario& s, const models::BackupHistory& history,
                            const models::RequiresGraph& graph, StudySamples&& samples, const StudyOptions& options);

StudyResult run_study(const models::Scenario& s, const std::vector<std::size_t>& failures, const StudyOptions& options);

// What a study derives once from its scenario, before any trial (the backup history reaches
// the latest failure instant).
struct PreparedScenario {
  explicit PreparedScenario(const models::Scenario& s)
      : map(s), history(s, map, s.latest_failure_instant()), graph(s) {}
  models::ProtectionMap map;
  models::BackupHistory history;
  models::RequiresGraph graph;
};

// The same with what is computed once per scenario already built (the backup history's
// schedules, copy-job queue and safe window starts; the requires graph): for several studies
// of one scenario, and for benchmarks that time the trials alone.
StudyResult run_study(const models::Scenario& s, const models::BackupHistory& history, const models::RequiresGraph& graph,
                      const std::vector<std::size_t>& failures, const StudyOptions& options);

}  // namespace drsim::analysis
