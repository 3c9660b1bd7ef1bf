#include "analysis/comparison.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "analysis/reports.hpp"
#include "analysis/study.hpp"
#include "models/cost_model.hpp"

namespace drsim::analysis {
namespace {

using Series = TrialSeries;

// The most frequent resource in `counts` (ties: the lowest index), named, with its share.
void most_frequent(const models::Scenario& s, const std::unordered_map<models::ResourceIndex, std::uint64_t>& counts,
                   std::uint64_t of, std::string& name, double& share) {
  models::ResourceIndex best = models::kNoResource;
  std::uint64_t best_n = 0;
  for (const auto& [r, n] : counts)
    if (n > best_n || (n == best_n && r < best)) {
      best = r;
      best_n = n;
    }
  if (best == models::kNoResource || of == 0) return;
  name = s.resources[best].id;
  share = static_cast<double>(best_n) / static_cast<double>(of);
}

constexpr float kInf = std::numeric_limits<float>::infinity();

// The series of every application of the study under one failure, in one pass over its rows:
// `slot[a]` is where application a's series goes (or none).
void fill_series(const models::Scenario& s, const FailureResult& fr, const std::vector<std::optional<std::size_t>>& slot,
                 std::uint64_t trials, std::vector<Series>& series) {
  const auto d = static_cast<std::size_t>(models::disruption_of(s.failures[fr.failure].scope));
  for (std::size_t a = 0; a < slot.size(); ++a) {
    if (!slot[a]) continue;
    Series& out = series[*slot[a]];
    out.present = true;
    out.rto.assign(trials, 0.0f);
    out.rpo.assign(trials, 0.0f);
    out.full.assign(trials, 0.0f);
    out.met.assign(trials, 1);
  }
  std::vector<std::unordered_map<models::ResourceIndex, std::uint64_t>> rto_gates(series.size()), rpo_gates(series.size());
  std::vector<std::uint64_t> recovered(series.size(), 0);
  for (const TrialRow& row : fr.rows) {
    if (!slot[row.application]) continue;
    Series& out = series[*slot[row.application]];
    const auto& target = s.applications[row.application].policy[d];
    const models::ApplicationOutcome& o = row.outcome;
    if (!o.impacted) continue;
    ++out.impacted;
    if (!o.recoverable) {
      ++out.unrecoverable;
      out.rto[row.trial] = out.rpo[row.trial] = out.full[row.trial] = kInf;
      out.met[row.trial] = 0;
      continue;
    }
    const std::size_t k = *slot[row.application];
    ++recovered[k];
    if (o.rto_gate != models::kNoResource) ++rto_gates[k][o.rto_gate];
    if (o.rpo_gate != models::kNoResource && o.rpo > 0) ++rpo_gates[k][o.rpo_gate];
    out.rto[row.trial] = static_cast<float>(static_cast<double>(o.rto) / 1000.0);
    out.full[row.trial] = static_cast<float>(static_cast<double>(o.full_capacity) / 1000.0);
    out.rpo[row.trial] = o.rpo > 0 ? static_cast<float>(static_cast<double>(o.rpo) / 1000.0) : 0.0f;
    if (target) out.met[row.trial] = o.rto <= target->rto_s * sim::kSecond && o.rpo <= target->rpo_s * sim::kSecond;
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (!series[k].present) continue;
    most_frequent(s, rto_gates[k], recovered[k], series[k].rto_gate, series[k].rto_gate_share);
    most_frequent(s, rpo_gates[k], recovered[k], series[k].rpo_gate, series[k].rpo_gate_share);
  }
}

double median(const std::vector<float>& values) {
  if (values.empty()) return 0;
  std::vector<float> v = values;
  const std::size_t k = nearest_rank(v.size(), 0.5) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void run_variant(const VariantInput& v, const ComparisonResult& shape, const ComparisonOptions& opt, unsigned threads,
                 std::vector<std::vector<Series>>& out) {
  const models::Scenario& s = *v.scenario;
  out.assign(shape.failures.size(), {});
  std::vector<std::size_t> failures;
  std::vector<std::size_t> slot;  // compared failure of each study failure
  for (std::size_t f = 0; f < shape.failures.size(); ++f) {
    out[f].resize(shape.failures[f].applications.size());
    if (const auto i = s.find_failure(shape.failures[f].name)) {
      failures.push_back(*i);
      slot.push_back(f);
    }
  }
  if (failures.empty()) return;
  StudyOptions so;
  so.seed = opt.seed;
  so.trials = opt.trials;
  so.threads = threads;
  so.keep_trial_rows = true;
  const StudyResult r = run_study(s, failures, so);
  for (std::size_t i = 0; i < failures.size(); ++i) {
    const ComparedFailure& cf = shape.failures[slot[i]];
    // This variant's application a goes to the compared application of the same name.
    std::vector<std::optional<std::size_t>> app_slot(s.applications.size());
    std::unordered_map<std::string_view, std::size_t> compared;
    for (std::size_t a = 0; a < cf.applications.size(); ++a) compared.emplace(cf.applications[a].name, a);
    for (std::size_t a = 0; a < s.applications.size(); ++a)
      if (const auto it = compared.find(s.applications[a].name); it != compared.end()) app_slot[a] = it->second;
    fill_series(s, r.failures[i], app_slot, opt.trials, out[slot[i]]);
  }
}

Interval compliance_of(const Series& x) {
  std::uint64_t met = 0;
  for (const auto m : x.met) met += m;
  const Proportion p = wilson(met, x.met.size());
  return {p.estimate, p.ci_low, p.ci_high};
}

void compare_compliance(const Series& v, const Series& base, MetricComparison& out) {
  std::uint64_t both = 0, v_only = 0, base_only = 0, neither = 0;
  for (std::size_t t = 0; t < v.met.size(); ++t) {
    if (v.met[t] && base.met[t]) ++both;
    else if (v.met[t]) ++v_only;
    else if (base.met[t]) ++base_only;
    else ++neither;
  }
  out.value = compliance_of(v);
  out.paired = paired_proportion_difference(both, v_only, base_only, neither);
  const std::uint64_t n = v.met.size();
  out.unpaired = unpaired_proportion_difference(both + v_only, n, both + base_only, n);
}

// The p95 intervals and differences of one application under one failure, for every variant.
void compare_quantiles(const std::vector<const Series*>& by_variant, const ComparisonOptions& opt,
                       std::vector<VariantCell>& cells) {
  const Series& base = *by_variant[0];
  std::vector<const std::vector<float>*> series;
  std::vector<std::size_t> owner;
  for (std::size_t v = 0; v < by_variant.size(); ++v) {
    if (!by_variant[v]->present) continue;
    series.push_back(&by_variant[v]->rto);
    series.push_back(&by_variant[v]->rpo);
    owner.push_back(v);
  }
  const TrialBootstrap paired(opt.trials, opt.seed, opt.bootstrap, 0);
  const TrialBootstrap independent(opt.trials, opt.seed, opt.bootstrap, 1);
  const auto reps = paired.p95_replicates(series);
  const auto base_reps = independent.p95_replicates({&base.rto, &base.rpo});
  // The base's own replicates on the shared resamples: series 0 and 1 (the base is variant 0).
  for (std::size_t k = 0; k < owner.size(); ++k) {
    VariantCell& cell = cells[owner[k]];
    for (int m = 0; m < 2; ++m) {
      const std::vector<double>& mine = reps[2 * k + m];
      const std::vector<double>& base_shared = reps[m];
      const std::vector<double>& base_alone = base_reps[m];
      MetricComparison& out = m == 0 ? cell.rto_s : cell.rpo_s;
      const double estimate = p95(m == 0 ? by_variant[owner[k]]->rto : by_variant[owner[k]]->rpo);
      const double base_estimate = p95(m == 0 ? base.rto : base.rpo);
      std::vector<double> own = mine, diff(mine.size()), diff_unpaired(mine.size());
      for (std::size_t r = 0; r < mine.size(); ++r) {
        diff[r] = difference(mine[r], base_shared[r]);
        diff_unpaired[r] = difference(mine[r], base_alone[r]);
      }
      out.value = percentile_interval(estimate, own);
      out.paired = percentile_interval(difference(estimate, base_estimate), diff);
      out.unpaired = percentile_interval(difference(estimate, base_estimate), diff_unpaired);
    }
  }
}

// Work items taken in turn by `threads` threads. An exception in a worker (memory exhausted)
// stops the others and is rethrown on the calling thread, never left to terminate the process.
template <class Fn>
void parallel_for(std::size_t n, unsigned threads, Fn fn) {
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::exception_ptr failed;
  auto loop = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    } catch (...) {
      next = n;
      const std::lock_guard<std::mutex> lock(failed_mutex);
      if (!failed) failed = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < std::min<std::size_t>(threads, n); ++w) pool.emplace_back(loop);
  loop();
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace

std::vector<VariantInput> inputs_of(const std::vector<scenarios::BuiltVariant>& built) {
  std::vector<VariantInput> out;
  for (const auto& v : built) out.push_back({v.name, v.parameters, v.built ? &v.scenario : nullptr});
  return out;
}

ComparisonResult comparison_shape(const std::vector<VariantInput>& variants, const ComparisonOptions& opt) {
  ComparisonResult result;
  result.seed = opt.seed;
  result.trials = opt.trials;
  result.bootstrap = opt.bootstrap;
  if (variants.empty()) return result;
  const models::Scenario& base = *variants[0].scenario;
  for (const auto& v : variants) {
    result.variants.push_back(v.name);
    result.parameters.push_back(v.parameters);
    // A variant outside a shard's share is not built; its cost is the merge's to compute.
    result.monthly_usd.push_back(v.scenario ? models::estimate_monthly_cost(*v.scenario).usd_month : 0.0);
  }
  for (std::size_t f = 0; f < base.failures.size(); ++f) {
    const models::Failure& failure = base.failures[f];
    if (!opt.failures.empty() && std::find(opt.failures.begin(), opt.failures.end(), failure.name) == opt.failures.end())
      continue;
    ComparedFailure cf;
    cf.name = failure.name;
    cf.description = describe_failure(base, failure);
    const auto d = static_cast<std::size_t>(models::disruption_of(failure.scope));
    for (const models::Application& app : base.applications) {
      ComparedApplication ca;
      ca.name = app.name;
      ca.target = app.policy[d];
      ca.variants.resize(variants.size());
      cf.applications.push_back(std::move(ca));
    }
    result.failures.push_back(std::move(cf));
  }
  return result;
}

void run_variants(const std::vector<VariantInput>& variants, const ComparisonResult& result, const ComparisonOptions& opt,
                  std::size_t begin, std::size_t end, SeriesStore& store) {
  std::atomic<std::uint64_t> done{0};
  const std::size_t count = end - begin;
  if (opt.progress) opt.progress->start("variants", count);
  const bool across_variants = count >= opt.threads;
  if (across_variants) {
    // The bar is drawn by the calling thread only (it is not shared between threads).
    const std::thread::id caller = std::this_thread::get_id();
    parallel_for(count, opt.threads, [&](std::size_t i) {
      run_variant(variants[begin + i], result, opt, 1, store[begin + i]);
      const auto n = ++done;
      if (opt.progress && std::this_thread::get_id() == caller) opt.progress->update(n);
    });
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      run_variant(variants[begin + i], result, opt, opt.threads, store[begin + i]);
      if (opt.progress) opt.progress->update(i + 1);
    }
  }
  if (opt.progress) opt.progress->finish();
}

void finish_comparison(ComparisonResult& result, const SeriesStore& store, const ComparisonOptions& opt) {
  const std::size_t n_variants = store.size();
  // Every (failure, application) pair is independent of the others: intervals in parallel.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t f = 0; f < result.failures.size(); ++f)
    for (std::size_t a = 0; a < result.failures[f].applications.size(); ++a) pairs.emplace_back(f, a);
  parallel_for(pairs.size(), opt.threads, [&](std::size_t i) {
    const auto [f, a] = pairs[i];
    std::vector<VariantCell>& cells = result.failures[f].applications[a].variants;
    std::vector<const Series*> by_variant;
    for (std::size_t v = 0; v < n_variants; ++v) by_variant.push_back(&store[v][f][a]);
    if (!by_variant[0]->present) return;
    for (std::size_t v = 0; v < n_variants; ++v) {
      const Series& x = *by_variant[v];
      cells[v].present = x.present;
      if (!x.present) continue;
      cells[v].impacted_trials = x.impacted;
      cells[v].unrecoverable_trials = x.unrecoverable;
      cells[v].rto_p50_s = median(x.rto);
      cells[v].rpo_p50_s = median(x.rpo);
      cells[v].full_capacity_p50_s = median(x.full);
      cells[v].rto_gate = x.rto_gate;
      cells[v].rpo_gate = x.rpo_gate;
      cells[v].rto_gate_share = x.rto_gate_share;
      cells[v].rpo_gate_share = x.rpo_gate_share;
      compare_compliance(x, *by_variant[0], cells[v].compliance);
    }
    compare_quantiles(by_variant, opt, cells);
  });
}

ComparisonResult compare_variants(const std::vector<VariantInput>& variants, const ComparisonOptions& opt) {
  ComparisonResult result = comparison_shape(variants, opt);
  if (variants.empty()) return result;
  SeriesStore store(variants.size());
  run_variants(variants, result, opt, 0, variants.size(), store);
  finish_comparison(result, store, opt);
  return result;
}

}  // namespace drsim::analysis
