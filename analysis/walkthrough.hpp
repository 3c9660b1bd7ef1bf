#pragma once
// `drsim walkthrough`: one trial of one failure told as a timeline — the recovery points
// that mattered, the failure, detection, declaration, every restore with its waits, the
// cutover — then why each application reaches the RTO and RPO it does.
#include <cstdint>
#include <string>

#include "models/scenario.hpp"

namespace drsim::analysis {

std::string render_walkthrough(const models::Scenario& s, std::size_t failure, std::uint64_t seed, std::uint64_t trial);

// The walkthrough's "Why" for one application of that trial: lines indented by four spaces.
std::string render_application_why(const models::Scenario& s, std::size_t failure, std::uint64_t seed, std::uint64_t trial,
                                   std::size_t application);

}  // namespace drsim::analysis
