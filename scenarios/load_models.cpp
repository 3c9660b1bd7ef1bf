// Duration models: the built-in catalogue with the scenario's `models` applied, one set per
// resource type. Per-resource overrides (a resource's own `models`) are added by
// load_resources through apply_type_models.
#include <array>

#include <fmt/format.h>

#include "scenarios/load_sections.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kStepModelKeys[] = {"fixed", "mib_per_s"};
constexpr std::string_view kBackupJobKeys[] = {"start_delay"};
constexpr std::string_view kCopyJobKeys[] = {"concurrent_per_region", "per_service"};
constexpr double kMinThroughput = 0.001;  // MiB/s

constexpr auto kModelsKeys = [] {
  std::array<std::string_view, models::kResourceTypeCount + 2> k{};
  for (std::size_t i = 0; i < models::kResourceTypeCount; ++i) k[i] = models::kResourceTypeNames[i];
  k[models::kResourceTypeCount] = "backup_job";
  k[models::kResourceTypeCount + 1] = "copy_jobs";
  return k;
}();

}  // namespace

void apply_type_models(LoadContext& ctx, const Node& n, models::TypeModels& into) {
  if (!n.check_object("duration models of a resource type", Keys(models::kStepNames))) return;
  for (auto& [name, step] : n.members()) {
    const auto which = models::parse_step(name);
    if (!which) continue;  // reported as an unknown key
    if (!step.check_object(fmt::format("the \"{}\" model", name), keys(kStepModelKeys))) continue;
    models::DurationModel& m = into[*which];
    if (Node fixed = step["fixed"]; fixed.present())
      if (auto d = read_distribution(fixed, ValueKind::duration, ctx.epoch)) m.fixed = *d;
    if (Node rate = step["mib_per_s"]; rate.present()) {
      if (auto v = read_number(rate, 0.0, "a throughput in MiB/s >= 0 (0: no size term)")) {
        // Below this, the largest accepted resource (1e9 GB) would take longer than the
        // millisecond clock can count.
        if (*v > 0.0 && *v < kMinThroughput)
          rate.error(fmt::format("throughput {} MiB/s is too small; expected 0 (no size term) or at least 0.001",
                                 rate.json().dump()));
        else
          m.mib_per_s = *v;
      }
    }
  }
}

void load_models(LoadContext& ctx) {
  ctx.s.catalogue = models::ModelCatalogue::builtin();
  const Node n = ctx.root["models"];
  if (n.present() && n.check_object("the models section", Keys(kModelsKeys))) {
    for (auto& [name, entry] : n.members()) {
      if (name == "copy_jobs") {
        // AWS Backup's "Concurrent backup copies per account outbound to a destination Region".
        if (!entry.check_object("copy job limits", keys(kCopyJobKeys))) continue;
        if (Node c = entry["concurrent_per_region"]; c.present()) {
          if (c.json().is_string() && c.json().get<std::string>() == "unlimited")
            ctx.s.copy_jobs.concurrent = 0;
          else if (auto v = read_int(c, 1, 1'000'000, "a number of concurrent copy jobs >= 1, or \"unlimited\""))
            ctx.s.copy_jobs.concurrent = static_cast<std::uint32_t>(*v);
        }
        if (Node p = entry["per_service"]; p.present())
          if (auto v = read_bool(p)) ctx.s.copy_jobs.per_service = *v;
        continue;
      }
      if (name == "backup_job") {
        if (!entry.check_object("backup job models", keys(kBackupJobKeys))) continue;
        if (Node delay = entry["start_delay"]; delay.present())
          if (auto d = read_distribution(delay, ValueKind::duration, ctx.epoch))
            ctx.s.catalogue.backup_start_delay = *d;
        continue;
      }
      if (const auto type = models::parse_resource_type(name)) apply_type_models(ctx, entry, ctx.s.catalogue.of(*type));
    }
  }
  // Sets [0, kResourceTypeCount) are the per-type ones, in enum order; resources with
  // their own overrides append more.
  ctx.s.model_sets.assign(ctx.s.catalogue.by_type.begin(), ctx.s.catalogue.by_type.end());
}

}  // namespace drsim::scenarios
