#pragma once
// When each AWS Backup rule takes a backup: its cron firings, less those AWS Backup merges
// into another rule of the same plan.
//
// AWS Backup, "Backup plan options and configuration": "If you have a backup plan with
// multiple rules and the time frames of the two rules overlap, AWS Backup optimizes the
// backup and takes a backup for the rule with the longer retention time. The optimization
// takes into account the full start window, not just when the daily backup is taken."
// So a firing of rule X at a (start window [a, a + sw_X)) is dropped when a kept firing b of
// a rule Y of the same plan with a longer retention (or the same retention, earlier in the
// plan) has a start window [b, b + sw_Y) that overlaps it. Rules are resolved from the
// longest retention down, so a firing only yields to one that is itself taken. A dropped
// firing makes no job, and its rule's copy actions do not run ("the copy rule will only run
// if the schedule rule has run"). Rules of different plans are never merged: their jobs
// queue, one at a time per resource.
//
// The merge depends only on the schedules, never on a trial, so the kept firings are
// computed once per scenario (up to a horizon; later ones on demand, exactly the same way).
#include <vector>

#include "models/scenario.hpp"

namespace drsim::models {

class RuleFirings {
 public:
  RuleFirings(const Scenario& s, sim::Time horizon);

  // Appends the kept firings of `rule` in [from, to] to `out`, in order.
  void fires(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const;
  // The kept firing of `rule` before `t` (exclusive), or -1.
  sim::Time previous(std::uint32_t rule, sim::Time t) const;
  // The kept firing of `rule` at or after `t` (within the cache), or sim::kNever.
  sim::Time next(std::uint32_t rule, sim::Time t) const;
  // The firings of `rule` AWS merged into another rule, in [from, to] (for the walkthrough).
  void dropped(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const;

  sim::Time horizon() const { return horizon_; }

 private:
  // Kept firings of `rule` in [from, to], computed from the cron schedules (no cache).
  void compute(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const;

  const Scenario& s_;
  sim::Time horizon_;
  std::vector<std::vector<std::uint32_t>> higher_;  // per rule: the rules of its plan it yields to
  std::vector<std::vector<sim::Time>> kept_;        // per rule, up to horizon_
};

}  // namespace drsim::models
