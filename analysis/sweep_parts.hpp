#pragma once
// A sweep shard's per-trial series (analysis/comparison.hpp) in a part file and back.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/comparison.hpp"

namespace drsim::analysis {

// Variants [begin, end) of `store`, with the shape of `shape`.
nlohmann::json series_payload(const SeriesStore& store, std::size_t begin, std::size_t end, std::uint64_t trials);

// Reads a payload into store[begin..end), checking it against `shape` (failures and
// applications) and the trial count; false with `error` naming the place.
bool series_from_payload(const nlohmann::json& payload, const ComparisonResult& shape, std::uint64_t trials,
                         std::size_t begin, std::size_t end, SeriesStore& store, std::string& error);

}  // namespace drsim::analysis
