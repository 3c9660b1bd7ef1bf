#pragma once
// Pending-event sets. Every implementation has the same small interface
//   push(const Event&), top(), pop(), empty(), size(), clear(), reserve(n)
// and pops events in strict (time, seq) order, so they are interchangeable under
// BasicSimulation and one test suite checks them all. Storage is vectors that grow and
// are reused: clear() keeps capacity, and nothing is allocated per event once warm.
//
// Measured with bench/kernel_hold (hold model): RadixHeap is the fastest at every size
// and by far beyond the caches; QuaternaryHeap is the fastest general-purpose heap;
// StdPriorityQueue is the reference.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <new>
#include <queue>
#include <stdexcept>
#include <vector>

#include "sim/event.hpp"

namespace drsim::sim {

namespace detail {

// Allocator giving cache-line-aligned storage, so a heap can line its sibling groups up
// with cache lines (see DaryHeap).
template <class T, std::size_t Align>
struct AlignedAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Align>;
  };
  AlignedAllocator() noexcept = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Align>&) noexcept {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{Align}));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t{Align}); }
  template <class U>
  bool operator==(const AlignedAllocator<U, Align>&) const noexcept {
    return true;
  }
};

inline constexpr std::size_t kCacheLine = 64;

// (time_a, seq_a) < (time_b, seq_b) as one signed 128-bit comparison: time in the high
// half, seq (unsigned) in the low half, so the numeric order is the lexicographic order.
// It compiles to cmp + sbb, with no branch for the predictor to miss.
inline bool key_less(std::int64_t ta, std::uint64_t sa, std::int64_t tb,
                     std::uint64_t sb) noexcept {
  __extension__ using Wide = __int128;
  return ((static_cast<Wide>(ta) << 64) | sa) < ((static_cast<Wide>(tb) << 64) | sb);
}

}  // namespace detail

// Implicit D-ary min-heap on (time, seq).
//
// Why these choices:
// - Wider nodes make the tree shallower (log_D n levels), and the D children of a node are
//   contiguous. D = 4 is the usual sweet spot for 32-byte elements.
// - The root lives at storage index D-1, which puts every sibling group at a multiple of D
//   in a 64-byte-aligned buffer: with 32-byte events, 4 siblings are exactly two cache
//   lines instead of straddling three.
// - Sifts move a hole instead of swapping, so each level costs one copy, not three.
// - pop() is Floyd's variant: the hole left at the root is driven down along smallest
//   children to a leaf without comparing against the displaced last element, which then
//   sifts up from there. The last element is almost always large (it came from the bottom),
//   so it rarely climbs, and the descent saves a comparison and a branch per level.
// - The smallest child is found branch-free (see min_child): which child is smallest is
//   random, so a branch there is mispredicted about half the time.
// - Below the part of the heap that stays in L1, the descent prefetches the grandchildren
//   of each node it passes, which hides much of the cache-miss latency that otherwise
//   dominates large heaps (see kPrefetchFrom).
template <unsigned D>
class DaryHeap {
  static_assert(D >= 2, "a heap needs at least two children per node");

 public:
  DaryHeap() { clear(); }

  void push(const Event& e) {
    const Event x = e;  // e may refer into store_, which push_back can reallocate
    store_.push_back(x);
    sift_up(size() - 1, x);
  }

  const Event& top() const { return base()[0]; }

  void pop() {
    const std::size_t n = size() - 1;  // number of events left after the pop
    Event* b = base();
    const Event last = b[n];
    std::size_t hole = 0;
    // Descend while the hole has a full set of children (all levels but the last).
    for (;;) {
      const std::size_t c = D * hole + 1;
      if (c + D > n) break;
      const std::size_t g = D * c + 1;  // first grandchild: the next level's sibling groups
      if (g >= kPrefetchFrom && g < n) prefetch_group_of_groups(b + g);
      const std::size_t m = min_child(b, c);
      b[hole] = b[m];
      hole = m;
    }
    // At most one node has a partial set of children.
    const std::size_t c = D * hole + 1;
    if (c < n) {
      std::size_t m = c;
      for (std::size_t k = c + 1; k < n; ++k) m = less(b[k], b[m]) ? k : m;
      b[hole] = b[m];
      hole = m;
    }
    if (hole != n) sift_up(hole, last);
    store_.pop_back();
  }

  bool empty() const { return size() == 0; }
  std::size_t size() const { return store_.size() - kRoot; }

  void clear() { store_.resize(kRoot); }
  void reserve(std::size_t n) { store_.reserve(n + kRoot); }

 private:
  static constexpr std::size_t kRoot = D - 1;

  // Grandchildren from this index on are prefetched. The top 2^10 nodes (32 KiB) are
  // walked by every operation and stay in L1; prefetching there only evicts useful lines
  // (measured: 15 % slower at 10^3 pending), while below it the next level comes from L2
  // or memory and prefetching pays (measured: 5 % faster at 10^4, 35 % at 10^5).
  // Wide heaps do not prefetch: D*D grandchildren would be more lines than it is worth.
  static constexpr std::size_t kPrefetchFrom =
      D * D * sizeof(Event) <= 8 * detail::kCacheLine ? std::size_t{1} << 10 : ~std::size_t{0};

  Event* base() { return store_.data() + kRoot; }
  const Event* base() const { return store_.data() + kRoot; }

  static bool less(const Event& a, const Event& b) noexcept {
    return detail::key_less(a.time, a.seq, b.time, b.seq);
  }

  // The D*D grandchildren of a node are contiguous and cache-line aligned.
  static void prefetch_group_of_groups(const Event* g) noexcept {
    const char* p = reinterpret_cast<const char*>(g);
#pragma GCC unroll 16
    for (std::size_t off = 0; off < D * D * sizeof(Event); off += detail::kCacheLine) {
      __builtin_prefetch(p + off);
    }
  }

  // Index of the smallest of the D children b[c], ..., b[c + D - 1]: a pairwise tournament
  // over keys held in registers. All loads are issued up front (their addresses do not
  // depend on any comparison), the keys are selected with conditional moves and the index
  // with a mask, so the dependency chain per level is log2(D) compare-and-select steps.
  static std::size_t min_child(const Event* b, std::size_t c) noexcept {
    std::int64_t t[D];
    std::uint64_t s[D];
    std::size_t at[D];
#pragma GCC unroll 16
    for (unsigned i = 0; i < D; ++i) {
      t[i] = b[c + i].time;
      s[i] = b[c + i].seq;
      at[i] = c + i;
    }
#pragma GCC unroll 16
    for (unsigned step = 1; step < D; step *= 2) {
#pragma GCC unroll 16
      for (unsigned i = 0; i + step < D; i += 2 * step) {
        const unsigned j = i + step;
        const bool lt = detail::key_less(t[j], s[j], t[i], s[i]);
        t[i] = lt ? t[j] : t[i];
        s[i] = lt ? s[j] : s[i];
        // A mask, not ?:, so the compiler cannot turn the last selection into a branch.
        at[i] += (at[j] - at[i]) & -static_cast<std::size_t>(lt);
      }
    }
    return at[0];
  }

  // Places e at the hole i or above it, moving larger parents down. New events usually
  // belong near the bottom, so this loop is short and its exit well predicted.
  void sift_up(std::size_t i, const Event& e) {
    Event* b = base();
    while (i > 0) {
      const std::size_t p = (i - 1) / D;
      if (!less(e, b[p])) break;
      b[i] = b[p];
      i = p;
    }
    b[i] = e;
  }

  std::vector<Event, detail::AlignedAllocator<Event, detail::kCacheLine>> store_;
};

using QuaternaryHeap = DaryHeap<4>;

// Monotone radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) on (time, seq).
//
// Precondition, checked: push() never receives an event earlier than the last one popped.
// A simulation satisfies it by construction (nothing is scheduled before now()).
//
// Events live in 65 buckets by the highest bit in which their time differs from the time
// of the last popped event: bucket 0 holds events at exactly that time, bucket i those
// differing first in bit i-1. A push is an append. When bucket 0 runs dry, the lowest
// non-empty bucket is scanned for its minimum, which becomes the new reference time, and
// its events are redistributed into strictly lower buckets. Each event therefore moves
// only a few times in its life, always by sequential appends, instead of walking a
// log-depth path through a large array: this is what keeps it fast beyond the caches.
//
// Ties: bucket 0 is kept in seq order. Events pushed into it come after everything in it
// (seq only grows); events redistributed into it are sorted once on arrival.
//
// top() is logically const: it may cache where the minimum of the non-zero buckets is, so
// that the pop() that usually follows does not scan again.
class RadixHeap {
 public:
  void push(const Event& e) {
    const std::uint64_t u = ukey(e.time);
    if (u < last_) throw_not_monotone();
    const unsigned j = static_cast<unsigned>(std::bit_width(u ^ last_));
    std::vector<Event>& bucket = buckets_[j];
    if (j != 0) {
      if (cached_bucket_ != kNoCache && less(e, buckets_[cached_bucket_][cached_index_])) {
        cached_bucket_ = j;
        cached_index_ = bucket.size();
      }
      nonempty_ |= std::uint64_t{1} << (j - 1);
    }
    bucket.push_back(e);
    ++size_;
  }

  const Event& top() const {
    if (head0_ < buckets_[0].size()) return buckets_[0][head0_];
    if (cached_bucket_ == kNoCache) locate_min();
    return buckets_[cached_bucket_][cached_index_];
  }

  void pop() {
    --size_;
    std::vector<Event>& b0 = buckets_[0];
    if (head0_ < b0.size()) {
      if (++head0_ == b0.size()) {
        b0.clear();
        head0_ = 0;
      }
      return;
    }
    if (cached_bucket_ == kNoCache) locate_min();
    const unsigned i = cached_bucket_;
    std::vector<Event>& src = buckets_[i];
    last_ = ukey(src[cached_index_].time);
    cached_bucket_ = kNoCache;
    nonempty_ &= ~(std::uint64_t{1} << (i - 1));
    for (const Event& e : src) {
      const unsigned j = static_cast<unsigned>(std::bit_width(ukey(e.time) ^ last_));
      buckets_[j].push_back(e);
      if (j != 0) nonempty_ |= std::uint64_t{1} << (j - 1);
    }
    src.clear();
    // The popped minimum is now in bucket 0 with any events tied with it.
    if (b0.size() == 1) {
      b0.clear();
    } else {
      std::sort(b0.begin(), b0.end(),
                [](const Event& a, const Event& b) { return a.seq < b.seq; });
      head0_ = 1;
    }
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    for (std::vector<Event>& b : buckets_) b.clear();
    head0_ = 0;
    size_ = 0;
    last_ = 0;
    nonempty_ = 0;
    cached_bucket_ = kNoCache;
  }

  // Which buckets fill up depends on the spread of pending times, not on their number,
  // so there is nothing useful to reserve up front. Buckets reach their working sizes
  // during the first run and keep that capacity across clear().
  void reserve(std::size_t) {}

 private:
  static constexpr unsigned kNoCache = ~0u;

  // Signed time to unsigned with the same order.
  static std::uint64_t ukey(Time t) noexcept {
    return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63);
  }
  static bool less(const Event& a, const Event& b) noexcept {
    return detail::key_less(a.time, a.seq, b.time, b.seq);
  }
  [[noreturn]] static void throw_not_monotone() {
    throw std::logic_error("drsim::sim::RadixHeap: event earlier than the last one popped");
  }

  // The minimum of buckets 1..64 is in the lowest non-empty one (requires buckets_[0]
  // empty and size_ > 0, as top() and pop() guarantee).
  void locate_min() const {
    const unsigned i = static_cast<unsigned>(std::countr_zero(nonempty_)) + 1;
    const std::vector<Event>& b = buckets_[i];
    std::size_t m = 0;
    for (std::size_t k = 1; k < b.size(); ++k) m = less(b[k], b[m]) ? k : m;
    cached_bucket_ = i;
    cached_index_ = m;
  }

  std::array<std::vector<Event>, 65> buckets_;
  std::size_t head0_ = 0;         // bucket 0 is consumed from the front
  std::size_t size_ = 0;
  std::uint64_t last_ = 0;        // ukey of the last popped time
  std::uint64_t nonempty_ = 0;    // bit i-1 set iff bucket i (1..64) is non-empty
  mutable unsigned cached_bucket_ = kNoCache;  // where the minimum of buckets 1..64 is
  mutable std::size_t cached_index_ = 0;
};

// The reference implementation: std::priority_queue over std::vector. Used to cross-check
// the others in tests and as the baseline in bench/kernel_hold.
class StdPriorityQueue {
 public:
  void push(const Event& e) { q_.push(e); }
  const Event& top() const { return q_.top(); }
  void pop() { q_.pop(); }
  bool empty() const { return q_.empty(); }
  std::size_t size() const { return q_.size(); }
  void clear() { q_.clear(); }
  void reserve(std::size_t n) { q_.reserve(n); }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const noexcept { return earlier(b, a); }
  };
  // Exposes the protected container so clear() and reserve() can keep and set capacity.
  struct Queue : std::priority_queue<Event, std::vector<Event>, Later> {
    void clear() noexcept { c.clear(); }
    void reserve(std::size_t n) { c.reserve(n); }
  };
  Queue q_;
};

}  // namespace drsim::sim
