#include "analysis/walkthrough.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/reports.hpp"
#include "analysis/table.hpp"
#include "models/backup_history.hpp"
#include "models/control_plane.hpp"
#include "models/duration_text.hpp"
#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/requires_graph.hpp"
#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceIndex;
using models::ResourceOutcome;
using models::ResourceStatus;
using models::TrialResult;

constexpr std::size_t kNewerShown = 3;  // unusable points newer than the one used

class Narrator {
 public:
  Narrator(const models::Scenario& s, std::size_t failure, std::uint64_t seed, std::uint64_t trial)
      : s_(s), map_(s), history_(s, map_, s.latest_failure_instant()), graph_(s), failure_(s.failures[failure]),
        key_{seed, trial} {
    models::RecoveryEngine engine(history_, graph_);
    engine.run(failure, key_, t_);
    if (failure_.scope == models::FailureScope::region) lost_.region = static_cast<models::RegionIndex>(failure_.target);
    if (failure_.scope == models::FailureScope::az) lost_.az = static_cast<models::AzIndex>(failure_.target);
  }

  std::string render() {
    std::string out = fmt::format("drsim walkthrough: {}, failure \"{}\" (seed {}, trial {})\n\n", s_.name,
                                  failure_.name, key_.seed, key_.trial);
    out += fmt::format("{} at {}. {}\n", describe_failure(s_, failure_), wall_clock(s_, t_.failure_at), impact_line());
    points_section(out);
    timeline_section(out);
    why_section(out);
    control_plane_section(out);
    return out;
  }

 private:
  // Recovery steps whose control plane the failure took (models/control_plane.hpp).
  void control_plane_section(std::string& out) const {
    std::string lines;
    for (const models::ControlPlaneStep& step : models::control_plane_steps(s_, t_))
      if (step.in_failed_region)
        lines += fmt::format("  The {} needs {}'s control plane, which is in {}: this failure takes it. Rely on the data "
                             "plane during recovery (Well-Architected REL11-BP04): Route 53 failover records or ARC "
                             "routing controls (\"routing\": \"dns_failover\" or \"arc\").\n",
                             step.step, step.service, s_.regions[step.region].name);
    if (!lines.empty()) out += "\nControl planes\n\n" + lines;
  }

  std::string rel(sim::Time t) const { return "T+" + models::format_duration(t - t_.failure_at); }
  std::string at(sim::Time t) const { return fmt::format("{} ({})", rel(t), wall_clock(s_, t)); }
  const std::string& id(ResourceIndex r) const { return s_.resources[r].id; }

  std::string impact_line() const {
    std::size_t impacted = 0;
    for (const ResourceOutcome& o : t_.resources) impacted += o.impacted();
    std::string line = fmt::format("{} of {} resources impacted.", impacted, s_.resources.size());
    if (failure_.scope == models::FailureScope::region) {
      const models::RegionIndex to = s_.recovery.failover_region[failure_.target];
      if (to != models::kNoRegion) line += fmt::format(" Recovery runs in {}.", s_.regions[to].name);
    } else if (failure_.scope == models::FailureScope::az) {
      line += fmt::format(" Recovery runs in the other AZs of {}.", s_.regions[s_.azs[failure_.target].region].name);
    }
    return line;
  }

  std::vector<models::RecoveryPoint> history(ResourceIndex r) const {
    std::vector<models::RecoveryPoint> pts;
    history_.collect(r, t_.failure_at, key_, pts);
    std::stable_sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a.data_time > b.data_time; });
    return pts;
  }

  std::string point_row_time(sim::Time t) const { return t == sim::kNever ? "—" : wall_clock(s_, t); }

  static bool same_point(const models::RecoveryPoint& a, const models::RecoveryPoint& b) {
    return a.mechanism == b.mechanism && a.protection == b.protection && a.copy_index == b.copy_index &&
           a.data_time == b.data_time && a.region == b.region;
  }

  // "waited 1h10m for a copy slot (100 concurrent copy jobs into us-west-2)"
  std::string copy_wait_note(const models::RecoveryPoint& p) const {
    if (p.copy_wait <= 0) return {};
    return fmt::format("waited {} for a copy slot ({} concurrent copy jobs{} into {})", models::format_duration(p.copy_wait),
                       s_.copy_jobs.concurrent, s_.copy_jobs.per_service ? " per service" : "", s_.regions[p.region].name);
  }

  void add_point_row(Table& table, ResourceIndex r, const models::RecoveryPoint& p, bool used) const {
    const ResourceOutcome& o = t_.resources[r];
    std::vector<std::string> parts;
    if (used) {
      if (!p.is_image() && (is_data(r) || o.status == ResourceStatus::restored))
        parts.push_back(fmt::format("RPO {}", models::format_duration(t_.failure_at - p.data_time)));
      if (o.cold) parts.push_back("cold tier");
      if (o.cross_region) parts.push_back("copied across Regions first");
      if (o.fast_restore) parts.push_back("fast snapshot restore");
    } else if (const char* reason = models::unusable_reason(p, t_.failure_at, lost_)) {
      parts.push_back(reason);
    } else {
      parts.push_back("usable, not the best");
    }
    if (std::string wait = copy_wait_note(p); !wait.empty()) parts.push_back(std::move(wait));
    table.add_row({used ? "used" : "not used", models::describe_mechanism(s_, p), point_row_time(p.data_time),
                   point_row_time(p.available_time), models::describe_location(s_, p), join(parts)});
  }

  void points_section(std::string& out) const {
    out += "\nRecovery points that mattered (newest first)\n";
    bool any = false;
    for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
      const ResourceOutcome& o = t_.resources[r];
      const models::Resource& res = s_.resources[r];
      if (!o.impacted() || o.status == ResourceStatus::failed_over || o.status == ResourceStatus::new_instance) continue;
      if (o.status == ResourceStatus::relaunched || o.cause == models::UnrecoverableCause::no_image) continue;
      if (o.status == ResourceStatus::unrecoverable && o.cause == models::UnrecoverableCause::requires_unrecoverable) continue;
      any = true;
      out += fmt::format("\n  {} ({}{})\n", res.id, models::to_string(res.type),
                         res.size_gb > 0 ? fmt::format(", {} GB", res.size_gb) : "");
      const auto pts = history(r);
      if (pts.empty()) {
        out += "    no protection makes recovery points for it\n";
        continue;
      }
      // Newest first: the points newer than the one used explain the RPO; older ones do not.
      std::size_t used = pts.size();
      for (std::size_t i = 0; i < pts.size() && o.has_point; ++i)
        if (same_point(pts[i], o.point)) {
          used = i;
          break;
        }
      Table table({{""}, {"mechanism"}, {"data time"}, {"available"}, {"stored in"}, {"note"}});
      const std::size_t shown = std::min(used, kNewerShown);
      for (std::size_t i = 0; i < shown; ++i) add_point_row(table, r, pts[i], false);
      if (used > shown)
        table.add_row({"…", fmt::format("{} more {} points", used - shown, used < pts.size() ? "newer unusable" : "unusable")});
      if (used < pts.size()) add_point_row(table, r, pts[used], true);
      out += table.render("    ");
    }
    if (!any) out += "  none: no impacted resource restores from a recovery point\n";
  }

  bool is_data(ResourceIndex r) const { return models::is_data_bearing(s_.resources[r].type); }

  std::string pool_name(std::int32_t p) const { return s_.recovery.pools[static_cast<std::size_t>(p)].name; }

  std::string verb(const ResourceOutcome& o) const {
    switch (o.status) {
      case ResourceStatus::relaunched: return "relaunch";
      case ResourceStatus::scaled_out: return "pilot-light launch";
      case ResourceStatus::standby_serving: return "standby takeover";
      case ResourceStatus::failed_over: return "failover";
      case ResourceStatus::new_instance: return "new DB instance";
      case ResourceStatus::promoted: return "promotion";
      default: return o.has_point && o.point.is_image() ? "image" : "restore";
    }
  }

  // The KMS key a restore from a vault depends on, when the vault names one.
  std::string key_note(const ResourceOutcome& o) const {
    if (!o.has_point || o.point.vault == models::kNoVault) return {};
    const models::Vault& v = s_.vaults[o.point.vault];
    if (v.kms_key.empty()) return {};
    return fmt::format("; it needs KMS key {} of vault {}", v.kms_key, v.name);
  }

  void timeline_section(std::string& out) const {
    struct Entry {
      sim::Time at;
      std::string text;
    };
    std::vector<Entry> entries;
    entries.push_back({t_.failure_at, describe_failure(s_, failure_)});
    for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
      const ResourceOutcome& o = t_.resources[r];
      if (o.status == ResourceStatus::failed_over)
        entries.push_back({t_.failure_at, fmt::format("{} fails over to its {} in {}", id(r),
                                                      models::traits(s_.resources[r].type).multi_az == models::MultiAz::replica
                                                          ? "replica" : "standby",
                                                      s_.azs[o.recovery_az].name)});
      if (o.status == ResourceStatus::promoted && o.automatic)
        entries.push_back({t_.failure_at, fmt::format("{} serves from its {} in {} (data from {})", id(r),
                                                      models::describe_mechanism(s_, o.point), s_.regions[o.recovery_region].name,
                                                      wall_clock(s_, o.point.data_time))});
    }
    entries.push_back({t_.detected_at, fmt::format("failure detected (detection {})",
                                                   models::format_duration(t_.detected_at - t_.failure_at))});
    entries.push_back({t_.declared_at, fmt::format("disaster declared (declaration {}): recovery starts",
                                                   models::format_duration(t_.declared_at - t_.detected_at))});
    for (ResourceIndex r : graph_.topological_order()) {
      const ResourceOutcome& o = t_.resources[r];
      if (o.status == ResourceStatus::unrecoverable) {
        entries.push_back({t_.declared_at, fmt::format("{} cannot be recovered: it {}", id(r),
                                                       models::blocking_predicate(s_, map_, failure_, t_, r))});
        continue;
      }
      if (o.status == ResourceStatus::failed_over) {
        entries.push_back({o.recovered_at, fmt::format("{} failover complete ({})", id(r), models::format_duration(o.work))});
        continue;
      }
      if (o.automatic || !o.impacted()) continue;
      if (o.has_point && o.point.is_image()) {
        entries.push_back({o.recovered_at, fmt::format("{} ready: {} in {}", id(r), models::describe_mechanism(s_, o.point),
                                                       models::describe_location(s_, o.point))});
        continue;
      }
      std::vector<std::string> waits;
      if (o.last_requirement != models::kNoResource)
        waits.push_back(fmt::format("waited {} for {}", models::format_duration(o.ready_at - t_.declared_at),
                                    id(o.last_requirement)));
      if (o.pool_wait > 0)
        waits.push_back(fmt::format("queued {} for a {} slot", models::format_duration(o.pool_wait), pool_name(o.waited_pool)));
      std::string where = s_.regions[o.recovery_region].name;
      if (o.recovery_az != models::kNoAz) where = s_.azs[o.recovery_az].name;
      std::string from;
      if (o.status == ResourceStatus::new_instance)
        from = " on its cluster volume, which survived";
      else if (o.has_point)
        from = " from " + models::describe_mechanism(s_, o.point);
      std::string takes = models::format_duration(o.work);
      if (o.initialize > 0) takes += fmt::format(", of which {} reading every block", models::format_duration(o.initialize));
      if (o.fast_restore) takes += ", volume fully initialised by fast snapshot restore";
      entries.push_back({o.started_at, fmt::format("{} {} starts in {}{} — takes {}{}{}", id(r), verb(o), where, from, takes,
                                                   waits.empty() ? "" : " (" + join(waits) + ")", key_note(o))});
      entries.push_back({o.recovered_at, fmt::format("{} {}", id(r), done_word(o))});
    }
    for (std::size_t a = 0; a < s_.applications.size(); ++a) {
      const models::ApplicationOutcome& o = t_.applications[a];
      if (!o.impacted || !o.recoverable) continue;
      entries.push_back({t_.failure_at + o.rto, fmt::format("{} cut over (cutover {}): serving again",
                                                            s_.applications[a].name, models::format_duration(o.cutover))});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) { return x.at < y.at; });

    out += "\nTimeline (T = the failure)\n";
    Table table({{"T", Table::Align::right}, {"time (UTC)"}, {"event"}});
    for (const Entry& e : entries) table.add_row({rel(e.at), wall_clock(s_, e.at), e.text});
    out += table.render();
  }

  static std::string done_word(const ResourceOutcome& o) {
    switch (o.status) {
      case ResourceStatus::relaunched: return "relaunched";
      case ResourceStatus::scaled_out: return "launched, booted and healthy";
      case ResourceStatus::standby_serving: return "standby serving";
      case ResourceStatus::new_instance: return "serving on its new instance";
      case ResourceStatus::promoted: return "promoted";
      default: return "restored";
    }
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
    return s;
  }

  std::string against(sim::Duration value, std::int64_t target_s) const {
    const sim::Duration target = target_s * sim::kSecond;
    if (value <= target) return fmt::format("target {}: met", models::format_duration(target));
    return fmt::format("target {}: BREACHED by {}", models::format_duration(target), models::format_duration(value - target));
  }

  void why_section(std::string& out) const {
    out += "\nWhy\n";
    if (s_.applications.empty()) out += "  the scenario defines no applications\n";
    for (std::size_t a = 0; a < s_.applications.size(); ++a) {
      out += fmt::format("\n  {}\n", s_.applications[a].name);
      application_why(out, a);
    }
  }

 public:
  // Why application `a` reaches its RTO and RPO in this trial (or cannot recover), as lines
  // indented by four spaces.
  void application_why(std::string& out, std::size_t a) const {
    const auto d = static_cast<std::size_t>(models::disruption_of(failure_.scope));
    const models::Application& app = s_.applications[a];
    const models::ApplicationOutcome& o = t_.applications[a];
    const auto& target = app.policy[d];
    if (!o.impacted) {
      out += "    not impacted by this failure: RTO 0s, RPO 0s.\n";
      return;
    }
    if (!o.recoverable) {
      out += fmt::format("    cannot recover: {}.\n", models::blocking_chain_text(s_, map_, failure_, t_, o.blocked_by));
      if (target) out += "    Its policy is breached.\n";
      return;
    }
    out += fmt::format("    RTO {}{}.\n", models::format_duration(o.rto),
                       target ? " (" + against(o.rto, target->rto_s) + ")" : "");
    rto_chain(out, o);
    if (o.rpo < 0) {
      out += "    RPO: none of its resources holds data.\n";
      return;
    }
    out += fmt::format("    RPO {}{}.\n", models::format_duration(o.rpo),
                       target ? " (" + against(o.rpo, target->rpo_s) + ")" : "");
    rpo_reason(out, o);
  }

 private:

  void rto_chain(std::string& out, const models::ApplicationOutcome& o) const {
    std::vector<ResourceIndex> chain;
    for (ResourceIndex r = o.rto_gate; r != models::kNoResource; r = t_.resources[r].last_requirement) chain.push_back(r);
    std::reverse(chain.begin(), chain.end());
    const ResourceOutcome& first = t_.resources[chain.front()];
    if (first.status == ResourceStatus::failed_over) {
      out += fmt::format("      {} failed over on its own in {}.\n", id(chain.front()), models::format_duration(first.work));
    } else if (first.automatic) {
      out += fmt::format("      {} serves from its {} at once.\n", id(chain.front()), models::describe_mechanism(s_, first.point));
    } else {
      out += fmt::format("      Recovery began at {}: detection {} + declaration {}.\n", rel(t_.declared_at),
                         models::format_duration(t_.detected_at - t_.failure_at),
                         models::format_duration(t_.declared_at - t_.detected_at));
    }
    for (ResourceIndex r : chain) {
      const ResourceOutcome& ro = t_.resources[r];
      if (ro.automatic) continue;
      std::string line = fmt::format("      {} {} ran {} → {} ({})", id(r), verb(ro), rel(ro.started_at), rel(ro.recovered_at),
                                     models::format_duration(ro.work));
      if (ro.last_requirement != models::kNoResource) line += fmt::format(", after {} was ready", id(ro.last_requirement));
      if (ro.pool_wait > 0)
        line += fmt::format(", after queueing {} for a {} slot", models::format_duration(ro.pool_wait), pool_name(ro.waited_pool));
      if (ro.cold) line += ", from the cold tier";
      if (ro.cross_region) line += ", copying the point across Regions first";
      out += line + ".\n";
    }
    out += fmt::format("      Then the cutover took {}: the last resource, {}, was up at {}.\n",
                       models::format_duration(o.cutover), id(o.rto_gate), rel(t_.resources[o.rto_gate].recovered_at));
  }

  void rpo_reason(std::string& out, const models::ApplicationOutcome& o) const {
    if (o.rpo == 0) {
      out += "      No data was lost: every data-bearing resource failed over, kept its cluster volume, or was not "
             "impacted.\n";
      return;
    }
    const ResourceIndex r = o.rpo_gate;
    const ResourceOutcome& ro = t_.resources[r];
    out += fmt::format("      Set by {}: its newest usable point is the {} with data from {}, stored in {}. Its schedule: {}.\n",
                       id(r), models::describe_mechanism(s_, ro.point), wall_clock(s_, ro.point.data_time),
                       models::describe_location(s_, ro.point), models::describe_cadence(s_, ro.point));
    std::size_t newer = 0;
    for (const models::RecoveryPoint& p : history(r)) {
      if (p.data_time <= ro.point.data_time) break;
      const char* reason = models::unusable_reason(p, t_.failure_at, lost_);
      if (!reason) continue;
      if (newer++ == kNewerShown) break;
      const std::string wait = copy_wait_note(p);
      out += fmt::format("      Newer, but not usable: {} with data from {} ({}{}).\n", models::describe_mechanism(s_, p),
                         wall_clock(s_, p.data_time), reason, wait.empty() ? "" : "; " + wait);
    }
    merged_firings(out, r, ro.point.data_time);
  }

  // Firings of the resource's AWS Backup rules after its point that made no backup because
  // AWS merged them into an overlapping rule of the same plan with a longer retention.
  void merged_firings(std::string& out, ResourceIndex r, sim::Time after) const {
    std::vector<sim::Time> dropped;
    std::size_t shown = 0, hidden = 0;
    for (const models::ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
      if (ref->kind != models::ProtectionKind::backup_rule) continue;
      dropped.clear();
      history_.firings().dropped(ref->index, after + 1, t_.failure_at, dropped);
      const models::BackupRule& rule = s_.backup_rules[ref->index];
      for (sim::Time at : dropped) {
        if (shown == kNewerShown) {
          ++hidden;
          continue;
        }
        ++shown;
        out += fmt::format("      Rule {}/{} made no backup at {}: AWS Backup merged it into an overlapping rule of the same "
                           "plan that keeps its backups longer.\n",
                           rule.plan, rule.name, wall_clock(s_, at));
      }
    }
    if (hidden > 0) out += fmt::format("      ({} more firings merged the same way.)\n", hidden);
  }

  const models::Scenario& s_;
  models::ProtectionMap map_;
  models::BackupHistory history_;
  models::RequiresGraph graph_;
  const models::Failure& failure_;
  models::TrialKey key_;
  TrialResult t_;
  models::LostScope lost_;
};

}  // namespace

std::string render_walkthrough(const models::Scenario& s, std::size_t failure, std::uint64_t seed, std::uint64_t trial) {
  return Narrator(s, failure, seed, trial).render();
}

std::string render_application_why(const models::Scenario& s, std::size_t failure, std::uint64_t seed, std::uint64_t trial,
                                   std::size_t application) {
  std::string out;
  Narrator(s, failure, seed, trial).application_why(out, application);
  return out;
}

}  // namespace drsim::analysis
