#include "models/rule_firings.hpp"

#include <algorithm>
#include <iterator>

#include "models/interpolated_search.hpp"

namespace drsim::models {
namespace {

// Higher priority: longer retention, then earlier in the plan.
bool outranks(const BackupRule& y, std::uint32_t yi, const BackupRule& x, std::uint32_t xi) {
  if (y.retention_rank() != x.retention_rank()) return y.retention_rank() > x.retention_rank();
  return yi < xi;
}

// The first firing at or after `t` in `cache` (sorted), as std::lower_bound finds it. Most
// schedules fire at a fixed rate, so an interpolated guess lands on or next to the answer,
// where a binary search over a year of hourly firings takes 13 dependent steps; every trial
// asks this for every rule of every resource it touches.
std::vector<sim::Time>::const_iterator first_at_or_after(const std::vector<sim::Time>& cache, sim::Time t) {
  if (cache.empty()) return cache.end();
  return interpolated_lower_bound(cache.begin(), cache.end(), t, [](sim::Time x) { return x; }, cache.front(),
                                  cache.back());
}

}  // namespace

RuleFirings::RuleFirings(const Scenario& s, sim::Time horizon) : s_(s), horizon_(std::max<sim::Time>(horizon, 0)) {
  const auto n = static_cast<std::uint32_t>(s.backup_rules.size());
  higher_.resize(n);
  for (std::uint32_t x = 0; x < n; ++x)
    for (std::uint32_t y = 0; y < n; ++y)
      if (y != x && s.backup_rules[y].plan_index == s.backup_rules[x].plan_index &&
          outranks(s.backup_rules[y], y, s.backup_rules[x], x))
        higher_[x].push_back(y);
  kept_.resize(n);
  for (std::uint32_t x = 0; x < n; ++x) compute(x, 0, horizon_, kept_[x]);
}

void RuleFirings::compute(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const {
  from = std::max<sim::Time>(from, 0);
  if (to < from) return;
  const BackupRule& x = s_.backup_rules[rule];
  const std::size_t first = out.size();
  x.schedule.fire_times(from, to + 1, out);
  if (higher_[rule].empty() || out.size() == first) return;
  std::vector<sim::Time> other;
  for (std::uint32_t y : higher_[rule]) {
    const sim::Duration sw_y = s_.backup_rules[y].start_window;
    other.clear();
    compute(y, from - sw_y + 1, to + x.start_window - 1, other);
    // Windows [a, a + sw_x) and [b, b + sw_y) overlap when a - sw_y < b < a + sw_x.
    auto kept_end = std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), [&](sim::Time a) {
      const auto it = std::upper_bound(other.begin(), other.end(), a - sw_y);
      return it != other.end() && *it < a + x.start_window;
    });
    out.erase(kept_end, out.end());
  }
}

void RuleFirings::fires(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const {
  from = std::max<sim::Time>(from, 0);
  if (to <= horizon_) {
    const auto& cache = kept_[rule];
    const auto first = first_at_or_after(cache, from);
    out.insert(out.end(), first, to < from ? first : first_at_or_after(cache, to + 1));
    return;
  }
  compute(rule, from, to, out);
}

sim::Time RuleFirings::previous(std::uint32_t rule, sim::Time t) const {
  if (t <= horizon_ + 1) {
    const auto& cache = kept_[rule];
    const auto it = first_at_or_after(cache, t);
    return it == cache.begin() ? -1 : *(it - 1);
  }
  std::vector<sim::Time> found;
  for (sim::Duration span = 32 * sim::kDay;; span *= 4) {
    found.clear();
    compute(rule, t - span, t - 1, found);
    if (!found.empty()) return found.back();
    if (t - span <= 0) return -1;
  }
}

sim::Time RuleFirings::next(std::uint32_t rule, sim::Time t) const {
  const auto& cache = kept_[rule];
  const auto it = first_at_or_after(cache, t);
  return it == cache.end() ? sim::kNever : *it;
}

void RuleFirings::dropped(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const {
  std::vector<sim::Time> raw, kept;
  s_.backup_rules[rule].schedule.fire_times(std::max<sim::Time>(from, 0), to + 1, raw);
  fires(rule, from, to, kept);
  std::set_difference(raw.begin(), raw.end(), kept.begin(), kept.end(), std::back_inserter(out));
}

}  // namespace drsim::models
