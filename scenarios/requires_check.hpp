#pragma once
// Resolves every resource's `requires` into indices and refuses what cannot be ordered:
// self-requirements and cycles (reported with the whole cycle path).
#include "scenarios/load_context.hpp"

namespace drsim::scenarios {

void resolve_requires(LoadContext& ctx);

}  // namespace drsim::scenarios
