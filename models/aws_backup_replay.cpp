#include "models/aws_backup_replay.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kNever;
using sim::Time;

// Due jobs are loaded this far ahead at a time, so a replay over years holds only days.
constexpr sim::Duration kDueChunk = 8 * kDay;

Time after_days(Time from, std::int32_t days) { return days < 0 ? kNever : from + static_cast<Time>(days) * kDay; }

Time floor_to(Time t, sim::Duration step) { return t < 0 ? -1 : (t / step) * step; }

// AWS Backup point-in-time restore reaches "the most recent 5 minutes" of RDS (and Aurora)
// activity and "the most recent 15 minutes" of S3's.
sim::Duration continuous_interval(ResourceType t) { return t == ResourceType::s3 ? 15 * sim::kMinute : 5 * sim::kMinute; }

}  // namespace

void due_jobs(const ProtectionMap& map, const RuleFirings& firings, ResourceIndex r, Time from, Time to,
              std::vector<Due>& out, std::vector<Time>& times) {
  out.clear();
  std::size_t rules = 0;
  for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    ++rules;
    times.clear();
    firings.fires(ref->index, from, to, times);
    for (Time t : times) out.push_back({t, ref->index});
  }
  if (rules > 1)
    std::sort(out.begin(), out.end(), [](const Due& a, const Due& b) { return a.at != b.at ? a.at < b.at : a.rule < b.rule; });
}

AwsBackupReplay::AwsBackupReplay(const Scenario& s, const ProtectionMap& map, const RuleFirings& firings,
                                 ResourceIndex r, Time from, Time due_to, Time as_of, const TrialKey& key,
                                 std::vector<RecoveryPoint>& out, ReplayBuffers& buffers, const QueueState* start)
    : s_(s), map_(map), firings_(firings), r_(r), entity_(s.resources[r].draw_key), due_to_(due_to), as_of_(as_of), key_(key), out_(out), b_(buffers) {
  from = std::max<Time>(from, 0);
  if (start) {
    busy_until_ = start->busy_until;
    last_data_ = start->last_data;
    b_.last_copy = start->last_copy;
  } else {
    continue_chains(from);
  }
  loaded_to_ = from - 1;
  refill();
}

void AwsBackupReplay::continue_chains(Time from) {
  // The data time of the resource's previous backup and of its previous copy into each
  // Region (incremental sizes follow them): the natural starts of the latest job before the
  // window and of the latest one before it copying into the Region, which a safe start
  // guarantees ran on time and completed, with its copies.
  b_.last_copy.clear();
  struct Latest {
    Time at = -1;
    std::uint32_t rule = 0;
    void note(Time t, std::uint32_t r) {
      if (t > at || (t == at && r > rule)) *this = Latest{t, r};
    }
  };
  // Each rule's firing before the window, looked up once (the chains below ask again).
  Time before[16];
  std::size_t rules = 0;
  Latest previous;
  for (const ProtectionRef* ref = map_.begin(r_); ref != map_.end(r_); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    for (const CopyAction& c : s_.backup_rules[ref->index].copies) last_copy_into(s_.region_of_vault(c.vault));
    const Time t = from > 0 ? firings_.previous(ref->index, from) : -1;
    if (rules < std::size(before)) before[rules] = t;
    ++rules;
    previous.note(t, ref->index);
  }
  if (previous.at >= 0) last_data_ = natural_start(previous.at, previous.rule);
  for (auto& chain : b_.last_copy) {
    Latest copying;
    std::size_t k = 0;
    for (const ProtectionRef* ref = map_.begin(r_); ref != map_.end(r_); ++ref) {
      if (ref->kind != ProtectionKind::backup_rule) continue;
      const std::size_t i = k++;
      if (from <= 0) continue;
      const auto& copies = s_.backup_rules[ref->index].copies;
      if (std::any_of(copies.begin(), copies.end(),
                      [&](const CopyAction& c) { return s_.region_of_vault(c.vault) == chain.region; }))
        copying.note(i < std::size(before) ? before[i] : firings_.previous(ref->index, from), ref->index);
    }
    // Usually the job before the window is the one that copied: its start was drawn above.
    if (copying.at >= 0)
      chain.last_data = copying.at == previous.at && copying.rule == previous.rule
                            ? last_data_
                            : natural_start(copying.at, copying.rule);
  }
}

void AwsBackupReplay::refill() {
  b_.due.clear();
  next_due_ = 0;
  if (loaded_to_ >= due_to_) return;
  const Time from = loaded_to_ + 1;
  const Time to = std::min(due_to_, from + kDueChunk);
  due_jobs(map_, firings_, r_, from, to, b_.due, b_.times);
  loaded_to_ = to;
}

Time AwsBackupReplay::natural_start(Time at, std::uint32_t rule) const {
  return at + key_.draw(s_.catalogue.backup_start_delay, entity_, backup_delay_purpose(s_.backup_rules[rule].draw_key, at));
}

Time& AwsBackupReplay::last_copy_into(RegionIndex region) {
  for (auto& c : b_.last_copy)
    if (c.region == region) return c.last_data;
  b_.last_copy.push_back({region, kNever});
  return b_.last_copy.back().last_data;
}

void AwsBackupReplay::apply_lifecycle(RecoveryPoint& p, const Lifecycle& l) const {
  const ColdTier tier = traits(s_.resources[r_].type).cold_tier;
  const bool tiers = tier == ColdTier::cold || (tier == ColdTier::archive && l.archive_opt_in);
  p.cold_at = tiers ? after_days(p.data_time, l.cold_after_days) : kNever;
  p.expires_at = after_days(p.data_time, l.delete_after_days);
}

bool AwsBackupReplay::next_copy(CopyRequest& request) {
  const Resource& res = s_.resources[r_];
  const TypeModels& models = s_.models_of(res);
  for (;;) {
    if (copying_) {
      const BackupRule& rule = s_.backup_rules[source_.protection];
      if (copy_ < rule.copies.size()) {
        const Time chain = last_copy_into(s_.region_of_vault(rule.copies[copy_].vault));
        const double copied = chain == kNever ? res.size_mib() : res.changed_mib(source_.data_time - chain);
        pending_ = CopyRequest{r_,
                               source_.protection,
                               source_.scheduled,
                               static_cast<std::uint8_t>(copy_),
                               s_.region_of_vault(rule.copies[copy_].vault),
                               copy_ready_,
                               key_.draw(models[Step::copy], copied, entity_,
                                         copy_duration_purpose(rule.draw_key, copy_, source_.scheduled))};
        request = pending_;
        return true;
      }
      copying_ = false;
      busy_until_ = copy_ready_;
      last_data_ = source_.data_time;
    }
    if (next_due_ == b_.due.size()) {
      if (loaded_to_ >= due_to_) return false;
      refill();
      continue;
    }
    const Due d = b_.due[next_due_++];
    const BackupRule& rule = s_.backup_rules[d.rule];
    const auto prot = static_cast<std::uint16_t>(d.rule);
    const Time start = std::max(natural_start(d.at, d.rule), busy_until_);
    if (start > as_of_) continue;  // not started by the horizon: irrelevant to it

    RecoveryPoint p;
    p.scheduled = d.at;
    p.resource = r_;
    p.protection = prot;
    p.mechanism = Mechanism::backup_rule;
    p.region = s_.region_of_vault(rule.vault);
    p.vault = rule.vault;
    p.data_time = start;
    p.available_time = kNever;
    if (start > d.at + rule.start_window) {
      p.outcome = JobOutcome::expired;
      out_.push_back(p);
      continue;
    }
    const double changed = last_data_ == kNever ? res.size_mib() : res.changed_mib(start - last_data_);
    const Time end = start + key_.draw(models[Step::backup], changed, entity_, backup_duration_purpose(rule.draw_key, d.at));
    const Time deadline = d.at + rule.completion_window;
    if (end > deadline) {
      p.outcome = JobOutcome::cancelled;
      busy_until_ = deadline;
      out_.push_back(p);
      continue;
    }
    p.available_time = end;
    apply_lifecycle(p, rule.lifecycle);
    out_.push_back(p);
    source_ = p;
    copying_ = true;
    copy_ = 0;
    copy_ready_ = end;
  }
}

void AwsBackupReplay::copy_started(Time start) {
  const BackupRule& rule = s_.backup_rules[source_.protection];
  const CopyAction& action = rule.copies[copy_];
  RecoveryPoint copy = source_;
  copy.mechanism = Mechanism::backup_copy;
  copy.copy_index = static_cast<std::uint8_t>(copy_);
  copy.vault = action.vault;
  copy.region = s_.region_of_vault(action.vault);
  copy.copy_wait = start - pending_.at;
  copy.available_time = start + pending_.duration;
  if (action.own_lifecycle) {
    // The copy's own lifecycle, from the source's creation date; "a copy with a retention
    // setting set to never expire will retain its source recovery point's expiration date".
    apply_lifecycle(copy, action.lifecycle);
    if (action.lifecycle.delete_after_days < 0) copy.expires_at = source_.expires_at;
  }
  out_.push_back(copy);
  last_copy_into(copy.region) = source_.data_time;
  copy_ready_ = copy.available_time;
  ++copy_;
}

const RecoveryPoint* continuous_base(const Scenario& s, ResourceIndex r, std::uint32_t rule, Time as_of,
                                     const std::vector<RecoveryPoint>& points, std::size_t first) {
  const Time latest = floor_to(as_of, continuous_interval(s.resources[r].type));
  const RecoveryPoint* base = nullptr;
  for (std::size_t i = first; i < points.size(); ++i) {
    const RecoveryPoint& p = points[i];
    if (p.mechanism != Mechanism::backup_rule || p.protection != rule || p.outcome != JobOutcome::completed) continue;
    if (p.available_time > as_of || p.data_time > latest || p.expires_at <= as_of) continue;
    if (!base || p.data_time > base->data_time) base = &p;
  }
  return base;
}

void add_continuous_point(const Scenario& s, const ProtectionMap& map, ResourceIndex r, Time as_of,
                          std::vector<RecoveryPoint>& out, std::size_t first) {
  const std::int64_t rule = map.continuous_rule(r);
  if (rule < 0) return;
  // Once a backup of the rule completed, the vault can restore to any instant up to the
  // last shipped log, within the retention.
  const RecoveryPoint* base = continuous_base(s, r, static_cast<std::uint32_t>(rule), as_of, out, first);
  if (!base) return;
  const Time latest = floor_to(as_of, continuous_interval(s.resources[r].type));
  RecoveryPoint p = *base;
  p.mechanism = Mechanism::backup_continuous;
  p.scheduled = latest;
  p.data_time = latest;
  p.available_time = latest;
  p.base_data_time = base->data_time;
  p.cold_at = kNever;
  p.expires_at = kNever;
  out.push_back(p);
}

}  // namespace drsim::models
