#pragma once
// Why a resource cannot be recovered in a trial, said in full: the chain of requirements from
// it to the root of the cause, and what is wrong at that root ("app-server requires
// shared-files, which has no usable recovery point outside us-east-1 (nothing copies or
// replicates it out of that Region)").
#include <string>
#include <string_view>
#include <vector>

#include "models/protection_map.hpp"
#include "models/scenario.hpp"
#include "models/trial_result.hpp"

namespace drsim::models {

// "no_usable_point", "no_protection", "no_recovery_region", "no_image", "requires_unrecoverable"
// (CSV and JSON); "" for none.
std::string_view cause_code(UnrecoverableCause cause);

// `r`, then what it requires that cannot be recovered, and so on to the resource whose own
// cause is not a requirement (the root). Just `r` when it is the root itself.
std::vector<ResourceIndex> blocking_chain(const TrialResult& t, ResourceIndex r);
// The last of blocking_chain(t, r), without building the chain (every trial asks it).
ResourceIndex blocking_root(const TrialResult& t, ResourceIndex r);

// What is wrong at a root, as the predicate after its name: "has no usable recovery point
// outside us-east-1 (…)", "has no backup, snapshot or replica (nothing protects it)".
std::string root_cause_text(const Scenario& s, const ProtectionMap& map, const Failure& failure, ResourceIndex root,
                            UnrecoverableCause cause);

// A shortest chain of requirements from `from` to `to` (both included), for a cause counted
// over many trials, where only its ends are kept; {from, to} if there is none.
std::vector<ResourceIndex> requirement_path(const Scenario& s, ResourceIndex from, ResourceIndex to);

// "web requires app, which requires db, which has no usable …": the chain, then the root's cause.
std::string chain_text(const Scenario& s, const ProtectionMap& map, const Failure& failure,
                       const std::vector<ResourceIndex>& chain, UnrecoverableCause root_cause);

// The chain after r's name, as a predicate: "requires shared-files, which has no usable …";
// for a root, its root_cause_text.
std::string blocking_predicate(const Scenario& s, const ProtectionMap& map, const Failure& failure, const TrialResult& t,
                               ResourceIndex r);

// The whole chain as one sentence without a final period: "app-server requires shared-files,
// which has no usable recovery point outside us-east-1 (…)"; for a root, "shared-files has …".
std::string blocking_chain_text(const Scenario& s, const ProtectionMap& map, const Failure& failure,
                                const TrialResult& t, ResourceIndex r);

}  // namespace drsim::models
