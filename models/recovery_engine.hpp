#pragma once
// Plays one trial of one failure: which resources it impacts, the best usable recovery
// point of each, and the recovery itself on the event kernel: detection and declaration,
// restores ordered by the requires graph and queued for capacity pools, multi-AZ failovers,
// then per-application RTO and RPO. An engine is reused across trials (no reallocation).
#include <bit>
#include <chrono>
#include <vector>

#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "models/random_keys.hpp"
#include "models/recovery_method.hpp"
#include "models/requires_graph.hpp"
#include "models/scenario.hpp"
#include "models/trial_result.hpp"
#include "sim/simulation.hpp"

namespace drsim::models {

class RecoveryEngine {
 public:
  // `history` and `graph` are built once per scenario and shared read-only by every engine.
  RecoveryEngine(const BackupHistory& history, const RequiresGraph& graph);

  void run(std::size_t failure, const TrialKey& key, TrialResult& out);

  // For benchmarks: wall time spent in the event loop itself and the events it processed,
  // accumulated over runs while a timer is attached. Never part of any result.
  struct LoopTimer {
    std::uint64_t events = 0;
    double loop_seconds = 0;   // the kernel playing the recovery
    double total_seconds = 0;  // the whole trial, backup history included
  };
  void attach(LoopTimer* timer) { timer_ = timer; }

  // Kernel callback.
  void operator()(const sim::Event& e, sim::Simulation& sim);

 private:
  enum EventKind : std::uint32_t { kDeclared, kGranted, kWorkDone, kFailoverDone };

  void classify(const Failure& f, const TrialKey& key);
  void propagate_unrecoverable();
  bool waits_for_recovery(ResourceIndex r) const;
  void start(ResourceIndex r);
  void request_next_pool(ResourceIndex r, std::uint32_t from_pool);
  void recovered(ResourceIndex r);
  std::uint32_t kernel_pool(std::uint32_t pool, RegionIndex region) const;
  // Work started after the declaration holds one slot of every pool covering its type;
  // images and what recovers on its own take none. Decided once the methods are chosen, and
  // kept as a bit mask: the event loop asks it for every pool at every grant and release.
  bool holds_slot(ResourceIndex r, std::uint32_t pool) const {
    return pool < 64 ? ((slots_[r] >> pool) & 1u) != 0 : decide_slot(r, pool);
  }
  bool decide_slot(ResourceIndex r, std::uint32_t pool) const;
  // The first pool at or after `from` whose slot `r`'s work holds (the pool count: none);
  // with up to 64 pools, the next set bit of its mask.
  std::uint32_t next_held_pool(ResourceIndex r, std::uint32_t from) const {
    const auto pools = static_cast<std::uint32_t>(s_.recovery.pools.size());
    if (pools <= 64) {
      const std::uint64_t left = from >= 64 ? 0 : slots_[r] >> from << from;
      return left == 0 ? pools : static_cast<std::uint32_t>(std::countr_zero(left));
    }
    while (from < pools && !holds_slot(r, from)) ++from;
    return from;
  }
  void summarise_applications(const TrialKey& key);

  const Scenario& s_;
  const RequiresGraph& graph_;
  const BackupHistory& history_;
  LoopTimer* timer_ = nullptr;
  sim::Simulation sim_;
  TrialResult* out_ = nullptr;
  bool declared_ = false;
  std::vector<std::uint32_t> pending_;       // requirements not yet recovered
  std::vector<sim::Time> requested_at_;      // when the current pool request was made
  std::vector<std::uint32_t> pool_base_;     // first kernel pool of each scenario pool
  std::vector<std::uint64_t> slots_;         // per resource: the pools (bit p) its work holds, when <= 64 pools
  std::vector<RecoveryPoint> points_;        // scratch for one resource's history
  HistoryScratch history_scratch_;
};

}  // namespace drsim::models
