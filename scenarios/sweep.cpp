#include "scenarios/sweep.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "scenarios/diagnostics.hpp"
#include "scenarios/json_patch.hpp"
#include "scenarios/json_reader.hpp"
#include "scenarios/json_text.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kTopKeys[] = {"drsim_sweep", "name",       "description", "base",  "seed",
                                         "trials",      "failures",   "parameters",  "variants", "design",
                                         "objective"};
constexpr std::string_view kObjectiveKeys[] = {"minimise", "subject_to"};
constexpr std::string_view kMetricKeys[] = {"metric", "failure", "application"};
constexpr std::string_view kConstraintKeys[] = {"metric", "failure", "application", "at_least", "at_most"};
constexpr std::string_view kMetricNames[] = {"monthly_cost", "p95_rto",    "p95_rto_low",    "p95_rto_high",
                                             "p95_rpo",      "p95_rpo_low", "p95_rpo_high",  "compliance",
                                             "compliance_low", "compliance_high"};
constexpr std::string_view kTopRequired[] = {"drsim_sweep", "base"};
constexpr std::string_view kParameterKeys[] = {"name", "pointer", "values", "range"};
constexpr std::string_view kParameterRequired[] = {"name", "pointer"};
constexpr std::string_view kRangeKeys[] = {"from", "to", "step", "unit", "integer"};
constexpr std::string_view kRangeRequired[] = {"from", "to"};
constexpr std::string_view kVariantKeys[] = {"name", "patch"};
constexpr std::string_view kDesignKeys[] = {"kind", "samples", "seed"};
constexpr std::string_view kDesignKinds[] = {"grid", "one_at_a_time", "random", "latin_hypercube", "sobol", "saltelli"};
constexpr std::string_view kUnits[] = {"s", "m", "h", "d"};

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{} : path.substr(0, slash + 1);
}

std::optional<SweepRange> read_range(const Node& n) {
  if (!n.check_object("a parameter range", keys(kRangeKeys), keys(kRangeRequired))) return std::nullopt;
  SweepRange r;
  const auto from = read_number(n["from"], -1e300, "a number");
  const auto to = read_number(n["to"], -1e300, "a number");
  if (!from || !to) return std::nullopt;
  r.from = *from;
  r.to = *to;
  if (r.to <= r.from) {
    n["to"].error(fmt::format("expected a number above \"from\" ({})", r.from));
    return std::nullopt;
  }
  // Values become JSON numbers (integers up to 2^53 exactly) and the width must be finite.
  constexpr double kLargest = 9e15;
  if (std::abs(r.from) > kLargest || std::abs(r.to) > kLargest) {
    (std::abs(r.from) > kLargest ? n["from"] : n["to"]).error("expected a number within ±9e15");
    return std::nullopt;
  }
  if (n["step"].present()) {
    const auto step = read_number(n["step"], 0, "a positive number");
    if (!step) return std::nullopt;
    if (*step <= 0) {
      n["step"].error("expected a positive number");
      return std::nullopt;
    }
    if ((r.to - r.from) / *step > static_cast<double>(kMaxSweepVariants)) {
      n["step"].error(fmt::format("the range has more than {} levels", kMaxSweepVariants));
      return std::nullopt;
    }
    r.step = *step;
  }
  if (n["integer"].present()) {
    const auto b = read_bool(n["integer"]);
    if (!b) return std::nullopt;
    r.integer = *b;
  }
  if (n["unit"].present()) {
    const auto u = read_string(n["unit"], "a duration unit: s, m, h or d");
    if (!u) return std::nullopt;
    if (std::find(std::begin(kUnits), std::end(kUnits), *u) == std::end(kUnits)) {
      n["unit"].error(fmt::format("unknown unit \"{}\"; expected one of: s, m, h, d", *u));
      return std::nullopt;
    }
    r.unit = *u;
    r.integer = true;  // durations are written with whole units
    if (r.from < 0) {
      n["from"].error("a duration range cannot start below 0");
      return std::nullopt;
    }
  }
  return r;
}

std::optional<SweepParameter> read_parameter(const Node& n) {
  if (!n.check_object("a sweep parameter", keys(kParameterKeys), keys(kParameterRequired))) return std::nullopt;
  SweepParameter p;
  p.place = n.pointer();
  const auto name = read_name(n["name"], "a non-empty parameter name");
  const auto pointer = read_string(n["pointer"], "an RFC 6901 JSON pointer into the base scenario");
  if (!name || !pointer) return std::nullopt;
  p.name = *name;
  p.pointer = *pointer;
  // The outputs' own columns and keys: a parameter of that name would shadow them.
  for (const char* reserved : {"variant", "named_variant", "monthly_cost_usd", "failure", "application", "metric", "estimate",
                               "ci_low", "ci_high", "vs_base", "vs_base_ci_low", "vs_base_ci_high",
                               "vs_base_unpaired_ci_low", "vs_base_unpaired_ci_high"})
    if (p.name == reserved) {
      n["name"].error(fmt::format("\"{}\" names a column of the outputs; choose another parameter name", p.name));
      return std::nullopt;
    }
  try {
    const nlohmann::ordered_json::json_pointer check(p.pointer);
    if (check.empty()) {
      n["pointer"].error("the pointer names the whole scenario; expected a place inside it, e.g. \"/recovery/detection\"");
      return std::nullopt;
    }
  } catch (const nlohmann::json::exception&) {
    n["pointer"].error(fmt::format("\"{}\" is not an RFC 6901 JSON pointer; expected \"/key/0/key\" (\"~1\" for \"/\", "
                                   "\"~0\" for \"~\")",
                                   p.pointer));
    return std::nullopt;
  }
  const bool has_values = n["values"].present(), has_range = n["range"].present();
  if (has_values == has_range) {
    n.error(fmt::format("parameter \"{}\": expected exactly one of \"values\" (a list) or \"range\" ({{\"from\", \"to\"}})",
                        p.name));
    return std::nullopt;
  }
  if (has_values) {
    const Node v = n["values"];
    if (!v.expect_array("a non-empty list of values")) return std::nullopt;
    if (v.size() == 0) {
      v.error("expected a non-empty list of values");
      return std::nullopt;
    }
    for (std::size_t i = 0; i < v.size(); ++i) p.values.push_back(v.at(i).json());
  } else {
    p.range = read_range(n["range"]);
    if (!p.range) return std::nullopt;
  }
  return p;
}

std::optional<NamedVariant> read_variant(const Node& n) {
  if (!n.check_object("a named variant", keys(kVariantKeys), keys(kVariantKeys))) return std::nullopt;
  NamedVariant v;
  const auto name = read_name(n["name"], "a non-empty variant name");
  if (!name) return std::nullopt;
  v.name = *name;
  const Node patch = n["patch"];
  v.place = patch.pointer();
  auto ops = read_json_patch(patch);
  if (!ops) return std::nullopt;
  v.patch = std::move(*ops);
  return v;
}

// {"metric": ..., "failure": ..., "application": ...}; monthly_cost needs neither name.
std::optional<MetricRef> read_metric(const Node& n, Keys known) {
  if (!n.check_object("a metric", known, keys(kMetricKeys).first(1))) return std::nullopt;
  MetricRef m;
  m.place = n.pointer();
  const auto name = read_string(n["metric"], "a metric name");
  if (!name) return std::nullopt;
  const auto it = std::find(std::begin(kMetricNames), std::end(kMetricNames), *name);
  if (it == std::end(kMetricNames)) {
    std::string all;
    for (const auto k : kMetricNames) all += (all.empty() ? "" : ", ") + std::string(k);
    n["metric"].error(fmt::format("unknown metric \"{}\"; expected one of: {}", *name, all));
    return std::nullopt;
  }
  m.metric = static_cast<Metric>(it - std::begin(kMetricNames));
  if (m.metric == Metric::monthly_cost) {
    for (const char* k : {"failure", "application"})
      if (n[k].present()) n[k].error("monthly_cost is the plan's, not a failure's or an application's: remove this key");
    return m;
  }
  const auto failure = read_name(n["failure"], "the name of a failure of the base scenario");
  const auto app = read_name(n["application"], "the name of an application of the base scenario");
  if (!n["failure"].present()) n.error(fmt::format("metric {} needs \"failure\"", *name));
  if (!n["application"].present()) n.error(fmt::format("metric {} needs \"application\"", *name));
  if (!failure || !app) return std::nullopt;
  m.failure = *failure;
  m.application = *app;
  return m;
}

void read_objective(const Node& n, SweepSpec& spec) {
  if (!n.present()) return;
  if (!n.check_object("an objective", keys(kObjectiveKeys), keys(kObjectiveKeys).first(1))) return;
  Objective o;
  const Node min = n["minimise"];
  if (min.present() && min.json().is_string()) {
    if (min.json().get<std::string>() != "monthly_cost") {
      min.error("expected \"monthly_cost\" or a metric object ({\"metric\": \"p95_rto\", \"failure\": ..., \"application\": ...})");
      return;
    }
    o.minimise.place = min.pointer();
  } else if (auto m = read_metric(min, keys(kMetricKeys))) {
    o.minimise = *m;
  } else {
    return;
  }
  if (const Node list = n["subject_to"]; list.present() && list.expect_array("a list of constraints"))
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Node c = list.at(i);
      auto m = read_metric(c, keys(kConstraintKeys));
      if (!m) continue;
      const bool least = c["at_least"].present(), most = c["at_most"].present();
      if (least == most) {
        c.error("expected exactly one of \"at_least\" or \"at_most\"");
        continue;
      }
      const Node b = least ? c["at_least"] : c["at_most"];
      std::optional<double> bound;
      if (is_duration(m->metric)) {
        if (const auto d = read_duration(b)) bound = static_cast<double>(*d) / 1000.0;
      } else if (m->metric == Metric::monthly_cost) {
        bound = read_number(b, 0, "a monthly cost in USD (>= 0)");
      } else {
        bound = read_number(b, 0, "a share of trials from 0 to 1");
        if (bound && *bound > 1) {
          b.error("expected a share of trials from 0 to 1 (0.95, not 95)");
          bound.reset();
        }
      }
      if (!bound) continue;
      o.subject_to.push_back({*m, least, *bound});
    }
  spec.objective = std::move(o);
}

void read_design(const Node& n, SweepSpec& spec) {
  if (!n.present()) return;
  if (!n.check_object("a sweep design", keys(kDesignKeys), keys(kDesignKeys).first(1))) return;
  const auto kind = read_string(n["kind"], "a design kind");
  if (!kind) return;
  const auto it = std::find(std::begin(kDesignKinds), std::end(kDesignKinds), *kind);
  if (it == std::end(kDesignKinds)) {
    n["kind"].error(fmt::format("unknown design \"{}\"; expected one of: grid, one_at_a_time, random, latin_hypercube, sobol, saltelli",
                                *kind));
    return;
  }
  spec.design = static_cast<DesignKind>(it - std::begin(kDesignKinds));
  const bool sampled = spec.design == DesignKind::random || spec.design == DesignKind::latin_hypercube ||
                       spec.design == DesignKind::sobol || spec.design == DesignKind::saltelli;
  if (n["samples"].present()) {
    if (!sampled) n["samples"].error(fmt::format("a {} design has no \"samples\": its levels set the count", *kind));
    else if (const auto s = read_int(n["samples"], 1, static_cast<std::int64_t>(kMaxSweepVariants), "a sample count"))
      spec.samples = static_cast<std::uint64_t>(*s);
  } else if (sampled) {
    n.error(fmt::format("a {} design needs \"samples\": how many points to draw", *kind));
  }
  if (n["seed"].present()) {
    if (spec.design == DesignKind::random || spec.design == DesignKind::latin_hypercube) {
      if (const auto s = read_u64(n["seed"], "a design seed")) spec.design_seed = *s;
    } else {
      n["seed"].error(fmt::format("a {} design draws nothing, so it takes no \"seed\"", *kind));
    }
  }
}

// How many variants the design makes per named variant (and for the base alone).
std::uint64_t design_points(const SweepSpec& spec) {
  if (spec.parameters.empty()) return 0;
  switch (spec.design) {
    case DesignKind::grid: {
      std::uint64_t n = 1;
      for (const auto& p : spec.parameters) {
        n *= p.levels().size();
        if (n > kMaxSweepVariants) return n;
      }
      return n;
    }
    case DesignKind::one_at_a_time: {
      std::uint64_t n = 0;
      for (const auto& p : spec.parameters) n += p.levels().size();
      return n;
    }
    case DesignKind::saltelli:
      return spec.samples * (spec.parameters.size() + 2);
    default:
      return spec.samples;
  }
}

void load_sweep_document(const Json& doc, Diagnostics& diags, SweepLoad& out, const std::string& source) {
  SweepSpec spec;
  spec.source = source;
  spec.echo = doc;
  const Node root(&doc, "", &diags);
  if (!root.check_object("the sweep", keys(kTopKeys), keys(kTopRequired))) return;
  if (const auto v = read_int(root["drsim_sweep"], 1, 1, "the sweep format version 1"); !v) return;
  if (root["name"].present())
    if (const auto n = read_string(root["name"], "a string")) spec.name = *n;
  if (root["description"].present()) read_string(root["description"], "a string");
  if (const auto base = read_name(root["base"], "the path of the base scenario (relative to the sweep file)")) {
    const std::string joined = !base->empty() && (*base)[0] == '/' ? *base : directory_of(source) + *base;
    spec.base_path = std::filesystem::path(joined).lexically_normal().string();
  }
  if (root["seed"].present())
    if (const auto s = read_u64(root["seed"], "a random seed")) spec.seed = *s;
  if (root["trials"].present())
    if (const auto t = read_int(root["trials"], 1, 10'000'000, "a trial count (1 to 10,000,000)"))
      spec.trials = static_cast<std::uint64_t>(*t);
  if (root["failures"].present())
    if (const auto list = read_string_array(root["failures"], "failure names"))
      for (const auto& item : *list) spec.failures.push_back(item.text);

  std::set<std::string> names;
  constexpr std::size_t kMaxParameters = 1000;  // Boost's Sobol sequence has 3,667 dimensions; Saltelli's uses 2d
  if (const Node params = root["parameters"]; params.present() && params.size() > kMaxParameters)
    params.error(fmt::format("more than {} parameters; a sweep varies far fewer", kMaxParameters));
  else if (params.present() && params.expect_array("a list of parameters"))
    for (std::size_t i = 0; i < params.size(); ++i)
      if (auto p = read_parameter(params.at(i))) {
        if (!names.insert(p->name).second) params.at(i)["name"].error(fmt::format("duplicate parameter name \"{}\"", p->name));
        spec.parameters.push_back(std::move(*p));
      }
  std::set<std::string> variant_names;
  if (const Node vars = root["variants"]; vars.present() && vars.expect_array("a list of named variants"))
    for (std::size_t i = 0; i < vars.size(); ++i)
      if (auto v = read_variant(vars.at(i))) {
        if (v->name == "base") vars.at(i)["name"].error("\"base\" names the unmodified base scenario; choose another name");
        else if (!variant_names.insert(v->name).second)
          vars.at(i)["name"].error(fmt::format("duplicate variant name \"{}\"", v->name));
        spec.variants.push_back(std::move(*v));
      }
  read_design(root["design"], spec);
  read_objective(root["objective"], spec);
  if (diags.any()) return;

  if (spec.parameters.empty() && spec.variants.empty()) {
    root.error("the sweep varies nothing; expected \"parameters\" or \"variants\"");
    return;
  }
  if (spec.parameters.empty() && root["design"].present()) {
    root["design"].error("a design needs \"parameters\" to vary");
    return;
  }
  if (spec.design == DesignKind::grid)
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const auto& p = spec.parameters[i];
      if (p.range && !p.range->step)
        root["parameters"].at(i)["range"].error(
            "a grid needs levels: give the range a \"step\", list \"values\", or choose a sampled design "
            "(random, latin_hypercube, sobol)");
    }
  if (spec.design == DesignKind::saltelli) {
    if (!spec.variants.empty())
      root["variants"].error("a saltelli design estimates Sobol indices of the parameters alone: it does not cross with named variants");
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
      if (!spec.parameters[i].range || spec.parameters[i].range->step)
        root["parameters"].at(i).error("a saltelli design needs continuous ranges (\"range\" without \"step\")");
  }
  if (diags.any()) return;
  const std::uint64_t points = design_points(spec);
  const std::uint64_t total = 1 + spec.variants.size() * std::max<std::uint64_t>(points, 1) + points;
  if (points > kMaxSweepVariants || total > kMaxSweepVariants) {
    (root["design"].present() ? root["design"] : root["parameters"])
        .error(fmt::format("the sweep makes more than {} variants; narrow a range or lower \"samples\"", kMaxSweepVariants));
    return;
  }
  out.spec = std::move(spec);
}

}  // namespace

std::vector<nlohmann::ordered_json> SweepParameter::levels() const {
  if (!range) return values;
  std::vector<nlohmann::ordered_json> out;
  if (!range->step) {
    const double lo = range->integer ? std::ceil(range->from) : range->from;
    const double hi = range->integer ? std::floor(range->to) : range->to;
    out.push_back(value_of(lo));
    if (hi > lo) out.push_back(value_of(hi));
    return out;
  }
  const auto n = static_cast<std::uint64_t>(std::floor((range->to - range->from) / *range->step + 1e-9));
  for (std::uint64_t k = 0; k <= n; ++k) {
    const double x = range->from + static_cast<double>(k) * *range->step;
    out.push_back(value_of(range->integer ? std::round(x) : x));
  }
  return out;
}

nlohmann::ordered_json SweepParameter::at(double u) const {
  auto pick = [u](std::size_t n) { return std::min<std::size_t>(n - 1, static_cast<std::size_t>(u * static_cast<double>(n))); };
  if (!range) return values[pick(values.size())];
  // A stepped range is a list of levels, each equally likely; so is an integer range's every
  // whole number inside it (rounding a uniform value would halve the chance of the ends).
  if (range->step) {
    const auto n = static_cast<std::uint64_t>(std::floor((range->to - range->from) / *range->step + 1e-9)) + 1;
    double x = range->from + static_cast<double>(pick(n)) * *range->step;
    if (range->integer) x = std::round(x);
    return value_of(x);
  }
  if (range->integer) {
    const double lo = std::ceil(range->from), hi = std::floor(range->to);
    if (hi < lo) return value_of(std::round(range->from));  // no whole number inside: the nearest
    return value_of(lo + static_cast<double>(pick(static_cast<std::size_t>(hi - lo) + 1)));
  }
  return value_of(range->from + u * (range->to - range->from));
}

nlohmann::ordered_json SweepParameter::value_of(double x) const {
  if (!range->unit.empty()) return fmt::format("{}{}", static_cast<std::int64_t>(std::round(x)), range->unit);
  if (range->integer || (std::floor(x) == x && std::abs(x) < 9e15)) return static_cast<std::int64_t>(std::round(x));
  return x;
}

std::string_view to_string(DesignKind k) { return kDesignKinds[static_cast<std::size_t>(k)]; }
std::string_view to_string(Metric m) { return kMetricNames[static_cast<std::size_t>(m)]; }
bool is_duration(Metric m) { return m >= Metric::p95_rto && m <= Metric::p95_rpo_high; }

SweepLoad load_sweep_text(std::string_view text, std::string source) {
  SweepLoad out;
  try {
    Diagnostics diags(source);
    Json doc;
    const bool parsed = parse_json_text(text, diags, doc);
    if (parsed) load_sweep_document(doc, diags, out, source);
    out.errors = diags.take(parsed ? &doc : nullptr);
    if (!out.errors.empty()) out.spec.reset();
  } catch (...) {
    out.spec.reset();
    out.errors.push_back(Diagnostic{source, "", "out of memory while loading the sweep"});
  }
  return out;
}

SweepLoad load_sweep_file(const std::string& path) {
  std::string text;
  if (std::string err = read_input_file(path, text); !err.empty()) {
    SweepLoad out;
    out.errors.push_back(Diagnostic{path, "", std::move(err)});
    return out;
  }
  return load_sweep_text(text, path);
}

}  // namespace drsim::scenarios
