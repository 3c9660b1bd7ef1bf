#include "models/cost_model.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "models/recovery_method.hpp"
#include "models/recovery_point.hpp"

namespace drsim::models {
namespace {

constexpr double kMonthsForever = 12;  // what "kept forever" is shown after

// Points a schedule makes per month.
double per_month_of(const CronSchedule& cron) {
  std::vector<sim::Time> times;
  cron.fire_times(0, 365 * sim::kDay, times);
  return static_cast<double>(times.size()) / 12.0;
}

// How many points of a schedule making `f` a month are held for `days` (-1: forever).
struct Held {
  double points = 0;
  bool grows = false;
};
Held held_for(double f, double days) {
  if (days < 0) return {f * kMonthsForever, true};
  return {f * days / kDaysPerMonth, false};
}

// GB of a chain of n incremental points: one full copy and n − 1 increments.
double chain_gb(double n, double size_gb, double delta_gb) {
  if (n <= 0) return 0;
  return size_gb + std::max(0.0, n - 1) * delta_gb;
}

class Ledger {
 public:
  Ledger(const Scenario& s, CostEstimate& out) : s_(s), out_(out) {}

  void add(std::uint32_t group, const std::string& mechanism, const std::string& component, double quantity,
           const std::string& unit, const Price* price, bool grows = false) {
    if (!price || quantity <= 0) return;
    const std::string key = fmt::format("{}\x1f{}\x1f{}", group, mechanism, component);
    auto [it, fresh] = index_.try_emplace(key, out_.lines.size());
    if (fresh) out_.lines.push_back({group, mechanism, component, 0, unit, price->key, 0, grows});
    CostLine& line = out_.lines[it->second];
    line.quantity += quantity;
    const double usd = quantity * price->usd;
    line.usd_month += usd;
    line.grows = line.grows || grows;
    out_.usd_month += usd;
    if (price->certainty == "unconfirmed") {
      out_.unconfirmed_usd_month += usd;
      if (std::find(out_.unconfirmed.begin(), out_.unconfirmed.end(), price->key) == out_.unconfirmed.end())
        out_.unconfirmed.push_back(price->key);
    }
  }

  void unpriced(std::uint32_t group, const std::string& mechanism, const std::string& reason) {
    for (const auto& u : out_.unpriced)
      if (u.group == group && u.mechanism == mechanism) return;
    out_.unpriced.push_back({group, mechanism, reason});
  }

  const Price* price(std::string_view kind, ResourceType t) const { return s_.prices.find(kind, to_string(price_type(t))); }
  const Price* price(std::string_view key) const { return s_.prices.find(key); }

 private:
  // An instance's backups are its volumes' snapshots.
  static ResourceType price_type(ResourceType t) { return t == ResourceType::ec2 || t == ResourceType::ami ? ResourceType::ebs : t; }

  const Scenario& s_;
  CostEstimate& out_;
  std::unordered_map<std::string, std::size_t> index_;
};

std::string region_name(const Scenario& s, RegionIndex r) { return r == kNoRegion ? "?" : s.regions[r].name; }

constexpr double kHoursPerMonth = 730;

// `count` instances of the resource's instance type (or class) all month; unpriced when the
// scenario names no type or the price table has none for it.
void instance_hours(Ledger& ledger, const Scenario& s, const Resource& res, const std::string& mechanism,
                    const std::string& component, std::uint32_t count) {
  const std::string& type = s.group_of(res).instance_type;
  const Price* price = type.empty() ? nullptr : ledger.price("compute_hour." + type);
  if (!price) {
    ledger.unpriced(res.group, mechanism,
                    type.empty() ? std::string("instance hours need the resource's \"instance_type\"")
                                 : fmt::format("no price for instance type {} (add \"compute_hour.{}\" to prices)", type, type));
    return;
  }
  ledger.add(res.group, mechanism, component, kHoursPerMonth * count, "instance-hour", price);
}

// One retained set of points in one place, warm then (if the type tiers) cold.
void store_points(Ledger& ledger, const Scenario& s, const Resource& res, const std::string& mechanism, double f,
                  const Lifecycle& l, RegionIndex where) {
  const double size = res.size_gb;
  const double delta = std::min(size, res.change_gb_per_day * kDaysPerMonth / std::max(f, 1e-9));
  const ColdTier tier = traits(res.type).cold_tier;
  const bool tiers = l.cold_after_days >= 0 && (tier == ColdTier::cold || (tier == ColdTier::archive && l.archive_opt_in));
  const std::string place = region_name(s, where);
  if (!tiers) {
    const Held h = held_for(f, l.delete_after_days);
    ledger.add(res.group, mechanism, "warm backup storage in " + place, chain_gb(h.points, size, delta), "GB-month",
               ledger.price("backup_storage_warm", res.type), h.grows);
    return;
  }
  const Held warm = held_for(f, l.cold_after_days);
  ledger.add(res.group, mechanism, "warm backup storage in " + place, chain_gb(warm.points, size, delta), "GB-month",
             ledger.price("backup_storage_warm", res.type));
  const Held cold = l.delete_after_days < 0 ? held_for(f, -1)
                                            : held_for(f, std::max(0, l.delete_after_days - l.cold_after_days));
  // The EBS snapshot archive holds every archived snapshot in full (AWS: "full snapshot").
  const double cold_gb = tier == ColdTier::archive ? cold.points * size : chain_gb(cold.points, size, delta);
  ledger.add(res.group, mechanism, "cold backup storage in " + place, cold_gb, "GB-month",
             ledger.price("backup_storage_cold", res.type), cold.grows);
}

void transfer(Ledger& ledger, const Scenario& s, const Resource& res, const std::string& mechanism, double gb_per_month,
              RegionIndex to) {
  ledger.add(res.group, mechanism, "cross-Region transfer to " + region_name(s, to), gb_per_month, "GB",
             ledger.price("transfer.inter_region"));
}

void backup_rules(Ledger& ledger, const Scenario& s) {
  for (const BackupRule& rule : s.backup_rules) {
    const std::string mechanism = fmt::format("AWS Backup rule {}/{}", rule.plan, rule.name);
    const double f = per_month_of(rule.schedule);
    for (const ResourceIndex r : rule.resources) {
      const Resource& res = s.resources[r];
      if (rule.continuous) {
        // Point-in-time recovery keeps a full copy and every change for the retention.
        const double days = rule.lifecycle.delete_after_days < 0 ? 35 : rule.lifecycle.delete_after_days;
        ledger.add(res.group, mechanism, "continuous backup storage in " + region_name(s, s.region_of_vault(rule.vault)),
                   res.size_gb + res.change_gb_per_day * days, "GB-month", ledger.price("backup_storage_warm", res.type));
      } else {
        store_points(ledger, s, res, mechanism, f, rule.lifecycle, s.region_of_vault(rule.vault));
      }
      const double delta = std::min(res.size_gb, res.change_gb_per_day * kDaysPerMonth / std::max(f, 1e-9));
      for (const CopyAction& copy : rule.copies) {
        const RegionIndex to = s.region_of_vault(copy.vault);
        const Lifecycle& l = copy.own_lifecycle ? copy.lifecycle : rule.lifecycle;
        store_points(ledger, s, res, mechanism + " copy", f, l, to);
        if (to != s.region_of_vault(rule.vault)) transfer(ledger, s, res, mechanism + " copy", f * delta, to);
      }
    }
  }
}

void snapshot_policies(Ledger& ledger, const Scenario& s) {
  for (const SnapshotPolicy& p : s.snapshot_policies) {
    const std::string mechanism(to_string(p.kind));
    const double scheduled = p.cron ? per_month_of(*p.cron) : kDaysPerMonth * static_cast<double>(sim::kDay) / static_cast<double>(p.every);
    for (const ResourceIndex r : p.resources) {
      const Resource& res = s.resources[r];
      double f = scheduled;
      if (p.also_by_change && res.nodes > 0) f += res.change_gb_per_day * kDaysPerMonth / (5.0 * res.nodes);
      const double delta = std::min(res.size_gb, res.change_gb_per_day * kDaysPerMonth / std::max(f, 1e-9));
      auto held = [&](const Retention& keep) {
        if (keep.count > 0) return Held{static_cast<double>(keep.count), false};
        return held_for(f, keep.days);
      };
      const Held h = held(p.retention);
      if (p.kind == NativeKind::rds_automated_backups) {
        // RDS: snapshots and transaction logs for the retention, free up to the instance's
        // provisioned storage ("no additional charge for backup storage up to 100% of your
        // total database storage for a region").
        const double days = p.retention.days > 0 ? p.retention.days : 7;
        const double total = res.size_gb + res.change_gb_per_day * days;
        ledger.add(res.group, mechanism, "backup storage beyond the free allowance in " + region_name(s, res.region),
                   std::max(0.0, total - res.size_gb), "GB-month", ledger.price("backup_storage_warm", res.type));
        if (p.logs_to != kNoRegion) {
          ledger.add(res.group, mechanism + " replicated", "backup storage in " + region_name(s, p.logs_to), total, "GB-month",
                     ledger.price("backup_storage_warm", res.type));
          transfer(ledger, s, res, mechanism + " replicated", res.change_gb_per_day * kDaysPerMonth, p.logs_to);
        }
      } else {
        ledger.add(res.group, mechanism, "snapshot storage in " + region_name(s, res.region), chain_gb(h.points, res.size_gb, delta),
                   "GB-month", ledger.price("backup_storage_warm", res.type), h.grows);
      }
      for (const SnapshotCopyRule& c : p.copies) {
        if (p.kind == NativeKind::rds_automated_backups && c.region == p.logs_to) continue;  // counted above
        const Held hc = held(c.retention);
        ledger.add(res.group, mechanism + " copy", "snapshot storage in " + region_name(s, c.region),
                   chain_gb(hc.points, res.size_gb, delta), "GB-month", ledger.price("backup_storage_warm", res.type), hc.grows);
        transfer(ledger, s, res, mechanism + " copy", f * delta, c.region);
      }
    }
  }
}

void continuous_backups(Ledger& ledger, const Scenario& s) {
  for (const ContinuousBackups& c : s.continuous_backups) {
    const std::string mechanism(to_string(c.kind));
    for (const ResourceIndex r : c.resources) {
      const Resource& res = s.resources[r];
      switch (c.kind) {
        case ContinuousKind::cluster_automated_backups:
          // Aurora, DocumentDB, Neptune: free up to the cluster volume's size, and the one-day
          // default retention is free; beyond, every change kept for the retention.
          ledger.add(res.group, mechanism, "backup storage beyond the free allowance in " + region_name(s, res.region),
                     res.change_gb_per_day * std::max(0, c.retention_days - 1), "GB-month",
                     ledger.price("backup_storage_warm", res.type));
          break;
        case ContinuousKind::dynamodb_pitr:
          // PITR is billed on the table's size.
          ledger.add(res.group, mechanism, "continuous backup (table size) in " + region_name(s, res.region), res.size_gb,
                     "GB-month", ledger.price("continuous_backup.dynamodb"));
          break;
        case ContinuousKind::volume_recovery_point:
          break;  // the cached volume's own data in S3: the volume's cost, not a backup's
      }
    }
  }
}

void replications(Ledger& ledger, const Scenario& s) {
  for (const Replication& repl : s.replications) {
    const std::string mechanism(to_string(repl.kind));
    for (const ResourceIndex r : repl.resources) {
      const Resource& res = s.resources[r];
      const double moved = res.change_gb_per_day * kDaysPerMonth;
      switch (repl.kind) {
        case ReplicationKind::s3_replication:
        case ReplicationKind::efs_replication: {
          const bool s3 = repl.kind == ReplicationKind::s3_replication;
          for (const RegionIndex to : repl.to) {
            ledger.add(res.group, mechanism, "replica storage in " + region_name(s, to), res.size_gb, "GB-month",
                       ledger.price(s3 ? "replica_storage.s3" : "replica_storage.efs"));
            transfer(ledger, s, res, mechanism, moved, to);
            if (s3 && repl.rtc)
              ledger.add(res.group, mechanism, "Replication Time Control fee", moved, "GB", ledger.price("replication_fee.s3_rtc"));
          }
          break;
        }
        case ReplicationKind::rds_read_replica:
          // A read replica is a DB instance of its source's class, with its own storage, fed
          // by the source's changes across Regions.
          for (const RegionIndex to : repl.to) {
            instance_hours(ledger, s, res, mechanism, "replica DB instance in " + region_name(s, to), 1);
            ledger.add(res.group, mechanism, "replica storage in " + region_name(s, to), res.size_gb, "GB-month",
                       ledger.price("replica_storage.rds"));
            if (to != res.region) transfer(ledger, s, res, mechanism, moved, to);
          }
          break;
        case ReplicationKind::aurora_global:
          for (const RegionIndex to : repl.to) {
            if (!repl.headless) instance_hours(ledger, s, res, mechanism, "secondary DB instance in " + region_name(s, to), 1);
            transfer(ledger, s, res, mechanism, moved, to);
          }
          ledger.unpriced(res.group, mechanism, "Aurora Global Database also bills replicated write I/O: the write rate is not in the scenario");
          break;
        case ReplicationKind::elastic_disaster_recovery:
          // Per replicating source server-hour, plus the staging area's volumes and the
          // changed blocks sent across Regions.
          for (const RegionIndex to : repl.to) {
            ledger.add(res.group, mechanism, "replicating source server", kHoursPerMonth, "server-hour",
                       ledger.price("replication_fee.drs_server_hour"));
            ledger.add(res.group, mechanism, "staging storage in " + region_name(s, to), res.size_gb, "GB-month",
                       ledger.price("replica_storage.ebs"));
            transfer(ledger, s, res, mechanism, moved, to);
          }
          break;
        case ReplicationKind::dynamodb_global_table:
          ledger.unpriced(res.group, mechanism, "global tables bill replicated writes: the write rate is not in the scenario");
          break;
      }
    }
  }
}

// Compute kept ready in a recovery Region: the running share of a fleet, all month.
void standbys(Ledger& ledger, const Scenario& s) {
  for (std::uint32_t g = 0; g < s.groups.size(); ++g) {
    const ResourceGroup& group = s.groups[g];
    if (!group.standby) continue;
    const std::uint32_t running = group.standby->running_instances(group.count);
    if (running == 0) continue;  // a pilot light: a launch template and an image, no instance
    const Resource& first = s.resources[group.first];
    instance_hours(ledger, s, first, "standby", "running standby instances in " + region_name(s, group.standby->region),
                   running);
  }
}

// A cutover by ARC routing controls needs a cluster; failover records need a health check per
// Region's endpoint.
void routing(Ledger& ledger, const Scenario& s) {
  switch (s.recovery.routing) {
    case Routing::dns_change: return;
    case Routing::dns_failover:
      ledger.add(kWholePlan, "routing: Route 53 failover records", "health checks (one per Region's endpoint)",
                 static_cast<double>(std::max<std::size_t>(2, s.regions.size())), "health check-month",
                 ledger.price("routing.route53_health_check_month"));
      return;
    case Routing::arc:
      ledger.add(kWholePlan, "routing: Route 53 ARC routing control", "ARC cluster", kHoursPerMonth, "cluster-hour",
                 ledger.price("routing.arc_cluster_hour"));
      return;
  }
}

void ami_copies(Ledger& ledger, const Scenario& s) {
  for (const AmiCopy& a : s.ami_copies)
    for (const ResourceIndex r : a.resources) {
      const Resource& res = s.resources[r];
      ledger.add(res.group, "ami_copy", "image snapshot storage in " + region_name(s, a.copy_to), res.size_gb, "GB-month",
                 ledger.price("backup_storage_warm", res.type));
    }
}

// One restore of every resource a failure touches, at the type's restore price.
void restore_charges(const Scenario& s, CostEstimate& out) {
  for (std::size_t f = 0; f < s.failures.size(); ++f) {
    RestoreCharge c;
    c.failure = f;
    for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
      const Resource& res = s.resources[r];
      if (!touches(s, s.failures[f], r)) continue;
      const Price* p = s.prices.find("restore." + std::string(to_string(res.type)));
      if (!p) continue;
      c.gb += res.size_gb;
      c.usd += res.size_gb * p->usd;
    }
    out.restores.push_back(c);
  }
}

}  // namespace

std::string_view cost_owner(const Scenario& s, std::uint32_t group) {
  return group == kWholePlan ? std::string_view("(whole plan)") : std::string_view(s.groups[group].id);
}

CostEstimate estimate_monthly_cost(const Scenario& s) {
  CostEstimate out;
  Ledger ledger(s, out);
  backup_rules(ledger, s);
  snapshot_policies(ledger, s);
  continuous_backups(ledger, s);
  replications(ledger, s);
  ami_copies(ledger, s);
  standbys(ledger, s);
  routing(ledger, s);
  restore_charges(s, out);
  return out;
}

}  // namespace drsim::models
