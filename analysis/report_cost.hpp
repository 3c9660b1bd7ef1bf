#pragma once
// The monthly cost in every output: a text section (total, per mechanism and component, what
// is not priced, restore charges per failure, which prices are unconfirmed) and its JSON.
#include <string>

#include <nlohmann/json.hpp>

#include "models/cost_model.hpp"
#include "models/scenario.hpp"

namespace drsim::analysis {

std::string usd(double amount);  // "$1,234.56"
std::string render_cost_text(const models::Scenario& s, const models::CostEstimate& c);
nlohmann::ordered_json cost_json(const models::Scenario& s, const models::CostEstimate& c);

}  // namespace drsim::analysis
