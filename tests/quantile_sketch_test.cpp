// The bounded-memory mode: DDSketch's relative-error guarantee, exact merging, and a study
// in sketch mode against the same study with every sample kept.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/quantile_sketch.hpp"
#include "analysis/statistics.hpp"
#include "analysis/study.hpp"
#include "analysis/part_file.hpp"
#include "analysis/study_parts.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"

using drsim::analysis::QuantileSketch;

namespace {

constexpr double kA = QuantileSketch::kRelativeAccuracy;

// Values at millisecond resolution, as the study's samples are.
QuantileSketch sketch_of(const std::vector<std::int64_t>& ms) {
  QuantileSketch q;
  for (const auto v : ms) q.add(static_cast<float>(static_cast<double>(v) / 1000.0), v);
  return q;
}

std::vector<float> sorted_seconds(const std::vector<std::int64_t>& ms) {
  std::vector<float> v;
  for (const auto x : ms) v.push_back(static_cast<float>(static_cast<double>(x) / 1000.0));
  std::sort(v.begin(), v.end());
  return v;
}

// Every nearest-rank quantile of the sketch is within relative error a of the exact one (the
// bucket (gamma^(i-1), gamma^i] holding the rank-k value has representative 2 gamma^i/(gamma+1),
// at most a = (gamma-1)/(gamma+1) away relatively from anything in it); zero is exact. A float
// rounding of a part in 10^7 is allowed on top.
void check_guarantee(const std::vector<std::int64_t>& ms) {
  const QuantileSketch q = sketch_of(ms);
  const std::vector<float> exact = sorted_seconds(ms);
  for (int i = 1; i <= 999; ++i) {
    const double p = i / 1000.0;
    const std::size_t k = drsim::analysis::nearest_rank(exact.size(), p);
    const double truth = exact[k - 1];
    const double got = q.value_at_rank(k);
    INFO("p = " << p << ", exact " << truth << ", sketch " << got);
    if (truth == 0) {
      CHECK(got == 0);
    } else {
      CHECK(std::abs(got - truth) <= (kA + 1e-7) * truth);
    }
  }
  const auto s = q.summary();
  REQUIRE(s);
  CHECK(s->min == exact.front());
  CHECK(s->max == exact.back());
  CHECK(s->count == exact.size());
}

}  // namespace

TEST_CASE("sketch: every percentile within 0.5% of the exact order statistic, over skewed, narrow and zero-heavy samples") {
  std::mt19937_64 rng(7);
  std::vector<std::int64_t> lognormal, narrow, with_zeros, wide;
  std::lognormal_distribution<double> ln(std::log(3600e3), 1.2);  // hours, heavily skewed
  std::uniform_int_distribution<std::int64_t> near(7'200'000, 7'260'000);  // 2h00m..2h01m
  std::uniform_int_distribution<std::int64_t> spread(1, 100LL * 86'400'000);  // 1 ms .. 100 days
  for (int i = 0; i < 20'000; ++i) {
    lognormal.push_back(std::max<std::int64_t>(1, static_cast<std::int64_t>(ln(rng))));
    narrow.push_back(near(rng));
    with_zeros.push_back(i % 3 == 0 ? 0 : near(rng));  // failed-over resources have RPO 0
    wide.push_back(spread(rng));
  }
  check_guarantee(lognormal);
  check_guarantee(narrow);
  check_guarantee(with_zeros);
  check_guarantee(wide);
  check_guarantee({42});
  check_guarantee({0, 0, 0});
}

TEST_CASE("sketch: merging is exact addition, the same in any order and grouping") {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::int64_t> d(0, 50'000'000);
  std::vector<std::int64_t> all;
  for (int i = 0; i < 9'000; ++i) all.push_back(i % 10 == 0 ? 0 : d(rng));
  const QuantileSketch whole = sketch_of(all);
  // Three blocks merged 1+2+3, 3+(2+1): the same state as one sketch of everything.
  const std::vector<std::int64_t> a(all.begin(), all.begin() + 1000), b(all.begin() + 1000, all.begin() + 5000),
      c(all.begin() + 5000, all.end());
  QuantileSketch left = sketch_of(a);
  left.merge(sketch_of(b));
  left.merge(sketch_of(c));
  QuantileSketch right = sketch_of(c);
  QuantileSketch ba = sketch_of(b);
  ba.merge(sketch_of(a));
  right.merge(ba);
  for (const QuantileSketch* m : {&left, &right}) {
    const auto x = m->state(), y = whole.state();
    CHECK(x.count == y.count);
    CHECK(x.zeros == y.zeros);
    CHECK(x.first_index == y.first_index);
    CHECK(x.counts == y.counts);
    CHECK(x.min == y.min);
    CHECK(x.max == y.max);
    CHECK(x.sum_ms == y.sum_ms);
    CHECK(x.sum_sq_hi == y.sum_sq_hi);
    CHECK(x.sum_sq_lo == y.sum_sq_lo);
  }
  // A state that does not add up is refused.
  auto bad = whole.state();
  bad.count += 1;
  CHECK_FALSE(QuantileSketch::from_state(bad));
}

// The generated fleet of `resources` resources and `seed`, loaded.
static drsim::scenarios::LoadResult generated_fleet(std::size_t resources, std::uint64_t seed) {
  drsim::scenarios::GeneratorOptions g;
  g.resources = resources;
  g.seed = seed;
  return drsim::scenarios::load_scenario_text(drsim::scenarios::generate_scenario_json(g), "fleet.json");
}

TEST_CASE("sketch mode: a fleet study's resource and fleet percentiles within 0.5% of exact mode, counts identical") {
  const auto loaded = generated_fleet(120, 4);
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  drsim::analysis::StudyOptions exact_opt;
  exact_opt.trials = 300;
  exact_opt.threads = 2;
  drsim::analysis::StudyOptions sketch_opt = exact_opt;
  sketch_opt.sketch = true;
  std::vector<std::size_t> failures;
  for (std::size_t f = 0; f < s.failures.size(); ++f) failures.push_back(f);
  const auto plan = drsim::analysis::plan_memory(s, failures, 300, 1000);
  CHECK(plan.sketch);
  CHECK(plan.exact_bytes > 1000);
  CHECK(plan.exact_bytes % (300 * 8) == 0);  // trials x touched resources x (RTO, RPO) floats
  const auto exact = drsim::analysis::run_study(s, failures, exact_opt);
  const auto sketched = drsim::analysis::run_study(s, failures, sketch_opt);
  std::size_t compared = 0;
  auto close = [&](const std::optional<drsim::analysis::Summary>& e, const std::optional<drsim::analysis::Summary>& k) {
    REQUIRE(e.has_value() == k.has_value());
    if (!e) return;
    ++compared;
    CHECK(e->count == k->count);
    CHECK(e->min == k->min);
    CHECK(e->max == k->max);
    for (const auto field : {&drsim::analysis::Summary::p50, &drsim::analysis::Summary::p90,
                             &drsim::analysis::Summary::p95, &drsim::analysis::Summary::p99})
      CHECK(std::abs((*k).*field - (*e).*field) <= (kA + 1e-6) * (*e).*field);
    CHECK(std::abs(k->mean - e->mean) <= 1e-3 * std::max(1.0, e->mean));  // exact ms against float seconds
  };
  for (std::size_t f = 0; f < failures.size(); ++f) {
    const auto& fe = exact.failures[f];
    const auto& fk = sketched.failures[f];
    for (std::size_t r = 0; r < s.resources.size(); ++r) {
      CHECK(fe.resources[r].impacted_trials == fk.resources[r].impacted_trials);
      close(fe.resources[r].rto_s, fk.resources[r].rto_s);
      close(fe.resources[r].rpo_s, fk.resources[r].rpo_s);
    }
    close(fe.fleet.rto_s, fk.fleet.rto_s);
    close(fe.fleet.rpo_s, fk.fleet.rpo_s);
    // Applications keep every sample in both modes.
    for (std::size_t a = 0; a < fe.applications.size(); ++a) CHECK(fe.applications[a].rto_sorted == fk.applications[a].rto_sorted);
  }
  CHECK(compared > 100);
}

TEST_CASE("a part's sketches travel as sparse (offset, count) pairs and come back identical; bad pairs are refused") {
  const auto loaded = generated_fleet(40, 9);
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  drsim::analysis::StudyOptions opt;
  opt.trials = 50;
  opt.threads = 1;
  opt.sketch = true;
  const drsim::analysis::PreparedScenario prepared(s);
  const auto samples = drsim::analysis::simulate_trials(s, prepared.history, prepared.graph, {0}, opt, 0, 50);
  const nlohmann::json payload = drsim::analysis::samples_payload(samples);
  std::string error;
  const auto back = drsim::analysis::samples_from_payload(payload, s, error);
  REQUIRE_MESSAGE(back, error);
  // Every sketch comes back with the same state: counts, bucket range and sums.
  const auto& before = samples.failures[0].rto_sketch;
  const auto& after = back->failures[0].rto_sketch;
  REQUIRE(before.size() == after.size());
  std::size_t with_buckets = 0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    const auto a = before[k].state(), b = after[k].state();
    CHECK(a.count == b.count);
    CHECK(a.first_index == b.first_index);
    CHECK(a.counts == b.counts);
    CHECK(a.sum_ms == b.sum_ms);
    if (a.counts.size() > 1) ++with_buckets;
  }
  CHECK(with_buckets > 0);  // some sketch spans several buckets, so the gaps were rebuilt
  // Pairs whose offsets do not increase: (0, 1), (0, 1) for a sketch of count 2.
  nlohmann::json bad = payload;
  nlohmann::json& sketch = bad["failures"][0]["rto_sketch"][0];
  sketch["count"] = 2u;
  sketch["zeros"] = 0u;
  sketch["bins"] = drsim::analysis::pack(std::vector<std::uint32_t>{0, 1, 0, 1});
  CHECK_FALSE(drsim::analysis::samples_from_payload(bad, s, error));
  CHECK(error.find("rto_sketch/0/bins: expected (offset, count) pairs with increasing offsets") != std::string::npos);
  // An offset beyond any real sketch's span (a float sample spans at most ~9,632 buckets) would
  // only allocate memory: (20000, 2) is refused.
  sketch["bins"] = drsim::analysis::pack(std::vector<std::uint32_t>{20000, 2});
  CHECK_FALSE(drsim::analysis::samples_from_payload(bad, s, error));
  CHECK(error.find("rto_sketch/0/bins: expected (offset, count) pairs with increasing offsets below 16384") !=
        std::string::npos);
  // An odd number of numbers is not a list of pairs.
  sketch["bins"] = drsim::analysis::pack(std::vector<std::uint32_t>{0, 2, 5});
  CHECK_FALSE(drsim::analysis::samples_from_payload(bad, s, error));
  CHECK(error.find("/bins: expected a byte string of (offset, count) pairs") != std::string::npos);
}
