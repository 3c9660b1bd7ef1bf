#pragma once
// An event is plain data: when it happens, its place in the global scheduling order, and
// three small integers the model interprets (what happens, to whom, with which detail).
// No callbacks or owning pointers, so events can be copied and moved by the queues freely
// and a whole trial allocates nothing per event.
#include <cstdint>

#include "sim/time.hpp"

namespace drsim::sim {

struct Event {
  Time time;              // instant at which the event fires
  std::uint64_t seq;      // global scheduling counter: unique, breaks ties in FIFO order
  std::uint32_t kind;     // model-defined event type
  std::uint32_t target;   // model-defined entity index
  std::uint32_t payload;  // model-defined extra index (job id, step number, ...)
};

// Names one scheduled event so it can be cancelled; the default value names none.
struct EventHandle {
  std::uint64_t seq = ~0ull;
};

// The strict ordering key (time, seq). Since seq is unique, no two distinct events are
// equivalent, so every queue pops the same sequence and a run is a pure function of its
// inputs whatever the queue implementation.
inline bool earlier(const Event& a, const Event& b) noexcept {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

}  // namespace drsim::sim
