#include "models/backup_history.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kNever;
using sim::Time;

// AWS Backup continuous backups and RDS both ship transaction logs about every 5 minutes.
constexpr sim::Duration kContinuousLogInterval = 5 * sim::kMinute;

std::uint64_t mech(Mechanism m) { return static_cast<std::uint64_t>(m); }

Time after_days(Time from, std::int32_t days) {
  return days < 0 ? kNever : from + static_cast<Time>(days) * kDay;
}

void apply_lifecycle(RecoveryPoint& p, const Lifecycle& l) {
  p.cold_at = after_days(p.data_time, l.cold_after_days);
  p.expires_at = after_days(p.data_time, l.delete_after_days);
}

Time floor_to(Time t, sim::Duration step) { return t < 0 ? -1 : (t / step) * step; }

// Newest completed snapshot among `points[from..)` of mechanism m that is restorable at
// `as_of` and no newer than `data_limit`: the base a point-in-time restore replays from.
const RecoveryPoint* newest_base(const std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m,
                                 Time as_of, Time data_limit, std::uint16_t protection) {
  const RecoveryPoint* best = nullptr;
  for (std::size_t i = from; i < points.size(); ++i) {
    const RecoveryPoint& p = points[i];
    if (p.mechanism != m || p.protection != protection || p.outcome != JobOutcome::completed) continue;
    if (p.available_time > as_of || p.data_time > data_limit || p.expires_at <= as_of) continue;
    if (!best || p.data_time > best->data_time) best = &p;
  }
  return best;
}

// Count-based retention (DLM "retain N"): a point is deleted when the N-th newer one of the
// same chain is created.
void expire_by_count(std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m, std::int32_t retain) {
  std::vector<std::size_t> chain;
  for (std::size_t i = from; i < points.size(); ++i)
    if (points[i].mechanism == m && points[i].outcome == JobOutcome::completed) chain.push_back(i);
  const auto n = static_cast<std::size_t>(std::max(retain, 1));
  for (std::size_t k = 0; k + n < chain.size(); ++k)
    points[chain[k]].expires_at = points[chain[k + n]].available_time;
}

}  // namespace

void BackupHistory::collect(ResourceIndex r, Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const {
  bool has_rules = false;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    switch (ref->kind) {
      case ProtectionKind::backup_rule: has_rules = true; break;
      case ProtectionKind::rds_automated_backups: rds_automated(r, ref->index, as_of, key, out); break;
      case ProtectionKind::dlm_snapshots: dlm(r, ref->index, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami(r, ref->index, key, out); break;
    }
  }
  // AWS Backup rules share one job queue per resource, so they are played together.
  if (has_rules) backup_rules(r, as_of, key, out);
  // An image is present in its own Region whether or not it is copied anywhere.
  if (s_.resources[r].type == ResourceType::ami) {
    RecoveryPoint p;
    p.resource = r;
    p.mechanism = Mechanism::ami_source;
    p.region = s_.resources[r].region;
    out.push_back(p);
  }
}

void BackupHistory::backup_rules(ResourceIndex r, Time as_of, const TrialKey& key,
                                 std::vector<RecoveryPoint>& out) const {
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);

  struct Due {
    Time at;
    std::uint32_t rule;
  };
  std::vector<Due> due;
  std::vector<Time> times;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    times.clear();
    s_.backup_rules[ref->index].schedule.fire_times(0, as_of + 1, times);
    for (Time t : times) due.push_back({t, ref->index});
  }
  std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
    return a.at != b.at ? a.at < b.at : a.rule < b.rule;
  });

  // Per rule: data time of its previous completed point, and of its previous copy per action
  // (incremental sizes follow the chain), and where its points start in `out`.
  struct Chain {
    Time last_data = kNever;
    std::vector<Time> last_copy;
  };
  std::vector<std::pair<std::uint32_t, Chain>> chains;
  auto chain_of = [&](std::uint32_t rule) -> Chain& {
    for (auto& [id, c] : chains)
      if (id == rule) return c;
    chains.push_back({rule, Chain{kNever, std::vector<Time>(s_.backup_rules[rule].copies.size(), kNever)}});
    return chains.back().second;
  };

  const std::size_t first = out.size();
  Time busy_until = 0;  // one backup job at a time per resource
  for (const Due& d : due) {
    const BackupRule& rule = s_.backup_rules[d.rule];
    const auto prot = static_cast<std::uint16_t>(d.rule);
    auto delay_rng = key.stream(r, job_purpose(Purpose::job_start_delay, mech(Mechanism::backup_rule), prot, 0, d.at));
    const Time start = std::max(d.at + s_.catalogue.backup_start_delay.sample(delay_rng), busy_until);
    if (start > as_of) continue;  // not started by the horizon: irrelevant to it

    RecoveryPoint p;
    p.scheduled = d.at;
    p.resource = r;
    p.protection = prot;
    p.mechanism = Mechanism::backup_rule;
    p.region = s_.region_of_vault(rule.vault);
    p.vault = rule.vault;
    p.data_time = start;
    p.available_time = kNever;

    if (start > d.at + rule.start_window) {
      p.outcome = JobOutcome::expired;
      out.push_back(p);
      continue;
    }
    Chain& chain = chain_of(d.rule);
    const double changed = chain.last_data == kNever ? res.size_mib() : res.changed_mib(start - chain.last_data);
    auto dur_rng = key.stream(r, job_purpose(Purpose::job_duration, mech(Mechanism::backup_rule), prot, 0, d.at));
    const Time end = start + models[Step::backup].sample(changed, dur_rng);
    const Time deadline = d.at + rule.completion_window;
    if (end > deadline) {
      p.outcome = JobOutcome::cancelled;
      busy_until = deadline;
      out.push_back(p);
      continue;
    }
    busy_until = end;
    p.available_time = end;
    apply_lifecycle(p, rule.lifecycle);
    out.push_back(p);

    for (std::size_t c = 0; c < rule.copies.size(); ++c) {
      const CopyAction& action = rule.copies[c];
      const double copied = chain.last_copy[c] == kNever ? res.size_mib() : res.changed_mib(start - chain.last_copy[c]);
      auto copy_rng = key.stream(r, job_purpose(Purpose::copy_duration, mech(Mechanism::backup_copy), prot, c, d.at));
      RecoveryPoint copy = p;
      copy.mechanism = Mechanism::backup_copy;
      copy.copy_index = static_cast<std::uint8_t>(c);
      copy.vault = action.vault;
      copy.region = s_.region_of_vault(action.vault);
      copy.available_time = end + models[Step::copy].sample(copied, copy_rng);
      apply_lifecycle(copy, action.lifecycle);
      out.push_back(copy);
      chain.last_copy[c] = start;
    }
    chain.last_data = start;
  }

  // Continuous backup: once its first backup completed, the vault can restore to any
  // instant up to the last shipped log.
  for (const auto& [rule_index, chain] : chains) {
    const BackupRule& rule = s_.backup_rules[rule_index];
    if (!rule.continuous) continue;
    const Time latest = floor_to(as_of, kContinuousLogInterval);
    const auto prot = static_cast<std::uint16_t>(rule_index);
    const RecoveryPoint* base = newest_base(out, first, Mechanism::backup_rule, as_of, latest, prot);
    if (!base) continue;
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
}

void BackupHistory::rds_automated(ResourceIndex r, std::uint32_t index, Time as_of, const TrialKey& key,
                                  std::vector<RecoveryPoint>& out) const {
  const RdsAutomatedBackups& plan = s_.rds_backups[index];
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);
  const auto prot = static_cast<std::uint16_t>(index);
  const std::size_t first = out.size();

  // The daily window is wall-clock UTC; simulation time 0 is the epoch, not a midnight.
  const std::int64_t epoch = s_.epoch_unix_ms;
  const std::int64_t first_day = epoch / kDay - 1;
  Time last_data = kNever, last_copy = kNever;
  for (std::int64_t day = first_day;; ++day) {
    const Time sched = day * kDay + plan.window_start_minute * sim::kMinute - epoch;
    if (sched > as_of) break;
    if (sched < 0) continue;
    RecoveryPoint p;
    p.scheduled = sched;
    p.resource = r;
    p.protection = prot;
    p.mechanism = Mechanism::rds_snapshot;
    p.region = res.region;
    p.data_time = sched;  // drsim starts the snapshot as the window opens
    const double changed = last_data == kNever ? res.size_mib() : res.changed_mib(sched - last_data);
    auto rng = key.stream(r, job_purpose(Purpose::job_duration, mech(Mechanism::rds_snapshot), prot, 0, sched));
    p.available_time = sched + models[Step::backup].sample(changed, rng);
    p.expires_at = after_days(p.data_time, plan.retention_days);
    out.push_back(p);
    last_data = sched;

    if (plan.replicate_to != kNoRegion) {
      RecoveryPoint copy = p;
      copy.mechanism = Mechanism::rds_snapshot_replica;
      copy.region = plan.replicate_to;
      const double copied = last_copy == kNever ? res.size_mib() : res.changed_mib(sched - last_copy);
      auto copy_rng = key.stream(r, job_purpose(Purpose::copy_duration, mech(Mechanism::rds_snapshot_replica), prot, 0, sched));
      copy.available_time = p.available_time + models[Step::copy].sample(copied, copy_rng);
      out.push_back(copy);
      last_copy = sched;
    }
  }

  // Point-in-time restore: the newest snapshot plus logs shipped every log_interval.
  const Time latest = floor_to(as_of, plan.log_interval);
  if (const RecoveryPoint* base = newest_base(out, first, Mechanism::rds_snapshot, as_of, latest, prot)) {
    RecoveryPoint p = *base;
    p.mechanism = Mechanism::rds_pitr;
    p.scheduled = latest;
    p.data_time = latest;
    p.available_time = latest;
    p.base_data_time = base->data_time;
    p.expires_at = kNever;
    out.push_back(p);
  }
  if (plan.replicate_to != kNoRegion) {
    // Replicated logs arrive one shipping lag later; the lag is drawn once per trial.
    auto lag_rng = key.stream(r, job_purpose(Purpose::log_copy_lag, mech(Mechanism::rds_pitr_replica), prot, 0, 0));
    const sim::Duration lag = models[Step::log_copy].sample(0, lag_rng);
    const Time latest_remote = floor_to(as_of - lag, plan.log_interval);
    if (latest_remote >= 0) {
      if (const RecoveryPoint* base =
              newest_base(out, first, Mechanism::rds_snapshot_replica, as_of, latest_remote, prot)) {
        RecoveryPoint p = *base;
        p.mechanism = Mechanism::rds_pitr_replica;
        p.scheduled = latest_remote;
        p.data_time = latest_remote;
        p.available_time = latest_remote + lag;
        p.base_data_time = base->data_time;
        p.expires_at = kNever;
        out.push_back(p);
      }
    }
  }
}

void BackupHistory::dlm(ResourceIndex r, std::uint32_t index, Time as_of, const TrialKey& key,
                        std::vector<RecoveryPoint>& out) const {
  const DlmSnapshots& policy = s_.dlm_policies[index];
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);
  const auto prot = static_cast<std::uint16_t>(index);
  const std::size_t first = out.size();

  Time last_data = kNever, last_copy = kNever;
  for (Time sched = 0; sched <= as_of; sched += policy.every) {
    RecoveryPoint p;
    p.scheduled = sched;
    p.resource = r;
    p.protection = prot;
    p.mechanism = Mechanism::dlm_snapshot;
    p.region = res.region;
    p.data_time = sched;
    const double changed = last_data == kNever ? res.size_mib() : res.changed_mib(sched - last_data);
    auto rng = key.stream(r, job_purpose(Purpose::job_duration, mech(Mechanism::dlm_snapshot), prot, 0, sched));
    p.available_time = sched + models[Step::backup].sample(changed, rng);
    out.push_back(p);
    last_data = sched;
    if (policy.copy_to != kNoRegion) {
      RecoveryPoint copy = p;
      copy.mechanism = Mechanism::dlm_copy;
      copy.region = policy.copy_to;
      const double copied = last_copy == kNever ? res.size_mib() : res.changed_mib(sched - last_copy);
      auto copy_rng = key.stream(r, job_purpose(Purpose::copy_duration, mech(Mechanism::dlm_copy), prot, 0, sched));
      copy.available_time = p.available_time + models[Step::copy].sample(copied, copy_rng);
      out.push_back(copy);
      last_copy = sched;
    }
  }
  expire_by_count(out, first, Mechanism::dlm_snapshot, policy.retain);
  expire_by_count(out, first, Mechanism::dlm_copy, policy.retain);
}

void BackupHistory::ami(ResourceIndex r, std::uint32_t index, const TrialKey& key, std::vector<RecoveryPoint>& out) const {
  const AmiCopy& copy = s_.ami_copies[index];
  const Resource& res = s_.resources[r];
  RecoveryPoint p;
  p.resource = r;
  p.protection = static_cast<std::uint16_t>(index);
  p.mechanism = Mechanism::ami_copy;
  p.region = copy.copy_to;
  auto rng = key.stream(r, job_purpose(Purpose::copy_duration, mech(Mechanism::ami_copy), p.protection, 0, 0));
  p.available_time = s_.models_of(res)[Step::copy].sample(0, rng);
  out.push_back(p);
}

}  // namespace drsim::models
