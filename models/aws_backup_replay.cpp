#include "models/aws_backup_replay.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kNever;
using sim::Time;

// Due jobs are loaded this far ahead at a time, so a replay over years holds only days.
constexpr sim::Duration kDueChunk = 8 * kDay;

std::uint64_t mech(Mechanism m) { return static_cast<std::uint64_t>(m); }

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
                                 ResourceIndex r, Time from, Time as_of, const TrialKey& key,
                                 std::vector<RecoveryPoint>& out, ReplayBuffers& buffers)
    : s_(s), map_(map), firings_(firings), r_(r), as_of_(as_of), key_(key), out_(out), b_(buffers) {
  from = std::max<Time>(from, 0);
  // The data time of the resource's previous completed backup and of its previous copy into
  // each vault (incremental sizes follow them). A window starts at a safe job, so the
  // previous job of every rule started on time and completed, with its copies: the latest of
  // them is the previous backup, and the latest of those copying into a vault its previous copy.
  b_.last_copy.clear();
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    Time previous = kNever;
    if (from > 0)
      if (const Time before = firings_.previous(ref->index, from); before >= 0) previous = natural_start(before, ref->index);
    if (previous != kNever && (last_data_ == kNever || previous > last_data_)) last_data_ = previous;
    for (const CopyAction& c : s_.backup_rules[ref->index].copies) {
      Time& chain = last_copy_into(c.vault);
      if (previous != kNever && (chain == kNever || previous > chain)) chain = previous;
    }
  }
  b_.due.clear();
  loaded_to_ = from - 1;
  refill();
}

void AwsBackupReplay::refill() {
  b_.due.clear();
  next_due_ = 0;
  if (loaded_to_ >= as_of_) return;
  const Time from = loaded_to_ + 1;
  const Time to = std::min(as_of_, from + kDueChunk);
  due_jobs(map_, firings_, r_, from, to, b_.due, b_.times);
  loaded_to_ = to;
}

Time AwsBackupReplay::natural_start(Time at, std::uint32_t rule) const {
  return at + key_.draw(s_.catalogue.backup_start_delay, r_,
                        job_purpose(Purpose::job_start_delay, mech(Mechanism::backup_rule), rule, 0, at));
}

Time& AwsBackupReplay::last_copy_into(VaultIndex vault) {
  for (auto& c : b_.last_copy)
    if (c.vault == vault) return c.last_data;
  b_.last_copy.push_back({vault, kNever});
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
        const Time chain = last_copy_into(rule.copies[copy_].vault);
        const double copied = chain == kNever ? res.size_mib() : res.changed_mib(source_.data_time - chain);
        pending_ = CopyRequest{r_,
                               source_.protection,
                               source_.scheduled,
                               static_cast<std::uint8_t>(copy_),
                               s_.region_of_vault(rule.copies[copy_].vault),
                               copy_ready_,
                               key_.draw(models[Step::copy], copied, r_,
                                         job_purpose(Purpose::copy_duration, mech(Mechanism::backup_copy), source_.protection,
                                                     copy_, source_.scheduled))};
        request = pending_;
        return true;
      }
      copying_ = false;
      busy_until_ = copy_ready_;
      last_data_ = source_.data_time;
    }
    if (next_due_ == b_.due.size()) {
      if (loaded_to_ >= as_of_) return false;
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
    const Time end = start + key_.draw(models[Step::backup], changed, r_,
                                       job_purpose(Purpose::job_duration, mech(Mechanism::backup_rule), prot, 0, d.at));
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
  last_copy_into(action.vault) = source_.data_time;
  copy_ready_ = copy.available_time;
  ++copy_;
}

void AwsBackupReplay::add_continuous_point(std::size_t first_point) {
  const std::int64_t rule_index = map_.continuous_rule(r_);
  if (rule_index < 0) return;
  const auto prot = static_cast<std::uint16_t>(rule_index);
  // Once a backup of the rule completed, the vault can restore to any instant up to the
  // last shipped log, within the retention.
  const Time latest = floor_to(as_of_, continuous_interval(s_.resources[r_].type));
  const RecoveryPoint* base = nullptr;
  for (std::size_t i = first_point; i < out_.size(); ++i) {
    const RecoveryPoint& p = out_[i];
    if (p.mechanism != Mechanism::backup_rule || p.protection != prot || p.outcome != JobOutcome::completed) continue;
    if (p.available_time > as_of_ || p.data_time > latest || p.expires_at <= as_of_) continue;
    if (!base || p.data_time > base->data_time) base = &p;
  }
  if (!base) return;
  RecoveryPoint p = *base;
  p.mechanism = Mechanism::backup_continuous;
  p.scheduled = latest;
  p.data_time = latest;
  p.available_time = latest;
  p.base_data_time = base->data_time;
  p.cold_at = kNever;
  p.expires_at = kNever;
  out_.push_back(p);
}

}  // namespace drsim::models
