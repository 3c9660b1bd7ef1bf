// One suite for every pending-event set: each must pop in strict (time, seq) order.
// The shared cases respect the kernel's contract (nothing is pushed earlier than the last
// popped event), which every implementation, the monotone RadixHeap included, supports.
#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/random.hpp"

using namespace drsim::sim;

namespace {

using Key = std::tuple<Time, std::uint64_t, std::uint32_t>;  // (time, seq, target)

Key key_of(const Event& e) { return {e.time, e.seq, e.target}; }

Event make(Time t, std::uint64_t seq, std::uint32_t target = 0) {
  return Event{t, seq, 1, target, 7};
}

// Random interleaving of pushes and pops, checked against an ordered multiset. Times
// come from a small window above the last popped time, so ties are frequent.
template <class Queue>
void check_against_reference(Queue& q, std::uint64_t trial, int ops, Time spread,
                             bool monotone) {
  RandomStream rng(11, trial, 0, 0);
  std::multiset<Key> ref;
  std::uint64_t seq = 0;
  Time floor = 0;
  for (int k = 0; k < ops; ++k) {
    const bool push = ref.empty() || rng.uniform01() < 0.52;
    if (push) {
      const Time base = monotone ? floor : 0;
      const Time t = base + static_cast<Time>(rng.next_u64() % static_cast<std::uint64_t>(spread));
      const Event e = make(t, seq++, static_cast<std::uint32_t>(k));
      q.push(e);
      ref.insert(key_of(e));
    } else {
      REQUIRE(key_of(q.top()) == *ref.begin());
      floor = q.top().time;
      q.pop();
      ref.erase(ref.begin());
    }
    REQUIRE(q.size() == ref.size());
  }
  while (!ref.empty()) {
    REQUIRE(key_of(q.top()) == *ref.begin());
    q.pop();
    ref.erase(ref.begin());
  }
  CHECK(q.empty());
}

}  // namespace

#define DRSIM_ALL_QUEUES \
  DaryHeap<2>, DaryHeap<3>, DaryHeap<4>, DaryHeap<8>, RadixHeap, StdPriorityQueue
#define DRSIM_ANY_ORDER_QUEUES DaryHeap<2>, DaryHeap<3>, DaryHeap<4>, DaryHeap<8>, StdPriorityQueue

TEST_CASE_TEMPLATE("event queue: starts empty, counts, pops in time order", Q, DRSIM_ALL_QUEUES) {
  Q q;
  CHECK(q.empty());
  CHECK(q.size() == 0);
  const Time times[] = {50, 10, 40, 30, 20, 60, 0};
  std::uint64_t seq = 0;
  for (Time t : times) q.push(make(t, seq++));
  CHECK(q.size() == 7);
  CHECK_FALSE(q.empty());
  std::vector<Time> got;
  while (!q.empty()) {
    got.push_back(q.top().time);
    q.pop();
  }
  CHECK(got == std::vector<Time>{0, 10, 20, 30, 40, 50, 60});
}

TEST_CASE_TEMPLATE("event queue: equal times pop in seq order", Q, DRSIM_ALL_QUEUES) {
  Q q;
  // Pushed in scrambled seq order, all at one instant, plus a later and an earlier one.
  const std::uint64_t seqs[] = {5, 1, 9, 3, 7, 0, 8, 2, 6, 4};
  for (std::uint64_t s : seqs) q.push(make(100, s, static_cast<std::uint32_t>(s)));
  q.push(make(200, 10));
  q.push(make(50, 11));
  CHECK(q.top().seq == 11);
  q.pop();
  for (std::uint64_t s = 0; s < 10; ++s) {
    REQUIRE(q.top().time == 100);
    CHECK(q.top().seq == s);
    CHECK(q.top().target == s);
    q.pop();
  }
  CHECK(q.top().time == 200);
}

TEST_CASE_TEMPLATE("event queue: the popped event is returned whole", Q, DRSIM_ALL_QUEUES) {
  Q q;
  q.push(Event{30, 4, 11, 22, 33});
  q.push(Event{20, 5, 44, 55, 66});
  const Event e = q.top();
  CHECK(e.time == 20);
  CHECK(e.seq == 5);
  CHECK(e.kind == 44);
  CHECK(e.target == 55);
  CHECK(e.payload == 66);
}

TEST_CASE_TEMPLATE("event queue: pushing a reference to its own top is safe", Q,
                   DRSIM_ALL_QUEUES) {
  // push() must copy its argument before its storage can grow and move.
  Q q;
  for (std::uint32_t s = 0; s < 5; ++s) q.push(make(10 + s, s, 100 + s));
  for (int i = 0; i < 1000; ++i) q.push(q.top());  // grows through several reallocations
  CHECK(q.size() == 1005);
  for (int i = 0; i < 1001; ++i) {
    REQUIRE(q.top().seq == 0);
    REQUIRE(q.top().target == 100);
    q.pop();
  }
  CHECK(q.top().seq == 1);
}

TEST_CASE_TEMPLATE("event queue: random monotone workload matches a sorted reference", Q,
                   DRSIM_ALL_QUEUES) {
  Q q;
  SUBCASE("many ties") { check_against_reference(q, 1, 20'000, 8, true); }
  SUBCASE("few ties") { check_against_reference(q, 2, 20'000, 1'000'000, true); }
  SUBCASE("wide times") { check_against_reference(q, 3, 5'000, Time{1} << 50, true); }
}

TEST_CASE_TEMPLATE("event queue: large heaps stay ordered", Q, DRSIM_ALL_QUEUES) {
  // Beyond DaryHeap's prefetch threshold (2^14 nodes), in a hold-model pattern.
  Q q;
  RandomStream rng(5, 0, 0, 0);
  std::uint64_t seq = 0;
  for (int i = 0; i < 40'000; ++i) {
    q.push(make(static_cast<Time>(rng.next_u64() % 1'000'000), seq++));
  }
  Time last = -1;
  std::uint64_t last_seq = 0;
  for (int i = 0; i < 60'000; ++i) {
    const Event e = q.top();
    q.pop();
    REQUIRE((e.time > last || (e.time == last && e.seq > last_seq)));
    last = e.time;
    last_seq = e.seq;
    q.push(make(e.time + static_cast<Time>(rng.next_u64() % 1'000'000), seq++));
  }
  CHECK(q.size() == 40'000);
}

TEST_CASE_TEMPLATE("event queue: clear empties and the queue is reusable", Q, DRSIM_ALL_QUEUES) {
  Q q;
  q.reserve(1000);
  for (std::uint64_t s = 0; s < 1000; ++s) q.push(make(static_cast<Time>(1000 + s), s));
  for (int i = 0; i < 500; ++i) q.pop();
  q.clear();
  CHECK(q.empty());
  CHECK(q.size() == 0);
  // After clear, earlier times than anything popped before are fine again.
  q.push(make(5, 0));
  q.push(make(3, 1));
  CHECK(q.top().time == 3);
  q.pop();
  CHECK(q.top().time == 5);
  q.pop();
  CHECK(q.empty());
  // The reference check pushes from time 0 on, below the 5 just popped: a monotone queue takes
  // that only after another clear.
  q.clear();
  check_against_reference(q, 4, 2'000, 50, true);
}

TEST_CASE_TEMPLATE("event queue: negative times order correctly", Q, DRSIM_ALL_QUEUES) {
  Q q;
  q.push(make(5, 0));
  q.push(make(-7, 1));
  q.push(make(0, 2));
  q.push(make(-7, 3));
  CHECK(q.top().seq == 1);
  q.pop();
  CHECK(q.top().seq == 3);
  q.pop();
  CHECK(q.top().time == 0);
  q.pop();
  CHECK(q.top().time == 5);
}

TEST_CASE_TEMPLATE("event queue: any push order (general heaps)", Q, DRSIM_ANY_ORDER_QUEUES) {
  Q q;
  check_against_reference(q, 6, 20'000, 100, false);
}

TEST_CASE("RadixHeap: refuses an event earlier than the last popped") {
  RadixHeap q;
  q.push(make(100, 0));
  q.push(make(200, 1));
  q.pop();
  CHECK_NOTHROW(q.push(make(100, 2)));  // equal to the last popped time is fine
  CHECK_THROWS_AS(q.push(make(99, 3)), std::logic_error);
  CHECK(q.top().seq == 2);
}
