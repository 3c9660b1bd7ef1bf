#pragma once
// AWS Backup's limit on concurrent copy jobs into a destination Region, and the waits it
// causes.
//
// AWS Backup quotas: "Concurrent backup copies per account outbound to a destination
// Region: 100" (an older version of the page: "5 per service", 100 for EC2 AMIs), and
// "Concurrent backup and copy jobs per resource: 1". Copies beyond the limit queue (FIFO)
// for a slot. Because one resource runs one job at a time, the limit can only bind when more
// resources than slots copy into one destination; then copy jobs of different resources
// interact, and a queued copy delays its resource's next backup.
//
// The queue is played once per scenario, jointly for every resource that copies, with every
// duration at its median (TrialKey::nominal), and each copy's wait is kept in a table that
// every trial reads: exact when the backup and copy models are fixed (the defaults), and the
// typical queue otherwise (docs/models.md, "Copy-job limit").
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/aws_backup_replay.hpp"
#include "models/interpolated_search.hpp"

namespace drsim::models {

class CopyWaits {
 public:
  // Plays the queue up to `horizon` when the limit can bind; otherwise holds nothing.
  CopyWaits(const Scenario& s, const ProtectionMap& map, const RuleFirings& firings, sim::Time horizon);

  // How long the copy of the job waits for a slot (0 for almost every copy).
  sim::Duration wait(const CopyRequest& q) const;

  // The same for the requests of one replay, which come in order: each lookup moves on from
  // the last instead of searching again.
  class Cursor {
   public:
    // For copies of jobs scheduled at `from` or later.
    Cursor(const CopyWaits& w, ResourceIndex r, sim::Time from);
    sim::Duration wait(const CopyRequest& q);

   private:
    const CopyWaits* w_;
    std::uint32_t at_, end_;
  };
  // Asks the memory system for the entries a Cursor(r, from) will read first. A trial asks
  // about every resource in turn, each at the failure instant, and the table is far larger
  // than the cache: fetching the next resource's entries while this one is computed hides
  // the miss that otherwise dominates a lookup. Changes nothing but timing.
  void prefetch(ResourceIndex r, sim::Time from) const {
    if (waits_.empty()) return;
    const Span& span = spans_[r];
    // Outside its span the lookup reads one end of it: nothing worth fetching ahead.
    if (span.end <= span.begin || from <= span.first || from > span.last) return;
    // The guess and the entries a gallop from it reads first, either side.
    const auto at = span.begin + static_cast<std::uint32_t>(
                                     interpolated_guess(span.end - span.begin, from, span.first, span.last));
    __builtin_prefetch(&waits_[at]);
    __builtin_prefetch(&waits_[std::max(at, span.begin + 4) - 4]);
    __builtin_prefetch(&waits_[std::min(at + 4, span.end - 1)]);
  }
  // The latest instant any job of resource `r` due before `before` can have its copies still
  // held up to: the maximum over its queued copies of (scheduled + copies x wait), where
  // `copies` is the most copy actions any of its rules has (each of a job's copies waits at
  // most as long as its longest-waiting one). A job due at d then ends by this reach plus its
  // unqueued duration (JobBounds::longest_unqueued_job). kNoReach when none waited.
  static constexpr sim::Time kNoReach = std::numeric_limits<sim::Time>::min();
  sim::Time reach_before(ResourceIndex r, sim::Time before) const;
  // The longest wait of any copy of resource `r`.
  sim::Duration longest_wait(ResourceIndex r) const { return longest_.empty() ? 0 : longest_[r]; }

 private:
  struct Entry {
    sim::Time scheduled;
    std::uint32_t rule;
    std::uint8_t copy;
    sim::Duration wait;
  };
  // Per resource, where its entries are and the instants they span, together: a lookup
  // touches one of these and then the entries near an interpolated guess.
  struct Span {
    sim::Time first = 0, last = 0;  // scheduled instants of its first and last entries
    std::uint32_t begin = 0, end = 0;
  };
  // The first entry of resource `r` scheduled at or after `t` (interpolated_lower_bound).
  std::vector<Entry>::const_iterator first_at_or_after(ResourceIndex r, sim::Time t) const;
  std::vector<Span> spans_;    // per resource: its entries in waits_
  std::vector<Entry> waits_;   // by resource, each one's sorted by (scheduled, rule, copy)
  std::vector<sim::Duration> longest_;  // per resource, when any copy waits
  std::vector<sim::Time> reach_;        // parallel to waits_: the running maximum of reach per resource
};

}  // namespace drsim::models
