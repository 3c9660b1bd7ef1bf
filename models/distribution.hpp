#pragma once
// A value that may vary per trial: a duration or an instant, in integer milliseconds.
// Sampling draws from a caller-supplied keyed stream, so a draw depends only on
// (seed, trial, entity, purpose) and never on the order in which entities ask.
#include <cstdint>
#include <string>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace drsim::models {

class Distribution {
 public:
  enum class Kind : std::uint8_t { fixed, uniform, triangular, lognormal, exponential };

  Distribution() = default;
  static Distribution fixed(std::int64_t value) { return {Kind::fixed, value, value, value}; }
  static Distribution uniform(std::int64_t lo, std::int64_t hi) { return {Kind::uniform, lo, hi, hi}; }
  static Distribution triangular(std::int64_t lo, std::int64_t mode, std::int64_t hi) {
    return {Kind::triangular, lo, mode, hi};
  }
  // Lognormal fitted to its median and 90th percentile (p90 > p50 > 0).
  static Distribution lognormal(std::int64_t p50, std::int64_t p90);
  static Distribution exponential(std::int64_t mean) { return {Kind::exponential, mean, mean, mean}; }

  Kind kind() const { return kind_; }
  bool is_fixed() const { return kind_ == Kind::fixed; }
  std::int64_t value() const { return a_; }  // the fixed value, or the first parameter

  std::int64_t sample(sim::RandomStream& rng) const;
  // The median: the value a one-off, variation-free estimate uses (critical path, reports).
  std::int64_t median() const;
  std::int64_t lower_bound() const;  // smallest value it can take
  std::int64_t upper_bound() const;  // largest (sim::kNever for unbounded tails)

 private:
  Distribution(Kind k, std::int64_t a, std::int64_t b, std::int64_t c) : kind_(k), a_(a), b_(b), c_(c) {}
  Kind kind_ = Kind::fixed;
  std::int64_t a_ = 0, b_ = 0, c_ = 0;
  // Lognormal: the parameters of the underlying normal, fitted once rather than per draw
  // (a trial draws thousands of durations; two logarithms each were a tenth of its time).
  double mu_ = 0, sigma_ = 0;
};

}  // namespace drsim::models
