#include "analysis/study_parts.hpp"

#include <fmt/format.h>

#include "analysis/part_file.hpp"

namespace drsim::analysis {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxTrials = std::uint64_t{1} << 40;

json pack_matrix(const Eigen::ArrayXXf& m) { return pack(m.data(), static_cast<std::size_t>(m.size())); }

bool unpack_matrix(const json& j, const char* key, std::uint64_t rows, std::size_t cols, Eigen::ArrayXXf& m,
                   const std::string& where, std::string& error) {
  m.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  return unpack(j, key, static_cast<std::size_t>(rows) * cols, m.data(), where, error);
}

// Trial rows as columns, one byte string per field.
json pack_rows(const std::vector<TrialRow>& rows) {
  const std::size_t n = rows.size();
  std::vector<std::uint64_t> trial(n);
  std::vector<std::uint32_t> application(n), rto_gate(n), rpo_gate(n), blocked_by(n), root(n);
  std::vector<std::uint8_t> flags(n), root_cause(n);
  std::vector<std::int64_t> rto(n), rpo(n), cutover(n), full(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    trial[i] = r.trial;
    application[i] = static_cast<std::uint32_t>(r.application);
    flags[i] = static_cast<std::uint8_t>((r.outcome.impacted ? 1 : 0) | (r.outcome.recoverable ? 2 : 0));
    rto[i] = r.outcome.rto;
    rpo[i] = r.outcome.rpo;
    cutover[i] = r.outcome.cutover;
    full[i] = r.outcome.full_capacity;
    rto_gate[i] = r.outcome.rto_gate;
    rpo_gate[i] = r.outcome.rpo_gate;
    blocked_by[i] = r.outcome.blocked_by;
    root[i] = r.outcome.root;
    root_cause[i] = static_cast<std::uint8_t>(r.outcome.root_cause);
  }
  return {{"count", n},         {"trial", pack(trial)},       {"application", pack(application)},
          {"flags", pack(flags)}, {"rto", pack(rto)},          {"rpo", pack(rpo)},
          {"cutover", pack(cutover)}, {"full_capacity", pack(full)}, {"rto_gate", pack(rto_gate)},
          {"rpo_gate", pack(rpo_gate)}, {"blocked_by", pack(blocked_by)}, {"root", pack(root)},
          {"root_cause", pack(root_cause)}};
}

bool unpack_rows(const json& j, const models::Scenario& s, std::uint64_t begin, std::uint64_t end,
                 std::vector<TrialRow>& rows, const std::string& where, std::string& error) {
  std::uint64_t n = 0;
  const std::uint64_t expected = (end - begin) * s.applications.size();
  if (!j.is_object() || !read_count(j, "count", expected, n, where, error)) return false;
  if (n != 0 && n != expected) {
    error = fmt::format("{}/count: expected 0 or {} rows (trials x applications), found {}", where, expected, n);
    return false;
  }
  std::vector<std::uint64_t> trial;
  std::vector<std::uint32_t> application, rto_gate, rpo_gate, blocked_by, root;
  std::vector<std::uint8_t> flags, root_cause;
  std::vector<std::int64_t> rto, rpo, cutover, full;
  if (!unpack(j, "trial", n, trial, where, error) || !unpack(j, "application", n, application, where, error) ||
      !unpack(j, "flags", n, flags, where, error) || !unpack(j, "rto", n, rto, where, error) ||
      !unpack(j, "rpo", n, rpo, where, error) || !unpack(j, "cutover", n, cutover, where, error) ||
      !unpack(j, "full_capacity", n, full, where, error) || !unpack(j, "rto_gate", n, rto_gate, where, error) ||
      !unpack(j, "rpo_gate", n, rpo_gate, where, error) || !unpack(j, "blocked_by", n, blocked_by, where, error) ||
      !unpack(j, "root", n, root, where, error) || !unpack(j, "root_cause", n, root_cause, where, error))
    return false;
  auto resource_ok = [&](std::uint32_t r) { return r == models::kNoResource || r < s.resources.size(); };
  rows.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Rows are written trial by trial, each trial's applications in order.
    const std::uint64_t want_trial = begin + i / s.applications.size();
    const std::size_t want_app = i % s.applications.size();
    if (trial[i] != want_trial || application[i] != want_app || flags[i] > 3 || !resource_ok(rto_gate[i]) ||
        !resource_ok(rpo_gate[i]) || !resource_ok(blocked_by[i]) || !resource_ok(root[i]) ||
        root_cause[i] > static_cast<std::uint8_t>(models::UnrecoverableCause::no_image)) {
      error = fmt::format("{}: row {} is not trial {}'s application {} with resources of the scenario", where, i,
                          want_trial, want_app);
      return false;
    }
    TrialRow& r = rows[i];
    r.trial = trial[i];
    r.application = application[i];
    r.outcome.impacted = flags[i] & 1;
    r.outcome.recoverable = flags[i] & 2;
    r.outcome.rto = rto[i];
    r.outcome.rpo = rpo[i];
    r.outcome.cutover = cutover[i];
    r.outcome.full_capacity = full[i];
    r.outcome.rto_gate = rto_gate[i];
    r.outcome.rpo_gate = rpo_gate[i];
    r.outcome.blocked_by = blocked_by[i];
    r.outcome.root = root[i];
    r.outcome.root_cause = static_cast<models::UnrecoverableCause>(root_cause[i]);
  }
  return true;
}

// A sketch's buckets are written sparse, as (offset from first_index, count) pairs of the
// non-empty ones: a shard of a few trials fills a handful of buckets across a range of a
// thousand, and dense counts made such parts larger than the exact samples they replace.
std::vector<std::uint32_t> sparse_bins(const std::vector<std::uint32_t>& counts) {
  std::vector<std::uint32_t> bins;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] != 0) {
      bins.push_back(static_cast<std::uint32_t>(i));
      bins.push_back(counts[i]);
    }
  return bins;
}

// The dense counts back from the pairs; "" or what is wrong with them.
std::string dense_counts(const std::vector<std::uint32_t>& bins, std::vector<std::uint32_t>& counts) {
  // Every float sample from the sketch's smallest value (0.5 ms) to FLT_MAX falls within
  // ln(FLT_MAX / 0.0005) / ln(gamma) ~ 9,632 buckets, so a real sketch never spans more than
  // 2^14: a larger offset in a crafted part would only allocate memory.
  constexpr std::uint32_t kMaxBuckets = 1u << 14;
  counts.clear();
  for (std::size_t k = 0; k + 1 < bins.size(); k += 2) {
    const std::uint32_t offset = bins[k], count = bins[k + 1];
    if (offset >= kMaxBuckets || (k > 0 && offset <= bins[k - 2]) || count == 0)
      return "expected (offset, count) pairs with increasing offsets below 16384 and counts above 0";
    counts.resize(offset + 1, 0);
    counts[offset] = count;
  }
  return "";
}

json sketch_json(const QuantileSketch& q) {
  const QuantileSketch::State st = q.state();
  return {{"count", st.count}, {"zeros", st.zeros},  {"first_index", st.first_index}, {"bins", pack(sparse_bins(st.counts))},
          {"min", st.min},     {"max", st.max},      {"sum_ms", st.sum_ms},         {"sum_sq_hi", st.sum_sq_hi},
          {"sum_sq_lo", st.sum_sq_lo}};
}

bool sketches_from(const json& j, const char* key, std::size_t n, std::uint64_t rows, std::vector<QuantileSketch>& out,
                   const std::string& where, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->size() != n) {
    error = fmt::format("{}/{}: expected {} sketches", where, key, n);
    return false;
  }
  out.clear();
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const json& e = (*it)[k];
    const std::string at = fmt::format("{}/{}/{}", where, key, k);
    QuantileSketch::State st;
    const auto ci = e.is_object() ? e.find("bins") : e.end();
    if (ci == e.end() || !ci->is_binary() || ci->get_binary().size() % (2 * sizeof(std::uint32_t)) != 0) {
      error = at + "/bins: expected a byte string of (offset, count) pairs";
      return false;
    }
    const std::size_t numbers = ci->get_binary().size() / sizeof(std::uint32_t);
    std::vector<std::uint32_t> bins;
    if (!read_count(e, "count", rows, st.count, at, error) || !read_count(e, "zeros", st.count, st.zeros, at, error) ||
        !read_count(e, "sum_sq_hi", UINT64_MAX, st.sum_sq_hi, at, error) ||
        !read_count(e, "sum_sq_lo", UINT64_MAX, st.sum_sq_lo, at, error) || !unpack(e, "bins", numbers, bins, at, error))
      return false;
    if (const std::string wrong = dense_counts(bins, st.counts); !wrong.empty()) {
      error = fmt::format("{}/bins: {}", at, wrong);
      return false;
    }
    if (!e.contains("first_index") || !e["first_index"].is_number_integer() || !e.contains("sum_ms") ||
        !e["sum_ms"].is_number_integer() || !e.contains("min") || !e["min"].is_number() || !e.contains("max") ||
        !e["max"].is_number()) {
      error = at + ": expected first_index, sum_ms, min and max";
      return false;
    }
    const std::int64_t first = e["first_index"].get<std::int64_t>();
    if (first < -100'000 || first > 100'000) {
      error = at + "/first_index: expected an index from -100000 to 100000";
      return false;
    }
    st.first_index = static_cast<std::int32_t>(first);
    st.sum_ms = e["sum_ms"].get<std::int64_t>();
    st.min = e["min"].get<float>();
    st.max = e["max"].get<float>();
    auto q = QuantileSketch::from_state(std::move(st));
    if (!q) {
      error = at + ": its counts do not add up to its count";
      return false;
    }
    out.push_back(std::move(*q));
  }
  return true;
}

// Unrecoverable trials by cause (an application's, or every resource's), as four columns.
json pack_causes(const std::map<UnrecoverableCauseKey, std::uint64_t>& causes) {
  std::vector<std::uint32_t> blocked, root;
  std::vector<std::uint8_t> cause;
  std::vector<std::uint64_t> trials;
  for (const auto& [key, n] : causes) {
    blocked.push_back(key.blocked_by);
    root.push_back(key.root);
    cause.push_back(static_cast<std::uint8_t>(key.cause));
    trials.push_back(n);
  }
  return {{"count", trials.size()}, {"blocked_by", pack(blocked)}, {"root", pack(root)}, {"cause", pack(cause)},
          {"trials", pack(trials)}};
}

bool unpack_causes(const json& j, const models::Scenario& s, std::uint64_t unrecoverable,
                   std::map<UnrecoverableCauseKey, std::uint64_t>& out, const std::string& where, std::string& error) {
  std::uint64_t n = 0;
  if (!j.is_object() || !read_count(j, "count", unrecoverable, n, where, error)) {
    if (error.empty()) error = where + ": expected the unrecoverable trials' causes";
    return false;
  }
  std::vector<std::uint32_t> blocked, root;
  std::vector<std::uint8_t> cause;
  std::vector<std::uint64_t> trials;
  if (!unpack(j, "blocked_by", n, blocked, where, error) || !unpack(j, "root", n, root, where, error) ||
      !unpack(j, "cause", n, cause, where, error) || !unpack(j, "trials", n, trials, where, error))
    return false;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += trials[i];
    if (blocked[i] >= s.resources.size() || root[i] >= s.resources.size() ||
        cause[i] > static_cast<std::uint8_t>(models::UnrecoverableCause::no_image) || trials[i] == 0 || sum > unrecoverable) {
      error = fmt::format("{}: cause {} is not a count of unrecoverable trials with resources of the scenario", where, i);
      return false;
    }
    out[{blocked[i], root[i], static_cast<models::UnrecoverableCause>(cause[i])}] = trials[i];
  }
  return true;
}

}  // namespace

json samples_payload(const StudySamples& samples) {
  json failures = json::array();
  for (const FailureSamples& f : samples.failures) {
    json apps = json::array();
    for (const ApplicationCounts& a : f.applications)
      apps.push_back({{"impacted", a.impacted},   {"unrecoverable", a.unrecoverable}, {"rto_met", a.rto_met},
                      {"rpo_met", a.rpo_met},     {"both_met", a.both_met},           {"rto_gate", pack(a.rto_gate)},
                      {"rpo_gate", pack(a.rpo_gate)}, {"causes", pack_causes(a.causes)}});
    json rto_sketches = json::array(), rpo_sketches = json::array();
    for (const auto& q : f.rto_sketch) rto_sketches.push_back(sketch_json(q));
    for (const auto& q : f.rpo_sketch) rpo_sketches.push_back(sketch_json(q));
    failures.push_back({{"failure", f.failure},
                        {"rto_sketch", std::move(rto_sketches)},
                        {"rpo_sketch", std::move(rpo_sketches)},
                        {"events", f.events},
                        {"sampled_count", f.sampled.size()},
                        {"sampled", pack(f.sampled)},
                        {"res_rto", pack_matrix(f.res_rto)},
                        {"res_rpo", pack_matrix(f.res_rpo)},
                        {"app_rto", pack_matrix(f.app_rto)},
                        {"app_rpo", pack_matrix(f.app_rpo)},
                        {"applications", std::move(apps)},
                        {"impacted", pack(f.impacted)},
                        {"unrecoverable", pack(f.unrecoverable)},
                        {"resource_causes", pack_causes(f.resource_causes)},
                        {"rows", pack_rows(f.rows)}});
  }
  return {{"sketch", samples.sketch}, {"seed", samples.seed},         {"trials", samples.trials},
          {"begin", samples.begin},   {"end", samples.end},           {"failures", std::move(failures)}};
}

std::optional<StudySamples> samples_from_payload(const json& payload, const models::Scenario& s, std::string& error) {
  StudySamples out;
  const std::string where = "/payload";
  if (!payload.is_object()) {
    error = where + ": expected an object";
    return std::nullopt;
  }
  if (!read_count(payload, "seed", UINT64_MAX, out.seed, where, error) ||
      !read_count(payload, "trials", kMaxTrials, out.trials, where, error) ||
      !read_count(payload, "end", out.trials, out.end, where, error) ||
      !read_count(payload, "begin", out.end, out.begin, where, error))
    return std::nullopt;
  if (!payload.contains("sketch") || !payload["sketch"].is_boolean()) {
    error = where + "/sketch: expected true or false";
    return std::nullopt;
  }
  out.sketch = payload["sketch"].get<bool>();
  const std::uint64_t rows = out.end - out.begin;
  const std::uint64_t sample_rows = out.sketch ? 0 : rows;
  const auto fit = payload.find("failures");
  if (fit == payload.end() || !fit->is_array() || fit->size() > s.failures.size()) {
    error = fmt::format("{}/failures: expected an array of at most {} failures", where, s.failures.size());
    return std::nullopt;
  }
  for (std::size_t i = 0; i < fit->size(); ++i) {
    const json& j = (*fit)[i];
    const std::string at = fmt::format("{}/failures/{}", where, i);
    FailureSamples f;
    std::uint64_t failure = 0, sampled = 0;
    if (!j.is_object() || !read_count(j, "failure", s.failures.size() - 1, failure, at, error) ||
        !read_count(j, "events", UINT64_MAX, f.events, at, error) ||
        !read_count(j, "sampled_count", s.resources.size(), sampled, at, error) ||
        !unpack(j, "sampled", sampled, f.sampled, at, error))
      return std::nullopt;
    f.failure = failure;
    for (std::size_t k = 0; k < f.sampled.size(); ++k)
      if (f.sampled[k] >= s.resources.size() || (k > 0 && f.sampled[k] <= f.sampled[k - 1])) {
        error = fmt::format("{}/sampled: expected ascending resource indices below {}", at, s.resources.size());
        return std::nullopt;
      }
    const std::size_t apps = s.applications.size();
    const std::size_t sketches = out.sketch ? f.sampled.size() : 0;
    if (!unpack_matrix(j, "res_rto", sample_rows, f.sampled.size(), f.res_rto, at, error) ||
        !unpack_matrix(j, "res_rpo", sample_rows, f.sampled.size(), f.res_rpo, at, error) ||
        !sketches_from(j, "rto_sketch", sketches, rows, f.rto_sketch, at, error) ||
        !sketches_from(j, "rpo_sketch", sketches, rows, f.rpo_sketch, at, error) ||
        !unpack_matrix(j, "app_rto", rows, apps, f.app_rto, at, error) ||
        !unpack_matrix(j, "app_rpo", rows, apps, f.app_rpo, at, error) ||
        !unpack(j, "impacted", s.resources.size(), f.impacted, at, error) ||
        !unpack(j, "unrecoverable", s.resources.size(), f.unrecoverable, at, error))
      return std::nullopt;
    std::uint64_t unrecoverable_resource_trials = 0;
    for (std::uint64_t n : f.unrecoverable) unrecoverable_resource_trials += n;
    const auto rcit = j.find("resource_causes");
    if (rcit == j.end() || !unpack_causes(*rcit, s, unrecoverable_resource_trials, f.resource_causes,
                                          at + "/resource_causes", error)) {
      if (error.empty()) error = at + "/resource_causes: expected the unrecoverable resource-trials' causes";
      return std::nullopt;
    }
    const auto ait = j.find("applications");
    if (ait == j.end() || !ait->is_array() || ait->size() != apps) {
      error = fmt::format("{}/applications: expected {} applications", at, apps);
      return std::nullopt;
    }
    f.applications.resize(apps);
    for (std::size_t a = 0; a < apps; ++a) {
      const json& aj = (*ait)[a];
      const std::string aat = fmt::format("{}/applications/{}", at, a);
      ApplicationCounts& c = f.applications[a];
      const std::size_t members = s.applications[a].resources.size();
      if (!aj.is_object() || !read_count(aj, "impacted", rows, c.impacted, aat, error) ||
          !read_count(aj, "unrecoverable", rows, c.unrecoverable, aat, error) ||
          !read_count(aj, "rto_met", rows, c.rto_met, aat, error) || !read_count(aj, "rpo_met", rows, c.rpo_met, aat, error) ||
          !read_count(aj, "both_met", rows, c.both_met, aat, error) ||
          !unpack(aj, "rto_gate", members, c.rto_gate, aat, error) || !unpack(aj, "rpo_gate", members, c.rpo_gate, aat, error))
        return std::nullopt;
      const auto cit = aj.find("causes");
      if (cit == aj.end() || !unpack_causes(*cit, s, c.unrecoverable, c.causes, aat + "/causes", error)) {
        if (error.empty()) error = aat + "/causes: expected the unrecoverable trials' causes";
        return std::nullopt;
      }
    }
    const auto rit = j.find("rows");
    if (rit == j.end() || !unpack_rows(*rit, s, out.begin, out.end, f.rows, at + "/rows", error)) {
      if (error.empty()) error = at + "/rows: expected the trial rows";
      return std::nullopt;
    }
    out.failures.push_back(std::move(f));
  }
  return out;
}

}  // namespace drsim::analysis
