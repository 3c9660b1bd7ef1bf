#include "analysis/study.hpp"

#include <algorithm>
#include <thread>

#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/requires_graph.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceIndex;
using models::TrialResult;

double seconds(sim::Duration ms) { return static_cast<double>(ms) / 1000.0; }

// What one worker gathers over its trials; merged in a fixed order afterwards. Summaries
// sort their samples, so the results do not depend on which worker ran which trial.
struct Partial {
  struct App {
    std::uint64_t impacted = 0, unrecoverable = 0, rto_met = 0, rpo_met = 0, both_met = 0;
    std::vector<double> rto, rpo;
    std::vector<std::uint64_t> rto_gate, rpo_gate;  // per resource
  };
  struct Res {
    std::uint64_t impacted = 0, unrecoverable = 0;
    std::vector<double> rto, rpo;
  };
  std::vector<App> apps;
  std::vector<Res> resources;
  std::vector<TrialRow> rows;
  std::uint64_t events = 0;
  TrialResult first;
  bool has_first = false;
};

void fold(const models::Scenario& s, const TrialResult& t, std::uint64_t trial, bool keep_rows, Partial& p) {
  p.events += t.events;
  for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const models::ResourceOutcome& o = t.resources[r];
    if (!o.impacted()) continue;
    auto& acc = p.resources[r];
    ++acc.impacted;
    if (!o.recovered()) {
      ++acc.unrecoverable;
      continue;
    }
    acc.rto.push_back(seconds(t.rto(r)));
    const sim::Duration rpo = t.rpo(s, r);
    if (rpo >= 0) acc.rpo.push_back(seconds(rpo));
  }
  const models::Disruption d = models::disruption_of(s.failures[t.failure].scope);
  for (std::size_t a = 0; a < s.applications.size(); ++a) {
    const models::ApplicationOutcome& o = t.applications[a];
    auto& acc = p.apps[a];
    if (keep_rows) p.rows.push_back({trial, a, o});
    const auto& target = s.applications[a].policy[static_cast<std::size_t>(d)];
    bool rto_ok = true, rpo_ok = true;
    if (o.impacted) {
      ++acc.impacted;
      if (!o.recoverable) {
        ++acc.unrecoverable;
        rto_ok = rpo_ok = false;
      } else {
        acc.rto.push_back(seconds(o.rto));
        if (o.rpo >= 0) acc.rpo.push_back(seconds(o.rpo));
        if (o.rto_gate != models::kNoResource) ++acc.rto_gate[o.rto_gate];
        if (o.rpo_gate != models::kNoResource && o.rpo > 0) ++acc.rpo_gate[o.rpo_gate];
        if (target) {
          rto_ok = o.rto <= target->rto_s * sim::kSecond;
          rpo_ok = o.rpo <= target->rpo_s * sim::kSecond;
        }
      }
    }
    acc.rto_met += rto_ok;
    acc.rpo_met += rpo_ok;
    acc.both_met += rto_ok && rpo_ok;
  }
}

std::vector<GateShare> gates(const std::vector<std::uint64_t>& counts) {
  std::vector<GateShare> g;
  for (ResourceIndex r = 0; r < counts.size(); ++r)
    if (counts[r] > 0) g.push_back({r, counts[r]});
  std::stable_sort(g.begin(), g.end(), [](const GateShare& a, const GateShare& b) { return a.trials > b.trials; });
  return g;
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

FailureResult run_failure(const models::Scenario& s, const models::BackupHistory& history,
                          const models::RequiresGraph& graph, std::size_t failure, const StudyOptions& opt) {
  const unsigned threads = static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(opt.threads, opt.trials)));
  std::vector<Partial> partials(threads);
  auto work = [&](unsigned w) {
    Partial& p = partials[w];
    p.apps.assign(s.applications.size(), Partial::App{});
    for (auto& a : p.apps) {
      a.rto_gate.assign(s.resources.size(), 0);
      a.rpo_gate.assign(s.resources.size(), 0);
    }
    p.resources.assign(s.resources.size(), Partial::Res{});
    models::RecoveryEngine engine(history, graph);
    TrialResult trial;
    // Trials are dealt round-robin; every draw is keyed by trial, never by worker.
    for (std::uint64_t t = w; t < opt.trials; t += threads) {
      engine.run(failure, models::TrialKey{opt.seed, t}, trial);
      fold(s, trial, t, opt.keep_trial_rows, p);
      if (t == 0) {
        p.first = trial;
        p.has_first = true;
      }
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < threads; ++w) pool.emplace_back(work, w);
    for (auto& th : pool) th.join();
  }

  Partial all = std::move(partials[0]);
  for (unsigned w = 1; w < threads; ++w) {
    Partial& p = partials[w];
    all.events += p.events;
    append(all.rows, p.rows);
    for (std::size_t a = 0; a < all.apps.size(); ++a) {
      auto &to = all.apps[a], &from = p.apps[a];
      to.impacted += from.impacted;
      to.unrecoverable += from.unrecoverable;
      to.rto_met += from.rto_met;
      to.rpo_met += from.rpo_met;
      to.both_met += from.both_met;
      append(to.rto, from.rto);
      append(to.rpo, from.rpo);
      for (std::size_t r = 0; r < to.rto_gate.size(); ++r) {
        to.rto_gate[r] += from.rto_gate[r];
        to.rpo_gate[r] += from.rpo_gate[r];
      }
    }
    for (std::size_t r = 0; r < all.resources.size(); ++r) {
      auto &to = all.resources[r], &from = p.resources[r];
      to.impacted += from.impacted;
      to.unrecoverable += from.unrecoverable;
      append(to.rto, from.rto);
      append(to.rpo, from.rpo);
    }
  }
  std::sort(all.rows.begin(), all.rows.end(), [](const TrialRow& a, const TrialRow& b) {
    return a.trial != b.trial ? a.trial < b.trial : a.application < b.application;
  });

  FailureResult out;
  out.failure = failure;
  out.trials = opt.trials;
  out.events = all.events;
  out.first_trial = std::move(all.first);  // trial 0 always runs on worker 0
  out.rows = std::move(all.rows);
  const models::Disruption d = models::disruption_of(s.failures[failure].scope);
  for (std::size_t a = 0; a < all.apps.size(); ++a) {
    auto& acc = all.apps[a];
    ApplicationResult r;
    r.index = a;
    r.impacted_trials = acc.impacted;
    r.unrecoverable_trials = acc.unrecoverable;
    r.rto_s = summarise(acc.rto);
    r.rpo_s = summarise(acc.rpo);
    r.target = s.applications[a].policy[static_cast<std::size_t>(d)];
    r.rto_met = wilson(acc.rto_met, opt.trials);
    r.rpo_met = wilson(acc.rpo_met, opt.trials);
    r.both_met = wilson(acc.both_met, opt.trials);
    r.rto_gates = gates(acc.rto_gate);
    r.rpo_gates = gates(acc.rpo_gate);
    out.applications.push_back(std::move(r));
  }
  std::vector<double> fleet_rto, fleet_rpo;
  out.fleet.resources = s.resources.size();
  for (auto& acc : all.resources) {
    ResourceResult r;
    r.impacted_trials = acc.impacted;
    r.unrecoverable_trials = acc.unrecoverable;
    out.fleet.impacted += acc.impacted;
    out.fleet.unrecoverable += acc.unrecoverable;
    append(fleet_rto, acc.rto);
    append(fleet_rpo, acc.rpo);
    r.rto_s = summarise(acc.rto);
    r.rpo_s = summarise(acc.rpo);
    out.resources.push_back(std::move(r));
  }
  out.fleet.rto_s = summarise(fleet_rto);
  out.fleet.rpo_s = summarise(fleet_rpo);
  return out;
}

}  // namespace

StudyResult run_study(const models::Scenario& s, const std::vector<std::size_t>& failures, const StudyOptions& options) {
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  const models::RequiresGraph graph(s);
  StudyResult result;
  result.seed = options.seed;
  result.trials = options.trials;
  for (std::size_t f : failures) result.failures.push_back(run_failure(s, history, graph, f, options));
  return result;
}

}  // namespace drsim::analysis
