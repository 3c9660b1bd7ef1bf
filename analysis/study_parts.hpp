#pragma once
// A study's samples in a part file (analysis/part_file.hpp) and back.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/study.hpp"
#include "models/scenario.hpp"

namespace drsim::analysis {

nlohmann::json samples_payload(const StudySamples& samples);

// Reads a payload written by samples_payload for scenario `s`, checking every size against the
// scenario; nullopt with `error` naming the place ("/payload/failures/0/res_rto: ...").
std::optional<StudySamples> samples_from_payload(const nlohmann::json& payload, const models::Scenario& s, std::string& error);

}  // namespace drsim::analysis
