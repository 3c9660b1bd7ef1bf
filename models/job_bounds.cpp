#include "models/job_bounds.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

using sim::kNever;
using sim::Time;

// Sums of bounds saturate at kNever ("no bound"): absurd sizes make size terms of kNever / 2,
// and a few of those must not wrap around.
Time add_or_never(Time a, Time b) {
  if (a == kNever || b == kNever) return kNever;
  return b > 0 && a > kNever - b ? kNever : a + b;
}

Bounds hull(Bounds a, Bounds b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

Bounds exactly(std::int64_t v) { return {v, v}; }

}  // namespace

std::pair<double, double> JobBounds::ChainBounds::changed(const Resource& res, Bounds start) const {
  const double full = res.size_mib();
  const double lo = some ? res.changed_mib(start.lo - at.hi) : full;
  const double hi = none || start.hi == kNever ? full : res.changed_mib(start.hi - at.lo);
  return {lo, hi};
}

void JobBounds::ChainBounds::made(Bounds start, bool certain) {
  at = certain || !some ? start : hull(at, start);
  none = none && !certain;
  some = true;
}

JobBounds::JobBounds(const Scenario& s, const ProtectionMap& map, const CopyWaits& waits, ResourceIndex r)
    : s_(s), waits_(waits), r_(r) {
  const Resource& res = s.resources[r];
  const DurationModel& copy = s.models_of(res)[Step::copy];
  const sim::Duration copy_unqueued = add_or_never(copy.fixed.upper_bound(), copy.size_term(res.size_mib()));
  const sim::Duration longest_copy = add_or_never(waits.longest_wait(r), copy_unqueued);
  for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    const BackupRule& rule = s.backup_rules[ref->index];
    sim::Duration longest = rule.completion_window, unqueued = rule.completion_window;
    for (const CopyAction& c : rule.copies) {
      longest = add_or_never(longest, longest_copy);
      unqueued = add_or_never(unqueued, copy_unqueued);
      region_state(s.region_of_vault(c.vault));
    }
    longest_job_ = std::max(longest_job_, longest);
    longest_unqueued_ = std::max(longest_unqueued_, unqueued);
  }
}

JobBounds::RegionState& JobBounds::region_state(RegionIndex g) {
  for (auto& st : regions_)
    if (st.region == g) return st;
  return regions_.emplace_back(RegionState{g, true, ChainBounds{}});
}

void JobBounds::forget_before(Time at) {
  // A job due before `at` has finished by its completion window plus its copies.
  busy_ = {0, add_or_never(at, longest_job_)};
  const ChainBounds anything{true, true, Bounds{0, kNever}};
  last_backup_ = anything;
  previous_good_ = false;
  for (RegionState& g : regions_) g = RegionState{g.region, false, anything};
}

bool JobBounds::safe_start(Bounds natural) const {
  return busy_.hi <= natural.lo && previous_good_ &&
         std::all_of(regions_.begin(), regions_.end(), [](const RegionState& g) { return g.latest_good; });
}

bool JobBounds::exact_state(Bounds natural, QueueState& out) const {
  auto exact = [](const ChainBounds& c, Time& data) {
    if (c.none && !c.some) {
      data = kNever;
      return true;
    }
    if (c.none || !c.some || c.at.lo != c.at.hi) return false;
    data = c.at.lo;
    return true;
  };
  if (busy_.hi <= natural.lo) {
    out.busy_until = busy_.hi;  // over before the job can start: it starts at its natural start
  } else if (busy_.lo == busy_.hi) {
    out.busy_until = busy_.lo;
  } else {
    return false;
  }
  if (!exact(last_backup_, out.last_data)) return false;
  out.last_copy.clear();
  for (const RegionState& g : regions_) {
    Time data;
    if (!exact(g.last_copy, data)) return false;
    out.last_copy.push_back({g.region, data});
  }
  return true;
}

void JobBounds::step_with(const Due& d, Bounds natural, Bounds backup_fixed, std::span<const Bounds> copy_fixed) {
  const Resource& res = s_.resources[r_];
  const DurationModel& backup = s_.models_of(res)[Step::backup];
  const DurationModel& copy = s_.models_of(res)[Step::copy];
  const BackupRule& rule = s_.backup_rules[d.rule];
  const bool on_time = busy_.hi <= natural.lo;
  const Bounds start{std::max(natural.lo, busy_.lo), std::max(natural.hi, busy_.hi)};
  const Time window_end = d.at + rule.start_window;
  const Time deadline = d.at + rule.completion_window;
  const bool may_start = start.lo <= window_end;
  const bool must_start = start.hi <= window_end;
  bool may_complete = false, must_complete = false, may_cancel = false;
  Bounds started{}, done{};
  if (may_start) {
    started = {start.lo, std::min(start.hi, window_end)};
    const auto [size_lo, size_hi] = last_backup_.changed(res, started);
    const Time lo = started.lo + backup_fixed.lo + backup.size_term(size_lo);
    const Time hi = add_or_never(started.hi, add_or_never(backup_fixed.hi, backup.size_term(size_hi)));
    may_complete = lo <= deadline;
    must_complete = must_start && hi <= deadline;
    may_cancel = hi > deadline;
    // Its copies run after it, one at a time, each after its (fixed) wait for a slot; a copy
    // is incremental since the previous copy into its Region.
    done = {lo, std::min(hi, deadline)};
    if (may_complete) {
      for (std::size_t c = 0; c < rule.copies.size(); ++c) {
        const CopyRequest q{r_, d.rule, d.at, static_cast<std::uint8_t>(c), 0, 0, 0};
        ChainBounds& chain = region_state(s_.region_of_vault(rule.copies[c].vault)).last_copy;
        const auto [copied_lo, copied_hi] = chain.changed(res, started);
        const sim::Duration wait = waits_.wait(q);
        done.lo += wait + copy_fixed[c].lo + copy.size_term(copied_lo);
        done.hi = add_or_never(done.hi, add_or_never(wait, add_or_never(copy_fixed[c].hi, copy.size_term(copied_hi))));
        chain.made(started, must_complete);
      }
    }
  }
  // The resource is free again: unchanged if the job can expire, at the deadline if it can
  // be cancelled, after its copies if it can complete.
  Bounds next{};
  bool any = false;
  auto join = [&](Bounds b) {
    next = any ? hull(next, b) : b;
    any = true;
  };
  if (!must_start) join(busy_);
  if (may_start && may_cancel) join(exactly(deadline));
  if (may_complete) join(done);
  busy_ = next;
  if (may_complete) last_backup_.made(started, must_complete);

  const bool good = on_time && must_start && must_complete;
  previous_good_ = good;
  for (const CopyAction& c : rule.copies) region_state(s_.region_of_vault(c.vault)).latest_good = good;
}

Bounds ThisTrial::delay(const Due& d) const {
  return exactly(key.draw(s.catalogue.backup_start_delay, s.resources[r].draw_key, backup_delay_purpose(s.backup_rules[d.rule].draw_key, d.at)));
}

Bounds ThisTrial::backup_fixed(const Due& d) const {
  return exactly(key.draw(models[Step::backup].fixed, s.resources[r].draw_key, backup_duration_purpose(s.backup_rules[d.rule].draw_key, d.at)));
}

Bounds ThisTrial::copy_fixed(const Due& d, std::size_t copy) const {
  return exactly(key.draw(models[Step::copy].fixed, s.resources[r].draw_key, copy_duration_purpose(s.backup_rules[d.rule].draw_key, copy, d.at)));
}

}  // namespace drsim::models
