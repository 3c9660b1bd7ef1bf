#include "scenarios/sweep_variants.hpp"

#include "scenarios/json_patch.hpp"

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>
#include <unordered_map>

#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include "scenarios/diagnostics.hpp"
#include "scenarios/json_text.hpp"
#include "sim/random.hpp"

namespace drsim::scenarios {
namespace {

using Point = std::vector<std::optional<Json>>;

// Stream purposes of the design's draws (entity: the parameter's position in the sweep).
constexpr std::uint64_t kRandomDesign = 0x5eed0001, kLatinStrata = 0x5eed0002, kLatinJitter = 0x5eed0003;

std::vector<Point> grid(const SweepSpec& spec) {
  std::vector<std::vector<Json>> levels;
  for (const auto& p : spec.parameters) levels.push_back(p.levels());
  std::vector<Point> out;
  std::vector<std::size_t> index(levels.size(), 0);
  for (;;) {
    Point pt;
    for (std::size_t i = 0; i < levels.size(); ++i) pt.push_back(levels[i][index[i]]);
    out.push_back(std::move(pt));
    // Odometer, the last parameter fastest.
    std::size_t i = levels.size();
    while (i > 0 && ++index[i - 1] == levels[i - 1].size()) index[--i] = 0;
    if (i == 0) return out;
  }
}

std::vector<Point> one_at_a_time(const SweepSpec& spec) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    for (const Json& level : spec.parameters[i].levels()) {
      Point pt(spec.parameters.size());
      pt[i] = level;
      out.push_back(std::move(pt));
    }
  return out;
}

std::vector<Point> random_points(const SweepSpec& spec) {
  std::vector<Point> out;
  for (std::uint64_t k = 0; k < spec.samples; ++k) {
    Point pt;
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      sim::RandomStream rng(spec.design_seed, k, i, kRandomDesign);
      pt.push_back(spec.parameters[i].at(rng.uniform01()));
    }
    out.push_back(std::move(pt));
  }
  return out;
}

// McKay, Beckman and Conover (1979): each parameter's range cut into n equal strata, each
// stratum used once, in an independent random order per parameter.
std::vector<Point> latin_hypercube(const SweepSpec& spec) {
  const std::uint64_t n = spec.samples;
  std::vector<Point> out(n, Point(spec.parameters.size()));
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    std::vector<std::uint64_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    sim::RandomStream order(spec.design_seed, 0, i, kLatinStrata);
    for (std::uint64_t k = n; k > 1; --k) {  // Fisher-Yates
      const auto j = std::min<std::uint64_t>(k - 1, static_cast<std::uint64_t>(order.uniform01() * static_cast<double>(k)));
      std::swap(strata[k - 1], strata[j]);
    }
    sim::RandomStream jitter(spec.design_seed, 1, i, kLatinJitter);
    for (std::uint64_t k = 0; k < n; ++k)
      out[k][i] = spec.parameters[i].at((static_cast<double>(strata[k]) + jitter.uniform01()) / static_cast<double>(n));
  }
  return out;
}

// Boost.Random's Sobol sequence (Joe and Kuo's direction numbers), one dimension per
// parameter. Boost's sequence already starts after the all-zero point, at (1/2, ..., 1/2).
std::vector<Point> sobol(const SweepSpec& spec) {
  const std::size_t d = spec.parameters.size();
  boost::random::sobol engine(d);
  const double scale = static_cast<double>(engine.max()) + 1.0;
  std::vector<Point> out;
  for (std::uint64_t k = 0; k < spec.samples; ++k) {
    Point pt;
    for (std::size_t i = 0; i < d; ++i) pt.push_back(spec.parameters[i].at(static_cast<double>(engine()) / scale));
    out.push_back(std::move(pt));
  }
  return out;
}

// Saltelli (2002, 2010): a Sobol sequence of dimension 2d gives the rows of two independent
// matrices A (its first d columns) and B (the last d); each row j contributes A_j, B_j and,
// for each parameter i, AB_j^(i): A_j with column i taken from B_j. So N rows make N(d + 2)
// points, in that order row by row (analysis/sensitivity.hpp reads them back so).
std::vector<Point> saltelli(const SweepSpec& spec) {
  const std::size_t d = spec.parameters.size();
  boost::random::sobol engine(2 * d);
  const double scale = static_cast<double>(engine.max()) + 1.0;
  std::vector<Point> out;
  std::vector<double> u(2 * d);
  for (std::uint64_t j = 0; j < spec.samples; ++j) {
    for (auto& x : u) x = static_cast<double>(engine()) / scale;
    auto point = [&](std::size_t from_b) {  // from_b = d: all A; d + 1: all B; i < d: AB^(i)
      Point pt;
      for (std::size_t k = 0; k < d; ++k) {
        const bool b = from_b == d + 1 || from_b == k;
        pt.push_back(spec.parameters[k].at(u[b ? d + k : k]));
      }
      return pt;
    };
    out.push_back(point(d));
    out.push_back(point(d + 1));
    for (std::size_t i = 0; i < d; ++i) out.push_back(point(i));
  }
  return out;
}

std::string value_text(const Json& v) { return v.dump(); }

// "schedule=cron(0 * ? * * *), pool=2": strings without their quotes, for a person.
std::string label(const SweepSpec& spec, const Point& pt) {
  std::string out;
  for (std::size_t i = 0; i < pt.size(); ++i) {
    if (!pt[i]) continue;
    if (!out.empty()) out += ", ";
    out += spec.parameters[i].name + "=" + (pt[i]->is_string() ? pt[i]->get<std::string>() : pt[i]->dump());
  }
  return out;
}

struct Job {
  const NamedVariant* named = nullptr;  // none: the base with only the parameters set
  const Point* point = nullptr;         // none: no parameters set
  std::string name;
  std::vector<std::pair<std::string, std::string>> parameters;
};

struct Outcome {
  std::optional<models::Scenario> scenario;
  std::vector<Diagnostic> errors, warnings;
};

// The sweep file's place responsible for an error at `location` in the variant.
std::string place_of(const SweepSpec& spec, const Job& job, const std::string& location) {
  if (job.point)
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const std::string& p = spec.parameters[i].pointer;
      if ((*job.point)[i] && location.compare(0, p.size(), p) == 0 &&
          (location.size() == p.size() || location[p.size()] == '/'))
        return spec.parameters[i].place;
    }
  if (job.named) return job.named->place;
  return "/parameters";
}

Outcome build_one(const SweepSpec& spec, const Json& base, const Job& job) {
  Outcome out;
  Json doc = base;
  auto fail = [&](const std::string& place, const std::string& message) {
    out.errors.push_back(Diagnostic{spec.source, place, fmt::format("variant \"{}\": {}", job.name, message)});
  };
  if (job.named) {
    if (const std::string err = apply_json_patch(doc, job.named->patch); !err.empty()) {
      fail(job.named->place, fmt::format("the JSON Patch does not apply to the base scenario: {}", err));
      return out;
    }
  }
  if (job.point)
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const auto& value = (*job.point)[i];
      if (!value) continue;
      const SweepParameter& p = spec.parameters[i];
      try {
        const Json::json_pointer ptr(p.pointer);
        if (doc.contains(ptr)) {
          doc[ptr] = *value;
          continue;
        }
        // Absent: added where its parent exists (an object member, or the end of a list).
        const Json::json_pointer parent = ptr.parent_pointer();
        const bool parent_ok = doc.contains(parent) && (doc[parent].is_object() || (doc[parent].is_array() && ptr.back() == "-"));
        if (!parent_ok) {
          fail(p.place + "/pointer",
               fmt::format("{} does not lead to a value of the base scenario, nor to a key that can be added{}", p.pointer,
                           doc.contains(parent) ? "" : fmt::format(" ({} does not exist)", parent.to_string())));
          return out;
        }
        doc[ptr] = *value;
      } catch (const nlohmann::json::exception& e) {
        // A pointer nlohmann refuses at this document (an array index beyond any integer).
        std::string what = e.what();
        if (const auto close = what.find("] "); close != std::string::npos) what = what.substr(close + 2);
        fail(p.place + "/pointer", fmt::format("{} cannot be set in the base scenario: {}", p.pointer, what));
        return out;
      }
    }
  LoadResult r = load_scenario_json(doc, spec.base_path);
  for (auto& d : r.errors) {
    const std::string place = place_of(spec, job, d.location);
    fail(place, to_string(d));
  }
  // Warnings keep the base's message alone: build_sweep_variants groups identical ones.
  for (auto& d : r.warnings) out.warnings.push_back(Diagnostic{spec.source, place_of(spec, job, d.location), to_string(d), true});
  out.scenario = std::move(r.scenario);
  return out;
}

}  // namespace

std::vector<std::vector<std::optional<Json>>> design_points(const SweepSpec& spec) {
  if (spec.parameters.empty()) return {};
  switch (spec.design) {
    case DesignKind::grid: return grid(spec);
    case DesignKind::one_at_a_time: return one_at_a_time(spec);
    case DesignKind::random: return random_points(spec);
    case DesignKind::latin_hypercube: return latin_hypercube(spec);
    case DesignKind::sobol: return sobol(spec);
    case DesignKind::saltelli: return saltelli(spec);
  }
  return {};
}

SweepBuild build_sweep_variants(const SweepSpec& spec, unsigned threads,
                                const std::function<std::pair<std::size_t, std::size_t>(std::size_t)>& only) {
  SweepBuild build;
  std::string text;
  if (spec.base_text) text = *spec.base_text;
  else if (std::string err = read_input_file(spec.base_path, text); !err.empty()) {
    build.errors.push_back(Diagnostic{spec.source, "/base", fmt::format("{}: {}", spec.base_path, err)});
    return build;
  }
  Json base;
  {
    Diagnostics diags(spec.base_path);
    const bool parsed = parse_json_text(text, diags, base);
    std::vector<Diagnostic> errors = diags.take(parsed ? &base : nullptr);
    if (!errors.empty()) {
      build.errors = std::move(errors);
      return build;
    }
  }
  text.clear();
  text.shrink_to_fit();

  const auto points = design_points(spec);
  std::vector<Job> jobs;
  jobs.push_back({nullptr, nullptr, "base", {}});
  auto add = [&](const NamedVariant* named, const Point* pt) {
    Job j{named, pt, {}, {}};
    const std::string values = pt ? label(spec, *pt) : std::string{};
    j.name = named ? (values.empty() ? named->name : named->name + ", " + values) : values;
    if (pt)
      for (std::size_t i = 0; i < pt->size(); ++i)
        if ((*pt)[i]) j.parameters.emplace_back(spec.parameters[i].name, value_text(*(*pt)[i]));
    if (named) j.parameters.insert(j.parameters.begin(), {"named_variant", Json(named->name).dump()});
    jobs.push_back(std::move(j));
  };
  for (const Point& pt : points) add(nullptr, &pt);
  for (const NamedVariant& v : spec.variants) {
    if (points.empty()) add(&v, nullptr);
    for (const Point& pt : points) add(&v, &pt);
  }
  // Two points can carry the same values (a sampled design on a short list): number them.
  {
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 1; i < jobs.size(); ++i)
      if (const std::size_t n = ++seen[jobs[i].name]; n > 1) jobs[i].name += fmt::format(" #{}", n);
  }

  std::vector<Outcome> outcomes(jobs.size());
  const auto [built_begin, built_end] = only ? only(jobs.size()) : std::pair<std::size_t, std::size_t>(0, jobs.size());
  auto wanted = [&, b = built_begin, e = built_end](std::size_t i) { return i == 0 || (i >= b && i < e); };
  std::atomic<std::size_t> next{0};
  auto loop = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      if (!wanted(i)) continue;
      try {
        outcomes[i] = build_one(spec, base, jobs[i]);
      } catch (const std::bad_alloc&) {
        outcomes[i] = Outcome{};
        outcomes[i].errors.push_back(Diagnostic{spec.source, "", fmt::format("variant \"{}\": out of memory", jobs[i].name)});
      } catch (const std::exception& e) {
        outcomes[i] = Outcome{};
        outcomes[i].errors.push_back(
            Diagnostic{spec.source, "", fmt::format("variant \"{}\": internal error: {}", jobs[i].name, e.what())});
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < std::min<std::size_t>(threads, jobs.size()); ++w) pool.emplace_back(loop);
  loop();
  for (auto& t : pool) t.join();

  std::size_t errors = 0;
  // One warning per (place, message), naming the first variant it came from and how many more.
  struct Grouped {
    Diagnostic d;
    std::string first;
    std::size_t more = 0;
  };
  std::vector<Grouped> warnings;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    Outcome& o = outcomes[i];
    for (auto& d : o.errors) {
      if (++errors <= kMaxDiagnostics) build.errors.push_back(std::move(d));
    }
    for (auto& w : o.warnings) {
      auto same = std::find_if(warnings.begin(), warnings.end(), [&](const Grouped& g) {
        return g.d.location == w.location && g.d.message == w.message;
      });
      if (same != warnings.end()) ++same->more;
      else if (warnings.size() < kMaxDiagnostics) warnings.push_back({std::move(w), jobs[i].name, 0});
    }
    if (o.scenario) build.variants.push_back({jobs[i].name, std::move(jobs[i].parameters), std::move(*o.scenario)});
    else if (!wanted(i)) build.variants.push_back({jobs[i].name, std::move(jobs[i].parameters), {}, false});
  }
  for (auto& g : warnings) {
    const std::string who = g.more == 0 ? fmt::format("variant \"{}\"", g.first)
                                        : fmt::format("variant \"{}\" and {} more", g.first, g.more);
    // The warning text already says "warning:"; Diagnostic::warning adds it again.
    std::string text = g.d.message;
    g.d.message = fmt::format("{}: {}", who, text);
    build.warnings.push_back(std::move(g.d));
  }
  if (errors > kMaxDiagnostics)
    build.errors.push_back(Diagnostic{spec.source, "", fmt::format("... and {} more errors", errors - kMaxDiagnostics)});
  if (!build.errors.empty()) build.variants.clear();
  return build;
}

}  // namespace drsim::scenarios
