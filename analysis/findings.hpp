#pragma once
// What a review of a plan needs first, from one failure's results, for every output to say
// alike (text summary, JSON, HTML): the root causes that make applications unrecoverable,
// grouped across applications and counted; the applications that miss their policy; and the
// resources that most often set the applications' RTO and RPO (the gates).
#include <cstdint>
#include <vector>

#include "analysis/study.hpp"
#include "models/scenario.hpp"

namespace drsim::analysis {

// One application made unrecoverable by a root cause, in `trials` of its trials; `chain` is
// a shortest chain of requirements from its first blocked member to the root (both included;
// just the root when the member is the root).
struct RootCauseApplication {
  std::size_t application = 0;
  std::uint64_t trials = 0;
  std::vector<models::ResourceIndex> chain;
};

// A resource that cannot be recovered, for one reason, and every application it blocks.
struct RootCauseFinding {
  models::ResourceIndex root = models::kNoResource;
  models::UnrecoverableCause cause = models::UnrecoverableCause::none;
  std::uint64_t application_trials = 0;           // summed over its applications
  std::vector<RootCauseApplication> applications;  // most trials first
};

// A resource, or the members of a fleet counted together, that set some applications' RTO
// (or RPO): in how many application-trials, and whose.
struct GateFinding {
  std::uint32_t group = 0;  // index into Scenario::groups: the resource, or the fleet
  std::uint64_t resources = 0;  // distinct members that were gates
  std::uint64_t application_trials = 0;
  struct Share {
    std::size_t application;
    std::uint64_t trials;
  };
  std::vector<Share> applications;  // most trials first
};

struct Findings {
  std::size_t unrecoverable_applications = 0;  // unrecoverable in at least one trial
  std::vector<RootCauseFinding> root_causes;   // most application-trials first
  std::vector<std::size_t> breached;           // ApplicationResult positions: policy missed in some trial
  // Over the applications that miss that target in some trial, or over all of them when no
  // application of the failure has a target; most application-trials first.
  std::vector<GateFinding> rto_gates, rpo_gates;
  bool gates_of_missed = false;  // the gates are those of applications that miss the target
  bool empty() const { return unrecoverable_applications == 0 && breached.empty(); }
};

// Ties are broken by position in the scenario, so every output lists the same order.
Findings find_findings(const models::Scenario& s, const FailureResult& fr);

}  // namespace drsim::analysis
