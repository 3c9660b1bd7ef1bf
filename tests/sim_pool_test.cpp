// Capacity pools: counted slots, FIFO waiters, grants delivered as events.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <vector>

#include "sim/simulation.hpp"

using namespace drsim::sim;

namespace {

enum Kind : std::uint32_t { kGrant = 1, kFinish = 2, kOther = 3 };

struct Grant {
  Time time;
  std::uint32_t target;
  std::uint32_t payload;
  bool operator==(const Grant&) const = default;
};

}  // namespace

TEST_CASE("pool: ids are 0, 1, 2 in creation order and capacities are kept") {
  Simulation sim;
  CHECK(sim.add_pool(3) == 0);
  CHECK(sim.add_pool(1) == 1);
  CHECK(sim.add_pool(10) == 2);
  CHECK(sim.pool_capacity(0) == 3);
  CHECK(sim.pool_capacity(1) == 1);
  CHECK(sim.pool_capacity(2) == 10);
  CHECK(sim.pool_in_use(2) == 0);
  CHECK(sim.pool_waiting(2) == 0);
}

TEST_CASE("pool: capacity is respected and waiters queue up") {
  Simulation sim;
  const std::uint32_t p = sim.add_pool(3);
  for (std::uint32_t i = 0; i < 5; ++i) sim.request(p, kGrant, i, 100 + i);
  CHECK(sim.pool_in_use(p) == 3);
  CHECK(sim.pool_waiting(p) == 2);
  // Free slots are granted by events at now(), in request order.
  std::vector<Grant> grants;
  Event e;
  while (sim.step(e)) grants.push_back({e.time, e.target, e.payload});
  CHECK(grants == std::vector<Grant>{{0, 0, 100}, {0, 1, 101}, {0, 2, 102}});
}

TEST_CASE("pool: a release hands the slot to the first waiter, FIFO") {
  Simulation sim;
  const std::uint32_t p = sim.add_pool(1);
  sim.request(p, kGrant, 0);
  for (std::uint32_t i = 1; i <= 4; ++i) sim.request(p, kGrant, i);
  CHECK(sim.pool_waiting(p) == 4);
  std::vector<Grant> grants;
  // Each holder keeps the slot for 7 ms, then releases it.
  sim.run([&](const Event& e, Simulation& s) {
    if (e.kind == kGrant) {
      grants.push_back({e.time, e.target, e.payload});
      s.schedule_in(7, kFinish, e.target);
    } else {
      s.release(p);
    }
  });
  CHECK(grants == std::vector<Grant>{{0, 0, 0}, {7, 1, 0}, {14, 2, 0}, {21, 3, 0}, {28, 4, 0}});
  CHECK(sim.pool_in_use(p) == 0);
  CHECK(sim.pool_waiting(p) == 0);
}

TEST_CASE("pool: while waiters exist, a release keeps the slot in use") {
  Simulation sim;
  const std::uint32_t p = sim.add_pool(2);
  for (std::uint32_t i = 0; i < 3; ++i) sim.request(p, kGrant, i);
  sim.release(p);
  CHECK(sim.pool_in_use(p) == 2);  // handed straight to waiter 2
  CHECK(sim.pool_waiting(p) == 0);
  sim.release(p);
  CHECK(sim.pool_in_use(p) == 1);
  sim.release(p);
  CHECK(sim.pool_in_use(p) == 0);
  CHECK_THROWS_AS(sim.release(p), std::logic_error);
}

TEST_CASE("pool: a grant from a release runs after events already due at that instant") {
  Simulation sim;
  const std::uint32_t p = sim.add_pool(1);
  sim.request(p, kGrant, 0);
  sim.request(p, kGrant, 1);
  sim.schedule_at(5, kFinish, 0);
  sim.schedule_at(5, kOther, 9);
  std::vector<std::uint32_t> order;
  sim.run([&](const Event& e, Simulation& s) {
    order.push_back(e.kind * 10 + e.target);
    if (e.kind == kFinish) s.release(p);
  });
  // Grant 0 at t=0; at t=5 the finish releases, the other event (scheduled before the
  // release) runs, then waiter 1's grant.
  CHECK(order == std::vector<std::uint32_t>{10, 20, 39, 11});
}

TEST_CASE("pool: 40 jobs of 20 minutes through 10 slots finish at 20, 40, 60, 80 minutes") {
  Simulation sim;
  const std::uint32_t p = sim.add_pool(10);
  for (std::uint32_t job = 0; job < 40; ++job) sim.request(p, kGrant, job);
  std::map<Time, std::vector<std::uint32_t>> finished;
  std::map<Time, int> started;
  sim.run([&](const Event& e, Simulation& s) {
    if (e.kind == kGrant) {
      ++started[e.time];
      s.schedule_in(20 * kMinute, kFinish, e.target);
    } else {
      finished[e.time].push_back(e.target);
      s.release(p);
    }
    CHECK(s.pool_in_use(p) <= 10);
  });
  CHECK(started == std::map<Time, int>{
                       {0, 10}, {20 * kMinute, 10}, {40 * kMinute, 10}, {60 * kMinute, 10}});
  REQUIRE(finished.size() == 4);
  std::uint32_t job = 0;
  for (Time t : {20 * kMinute, 40 * kMinute, 60 * kMinute, 80 * kMinute}) {
    REQUIRE(finished.count(t) == 1);
    const std::vector<std::uint32_t>& done = finished[t];
    CHECK(done.size() == 10);
    for (std::uint32_t j : done) CHECK(j == job++);  // FIFO: jobs finish in request order
  }
  CHECK(sim.now() == 80 * kMinute);
  CHECK(sim.pool_in_use(p) == 0);
}

TEST_CASE("pool: pools are independent") {
  Simulation sim;
  const std::uint32_t a = sim.add_pool(1);
  const std::uint32_t b = sim.add_pool(1);
  sim.request(a, kGrant, 0);
  sim.request(a, kGrant, 1);
  sim.request(b, kGrant, 2);
  CHECK(sim.pool_in_use(a) == 1);
  CHECK(sim.pool_waiting(a) == 1);
  CHECK(sim.pool_in_use(b) == 1);
  CHECK(sim.pool_waiting(b) == 0);
  sim.release(b);
  CHECK(sim.pool_waiting(a) == 1);
  sim.release(a);
  CHECK(sim.pool_waiting(a) == 0);
  CHECK(sim.pool_in_use(a) == 1);
}

TEST_CASE("pool: bad arguments are refused") {
  Simulation sim;
  CHECK_THROWS_AS(sim.add_pool(0), std::invalid_argument);
  CHECK_THROWS_AS(sim.request(0, kGrant, 0), std::out_of_range);
  CHECK_THROWS_AS(sim.release(0), std::out_of_range);
  CHECK_THROWS_AS(sim.pool_in_use(0), std::out_of_range);
  sim.add_pool(1);
  CHECK_THROWS_AS(sim.pool_waiting(1), std::out_of_range);
  CHECK_THROWS_AS(sim.release(0), std::logic_error);
}

TEST_CASE("pool: waiter storage is recycled across many requests and resets") {
  Simulation sim;
  for (int trial = 0; trial < 3; ++trial) {
    const std::uint32_t p = sim.add_pool(2);
    std::uint64_t grants = 0;
    for (std::uint32_t i = 0; i < 500; ++i) sim.request(p, kGrant, i);
    sim.run([&](const Event& e, Simulation& s) {
      if (e.kind == kGrant) {
        ++grants;
        s.schedule_in(1 + e.target % 3, kFinish, e.target);
        if (e.target < 1000) s.request(p, kGrant, e.target + 500);  // refill while running
      } else {
        s.release(p);
      }
    });
    CHECK(grants == 1500);
    CHECK(sim.pool_in_use(p) == 0);
    sim.reset();
  }
}
