#pragma once
// Readers shared by the protection loaders: which resources a protection covers, Regions it
// copies or replicates to, retentions, daily times and start delays.
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "scenarios/load_context.hpp"

namespace drsim::scenarios {

// The protected resources: `resources` (ids or fleet ids, each of one of `types`) or `tags`
// (every resource of those types with all the tags). Exactly one of the two. The list is
// charged against the scenario's reference budget.
std::vector<ResourceIndex> read_targets(LoadContext& ctx, const Node& n, std::string_view kind,
                                        std::initializer_list<models::ResourceType> types);

// A Region every protected resource is outside of (copies and replicas go elsewhere).
std::optional<RegionIndex> read_other_region(LoadContext& ctx, const Node& n, const std::vector<ResourceIndex>& targets);

// An integer number of days in [lo, hi]; 0 gets its own message when `zero_means` says what
// AWS does with it ("disables automated backups").
std::optional<std::int32_t> read_days_in(const Node& n, std::int32_t lo, std::int32_t hi, std::string_view zero_means = {});

// A retention age such as "14d" (whole days, at least one, at most 100 years).
std::optional<std::int32_t> read_age_days(const Node& n);

// "hh:mm" in UTC, as minutes since midnight.
std::optional<int> read_time_of_day(const Node& n);

// A start delay distribution (durations), when given.
void read_start_delay(LoadContext& ctx, const Node& n, models::Distribution& into);

}  // namespace drsim::scenarios
