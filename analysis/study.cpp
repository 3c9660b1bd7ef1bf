#include "analysis/study.hpp"
#include "models/unrecoverable_cause.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include <boost/sort/spreadsort/float_sort.hpp>
#include <fmt/format.h>

#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/recovery_method.hpp"
#include "models/requires_graph.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceIndex;
using models::TrialResult;

constexpr float kNoSample = std::numeric_limits<float>::quiet_NaN();

float seconds(sim::Duration ms) { return static_cast<float>(static_cast<double>(ms) / 1000.0); }

// Shared by every worker of one failure: the sample matrices (each worker writes only the
// rows of its own trials) and what was derived once from the scenario.
struct Shared {
  const models::Scenario& s;
  const models::BackupHistory& history;
  const models::RequiresGraph& graph;
  std::size_t failure;
  const StudyOptions& opt;
  // Which failure touches a resource does not depend on the trial, so only the resources it
  // touches get a column of samples: an AZ loss touches a small share of an estate.
  std::uint64_t begin;                     // the block's first trial: row 0
  std::vector<ResourceIndex> sampled;      // the resource of each column
  Eigen::ArrayXXf res_rto, res_rpo;  // block trials x sampled resources
  Eigen::ArrayXXf app_rto, app_rpo;  // block trials x applications
  std::atomic<std::uint64_t> done{0};
};

// Trials buffered per worker before their samples are copied into the (column-major)
// matrices: writing one trial straight into a column per resource would touch a different
// cache line and page per resource; a block of trials goes in as short contiguous runs.
constexpr Eigen::Index kStageTrials = 64;

// Counts one worker gathers; added up in worker order afterwards (sums are order-free).
struct Counts {
  std::vector<ApplicationCounts> apps;
  std::vector<std::uint64_t> impacted, unrecoverable;  // per resource
  ResourceCauseCounts resource_causes;
  std::vector<TrialRow> rows;
  std::uint64_t events = 0;
  TrialResult first;
  Eigen::ArrayXXf stage_rto, stage_rpo;  // resources x kStageTrials: one column per trial
  std::vector<QuantileSketch> rto_sketch, rpo_sketch;  // sketch mode: per sampled resource
  std::uint64_t stage_first = 0;         // trial of the stage's first column
  Eigen::Index staged = 0;
};

void flush_stage(Shared& sh, Counts& c) {
  if (c.staged == 0) return;
  if (sh.opt.sketch) {  // nothing staged but the count of trials
    c.stage_first += static_cast<std::uint64_t>(c.staged);
    c.staged = 0;
    return;
  }
  const auto row = static_cast<Eigen::Index>(c.stage_first - sh.begin);
  const auto n = static_cast<Eigen::Index>(sh.sampled.size());
  sh.res_rto.block(row, 0, c.staged, n) = c.stage_rto.leftCols(c.staged).transpose();
  sh.res_rpo.block(row, 0, c.staged, n) = c.stage_rpo.leftCols(c.staged).transpose();
  c.stage_first += static_cast<std::uint64_t>(c.staged);
  c.staged = 0;
}

std::size_t member_position(const models::Application& app, ResourceIndex r) {
  return static_cast<std::size_t>(std::find(app.resources.begin(), app.resources.end(), r) - app.resources.begin());
}

void fold(Shared& sh, const TrialResult& t, std::uint64_t trial, Counts& c) {
  const models::Scenario& s = sh.s;
  const auto row = static_cast<Eigen::Index>(trial - sh.begin);
  const Eigen::Index slot = c.staged++;
  c.events += t.events;
  for (std::size_t k = 0; k < sh.sampled.size(); ++k) {
    const ResourceIndex r = sh.sampled[k];
    const models::ResourceOutcome& o = t.resources[r];
    float rto = kNoSample, rpo = kNoSample;
    if (o.impacted()) {
      ++c.impacted[r];
      if (!o.recovered()) {
        ++c.unrecoverable[r];
        const ResourceIndex root = models::blocking_root(t, r);
        ++c.resource_causes[{r, root, t.resources[root].cause}];
        rto = kUnrecoverable;
      } else {
        const sim::Duration rto_ms = t.rto(r);
        rto = seconds(rto_ms);
        const sim::Duration p = t.rpo(s, r);
        if (p >= 0) rpo = seconds(p);
        if (sh.opt.sketch) {
          c.rto_sketch[k].add(rto, rto_ms);
          if (p >= 0) c.rpo_sketch[k].add(rpo, p);
        }
      }
    }
    if (sh.opt.sketch) continue;
    c.stage_rto(static_cast<Eigen::Index>(k), slot) = rto;
    c.stage_rpo(static_cast<Eigen::Index>(k), slot) = rpo;
  }
  const auto d = static_cast<std::size_t>(models::disruption_of(s.failures[t.failure].scope));
  for (std::size_t a = 0; a < s.applications.size(); ++a) {
    const models::ApplicationOutcome& o = t.applications[a];
    const models::Application& app = s.applications[a];
    auto& acc = c.apps[a];
    if (sh.opt.keep_trial_rows) c.rows.push_back({trial, a, o});
    const auto& target = app.policy[d];
    bool rto_ok = true, rpo_ok = true;
    float rto = kNoSample, rpo = kNoSample;
    if (o.impacted) {
      ++acc.impacted;
      if (!o.recoverable) {
        ++acc.unrecoverable;
        ++acc.causes[{o.blocked_by, o.root, o.root_cause}];
        rto = kUnrecoverable;  // kept apart from "not impacted" so a report can find such a trial
        rto_ok = rpo_ok = false;
      } else {
        rto = seconds(o.rto);
        if (o.rpo >= 0) rpo = seconds(o.rpo);
        if (o.rto_gate != models::kNoResource) ++acc.rto_gate[member_position(app, o.rto_gate)];
        if (o.rpo_gate != models::kNoResource && o.rpo > 0) ++acc.rpo_gate[member_position(app, o.rpo_gate)];
        if (target) {
          rto_ok = o.rto <= target->rto_s * sim::kSecond;
          rpo_ok = o.rpo <= target->rpo_s * sim::kSecond;
        }
      }
    }
    sh.app_rto(row, static_cast<Eigen::Index>(a)) = rto;
    sh.app_rpo(row, static_cast<Eigen::Index>(a)) = rpo;
    acc.rto_met += rto_ok;
    acc.rpo_met += rpo_ok;
    acc.both_met += rto_ok && rpo_ok;
  }
}

void add_counts(ApplicationCounts& to, const ApplicationCounts& from) {
  to.impacted += from.impacted;
  to.unrecoverable += from.unrecoverable;
  to.rto_met += from.rto_met;
  to.rpo_met += from.rpo_met;
  to.both_met += from.both_met;
  for (const auto& [key, n] : from.causes) to.causes[key] += n;
  for (std::size_t i = 0; i < to.rto_gate.size(); ++i) {
    to.rto_gate[i] += from.rto_gate[i];
    to.rpo_gate[i] += from.rpo_gate[i];
  }
}

void work(Shared& sh, std::uint64_t begin, std::uint64_t end, Counts& c) {
  const models::Scenario& s = sh.s;
  c.apps.resize(s.applications.size());
  for (std::size_t a = 0; a < s.applications.size(); ++a) {
    c.apps[a].rto_gate.assign(s.applications[a].resources.size(), 0);
    c.apps[a].rpo_gate.assign(s.applications[a].resources.size(), 0);
  }
  c.impacted.assign(s.resources.size(), 0);
  c.unrecoverable.assign(s.resources.size(), 0);
  if (sh.opt.sketch) {
    c.rto_sketch.resize(sh.sampled.size());
    c.rpo_sketch.resize(sh.sampled.size());
  } else {
    c.stage_rto.resize(static_cast<Eigen::Index>(sh.sampled.size()), kStageTrials);
    c.stage_rpo.resize(static_cast<Eigen::Index>(sh.sampled.size()), kStageTrials);
  }
  c.stage_first = begin;
  models::RecoveryEngine engine(sh.history, sh.graph);
  TrialResult trial;
  for (std::uint64_t t = begin; t < end; ++t) {
    // Every draw is keyed by trial, never by worker: the split does not change results.
    engine.run(sh.failure, models::TrialKey{sh.opt.seed, t}, trial);
    fold(sh, trial, t, c);
    if (c.staged == kStageTrials) flush_stage(sh, c);
    if (t == 0) c.first = trial;
    sh.done.fetch_add(1, std::memory_order_relaxed);
  }
  flush_stage(sh, c);
}

// Sorts the samples of one column in place (valid ones first) and returns them.
std::span<const float> sorted_samples(Eigen::ArrayXXf& m, Eigen::Index column) {
  float* begin = m.col(column).data();
  float* end = begin + m.rows();
  float* valid_end = std::partition(begin, end, [](float v) { return v >= 0.0f; });
  // Every resource's column is sorted once per failure: Boost's spreadsort (a radix-based
  // hybrid) orders floats in about half the time of std::sort, to the same order.
  boost::sort::spreadsort::float_sort(begin, valid_end);
  return {begin, valid_end};
}

// The trials a report shows as a timeline, from one application's RTO column in trial order
// (before sorting it): the trial at the (lower) median RTO, the one at the largest, and the
// first that could not be recovered; ties go to the earliest trial.
void pick_trials(const Eigen::ArrayXXf& m, Eigen::Index column, ApplicationResult& r) {
  std::vector<std::pair<float, std::uint64_t>> recovered;
  for (Eigen::Index t = 0; t < m.rows(); ++t) {
    const float v = m(t, column);
    if (v >= 0.0f) recovered.emplace_back(v, static_cast<std::uint64_t>(t));
    else if (v == kUnrecoverable && !r.unrecoverable_trial) r.unrecoverable_trial = static_cast<std::uint64_t>(t);
  }
  if (recovered.empty()) return;
  const auto median = recovered.begin() + static_cast<std::ptrdiff_t>((recovered.size() - 1) / 2);
  std::nth_element(recovered.begin(), median, recovered.end());
  r.median_trial = median->second;
  r.slowest_trial = std::max_element(recovered.begin(), recovered.end(), [](const auto& x, const auto& y) {
                      return x.first < y.first || (x.first == y.first && x.second > y.second);
                    })->second;
}

// Runs fn(i) for i in [0, n) on `threads` threads, each taking a contiguous range; fn must
// touch only what belongs to i, so the result does not depend on the split.
template <class Fn>
void parallel_for(std::size_t n, unsigned threads, Fn fn) {
  const std::size_t block = (n + threads - 1) / std::max(threads, 1u);
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < threads; ++w)
    pool.emplace_back([&, w] {
      for (std::size_t i = w * block; i < std::min(n, (w + 1) * block); ++i) fn(i);
    });
  for (std::size_t i = 0; i < std::min(n, block); ++i) fn(i);
  for (auto& t : pool) t.join();
}

std::vector<GateShare> gates(const models::Application& app, const std::vector<std::uint64_t>& counts) {
  std::vector<GateShare> g;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) g.push_back({app.resources[i], counts[i]});
  std::stable_sort(g.begin(), g.end(), [](const GateShare& a, const GateShare& b) { return a.trials > b.trials; });
  return g;
}

FailureSamples simulate_failure(const models::Scenario& s, const models::BackupHistory& history,
                                const models::RequiresGraph& graph, std::size_t failure, const StudyOptions& opt,
                                std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t n_trials = end - begin;
  const auto rows = static_cast<Eigen::Index>(n_trials);
  Shared sh{s, history, graph, failure, opt, begin, {}, {}, {}, {}, {}};
  for (ResourceIndex r = 0; r < s.resources.size(); ++r)
    if (models::touches(s, s.failures[failure], r)) sh.sampled.push_back(r);
  const Eigen::Index sample_rows = opt.sketch ? 0 : rows;  // sketch mode keeps no per-resource samples
  sh.res_rto.resize(sample_rows, static_cast<Eigen::Index>(sh.sampled.size()));
  sh.res_rpo.resize(sample_rows, static_cast<Eigen::Index>(sh.sampled.size()));
  sh.app_rto.resize(rows, static_cast<Eigen::Index>(s.applications.size()));
  sh.app_rpo.resize(rows, static_cast<Eigen::Index>(s.applications.size()));

  const auto workers = static_cast<unsigned>(std::clamp<std::uint64_t>(opt.threads, 1, std::max<std::uint64_t>(n_trials, 1)));
  std::vector<Counts> counts(workers);
  const std::uint64_t block = (n_trials + workers - 1) / workers;
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < workers; ++w) {
    const std::uint64_t from = std::min<std::uint64_t>(end, begin + w * block);
    const std::uint64_t to = std::min<std::uint64_t>(end, from + block);
    threads.emplace_back([&sh, &counts, w, from, to] { work(sh, from, to, counts[w]); });
  }
  ProgressBar* bar = opt.progress && opt.progress->enabled() ? opt.progress : nullptr;
  if (bar) {
    bar->start(s.failures[failure].name, n_trials);
    while (sh.done.load(std::memory_order_relaxed) < n_trials) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      bar->update(sh.done.load(std::memory_order_relaxed));
    }
  }
  for (auto& th : threads) th.join();
  if (bar) bar->finish();

  FailureSamples out;
  out.failure = failure;
  if (begin == 0 && end > 0) out.trial_zero = std::move(counts[0].first);  // trial 0 is in worker 0's block
  Counts& all = counts[0];
  for (unsigned w = 1; w < workers; ++w) {
    const Counts& c = counts[w];
    all.events += c.events;
    all.rows.insert(all.rows.end(), c.rows.begin(), c.rows.end());
    for (std::size_t r = 0; r < s.resources.size(); ++r) {
      all.impacted[r] += c.impacted[r];
      all.unrecoverable[r] += c.unrecoverable[r];
    }
    for (const auto& [key, n] : c.resource_causes) all.resource_causes[key] += n;
    for (std::size_t a = 0; a < all.apps.size(); ++a) add_counts(all.apps[a], c.apps[a]);
    for (std::size_t k = 0; k < all.rto_sketch.size(); ++k) {
      all.rto_sketch[k].merge(c.rto_sketch[k]);
      all.rpo_sketch[k].merge(c.rpo_sketch[k]);
    }
  }
  out.events = all.events;
  out.rto_sketch = std::move(all.rto_sketch);
  out.rpo_sketch = std::move(all.rpo_sketch);
  out.rows = std::move(all.rows);  // blocks are in trial order, so rows are too
  out.applications = std::move(all.apps);
  out.impacted = std::move(all.impacted);
  out.unrecoverable = std::move(all.unrecoverable);
  out.resource_causes = std::move(all.resource_causes);
  out.sampled = std::move(sh.sampled);
  out.res_rto = std::move(sh.res_rto);
  out.res_rpo = std::move(sh.res_rpo);
  out.app_rto = std::move(sh.app_rto);
  out.app_rpo = std::move(sh.app_rpo);
  return out;
}

// Trial 0 again, for samples that came from parts (which do not carry whole trials).
models::TrialResult run_trial_zero(const models::BackupHistory& history, const models::RequiresGraph& graph,
                                   std::size_t failure, std::uint64_t seed) {
  models::RecoveryEngine engine(history, graph);
  TrialResult trial;
  engine.run(failure, models::TrialKey{seed, 0}, trial);
  return trial;
}

FailureResult summarise_failure(const models::Scenario& s, const models::BackupHistory& history,
                                const models::RequiresGraph& graph, FailureSamples&& fs, std::uint64_t seed,
                                std::uint64_t trials, const StudyOptions& opt) {
  const auto rows = static_cast<Eigen::Index>(trials);
  const auto workers = static_cast<unsigned>(std::clamp<std::uint64_t>(opt.threads, 1, std::max<std::uint64_t>(trials, 1)));
  FailureResult out;
  out.failure = fs.failure;
  out.trials = trials;
  out.events = fs.events;
  out.rows = std::move(fs.rows);
  out.first_trial = fs.trial_zero ? std::move(*fs.trial_zero) : run_trial_zero(history, graph, fs.failure, seed);
  std::vector<Eigen::Index> column(s.resources.size(), -1);  // per resource: its sample column, or -1
  for (std::size_t k = 0; k < fs.sampled.size(); ++k) column[fs.sampled[k]] = static_cast<Eigen::Index>(k);
  if (opt.keep_resource_samples && !opt.sketch) {  // every resource's column, NaN where the failure never touches it
    out.resource_rto.setConstant(rows, static_cast<Eigen::Index>(s.resources.size()), kNoSample);
    out.resource_rpo.setConstant(rows, static_cast<Eigen::Index>(s.resources.size()), kNoSample);
    for (std::size_t k = 0; k < fs.sampled.size(); ++k) {
      out.resource_rto.col(static_cast<Eigen::Index>(fs.sampled[k])) = fs.res_rto.col(static_cast<Eigen::Index>(k));
      out.resource_rpo.col(static_cast<Eigen::Index>(fs.sampled[k])) = fs.res_rpo.col(static_cast<Eigen::Index>(k));
    }
  }

  const models::Disruption d = models::disruption_of(s.failures[fs.failure].scope);
  for (std::size_t a = 0; a < s.applications.size(); ++a) {
    const ApplicationCounts& acc = fs.applications[a];
    ApplicationResult r;
    r.index = a;
    r.impacted_trials = acc.impacted;
    r.unrecoverable_trials = acc.unrecoverable;
    pick_trials(fs.app_rto, static_cast<Eigen::Index>(a), r);
    const auto rto = sorted_samples(fs.app_rto, static_cast<Eigen::Index>(a));
    const auto rpo = sorted_samples(fs.app_rpo, static_cast<Eigen::Index>(a));
    r.rto_s = summarise_sorted(rto);
    r.rpo_s = summarise_sorted(rpo);
    r.rto_sorted.assign(rto.begin(), rto.end());
    r.rpo_sorted.assign(rpo.begin(), rpo.end());
    r.target = s.applications[a].policy[static_cast<std::size_t>(d)];
    r.rto_met = wilson(acc.rto_met, trials);
    r.rpo_met = wilson(acc.rpo_met, trials);
    r.both_met = wilson(acc.both_met, trials);
    r.rto_gates = gates(s.applications[a], acc.rto_gate);
    r.rpo_gates = gates(s.applications[a], acc.rpo_gate);
    for (const auto& [key, n] : acc.causes) r.causes.push_back({key, n});
    std::stable_sort(r.causes.begin(), r.causes.end(),
                     [](const CauseShare& x, const CauseShare& y) { return x.trials > y.trials; });
    out.applications.push_back(std::move(r));
  }

  const std::size_t n = s.resources.size();
  out.resources.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.resources[i].impacted_trials = fs.impacted[i];
    out.resources[i].unrecoverable_trials = fs.unrecoverable[i];
    out.fleet.impacted += fs.impacted[i];
    out.fleet.unrecoverable += fs.unrecoverable[i];
  }
  for (const auto& [key, trials_of_cause] : fs.resource_causes)
    out.resources[key.blocked_by].causes.push_back({key, trials_of_cause});
  for (ResourceResult& rr : out.resources)
    std::stable_sort(rr.causes.begin(), rr.causes.end(),
                     [](const CauseShare& x, const CauseShare& y) { return x.trials > y.trials; });
  out.fleet.resources = n;
  if (opt.sketch) {
    QuantileSketch fleet_rto, fleet_rpo;  // merged in resource order; merging is exact addition
    for (std::size_t k = 0; k < fs.sampled.size(); ++k) {
      out.resources[fs.sampled[k]].rto_s = fs.rto_sketch[k].summary();
      out.resources[fs.sampled[k]].rpo_s = fs.rpo_sketch[k].summary();
      fleet_rto.merge(fs.rto_sketch[k]);
      fleet_rpo.merge(fs.rpo_sketch[k]);
    }
    out.fleet.rto_s = fleet_rto.summary();
    out.fleet.rpo_s = fleet_rpo.summary();
    return out;
  }
  std::vector<std::span<const float>> rto_columns(n), rpo_columns(n);
  parallel_for(n, workers, [&](std::size_t i) {
    if (column[i] < 0) return;  // never touched: no samples
    rto_columns[i] = sorted_samples(fs.res_rto, column[i]);
    rpo_columns[i] = sorted_samples(fs.res_rpo, column[i]);
    out.resources[i].rto_s = summarise_sorted(rto_columns[i]);
    out.resources[i].rpo_s = summarise_sorted(rpo_columns[i]);
  });
  out.fleet.rto_s = fleet_summary(rto_columns);
  out.fleet.rpo_s = fleet_summary(rpo_columns);
  return out;
}

// Appends block `b`'s rows of `from` at row `at` of `into` (same columns).
void place_rows(Eigen::ArrayXXf& into, Eigen::Index at, const Eigen::ArrayXXf& from) {
  into.block(at, 0, from.rows(), from.cols()) = from;
}

}  // namespace

StudyResult run_study(const models::Scenario& s, const std::vector<std::size_t>& failures, const StudyOptions& options) {
  const PreparedScenario prepared(s);
  return run_study(s, prepared.history, prepared.graph, failures, options);
}

MemoryPlan plan_memory(const models::Scenario& s, const std::vector<std::size_t>& failures, std::uint64_t trials,
                       std::uint64_t budget_bytes) {
  MemoryPlan plan;
  plan.budget_bytes = budget_bytes;
  for (std::size_t f : failures) {
    std::uint64_t touched = 0;
    for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) touched += models::touches(s, s.failures[f], r);
    // RTO and RPO, a float each; failures are studied one after another, so the largest counts.
    plan.exact_bytes = std::max(plan.exact_bytes, trials * touched * 2 * sizeof(float));
  }
  plan.sketch = plan.exact_bytes > budget_bytes;
  return plan;
}

StudySamples simulate_trials(const models::Scenario& s, const models::BackupHistory& history,
                             const models::RequiresGraph& graph, const std::vector<std::size_t>& failures,
                             const StudyOptions& options, std::uint64_t begin, std::uint64_t end) {
  StudySamples out;
  out.sketch = options.sketch;
  out.seed = options.seed;
  out.trials = options.trials;
  out.begin = begin;
  out.end = end;
  for (std::size_t f : failures) out.failures.push_back(simulate_failure(s, history, graph, f, options, begin, end));
  return out;
}

void SampleFold::start(const StudySamples& shape) {
  out_.sketch = shape.sketch;
  out_.seed = shape.seed;
  out_.trials = shape.trials;
  out_.begin = begin_;
  out_.end = end_;
  const auto rows = static_cast<Eigen::Index>(end_ - begin_);
  for (const FailureSamples& first : shape.failures) {
    FailureSamples all;
    all.failure = first.failure;
    all.sampled = first.sampled;
    all.applications.resize(first.applications.size());
    for (std::size_t a = 0; a < first.applications.size(); ++a) {
      all.applications[a].rto_gate.assign(first.applications[a].rto_gate.size(), 0);
      all.applications[a].rpo_gate.assign(first.applications[a].rpo_gate.size(), 0);
    }
    all.impacted.assign(first.impacted.size(), 0);
    all.unrecoverable.assign(first.unrecoverable.size(), 0);
    const Eigen::Index sample_rows = shape.sketch ? 0 : rows;
    const float none = std::numeric_limits<float>::quiet_NaN();
    all.res_rto.setConstant(sample_rows, first.res_rto.cols(), none);
    all.res_rpo.setConstant(sample_rows, first.res_rpo.cols(), none);
    all.rto_sketch.resize(first.rto_sketch.size());
    all.rpo_sketch.resize(first.rpo_sketch.size());
    all.app_rto.setConstant(rows, first.app_rto.cols(), none);
    all.app_rpo.setConstant(rows, first.app_rpo.cols(), none);
    out_.failures.push_back(std::move(all));
  }
  started_ = true;
}

std::string SampleFold::mismatch(const StudySamples& block) const {
  if (!started_) return "";
  if (block.sketch != out_.sketch) return "/sketch: differs from the first part's";
  if (block.failures.size() != out_.failures.size()) return "/failures: not the first part's failures";
  for (std::size_t f = 0; f < out_.failures.size(); ++f) {
    const FailureSamples& all = out_.failures[f];
    const FailureSamples& b = block.failures[f];
    const std::string at = fmt::format("/failures/{}", f);
    if (b.failure != all.failure) return at + "/failure: not the first part's";
    if (b.sampled != all.sampled) return at + "/sampled: not the first part's sampled resources";
    if (b.applications.size() != all.applications.size() || b.app_rto.cols() != all.app_rto.cols() ||
        b.app_rpo.cols() != all.app_rpo.cols())
      return at + "/applications: not the first part's";
    for (std::size_t a = 0; a < all.applications.size(); ++a)
      if (b.applications[a].rto_gate.size() != all.applications[a].rto_gate.size() ||
          b.applications[a].rpo_gate.size() != all.applications[a].rpo_gate.size())
        return fmt::format("{}/applications/{}: not the first part's gates", at, a);
    if (b.impacted.size() != all.impacted.size() || b.unrecoverable.size() != all.unrecoverable.size())
      return at + "/impacted: not the first part's resources";
    if (b.rto_sketch.size() != all.rto_sketch.size() || b.rpo_sketch.size() != all.rpo_sketch.size())
      return at + "/rto_sketch: not the first part's sketches";
    if (!out_.sketch && (b.res_rto.cols() != all.res_rto.cols() || b.res_rpo.cols() != all.res_rpo.cols()))
      return at + "/res_rto: not the first part's columns";
  }
  return "";
}

void SampleFold::add(StudySamples&& block) {
  if (!started_) start(block);
  const auto at = static_cast<Eigen::Index>(block.begin - begin_);
  for (std::size_t f = 0; f < out_.failures.size(); ++f) {
    FailureSamples& all = out_.failures[f];
    FailureSamples& part = block.failures[f];
    all.events += part.events;
    for (std::size_t a = 0; a < all.applications.size(); ++a) add_counts(all.applications[a], part.applications[a]);
    for (std::size_t r = 0; r < all.impacted.size(); ++r) {
      all.impacted[r] += part.impacted[r];
      all.unrecoverable[r] += part.unrecoverable[r];
    }
    for (const auto& [key, n] : part.resource_causes) all.resource_causes[key] += n;
    all.rows.insert(all.rows.end(), part.rows.begin(), part.rows.end());
    if (part.trial_zero) all.trial_zero = std::move(part.trial_zero);
    if (!out_.sketch) {
      place_rows(all.res_rto, at, part.res_rto);
      place_rows(all.res_rpo, at, part.res_rpo);
    }
    // Integer counts: sketches merged in any order are identical.
    for (std::size_t k = 0; k < all.rto_sketch.size(); ++k) {
      all.rto_sketch[k].merge(part.rto_sketch[k]);
      all.rpo_sketch[k].merge(part.rpo_sketch[k]);
    }
    place_rows(all.app_rto, at, part.app_rto);
    place_rows(all.app_rpo, at, part.app_rpo);
    part = FailureSamples{};  // its memory back before the next failure's is placed
  }
}

StudySamples SampleFold::finish() {
  // Each block's rows are in trial order; blocks may have come in any order.
  for (FailureSamples& f : out_.failures)
    std::stable_sort(f.rows.begin(), f.rows.end(), [](const TrialRow& a, const TrialRow& b) { return a.trial < b.trial; });
  started_ = false;
  return std::move(out_);
}

StudySamples SampleFold::finish(std::uint64_t begin, std::uint64_t end) {
  const auto from = static_cast<Eigen::Index>(begin - begin_), rows = static_cast<Eigen::Index>(end - begin);
  StudySamples out = finish();
  out.begin = begin;
  out.end = end;
  auto keep = [&](Eigen::ArrayXXf& m) {
    if (m.rows() > 0) m = m.middleRows(from, rows).eval();
  };
  for (FailureSamples& f : out.failures) {
    keep(f.res_rto);
    keep(f.res_rpo);
    keep(f.app_rto);
    keep(f.app_rpo);
  }
  return out;
}

StudyResult summarise_study(const models::Scenario& s, const models::BackupHistory& history,
                            const models::RequiresGraph& graph, StudySamples&& samples, const StudyOptions& options) {
  StudyResult result;
  result.seed = samples.seed;
  result.trials = samples.trials;
  for (FailureSamples& fs : samples.failures)
    result.failures.push_back(summarise_failure(s, history, graph, std::move(fs), samples.seed, samples.trials, options));
  return result;
}

StudyResult run_study(const models::Scenario& s, const models::BackupHistory& history, const models::RequiresGraph& graph,
                      const std::vector<std::size_t>& failures, const StudyOptions& options) {
  // One failure at a time, so that only one failure's samples are held before its statistics.
  StudyResult result;
  result.seed = options.seed;
  result.trials = options.trials;
  for (std::size_t f : failures) {
    FailureSamples fs = simulate_failure(s, history, graph, f, options, 0, options.trials);
    result.failures.push_back(summarise_failure(s, history, graph, std::move(fs), options.seed, options.trials, options));
  }
  return result;
}

}  // namespace drsim::analysis
