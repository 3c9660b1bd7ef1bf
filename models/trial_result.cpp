#include "models/trial_result.hpp"

namespace drsim::models {

sim::Duration TrialResult::rpo(const Scenario& s, ResourceIndex r) const {
  const ResourceOutcome& o = resources[r];
  switch (o.status) {
    case ResourceStatus::not_impacted:
    case ResourceStatus::failed_over:
    case ResourceStatus::new_instance:
      return is_data_bearing(s.resources[r].type) ? 0 : -1;
    case ResourceStatus::restored:
    case ResourceStatus::promoted:
      // An instance restored from its own AWS Backup point has that point's RPO.
      return o.point.is_image() ? -1 : failure_at - o.point.data_time;
    case ResourceStatus::relaunched:
    case ResourceStatus::scaled_out:
    case ResourceStatus::standby_serving:
    case ResourceStatus::unrecoverable:
      return -1;
  }
  return -1;
}

}  // namespace drsim::models
