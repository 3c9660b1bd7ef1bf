#include "models/copy_queue.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <tuple>

namespace drsim::models {
namespace {

// A destination Region's copy slots, or one per service when the limit counts per service.
using Group = std::pair<RegionIndex, int>;

Group group_of(const Scenario& s, ResourceIndex r, RegionIndex destination) {
  return {destination, s.copy_jobs.per_service ? static_cast<int>(s.resources[r].type) : -1};
}

}  // namespace

CopyWaits::CopyWaits(const Scenario& s, const ProtectionMap& map, const RuleFirings& firings, sim::Time horizon) {
  const std::uint32_t limit = s.copy_jobs.concurrent;
  if (limit == 0) return;

  // Which resources copy into each group: with no more of them than slots, nobody waits.
  std::map<Group, std::set<ResourceIndex>> copiers;
  for (ResourceIndex r = 0; r < s.resources.size(); ++r)
    for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref)
      if (ref->kind == ProtectionKind::backup_rule)
        for (const CopyAction& c : s.backup_rules[ref->index].copies)
          copiers[group_of(s, r, s.region_of_vault(c.vault))].insert(r);
  std::set<ResourceIndex> involved;
  for (const auto& [group, members] : copiers)
    if (members.size() > limit) involved.insert(members.begin(), members.end());
  if (involved.empty()) return;

  // One replay per resource, advanced from copy request to copy request in time order.
  struct Player {
    std::vector<RecoveryPoint> points;  // cleared as it goes: only the queue matters here
    ReplayBuffers buffers;
    std::unique_ptr<AwsBackupReplay> replay;
    CopyRequest request;
  };
  const TrialKey nominal{0, 0, true};
  std::vector<Player> players(involved.size());
  using Next = std::pair<sim::Time, std::size_t>;  // (request instant, player): FIFO by instant, then resource
  std::priority_queue<Next, std::vector<Next>, std::greater<>> next;
  std::size_t i = 0;
  for (ResourceIndex r : involved) {
    Player& p = players[i];
    p.replay = std::make_unique<AwsBackupReplay>(s, map, firings, r, 0, horizon, horizon, nominal, p.points, p.buffers);
    if (p.replay->next_copy(p.request)) next.push({p.request.at, i});
    ++i;
  }
  // Each group's slots, as the instants they become free (at most `limit` of them).
  std::map<Group, std::priority_queue<sim::Time, std::vector<sim::Time>, std::greater<>>> slots;
  std::vector<std::vector<Entry>> by_resource(s.resources.size());
  while (!next.empty()) {
    const std::size_t who = next.top().second;
    next.pop();
    Player& p = players[who];
    const CopyRequest& q = p.request;
    auto& free_at = slots[group_of(s, q.resource, q.destination)];
    sim::Time start = q.at;
    if (free_at.size() == limit) {
      start = std::max(start, free_at.top());
      free_at.pop();
    }
    free_at.push(start + q.duration);
    if (start > q.at) by_resource[q.resource].push_back({q.scheduled, q.rule, q.copy, start - q.at});
    p.replay->copy_started(start);
    p.points.clear();
    if (p.replay->next_copy(p.request)) next.push({p.request.at, who});
  }
  longest_.assign(s.resources.size(), 0);
  spans_.assign(s.resources.size(), Span{});
  for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
    for (const Entry& e : by_resource[r]) longest_[r] = std::max(longest_[r], e.wait);
    std::int64_t copies = 0;
    for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref)
      if (ref->kind == ProtectionKind::backup_rule)
        copies = std::max<std::int64_t>(copies, static_cast<std::int64_t>(s.backup_rules[ref->index].copies.size()));
    sim::Time reach = kNoReach;
    for (const Entry& e : by_resource[r]) {
      reach = std::max(reach, e.scheduled + copies * e.wait);
      reach_.push_back(reach);
    }
    Span& span = spans_[r];
    span.begin = static_cast<std::uint32_t>(waits_.size());
    waits_.insert(waits_.end(), by_resource[r].begin(), by_resource[r].end());
    span.end = static_cast<std::uint32_t>(waits_.size());
    if (span.end > span.begin) {
      span.first = waits_[span.begin].scheduled;
      span.last = waits_[span.end - 1].scheduled;
    }
  }
}

std::vector<CopyWaits::Entry>::const_iterator CopyWaits::first_at_or_after(ResourceIndex r, sim::Time t) const {
  const Span& span = spans_[r];
  return interpolated_lower_bound(waits_.begin() + span.begin, waits_.begin() + span.end, t,
                                  [](const Entry& e) { return e.scheduled; }, span.first, span.last);
}

sim::Time CopyWaits::reach_before(ResourceIndex r, sim::Time before) const {
  if (waits_.empty()) return kNoReach;
  const auto it = first_at_or_after(r, before);
  return it == waits_.begin() + spans_[r].begin ? kNoReach : reach_[static_cast<std::size_t>(it - waits_.begin()) - 1];
}

sim::Duration CopyWaits::wait(const CopyRequest& q) const {
  if (waits_.empty()) return 0;
  const auto first = waits_.begin() + spans_[q.resource].begin;
  const auto last = waits_.begin() + spans_[q.resource].end;
  const auto key = [](sim::Time at, std::uint32_t rule, std::uint8_t copy) { return std::tuple(at, rule, copy); };
  const auto it = std::lower_bound(first, last, key(q.scheduled, q.rule, q.copy),
                                   [&](const Entry& e, const auto& k) { return key(e.scheduled, e.rule, e.copy) < k; });
  return it != last && key(it->scheduled, it->rule, it->copy) == key(q.scheduled, q.rule, q.copy) ? it->wait : 0;
}

CopyWaits::Cursor::Cursor(const CopyWaits& w, ResourceIndex r, sim::Time from) : w_(&w), at_(0), end_(0) {
  if (w.waits_.empty()) return;
  end_ = w.spans_[r].end;
  at_ = static_cast<std::uint32_t>(w.first_at_or_after(r, from) - w.waits_.begin());
}

sim::Duration CopyWaits::Cursor::wait(const CopyRequest& q) {
  const auto key = [](sim::Time at, std::uint32_t rule, std::uint8_t copy) { return std::tuple(at, rule, copy); };
  const auto wanted = key(q.scheduled, q.rule, q.copy);
  while (at_ < end_) {
    const Entry& e = w_->waits_[at_];
    const auto here = key(e.scheduled, e.rule, e.copy);
    if (here == wanted) return e.wait;
    if (wanted < here) return 0;
    ++at_;
  }
  return 0;
}

}  // namespace drsim::models
