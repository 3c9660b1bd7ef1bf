#include "models/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::models {
namespace {

// z-score of the 90th percentile of the standard normal distribution.
constexpr double kZ90 = 1.2815515655446004;

// Drawn values are rounded to whole seconds: sub-second precision in a sampled duration or
// failure instant would be noise in every output, not information.
std::int64_t to_ms(double v) {
  if (!(v < 9.0e18)) return sim::kNever;  // also catches NaN
  return sim::round_nonnegative(std::max(v, 0.0) / 1000.0) * 1000;
}

// Draws are rounded to whole seconds (to_ms), so a bound that is not one is rounded outward:
// a uniform draw just under 1m30.6s becomes 1m31s.
std::int64_t floor_to_second(std::int64_t v) { return v <= 0 ? v : v / 1000 * 1000; }
std::int64_t ceil_to_second(std::int64_t v) { return v <= 0 || v % 1000 == 0 ? v : (v / 1000 + 1) * 1000; }

}  // namespace

Distribution Distribution::lognormal(std::int64_t p50, std::int64_t p90) {
  Distribution d{Kind::lognormal, p50, p90, p90};
  d.mu_ = std::log(static_cast<double>(p50));
  d.sigma_ = (std::log(static_cast<double>(p90)) - d.mu_) / kZ90;
  return d;
}

std::int64_t Distribution::sample(sim::RandomStream& rng) const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return to_ms(static_cast<double>(a_) + rng.uniform01() * static_cast<double>(b_ - a_));
    case Kind::triangular: {
      const double u = rng.uniform01();
      const double lo = static_cast<double>(a_), mode = static_cast<double>(b_), hi = static_cast<double>(c_);
      if (hi <= lo) return a_;
      const double cut = (mode - lo) / (hi - lo);
      const double v = u < cut ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                               : hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode));
      return to_ms(v);
    }
    case Kind::lognormal:
      return to_ms(std::exp(mu_ + sigma_ * rng.normal()));
    case Kind::exponential:
      return to_ms(rng.exponential(static_cast<double>(a_)));
  }
  return a_;
}

std::int64_t Distribution::median() const {
  switch (kind_) {
    case Kind::fixed:
    case Kind::lognormal:
      return a_;
    case Kind::uniform:
      return a_ + (b_ - a_) / 2;
    case Kind::triangular: {
      const double lo = static_cast<double>(a_), mode = static_cast<double>(b_), hi = static_cast<double>(c_);
      if (hi <= lo) return a_;
      if (mode >= (lo + hi) / 2) return to_ms(lo + std::sqrt((hi - lo) * (mode - lo) / 2));
      return to_ms(hi - std::sqrt((hi - lo) * (hi - mode) / 2));
    }
    case Kind::exponential:
      return to_ms(static_cast<double>(a_) * std::log(2.0));
  }
  return a_;
}

std::int64_t Distribution::lower_bound() const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return floor_to_second(a_);
    case Kind::triangular:
      return c_ <= a_ ? a_ : floor_to_second(a_);
    case Kind::lognormal:
    case Kind::exponential:
      return 0;
  }
  return a_;
}

std::int64_t Distribution::upper_bound() const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return ceil_to_second(b_);
    case Kind::triangular:
      return c_ <= a_ ? a_ : ceil_to_second(c_);
    case Kind::lognormal:
    case Kind::exponential:
      return sim::kNever;
  }
  return a_;
}

}  // namespace drsim::models
