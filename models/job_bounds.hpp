#pragma once
// Bounds on one resource's AWS Backup job queue, job after job: when each job can start, the
// data it can have to back up and copy, whether it certainly or possibly starts in its window
// and completes, and when the resource is free again. Where several outcomes are possible the
// bounds cover them all; a job that can only have expired changes nothing, and one that can
// only have been cancelled frees the resource at its deadline.
//
// The bounds decide where a replay of the resource's history may start (BackupHistory's
// safety rule): at the first job of a due instant when nothing can be running and the
// previous job, and the latest one copying into each Region, certainly started on time and
// completed, so that their natural starts are the data times the replay continues from.
//
// The same stepping serves two purposes, told apart by what a job's random parts are known
// to be (`Draws`):
// - once per scenario, from the epoch, with every draw anywhere in its distribution's range:
//   the safe starts of every trial;
// - in one trial, from a recent instant with only the bounds every state satisfies there,
//   with that trial's own draws: a recent safe start of that trial when the scenario-wide
//   ones are far back (a resource whose jobs sometimes overlap the next firing).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "models/aws_backup_replay.hpp"
#include "models/copy_queue.hpp"
#include "models/protection_map.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

// An instant or duration known within bounds: in every case it lies in [lo, hi] (hi may be
// sim::kNever: unbounded).
struct Bounds {
  sim::Time lo = 0, hi = 0;
};

class JobBounds {
 public:
  // What a job's random parts can be: each returns the bounds of one draw.
  //   Bounds delay(const Due&), backup_fixed(const Due&), copy_fixed(const Due&, std::size_t copy)
  // At the epoch: nothing has run, every chain is empty (exact).
  JobBounds(const Scenario& s, const ProtectionMap& map, const CopyWaits& waits, ResourceIndex r);

  // Forgets everything but what holds at any instant `at`: the resource is free by
  // `at + longest_job()`, and any chain may or may not have a point, of any data time.
  void forget_before(sim::Time at);
  // The same, when the jobs due before `at` that can still be running are known with their
  // draws: each is over by its deadline, or by the end of its start window plus its
  // duration for the most data it can back up, and then by its copies at their longest.
  template <class Draws>
  void forget_before(sim::Time at, const Due* first, const Due* last, const Draws& draws);

  // The longest a job due at t can keep the resource busy after t: its completion window
  // (counted from the scheduled instant) and its copies at their longest, each after its
  // longest wait; sim::kNever when a copy's duration is unbounded.
  sim::Duration longest_job() const { return longest_job_; }
  // The same without any wait for a copy slot: a job ends by its due instant plus this plus
  // the waits of its copies (CopyWaits::reach_before bounds those of older jobs).
  sim::Duration longest_unqueued_job() const { return longest_unqueued_; }

  // Whether a replay may start at the first job of the due instant `d.at` (call before
  // step() for that job).
  bool safe_start(Bounds natural) const;
  // Whether the queue's state before that job is known exactly (nothing runs, or what runs
  // ends at a known instant; every chain's last data time known): then it is `out`.
  bool exact_state(Bounds natural, QueueState& out) const;

  // One job, in due order; `natural`, when given, is natural_start(d, draws) already drawn.
  template <class Draws>
  void step(const Due& d, const Draws& draws) {
    step(d, natural_start(d, draws), draws);
  }
  template <class Draws>
  void step(const Due& d, Bounds natural, const Draws& draws);
  // When the job can start if nothing runs: its scheduled instant plus its start delay.
  template <class Draws>
  static Bounds natural_start(const Due& d, const Draws& draws) {
    const Bounds delay = draws.delay(d);
    return {d.at + delay.lo, delay.hi == sim::kNever ? sim::kNever : d.at + delay.hi};
  }

 private:
  struct ChainBounds {
    bool none = true, some = false;  // there may be no previous point / there may be one
    Bounds at;                       // its data time, when there is one
    std::pair<double, double> changed(const Resource& res, Bounds start) const;
    void made(Bounds start, bool certain);
  };
  struct RegionState {
    RegionIndex region;
    bool latest_good;  // the latest job copying there certainly started on time and completed
    ChainBounds last_copy;
  };
  RegionState& region_state(RegionIndex g);
  void step_with(const Due& d, Bounds natural, Bounds backup_fixed, std::span<const Bounds> copy_fixed);

  const Scenario& s_;
  const CopyWaits& waits_;
  ResourceIndex r_;
  sim::Duration longest_job_ = 0;
  sim::Duration longest_unqueued_ = 0;
  Bounds busy_{0, 0};           // when the resource's one job queue is free
  ChainBounds last_backup_;     // the previous completed backup's data time
  bool previous_good_ = true;   // the previous job certainly started on time and completed (or there is none)
  // Inline up to a few copy Regions: a trial builds bounds for a resource whose window start
  // it must prove, and that path should not allocate.
  boost::container::small_vector<RegionState, 4> regions_;
  boost::container::small_vector<Bounds, 4> copy_fixed_;  // scratch of step()
};

template <class Draws>
void JobBounds::step(const Due& d, Bounds natural, const Draws& draws) {
  const BackupRule& rule = s_.backup_rules[d.rule];
  copy_fixed_.clear();
  for (std::size_t c = 0; c < rule.copies.size(); ++c) copy_fixed_.push_back(draws.copy_fixed(d, c));
  step_with(d, natural, draws.backup_fixed(d), {copy_fixed_.data(), copy_fixed_.size()});
}

template <class Draws>
void JobBounds::forget_before(sim::Time at, const Due* first, const Due* last, const Draws& draws) {
  forget_before(at);
  const Resource& res = s_.resources[r_];
  const TypeModels& models = s_.models_of(res);
  sim::Time free_by = at;
  for (const Due* d = first; d != last; ++d) {
    const BackupRule& rule = s_.backup_rules[d->rule];
    const Bounds fixed = draws.backup_fixed(*d);
    if (fixed.hi == sim::kNever) return;
    sim::Time end = std::min(d->at + rule.start_window + fixed.hi + models[Step::backup].size_term(res.size_mib()),
                             d->at + rule.completion_window);
    for (std::size_t c = 0; c < rule.copies.size(); ++c) {
      const Bounds copy = draws.copy_fixed(*d, c);
      if (copy.hi == sim::kNever) return;
      const CopyRequest q{r_, d->rule, d->at, static_cast<std::uint8_t>(c), 0, 0, 0};
      end += waits_.wait(q) + copy.hi + models[Step::copy].size_term(res.size_mib());
    }
    free_by = std::max(free_by, end);
  }
  busy_.hi = std::min(busy_.hi, free_by);
}

// Every draw anywhere in its distribution's range: bounds that hold in every trial.
struct AnyTrial {
  const Scenario& s;
  const TypeModels& models;
  static Bounds of(const Distribution& x) { return {x.lower_bound(), x.upper_bound()}; }
  Bounds delay(const Due&) const { return of(s.catalogue.backup_start_delay); }
  Bounds backup_fixed(const Due&) const { return of(models[Step::backup].fixed); }
  Bounds copy_fixed(const Due&, std::size_t) const { return of(models[Step::copy].fixed); }
};

// One trial's own draws (the same keys AwsBackupReplay draws with).
struct ThisTrial {
  const Scenario& s;
  const TypeModels& models;
  ResourceIndex r;
  const TrialKey& key;
  Bounds delay(const Due& d) const;
  Bounds backup_fixed(const Due& d) const;
  Bounds copy_fixed(const Due& d, std::size_t copy) const;
};

}  // namespace drsim::models
