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
#include <vector>

#include "models/aws_backup_replay.hpp"

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
  bool empty() const { return waits_.empty(); }
  std::size_t queued_copies() const { return waits_.size(); }
  // The longest wait of any copy of resource `r`.
  sim::Duration longest_wait(ResourceIndex r) const { return longest_.empty() ? 0 : longest_[r]; }
  sim::Duration longest_wait() const {
    sim::Duration w = 0;
    for (const Entry& e : waits_) w = std::max(w, e.wait);
    return w;
  }

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
  std::vector<Span> spans_;
  std::vector<std::uint32_t> offsets_;  // per resource (CSR) into waits_, sorted by (scheduled, rule, copy)
  std::vector<Entry> waits_;
  std::vector<sim::Duration> longest_;  // per resource, when any copy waits
};

}  // namespace drsim::models
