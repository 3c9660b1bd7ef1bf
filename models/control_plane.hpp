#pragma once
// Which recovery steps need a control plane, and whether that control plane is in the Region
// a failure takes (AWS Well-Architected REL13-BP02 lists "dependency on control plane
// operations during recovery" as an anti-pattern; REL11-BP04 "Rely on the data plane and not
// the control plane during recovery").
//
// Control-plane operations at failover, by the recovery method drsim chose:
// - restores, promotions, new DB instances, relaunches and pilot-light launches are API calls
//   (StartRestoreJob, PromoteReadReplica, RunInstances, ...) to the recovery Region's service;
// - a cutover by editing a Route 53 record (`routing: dns_change`) uses Route 53's control
//   plane, which is in us-east-1; failover records on health checks (`dns_failover`) and ARC
//   routing controls (`arc`, set on the cluster's Regional endpoints) use the data plane.
// A warm standby and replicas that serve as they are need none.
#include <cstdint>
#include <string>
#include <vector>

#include "models/trial_result.hpp"

namespace drsim::models {

struct ControlPlaneStep {
  std::string step;     // "restore", "promote", "launch", "Route 53 record change", ...
  std::string service;  // "AWS Backup", "Amazon RDS", "Amazon EC2", "Amazon Route 53"
  RegionIndex region = kNoRegion;  // where the control plane is
  std::uint32_t count = 0;         // resources (or cutovers) needing it in the trial
  bool in_failed_region = false;   // the failure took the Region this control plane is in
};

// The Region of Route 53's control plane.
inline constexpr std::string_view kRoute53ControlPlaneRegion = "us-east-1";

// The control-plane steps one trial's recovery takes, grouped by step, service and Region.
std::vector<ControlPlaneStep> control_plane_steps(const Scenario& s, const TrialResult& t);

}  // namespace drsim::models
