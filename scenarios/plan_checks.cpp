// Plans that AWS accepts but that cannot work as intended, found after loading and reported
// as warnings (LoadResult::warnings; `--strict` makes them errors):
//   * a rule whose jobs, at the scenario's own duration models, cannot finish within the
//     completion window (the first full backup, or the incremental one at the rule's interval);
//   * a copy action whose copy cannot finish before the rule's next backup is due, or a backup
//     (without copies) that cannot;
//   * a lifecycle AWS ignores: MoveToColdStorageAfterDays for a type without a cold tier, or
//     EBS without OptInToArchiveForSupportedResources;
//   * a resource that a declared failure impacts and that no protection survives (for an
//     instance: no image in the recovery Region).
// Each names the place in the file; fleets and many resources are summarised per place.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "models/protection_map.hpp"
#include "scenarios/load_sections.hpp"

namespace drsim::scenarios {
namespace {

using models::ResourceType;

// "\"vol-001\"" or "\"vol-001\" and 41 more"
std::string example(const models::Scenario& s, ResourceIndex first, std::size_t count) {
  return count > 1 ? fmt::format("\"{}\" and {} more", s.resources[first].id, count - 1)
                   : fmt::format("\"{}\"", s.resources[first].id);
}

// The usual gap between a rule's firings: the first two after the epoch.
sim::Duration rule_interval(const models::BackupRule& rule) {
  std::vector<sim::Time> fires;
  rule.schedule.fire_times(0, 400 * sim::kDay, fires);
  if (fires.size() < 2) return 0;
  return fires[1] - fires[0];
}

struct Worst {
  ResourceIndex resource = models::kNoResource;
  sim::Duration value = 0;
  std::size_t count = 0;
  void note(ResourceIndex r, sim::Duration v) {
    ++count;
    if (resource == models::kNoResource || v > value) {
      resource = r;
      value = v;
    }
  }
};

// The longest completion window among the resource's AWS Backup rules: backups are
// incremental per resource, so one rule that can finish the first full backup is enough.
sim::Duration longest_window(const models::Scenario& s, const models::ProtectionMap& map, ResourceIndex r) {
  sim::Duration w = 0;
  for (const models::ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref)
    if (ref->kind == models::ProtectionKind::backup_rule) w = std::max(w, s.backup_rules[ref->index].completion_window);
  return w;
}

void check_rule_durations(LoadContext& ctx) {
  const models::Scenario& s = ctx.s;
  const models::ProtectionMap map(s);
  for (std::size_t i = 0; i < s.backup_rules.size(); ++i) {
    const models::BackupRule& rule = s.backup_rules[i];
    const Node at(nullptr, ctx.rule_pointer[i], &ctx.diags);
    const sim::Duration interval = rule_interval(rule);
    Worst never, incremental, copies, overlapping;
    for (ResourceIndex r : rule.resources) {
      const models::Resource& res = s.resources[r];
      const models::TypeModels& m = s.models_of(res);
      const sim::Duration full = m[models::Step::backup].nominal(res.size_mib());
      const double changed = interval > 0 ? res.changed_mib(interval) : res.size_mib();
      const sim::Duration step = m[models::Step::backup].nominal(changed);
      if (full > longest_window(s, map, r))
        never.note(r, full);
      else if (step > rule.completion_window)
        incremental.note(r, step);
      sim::Duration copy = 0;
      for (std::size_t c = 0; c < rule.copies.size(); ++c) copy += m[models::Step::copy].nominal(changed);
      if (interval > 0 && !rule.copies.empty() && step + copy > interval) copies.note(r, step + copy);
      if (interval > 0 && rule.copies.empty() && step > interval && step <= rule.completion_window)
        overlapping.note(r, step);
    }
    const std::string window = models::format_duration(rule.completion_window);
    if (never.count)
      at.warn(fmt::format("rule {}/{}: a full backup of {} takes about {} at the scenario's models, longer than its "
                          "completion window of {} (and any other rule's); AWS Backup cancels every such job, and the next "
                          "one is full again, so it never makes a recovery point",
                          rule.plan, rule.name, example(s, never.resource, never.count),
                          models::format_duration(never.value), window));
    if (incremental.count)
      at.warn(fmt::format("rule {}/{}: an incremental backup of {} takes about {}, longer than its completion window "
                          "of {}: AWS Backup cancels such jobs",
                          rule.plan, rule.name, example(s, incremental.resource, incremental.count),
                          models::format_duration(incremental.value), window));
    if (copies.count)
      at.warn(fmt::format("rule {}/{}: the backup and its copies of {} take about {}, longer than the {} until the "
                          "rule is next due: copies cannot keep up, and later jobs wait behind them",
                          rule.plan, rule.name, example(s, copies.resource, copies.count),
                          models::format_duration(copies.value), models::format_duration(interval)));
    if (overlapping.count)
      at.warn(fmt::format("rule {}/{}: a backup of {} takes about {}, longer than the {} until the rule is next due: "
                          "each job waits for the one before, and those that cannot start within the start window expire",
                          rule.plan, rule.name, example(s, overlapping.resource, overlapping.count),
                          models::format_duration(overlapping.value), models::format_duration(interval)));
  }
}

// Types in `resources` for which `life`'s cold transition does nothing, with an example.
void check_cold(const LoadContext& ctx, const Node& at, const models::Lifecycle& life,
                const std::vector<ResourceIndex>& resources, std::string_view what) {
  if (life.cold_after_days <= 0) return;
  std::map<ResourceType, std::pair<ResourceIndex, std::size_t>> ignored;
  for (ResourceIndex r : resources) {
    const auto type = ctx.s.resources[r].type;
    const models::ColdTier tier = models::traits(type).cold_tier;
    if (tier == models::ColdTier::cold || (tier == models::ColdTier::archive && life.archive_opt_in)) continue;
    auto [it, fresh] = ignored.try_emplace(type, r, 0);
    ++it->second.second;
  }
  for (const auto& [type, ex] : ignored) {
    const bool ebs = models::traits(type).cold_tier == models::ColdTier::archive;
    at.warn(fmt::format("{}: MoveToColdStorageAfterDays is ignored for {} ({}): {}", what, models::to_string(type),
                        example(ctx.s, ex.first, ex.second),
                        ebs ? "EBS backups move to the archive tier only with OptInToArchiveForSupportedResources: true"
                            : "\"AWS Backup ignores this expression for other resource types\" (only EBS, EFS and "
                              "DynamoDB backups have a cold tier)"));
  }
}

void check_lifecycles(LoadContext& ctx) {
  const models::Scenario& s = ctx.s;
  for (std::size_t i = 0; i < s.backup_rules.size(); ++i) {
    const models::BackupRule& rule = s.backup_rules[i];
    const Node n(nullptr, ctx.rule_pointer[i], &ctx.diags);
    check_cold(ctx, n["Lifecycle"]["MoveToColdStorageAfterDays"], rule.lifecycle, rule.resources,
               fmt::format("rule {}/{}", rule.plan, rule.name));
    for (std::size_t c = 0; c < rule.copies.size(); ++c)
      if (rule.copies[c].own_lifecycle)
        check_cold(ctx, n["CopyActions"][std::to_string(c)]["Lifecycle"]["MoveToColdStorageAfterDays"],
                   rule.copies[c].lifecycle, rule.resources, fmt::format("copy action {} of rule {}/{}", c, rule.plan, rule.name));
  }
}

void check_survival(LoadContext& ctx) {
  const models::Scenario& s = ctx.s;
  const models::ProtectionMap map(s);
  // Warnings go to each resource entry (a fleet's once), per failure.
  struct Gap {
    ResourceIndex first = models::kNoResource;
    std::size_t count = 0;
  };
  for (const models::Failure& f : s.failures) {
    std::map<std::uint32_t, Gap> no_image, lost;  // by resource entry
    for (std::uint32_t e = 0; e < ctx.entries.size(); ++e) {
      const ResourceEntry& entry = ctx.entries[e];
      for (ResourceIndex r = entry.first; r < entry.first + entry.count; ++r) {
        const models::Resource& res = s.resources[r];
        bool impacted = false, survives = false;
        switch (f.scope) {
          case models::FailureScope::az:
            // Failovers and cluster volumes survive on their own; snapshots and vaults are regional.
            impacted = res.az == f.target && !res.multi_az && res.placement() != models::Placement::cluster;
            survives = res.type == ResourceType::ec2 || map.any(r);
            break;
          case models::FailureScope::region: {
            impacted = res.region == f.target;
            // A standby in the failover Region carries its own image (launch template).
            const auto& standby = s.group_of(res).standby;
            survives = models::keeps_point_outside(s, map, r, res.region) ||
                       (standby && res.region != models::kNoRegion &&
                        standby->region == s.recovery.failover_region[res.region]);
            break;
          }
          case models::FailureScope::resource:
            impacted = r == f.target;
            survives = res.type == ResourceType::ec2 || map.any(r);
            break;
        }
        if (!impacted || survives) continue;
        if (res.type == ResourceType::ec2) {
          const models::Requirements req = s.requirements_of(r);
          const bool image = std::any_of(req.begin(), req.end(),
                                         [&](ResourceIndex u) { return s.resources[u].type == ResourceType::ami; });
          if (image) continue;  // its image's own copy is checked on the image
          Gap& g = no_image[e];
          if (g.count++ == 0) g.first = r;
        } else {
          Gap& g = lost[e];
          if (g.count++ == 0) g.first = r;
        }
      }
    }
    for (const auto& [e, g] : no_image)
      Node(nullptr, ctx.entries[e].pointer, &ctx.diags)
          .warn(fmt::format("instance {} has no image in the recovery Region for failure \"{}\": it requires no ami with a "
                            "copy there and has no AWS Backup point of its own there, so it cannot be launched",
                            example(s, g.first, g.count), f.name));
    for (const auto& [e, g] : lost) {
      const bool any = map.any(g.first);
      Node(nullptr, ctx.entries[e].pointer, &ctx.diags)
          .warn(fmt::format("{} is impacted by failure \"{}\" and {}: it cannot be recovered", example(s, g.first, g.count),
                            f.name,
                            any ? "no protection of it keeps a recovery point outside the failed Region"
                                : "nothing protects it"));
    }
  }
}

}  // namespace

// A standby anywhere but the Region its resource fails over to is never used, yet paid for.
void check_standbys(LoadContext& ctx) {
  const models::Scenario& s = ctx.s;
  for (std::uint32_t e = 0; e < ctx.entries.size(); ++e) {
    const models::ResourceGroup& g = s.groups[e];
    if (!g.standby) continue;
    const models::Resource& res = s.resources[g.first];
    if (res.region == models::kNoRegion) continue;
    const RegionIndex to = s.recovery.failover_region[res.region];
    if (to == g.standby->region) continue;
    Node(nullptr, ctx.entries[e].pointer + "/standby/region", &ctx.diags)
        .warn(fmt::format("the standby is in {} but {} fails over to {}: a Region loss recovers there, so the "
                          "standby is never used (and its running instances are still paid for)",
                          s.regions[g.standby->region].name, s.regions[res.region].name,
                          to == models::kNoRegion ? std::string("no Region") : s.regions[to].name));
  }
}

void check_plans(LoadContext& ctx) {
  check_standbys(ctx);
  check_rule_durations(ctx);
  check_lifecycles(ctx);
  check_survival(ctx);
}

}  // namespace drsim::scenarios
