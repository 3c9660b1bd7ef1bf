#pragma once
// Purposes of random draws. A draw is keyed by (seed, trial, entity, purpose), so the same
// job gets the same draw however the history is computed (full replay or a window) and
// whatever else the trial does. Entities are the stable draw keys of resources, failures and
// applications (models/draw_keys.hpp), never positions: variants of a scenario share draws.
#include <cstdint>

#include "models/distribution.hpp"
#include "models/duration_model.hpp"
#include "sim/random.hpp"
#include "sim/time.hpp"

namespace drsim::models {

enum class Purpose : std::uint64_t {
  job_start_delay = 1,
  job_duration = 2,
  copy_duration = 3,
  log_copy_lag = 4,
  restore_duration = 5,
  failover_duration = 6,
  failure_time = 7,
  detection = 8,
  declaration = 9,
  cutover = 10,
  restore_copy_duration = 11,
  replication_lag = 12,
  promote_duration = 13,
  create_instance_duration = 14,
  initialize_duration = 15,
  launch_duration = 16,
  health_check_duration = 17,
};

// A purpose word that also names the job: which mechanism, which protection (its stable
// draw_key, models/draw_keys.hpp), which copy, and the job's scheduled instant. The key is a
// hash, so the sum collides with another job's only by a ~2^-64 accident.
inline constexpr std::uint64_t job_purpose(Purpose p, std::uint64_t mechanism, std::uint64_t protection_key,
                                           std::uint64_t copy, sim::Time scheduled) {
  return ((static_cast<std::uint64_t>(p) | (mechanism << 8) | (copy << 16)) ^ protection_key) +
         static_cast<std::uint64_t>(scheduled) * 0x9E3779B97F4A7C15ull;
}
inline constexpr std::uint64_t purpose(Purpose p) { return static_cast<std::uint64_t>(p); }

struct TrialKey {
  TrialKey() : TrialKey(1, 0) {}
  TrialKey(std::uint64_t seed_, std::uint64_t trial_, bool nominal_ = false)
      : seed(seed_), trial(trial_), nominal(nominal_), prefix(sim::RandomStream::prefix(seed_, trial_)) {}

  std::uint64_t seed;
  std::uint64_t trial;
  // Every draw is the distribution's median instead: the once-per-scenario "typical" trial
  // (the copy-job queue, critical-path weights).
  bool nominal;
  sim::RandomStream::Prefix prefix;  // of every stream of the trial, hashed once

  sim::RandomStream stream(std::uint64_t entity, std::uint64_t purpose_word) const {
    return sim::RandomStream(prefix, entity, purpose_word);
  }
  // One draw from `d`; a fixed value costs no stream at all (most models are fixed).
  std::int64_t draw(const Distribution& d, std::uint64_t entity, std::uint64_t purpose_word) const {
    if (d.is_fixed()) return d.value();
    if (nominal) return d.median();
    auto rng = stream(entity, purpose_word);
    return d.sample(rng);
  }
  sim::Duration draw(const DurationModel& m, double size_mib, std::uint64_t entity, std::uint64_t purpose_word) const {
    return draw(m.fixed, entity, purpose_word) + m.size_term(size_mib);
  }
};

}  // namespace drsim::models
