#pragma once
// The discrete-event kernel: a clock, a pending-event set, a FIFO fast path for
// zero-delay events, lazy cancellation and counted capacity pools.
//
// One BasicSimulation per trial, reused across trials: reset() empties everything but
// keeps every buffer's capacity, so after the first trial a run allocates nothing.
// There is no global state, so threads can run trials side by side on their own objects.
#include <cstddef>
#include <cstdint>
#include <stdexcept>  // the documented errors: std::logic_error, std::out_of_range
#include <vector>

#include "sim/event.hpp"
#include "sim/event_queue.hpp"
#include "sim/time.hpp"

namespace drsim::sim {

namespace detail {
// Out of line, so the scheduling fast path stays small enough to inline everywhere.
[[noreturn]] void throw_in_past(Time t, Time now);
[[noreturn]] void throw_negative_delay(Duration d);
}  // namespace detail

// What a capacity pool delivers when it grants a slot: the event to schedule.
struct PoolGrant {
  std::uint32_t kind;
  std::uint32_t target;
  std::uint32_t payload;
};

// Counted slots with FIFO waiters, like SimPy's Resource but without an allocation per
// request: all waiters of all pools live in one node vector threaded into per-pool
// singly linked queues, and freed nodes are recycled through a free list. The kernel
// wraps this and turns grants into events (BasicSimulation::request/release).
class CapacityPools {
 public:
  void clear() noexcept;  // removes all pools, keeps capacity
  std::uint32_t add(std::uint32_t capacity);
  // Takes a slot if one is free (returns true) or queues the grant behind earlier waiters.
  bool acquire(std::uint32_t pool, const PoolGrant& grant);
  // Frees a slot (returns false), or hands it straight to the first waiter, whose grant
  // is written to `next` (returns true); the slot then stays in use.
  bool release(std::uint32_t pool, PoolGrant& next);

  std::uint32_t in_use(std::uint32_t pool) const { return at(pool).in_use; }
  std::uint32_t waiting(std::uint32_t pool) const { return at(pool).waiting; }
  std::uint32_t capacity(std::uint32_t pool) const { return at(pool).capacity; }
  std::size_t size() const noexcept { return pools_.size(); }

 private:
  static constexpr std::uint32_t kNone = ~0u;
  struct Pool {
    std::uint32_t capacity;
    std::uint32_t in_use;
    std::uint32_t waiting;
    std::uint32_t head;  // first waiter node, kNone if none
    std::uint32_t tail;  // last waiter node, kNone if none
  };
  struct Waiter {
    PoolGrant grant;
    std::uint32_t next;
  };

  const Pool& at(std::uint32_t pool) const;
  Pool& at(std::uint32_t pool);

  std::vector<Pool> pools_;
  std::vector<Waiter> nodes_;
  std::uint32_t free_ = kNone;  // head of the recycled-node list
};

template <class Queue>
class BasicSimulation {
 public:
  BasicSimulation() {
    queue_.reserve(kInitialCapacity);
    fifo_.resize(kInitialCapacity);
  }

  // Back to the state of a new object (now() == 0, nothing pending, no pools, counters
  // at 0), keeping all buffers' capacity.
  void reset() {
    now_ = 0;
    next_seq_ = 0;
    processed_ = 0;
    queue_.clear();
    fifo_head_ = 0;
    fifo_count_ = 0;
    cancelled_.clear();
    pools_.clear();
  }

  Time now() const noexcept { return now_; }
  std::uint64_t events_processed() const noexcept { return processed_; }

  // Schedules an event at instant t >= now(). Events at now() take the FIFO fast path;
  // either way they run in (time, seq) order with everything else.
  EventHandle schedule_at(Time t, std::uint32_t kind, std::uint32_t target,
                          std::uint32_t payload = 0) {
    if (t < now_) detail::throw_in_past(t, now_);
    const Event e{t, next_seq_++, kind, target, payload};
    if (t == now_) {
      fifo_push(e);
    } else {
      queue_.push(e);
    }
    return EventHandle{e.seq};
  }

  // Schedules an event d >= 0 after now(); a delay reaching past kNever saturates there.
  EventHandle schedule_in(Duration d, std::uint32_t kind, std::uint32_t target,
                          std::uint32_t payload = 0) {
    if (d < 0) detail::throw_negative_delay(d);
    const Time t = d > kNever - now_ ? kNever : now_ + d;
    return schedule_at(t, kind, target, payload);
  }

  // Lazy deletion: the event stays queued and is skipped when it reaches the front.
  // Cancelling an event that already ran, was already cancelled, or a default handle does
  // nothing (a run event's seq never comes back, so marking it is harmless). Handles are
  // valid until reset(), which starts seq numbers again from 0.
  void cancel(EventHandle h) {
    if (h.seq >= next_seq_) return;
    const std::size_t word = static_cast<std::size_t>(h.seq >> 6);
    if (word >= cancelled_.size()) cancelled_.resize(word + 1, 0);
    cancelled_[word] |= std::uint64_t{1} << (h.seq & 63);
  }

  // Removes the next live event into `out` and advances now() to its time; false when
  // nothing is pending.
  bool step(Event& out) {
    const Source s = next_source();
    if (s == Source::kNone) return false;
    out = front(s);
    drop(s);
    now_ = out.time;
    ++processed_;
    return true;
  }

  // Calls handler(const Event&, BasicSimulation&) for every event with time <= until, in
  // (time, seq) order, including events the handler itself schedules. Afterwards now() is
  // `until` when that is finite (as in SimPy's run(until)), so schedule_in() continues
  // from the end of the window; with the default kNever it stays at the last event.
  template <class Handler>
  void run(Handler&& handler, Time until = kNever) {
    for (;;) {
      const Source s = next_source();
      if (s == Source::kNone) break;
      const Event& f = front(s);
      if (f.time > until) break;
      // A copy: the handler may schedule, which can move the queue's storage.
      const Event e = f;
      drop(s);
      now_ = e.time;
      ++processed_;
      handler(e, *this);
    }
    if (until != kNever && until > now_) now_ = until;
  }

  // Capacity pools. Pool ids are 0, 1, 2, ... in order of creation since reset().
  // A capacity of 0 throws std::invalid_argument (its requests could never be granted);
  // an unknown pool id throws std::out_of_range in every pool call.
  std::uint32_t add_pool(std::uint32_t capacity) { return pools_.add(capacity); }

  // Asks for one slot of `pool`. The grant always arrives as the event
  // (kind, target, payload): at now() when a slot is free, otherwise at the instant a
  // holder releases one, waiters being served first come, first served.
  void request(std::uint32_t pool, std::uint32_t kind, std::uint32_t target,
               std::uint32_t payload = 0) {
    if (pools_.acquire(pool, PoolGrant{kind, target, payload})) {
      schedule_at(now_, kind, target, payload);
    }
  }

  // Gives one slot back: it goes straight to the first waiter (grant event at now()), or
  // becomes free. Releasing a pool with no slot in use throws std::logic_error.
  void release(std::uint32_t pool) {
    PoolGrant g{};
    if (pools_.release(pool, g)) schedule_at(now_, g.kind, g.target, g.payload);
  }

  std::uint32_t pool_in_use(std::uint32_t pool) const { return pools_.in_use(pool); }
  std::uint32_t pool_waiting(std::uint32_t pool) const { return pools_.waiting(pool); }
  std::uint32_t pool_capacity(std::uint32_t pool) const { return pools_.capacity(pool); }

 private:
  static constexpr std::size_t kInitialCapacity = 256;  // a power of two (FIFO ring)

  enum class Source { kNone, kFifo, kHeap };

  bool is_cancelled(std::uint64_t seq) const noexcept {
    const std::size_t word = static_cast<std::size_t>(seq >> 6);
    return word < cancelled_.size() && ((cancelled_[word] >> (seq & 63)) & 1) != 0;
  }

  // Which structure holds the next live event, discarding cancelled events on the way.
  // FIFO events all have time == now() and increasing seq, so comparing the two fronts
  // by (time, seq) merges them exactly.
  Source next_source() {
    for (;;) {
      Source s;
      if (fifo_count_ != 0) {
        s = queue_.empty() || earlier(fifo_front(), queue_.top()) ? Source::kFifo
                                                                  : Source::kHeap;
      } else if (!queue_.empty()) {
        s = Source::kHeap;
      } else {
        return Source::kNone;
      }
      if (!is_cancelled(front(s).seq)) return s;
      drop(s);
    }
  }

  const Event& front(Source s) const { return s == Source::kFifo ? fifo_front() : queue_.top(); }

  void drop(Source s) {
    if (s == Source::kFifo) {
      fifo_head_ = (fifo_head_ + 1) & (fifo_.size() - 1);
      --fifo_count_;
    } else {
      queue_.pop();
    }
  }

  // The FIFO is a ring over fifo_ (power-of-two size), so a steady stream of zero-delay
  // events reuses the same slots however long it lasts.
  const Event& fifo_front() const { return fifo_[fifo_head_]; }
  void fifo_push(const Event& e) {
    if (fifo_count_ == fifo_.size()) fifo_grow();
    fifo_[(fifo_head_ + fifo_count_) & (fifo_.size() - 1)] = e;
    ++fifo_count_;
  }
  void fifo_grow() {
    std::vector<Event> bigger(fifo_.size() * 2);
    for (std::size_t i = 0; i < fifo_count_; ++i) {
      bigger[i] = fifo_[(fifo_head_ + i) & (fifo_.size() - 1)];
    }
    fifo_.swap(bigger);
    fifo_head_ = 0;
  }

  Time now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t processed_ = 0;
  Queue queue_;
  std::vector<Event> fifo_;
  std::size_t fifo_head_ = 0;
  std::size_t fifo_count_ = 0;
  std::vector<std::uint64_t> cancelled_;  // bit per seq; grows only when cancel() is used
  CapacityPools pools_;
};

using Simulation = BasicSimulation<RadixHeap>;  // monotone: nothing is scheduled before now

}  // namespace drsim::sim
