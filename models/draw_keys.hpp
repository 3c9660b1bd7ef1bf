#pragma once
// Stable keys for the random draws: common random numbers across what-if variants.
//
// A draw is keyed by (seed, trial, entity, purpose). If the entity were a position (the
// resource's index), adding one resource to a variant would shift every later resource's
// draws, and two variants of one trial would differ by noise as well as by design. So every
// entity and every protection that names its draws carries a key derived from what the
// scenario calls it: a resource from its id, a failure and an application from their names,
// an AWS Backup rule from its Region, plan and rule name. Native protections, continuous
// backups and replications have no name in the format; they are keyed by their kind and
// their order among the scenario's protections of the same kind, so adding a protection of
// another kind, or a resource, shifts nothing. The keys are a 64-bit hash (FNV-1a over the
// bytes, then the SplitMix64 finalizer so that the low bits are well mixed), with a tag per
// kind of thing so that a failure and a resource of the same name draw apart.
#include <cstdint>
#include <string_view>

namespace drsim::models {

struct Scenario;

std::uint64_t stable_key(std::string_view tag, std::string_view name);

// Fills every draw_key of the scenario from its names. The loader calls it once the scenario
// is built; the engine reads the keys and never positions.
void assign_draw_keys(Scenario& s);

}  // namespace drsim::models
