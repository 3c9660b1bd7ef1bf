#pragma once
// AWS Backup resource selections (`Selections` of a backup plan entry): which resources a
// plan's rules back up.
#include <string>
#include <vector>

#include "scenarios/load_context.hpp"

namespace drsim::scenarios {

struct PlanScope {
  std::string plan;                        // BackupPlanName, for messages
  RegionIndex region = models::kNoRegion;  // plans are regional; kNoRegion if unknown
};

// Resolves the plan entry's `Selections` array (at `n`) into the sorted, duplicate-free
// union of the resources it selects; reports problems at their pointers.
std::vector<ResourceIndex> read_selections(LoadContext& ctx, const Node& n, const PlanScope& scope);

}  // namespace drsim::scenarios
