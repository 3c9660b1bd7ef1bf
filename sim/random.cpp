#include "sim/random.hpp"

#include <cmath>
#include <numbers>

namespace drsim::sim {

double RandomStream::normal() noexcept {
  const double u1 = uniform01();
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomStream::exponential(double mean) noexcept { return -mean * std::log(uniform01()); }

}  // namespace drsim::sim
