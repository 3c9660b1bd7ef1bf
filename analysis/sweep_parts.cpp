#include "analysis/sweep_parts.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analysis/part_file.hpp"

namespace drsim::analysis {
namespace {

using nlohmann::json;

bool read_share(const json& j, const char* key, double& out, const std::string& where, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number() || !(it->get<double>() >= 0.0 && it->get<double>() <= 1.0)) {
    error = fmt::format("{}/{}: expected a share from 0 to 1", where, key);
    return false;
  }
  out = it->get<double>();
  return true;
}

bool read_text(const json& j, const char* key, std::string& out, const std::string& where, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    error = fmt::format("{}/{}: expected a string", where, key);
    return false;
  }
  out = it->get<std::string>();
  return true;
}

}  // namespace

json series_payload(const SeriesStore& store, std::size_t begin, std::size_t end, std::uint64_t trials) {
  json variants = json::array();
  for (std::size_t v = begin; v < end; ++v) {
    json failures = json::array();
    for (const auto& by_app : store[v]) {
      json apps = json::array();
      for (const TrialSeries& x : by_app) {
        if (!x.present) {
          apps.push_back({{"present", false}});
          continue;
        }
        apps.push_back({{"present", true},
                        {"impacted", x.impacted},
                        {"unrecoverable", x.unrecoverable},
                        {"rto_gate", x.rto_gate},
                        {"rpo_gate", x.rpo_gate},
                        {"rto_gate_share", x.rto_gate_share},
                        {"rpo_gate_share", x.rpo_gate_share},
                        {"rto", pack(x.rto)},
                        {"rpo", pack(x.rpo)},
                        {"full", pack(x.full)},
                        {"met", pack(x.met)}});
      }
      failures.push_back(std::move(apps));
    }
    variants.push_back(std::move(failures));
  }
  return {{"trials", trials}, {"begin", begin}, {"end", end}, {"variants", std::move(variants)}};
}

bool series_from_payload(const json& payload, const ComparisonResult& shape, std::uint64_t trials, std::size_t begin,
                         std::size_t end, SeriesStore& store, std::string& error) {
  const std::string where = "/payload";
  std::uint64_t t = 0, b = 0, e = 0;
  if (!payload.is_object() || !read_count(payload, "trials", trials, t, where, error) ||
      !read_count(payload, "end", shape.variants.size(), e, where, error) ||
      !read_count(payload, "begin", e, b, where, error))
    return error.empty() ? (error = where + ": expected an object", false) : false;
  if (t != trials || b != begin || e != end) {
    error = fmt::format("{}: expected variants {} to {} over {} trials, found {} to {} over {}", where, begin, end, trials, b,
                        e, t);
    return false;
  }
  const auto vit = payload.find("variants");
  if (vit == payload.end() || !vit->is_array() || vit->size() != end - begin) {
    error = fmt::format("{}/variants: expected {} variants", where, end - begin);
    return false;
  }
  for (std::size_t i = 0; i < vit->size(); ++i) {
    const json& failures = (*vit)[i];
    const std::string vat = fmt::format("{}/variants/{}", where, i);
    if (!failures.is_array() || failures.size() != shape.failures.size()) {
      error = fmt::format("{}: expected {} failures", vat, shape.failures.size());
      return false;
    }
    auto& out = store[begin + i];
    out.assign(shape.failures.size(), {});
    for (std::size_t f = 0; f < failures.size(); ++f) {
      const json& apps = failures[f];
      const std::string fat = fmt::format("{}/{}", vat, f);
      if (!apps.is_array() || apps.size() != shape.failures[f].applications.size()) {
        error = fmt::format("{}: expected {} applications", fat, shape.failures[f].applications.size());
        return false;
      }
      out[f].resize(apps.size());
      for (std::size_t a = 0; a < apps.size(); ++a) {
        const json& j = apps[a];
        const std::string at = fmt::format("{}/{}", fat, a);
        TrialSeries& x = out[f][a];
        if (!j.is_object() || !j.contains("present") || !j["present"].is_boolean()) {
          error = at + "/present: expected true or false";
          return false;
        }
        x.present = j["present"].get<bool>();
        if (!x.present) continue;
        if (!read_count(j, "impacted", trials, x.impacted, at, error) ||
            !read_count(j, "unrecoverable", x.impacted, x.unrecoverable, at, error) ||
            !read_text(j, "rto_gate", x.rto_gate, at, error) || !read_text(j, "rpo_gate", x.rpo_gate, at, error) ||
            !read_share(j, "rto_gate_share", x.rto_gate_share, at, error) ||
            !read_share(j, "rpo_gate_share", x.rpo_gate_share, at, error) ||
            !unpack(j, "rto", trials, x.rto, at, error) || !unpack(j, "rpo", trials, x.rpo, at, error) ||
            !unpack(j, "full", trials, x.full, at, error) || !unpack(j, "met", trials, x.met, at, error))
          return false;
        for (std::size_t k = 0; k < trials; ++k)
          if (!(x.rto[k] >= 0) || !(x.rpo[k] >= 0) || !(x.full[k] >= 0) || x.met[k] > 1) {
            error = fmt::format("{}: trial {} holds a negative or missing value", at, k);
            return false;
          }
      }
    }
  }
  return true;
}

}  // namespace drsim::analysis
