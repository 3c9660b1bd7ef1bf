#include "models/trial_result.hpp"

namespace drsim::models {

sim::Duration TrialResult::rpo(const Scenario& s, ResourceIndex r) const {
  if (!is_data_bearing(s.resources[r].type)) return -1;
  const ResourceOutcome& o = resources[r];
  switch (o.status) {
    case ResourceStatus::not_impacted:
    case ResourceStatus::failed_over:
      return 0;
    case ResourceStatus::restored:
      return failure_at - o.point.data_time;
    case ResourceStatus::relaunched:
    case ResourceStatus::unrecoverable:
      return -1;
  }
  return -1;
}

}  // namespace drsim::models
