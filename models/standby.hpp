#pragma once
// Compute kept ready in a recovery Region, the part of a DR strategy that is not data
// (AWS Well-Architected REL13-BP02, "Disaster Recovery of Workloads on AWS"):
// - pilot light: nothing running ("switched off"); at failover the instances are launched,
//   boot and pass their health checks (steps `launch` and `health_check`);
// - warm standby: a scaled-down copy running, which "can handle traffic (at reduced capacity
//   levels) immediately" and is scaled up after;
// - active/active: the whole fleet running and serving.
// A standby replaces the relaunch from an image in a loss of the resource's Region; an AZ
// loss is recovered in the resource's own Region as before.
#include <cmath>
#include <cstdint>

#include "models/protections.hpp"

namespace drsim::models {

struct Standby {
  RegionIndex region = kNoRegion;
  double running = 0;  // share of the fleet running in `region`, in [0, 1]

  bool serves_at_once() const { return running > 0; }
  // Instances running for a fleet of `count`: at least one once any share runs.
  std::uint32_t running_instances(std::uint32_t count) const {
    if (running <= 0) return 0;
    return static_cast<std::uint32_t>(std::ceil(running * count - 1e-9));
  }
};

}  // namespace drsim::models
