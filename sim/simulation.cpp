#include "sim/simulation.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace drsim::sim {

namespace detail {

void throw_in_past(Time t, Time now) {
  throw std::logic_error("drsim::sim: event scheduled in the past (at " + std::to_string(t) +
                         " ms, now is " + std::to_string(now) + " ms)");
}

void throw_negative_delay(Duration d) {
  throw std::logic_error("drsim::sim: negative delay (" + std::to_string(d) + " ms)");
}

}  // namespace detail

void CapacityPools::clear() noexcept {
  pools_.clear();
  nodes_.clear();
  free_ = kNone;
}

std::uint32_t CapacityPools::add(std::uint32_t capacity) {
  if (capacity == 0) throw std::invalid_argument("drsim::sim: a pool needs capacity >= 1");
  pools_.push_back(Pool{capacity, 0, 0, kNone, kNone});
  return static_cast<std::uint32_t>(pools_.size() - 1);
}

const CapacityPools::Pool& CapacityPools::at(std::uint32_t pool) const {
  if (pool >= pools_.size()) {
    throw std::out_of_range("drsim::sim: no pool " + std::to_string(pool));
  }
  return pools_[pool];
}

CapacityPools::Pool& CapacityPools::at(std::uint32_t pool) {
  return const_cast<Pool&>(std::as_const(*this).at(pool));
}

bool CapacityPools::acquire(std::uint32_t pool, const PoolGrant& grant) {
  Pool& p = at(pool);
  if (p.in_use < p.capacity) {
    ++p.in_use;
    return true;
  }
  std::uint32_t n;
  if (free_ != kNone) {
    n = free_;
    free_ = nodes_[n].next;
    nodes_[n] = Waiter{grant, kNone};
  } else {
    n = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Waiter{grant, kNone});
  }
  if (p.tail == kNone) {
    p.head = n;
  } else {
    nodes_[p.tail].next = n;
  }
  p.tail = n;
  ++p.waiting;
  return false;
}

bool CapacityPools::release(std::uint32_t pool, PoolGrant& next) {
  Pool& p = at(pool);
  if (p.in_use == 0) {
    throw std::logic_error("drsim::sim: release of pool " + std::to_string(pool) +
                           " with no slot in use");
  }
  if (p.head == kNone) {
    --p.in_use;
    return false;
  }
  const std::uint32_t n = p.head;
  next = nodes_[n].grant;
  p.head = nodes_[n].next;
  if (p.head == kNone) p.tail = kNone;
  --p.waiting;
  nodes_[n].next = free_;
  free_ = n;
  return true;
}

}  // namespace drsim::sim
