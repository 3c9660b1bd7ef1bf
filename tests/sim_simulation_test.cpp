// The kernel: ordering, the zero-delay FIFO path merged with the queue, cancellation,
// run(until), reset, and an event-trace fingerprint shared by every queue implementation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/random.hpp"
#include "sim/simulation.hpp"

using namespace drsim::sim;

namespace {

struct Seen {
  Time time;
  std::uint32_t kind;
  std::uint32_t target;
  bool operator==(const Seen&) const = default;
};

template <class Sim>
std::vector<Seen> drain(Sim& sim) {
  std::vector<Seen> out;
  Event e;
  while (sim.step(e)) out.push_back({e.time, e.kind, e.target});
  return out;
}

// FNV-1a over (time, kind, target) of every processed event, byte by byte in a fixed
// (little-endian) order so the value does not depend on the host.
struct TraceHash {
  std::uint64_t h = 0xcbf29ce484222325ull;
  std::uint64_t events = 0;
  void byte(std::uint64_t b) {
    h ^= b & 0xff;
    h *= 0x100000001b3ull;
  }
  void word(std::uint64_t w, int bytes) {
    for (int i = 0; i < bytes; ++i) byte(w >> (8 * i));
  }
  void add(const Event& e) {
    word(static_cast<std::uint64_t>(e.time), 8);
    word(e.kind, 4);
    word(e.target, 4);
    ++events;
  }
};

// A small job-shop with everything the kernel offers. Twelve jobs alternate between two
// pools (3 and 2 slots). A job arrives, waits for a slot, holds it for a random service
// time, and arms a timeout that its completion cancels when it wins. Completion releases
// the slot, posts a zero-delay notification, and schedules the next arrival; each job
// does eight rounds. Durations use integer draws only, so the trace is exact everywhere.
template <class Sim>
struct JobShop {
  enum Kind : std::uint32_t { kArrive = 1, kGranted, kDone, kTimeout, kNotify };
  static constexpr std::uint32_t kJobs = 12;
  static constexpr std::uint32_t kRounds = 8;

  Sim& sim;
  TraceHash trace;
  std::vector<RandomStream> rng;
  std::vector<EventHandle> timeout;
  std::vector<std::uint32_t> rounds;
  std::uint32_t pools[2] = {};
  std::uint64_t timeouts_fired = 0;

  explicit JobShop(Sim& s) : sim(s) {
    pools[0] = sim.add_pool(3);
    pools[1] = sim.add_pool(2);
    for (std::uint32_t j = 0; j < kJobs; ++j) {
      rng.emplace_back(2024, 0, j, 0);
      timeout.push_back(EventHandle{});
      rounds.push_back(0);
      sim.schedule_at(static_cast<Time>(j % 4) * kMinute, kArrive, j);
    }
  }

  Duration draw(std::uint32_t j, Duration lo, Duration hi) {
    return lo + static_cast<Duration>(rng[j].next_u64() % static_cast<std::uint64_t>(hi - lo));
  }

  void operator()(const Event& e, Sim& s) {
    trace.add(e);
    const std::uint32_t j = e.target;
    switch (e.kind) {
      case kArrive:
        s.request(pools[j % 2], kGranted, j);
        break;
      case kGranted:
        s.schedule_in(draw(j, 5 * kMinute, 40 * kMinute), kDone, j);
        timeout[j] = s.schedule_in(draw(j, 10 * kMinute, 60 * kMinute), kTimeout, j);
        break;
      case kDone:
        s.release(pools[j % 2]);
        s.cancel(timeout[j]);  // a no-op when the timeout already fired
        s.schedule_in(0, kNotify, j);
        if (++rounds[j] < kRounds) s.schedule_in(draw(j, 0, 30 * kMinute), kArrive, j);
        break;
      case kTimeout:
        ++timeouts_fired;
        s.schedule_in(0, kNotify, j, 1);
        break;
      default:
        break;
    }
  }
};

// An independent, deliberately naive kernel with the same interface: pending events in a
// plain vector searched linearly, cancellations in a set, waiters in a deque. The
// fingerprint must come out the same, which checks the real kernel's FIFO merge, lazy
// cancellation and pool hand-over against obviously correct code.
class NaiveSimulation {
 public:
  Time now() const { return now_; }
  std::uint64_t events_processed() const { return processed_; }
  EventHandle schedule_at(Time t, std::uint32_t kind, std::uint32_t target,
                          std::uint32_t payload = 0) {
    REQUIRE(t >= now_);
    pending_.push_back(Event{t, seq_, kind, target, payload});
    return EventHandle{seq_++};
  }
  EventHandle schedule_in(Duration d, std::uint32_t kind, std::uint32_t target,
                          std::uint32_t payload = 0) {
    return schedule_at(now_ + d, kind, target, payload);
  }
  void cancel(EventHandle h) { cancelled_.insert(h.seq); }
  std::uint32_t add_pool(std::uint32_t capacity) {
    pools_.push_back(Pool{capacity, 0, {}});
    return static_cast<std::uint32_t>(pools_.size() - 1);
  }
  void request(std::uint32_t pool, std::uint32_t kind, std::uint32_t target,
               std::uint32_t payload = 0) {
    Pool& p = pools_.at(pool);
    if (p.in_use < p.capacity) {
      ++p.in_use;
      schedule_at(now_, kind, target, payload);
    } else {
      p.waiting.push_back(Event{0, 0, kind, target, payload});
    }
  }
  void release(std::uint32_t pool) {
    Pool& p = pools_.at(pool);
    if (p.waiting.empty()) {
      --p.in_use;
    } else {
      const Event w = p.waiting.front();
      p.waiting.pop_front();
      schedule_at(now_, w.kind, w.target, w.payload);
    }
  }
  template <class Handler>
  void run(Handler& handler) {
    while (!pending_.empty()) {
      auto it = std::min_element(pending_.begin(), pending_.end(),
                                 [](const Event& a, const Event& b) { return earlier(a, b); });
      const Event e = *it;
      pending_.erase(it);
      if (cancelled_.count(e.seq) != 0) continue;
      now_ = e.time;
      ++processed_;
      handler(e, *this);
    }
  }

 private:
  struct Pool {
    std::uint32_t capacity;
    std::uint32_t in_use;
    std::deque<Event> waiting;
  };
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t processed_ = 0;
  std::vector<Event> pending_;
  std::set<std::uint64_t> cancelled_;
  std::vector<Pool> pools_;
};

// Recorded from this model (with Random123 Philox streams since 2026-12-03); any change to
// event order, tie-breaking, pools,
// cancellation or RandomStream changes it.
constexpr std::uint64_t kJobShopFingerprint = 17884857157935959899ull;
constexpr std::uint64_t kJobShopEvents = 430;

}  // namespace

#define DRSIM_ALL_QUEUES \
  DaryHeap<2>, DaryHeap<3>, DaryHeap<4>, DaryHeap<8>, RadixHeap, StdPriorityQueue

TEST_CASE("simulation: a new simulation is empty at time zero") {
  Simulation sim;
  CHECK(sim.now() == 0);
  CHECK(sim.events_processed() == 0);
  Event e;
  CHECK_FALSE(sim.step(e));
}

TEST_CASE_TEMPLATE("simulation: events run in time order and advance the clock", Q,
                   DRSIM_ALL_QUEUES) {
  BasicSimulation<Q> sim;
  sim.schedule_at(30, 1, 3);
  sim.schedule_at(10, 1, 1);
  sim.schedule_in(20, 1, 2);
  sim.schedule_at(kHour, 1, 4);
  Event e;
  REQUIRE(sim.step(e));
  CHECK(e.target == 1);
  CHECK(sim.now() == 10);
  REQUIRE(sim.step(e));
  CHECK(e.target == 2);
  CHECK(sim.now() == 20);
  sim.schedule_in(5, 1, 5);  // at 25, before 30
  CHECK(drain(sim) == std::vector<Seen>{{25, 1, 5}, {30, 1, 3}, {kHour, 1, 4}});
  CHECK(sim.now() == kHour);
  CHECK(sim.events_processed() == 5);
}

TEST_CASE_TEMPLATE("simulation: equal times run in scheduling order across queue and FIFO", Q,
                   DRSIM_ALL_QUEUES) {
  BasicSimulation<Q> sim;
  // Two events at t=10 go to the queue; the first one's handler schedules two zero-delay
  // events (FIFO path) at t=10. The queued event scheduled earlier must still run first.
  sim.schedule_at(10, 1, 1);
  sim.schedule_at(10, 1, 2);
  sim.schedule_at(0, 9, 0);  // zero delay at t=0: FIFO
  std::vector<std::uint32_t> order;
  sim.run([&](const Event& e, BasicSimulation<Q>& s) {
    order.push_back(e.target);
    if (e.target == 1) {
      s.schedule_in(0, 1, 3);
      s.schedule_at(s.now(), 1, 4);
    }
    if (e.target == 2) s.schedule_in(0, 1, 5);
    if (e.target == 3) s.schedule_in(1, 1, 6);  // queue, t=11
  });
  CHECK(order == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6});
  CHECK(sim.now() == 11);
}

TEST_CASE("simulation: a long burst of zero-delay events keeps FIFO order") {
  // Goes beyond the initial ring capacity while the ring wraps around.
  Simulation sim;
  std::uint32_t next = 0;
  for (int i = 0; i < 300; ++i) sim.schedule_at(0, 1, next++);
  Event e;
  std::uint32_t expect = 0;
  for (int i = 0; i < 100; ++i) {
    REQUIRE(sim.step(e));
    CHECK(e.target == expect++);
  }
  for (int i = 0; i < 700; ++i) sim.schedule_in(0, 1, next++);
  sim.schedule_in(1, 2, 0);
  while (sim.step(e) && e.kind == 1) REQUIRE(e.target == expect++);
  CHECK(expect == 1000);
  CHECK(e.kind == 2);
  CHECK(sim.now() == 1);
}

TEST_CASE_TEMPLATE("simulation: cancellation", Q, DRSIM_ALL_QUEUES) {
  BasicSimulation<Q> sim;
  const EventHandle a = sim.schedule_at(10, 1, 1);
  const EventHandle b = sim.schedule_at(20, 1, 2);
  const EventHandle c = sim.schedule_at(0, 1, 3);  // FIFO path
  sim.schedule_at(30, 1, 4);

  SUBCASE("cancelled events are skipped, in the queue and in the FIFO") {
    sim.cancel(b);
    sim.cancel(c);
    CHECK(drain(sim) == std::vector<Seen>{{10, 1, 1}, {30, 1, 4}});
    CHECK(sim.events_processed() == 2);
  }
  SUBCASE("cancelling twice is the same as once") {
    sim.cancel(b);
    sim.cancel(b);
    CHECK(drain(sim) == std::vector<Seen>{{0, 1, 3}, {10, 1, 1}, {30, 1, 4}});
  }
  SUBCASE("cancelling an event that already ran does nothing") {
    Event e;
    REQUIRE(sim.step(e));
    REQUIRE(sim.step(e));
    CHECK(e.target == 1);
    sim.cancel(a);
    sim.cancel(c);
    CHECK(drain(sim) == std::vector<Seen>{{20, 1, 2}, {30, 1, 4}});
  }
  SUBCASE("a default handle and an unknown seq do nothing") {
    sim.cancel(EventHandle{});
    sim.cancel(EventHandle{12345});
    CHECK(drain(sim).size() == 4);
  }
  SUBCASE("a handler may cancel a later event at the same instant") {
    const EventHandle d = sim.schedule_at(10, 1, 5);
    sim.run([&](const Event& e, BasicSimulation<Q>& s) {
      if (e.target == 1) s.cancel(d);
    });
    CHECK(sim.events_processed() == 4);
  }
}

TEST_CASE("simulation: cancelling a late seq works after many events") {
  Simulation sim;
  std::vector<EventHandle> h;
  for (std::uint32_t i = 0; i < 1000; ++i) h.push_back(sim.schedule_at(i + 1, 1, i));
  for (std::uint32_t i = 0; i < 1000; i += 3) sim.cancel(h[i]);
  std::uint64_t n = 0;
  Event e;
  while (sim.step(e)) {
    CHECK(e.target % 3 != 0);
    ++n;
  }
  CHECK(n == 666);
}

TEST_CASE("simulation: scheduling in the past or with a negative delay throws") {
  Simulation sim;
  sim.schedule_at(100, 1, 1);
  Event e;
  REQUIRE(sim.step(e));
  CHECK_THROWS_AS(sim.schedule_at(99, 1, 2), std::logic_error);
  CHECK_THROWS_AS(sim.schedule_in(-1, 1, 2), std::logic_error);
  CHECK_NOTHROW(sim.schedule_at(100, 1, 2));
  CHECK_NOTHROW(sim.schedule_in(0, 1, 3));
  CHECK(drain(sim).size() == 2);
}

TEST_CASE("simulation: a delay beyond the end of time saturates at kNever") {
  Simulation sim;
  sim.schedule_at(kDay, 1, 1);
  Event e;
  REQUIRE(sim.step(e));
  sim.schedule_in(kNever, 1, 2);
  REQUIRE(sim.step(e));
  CHECK(e.time == kNever);
}

TEST_CASE("simulation: run(until) stops at the horizon and can be resumed") {
  Simulation sim;
  for (std::uint32_t i = 1; i <= 5; ++i) sim.schedule_at(i * 10, 1, i);
  std::vector<std::uint32_t> seen;
  auto handler = [&](const Event& e, Simulation&) { seen.push_back(e.target); };
  sim.run(handler, 30);  // inclusive
  CHECK(seen == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(sim.now() == 30);
  sim.run(handler, 45);
  CHECK(seen.size() == 4);
  CHECK(sim.now() == 45);  // the clock reaches the horizon even without an event there
  sim.schedule_in(1, 1, 9);  // at 46, before the pending event at 50
  sim.run(handler);
  CHECK(seen == std::vector<std::uint32_t>{1, 2, 3, 4, 9, 5});
  CHECK(sim.now() == 50);
  sim.run(handler, 20);  // a horizon in the past does nothing
  CHECK(sim.now() == 50);
}

TEST_CASE("simulation: reset returns to a fresh state and the next trial matches") {
  Simulation sim;
  auto trial = [&] {
    sim.add_pool(1);
    for (std::uint32_t i = 0; i < 50; ++i) sim.schedule_at((i * 37) % 11, 1, i);
    std::vector<Seen> trace;
    sim.run([&](const Event& e, Simulation& s) {
      trace.push_back({e.time, e.kind, e.target});
      if (e.kind == 1) s.request(0, 2, e.target);
      if (e.kind == 2) s.schedule_in(3, 3, e.target);
      if (e.kind == 3) s.release(0);
    });
    return trace;
  };
  const std::vector<Seen> first = trial();
  CHECK(sim.events_processed() == 150);
  sim.schedule_at(sim.now() + 5, 1, 0);
  sim.cancel(EventHandle{0});
  sim.reset();
  CHECK(sim.now() == 0);
  CHECK(sim.events_processed() == 0);
  CHECK_THROWS_AS(sim.pool_capacity(0), std::out_of_range);
  Event e;
  CHECK_FALSE(sim.step(e));
  CHECK(trial() == first);  // the cancellation before reset does not leak into the new run
}

TEST_CASE_TEMPLATE("simulation: event-trace fingerprint", Q, DRSIM_ALL_QUEUES) {
  BasicSimulation<Q> sim;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass runs on a reset object
    JobShop<BasicSimulation<Q>> shop(sim);
    sim.run(shop);
    INFO("fingerprint " << shop.trace.h << ", events " << shop.trace.events);
    CHECK(shop.trace.events == sim.events_processed());
    CHECK(shop.timeouts_fired > 0);  // the model exercises both sides of the race
    CHECK(shop.timeouts_fired < JobShop<BasicSimulation<Q>>::kJobs * 8);
    CHECK(shop.trace.events == kJobShopEvents);
    CHECK(shop.trace.h == kJobShopFingerprint);
    sim.reset();
  }
}

TEST_CASE("simulation: the fingerprint agrees with a naive reference kernel") {
  NaiveSimulation sim;
  JobShop<NaiveSimulation> shop(sim);
  sim.run(shop);
  INFO("fingerprint " << shop.trace.h << ", events " << shop.trace.events);
  CHECK(shop.trace.events == sim.events_processed());
  CHECK(shop.trace.events == kJobShopEvents);
  CHECK(shop.trace.h == kJobShopFingerprint);
}
