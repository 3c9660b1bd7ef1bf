#include "analysis/part_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "analysis/content_hash.hpp"
#include "analysis/version.hpp"

namespace drsim::analysis {
namespace {

using nlohmann::json;

static_assert(std::endian::native == std::endian::little, "parts store numbers little-endian, as this machine does");

constexpr std::string_view kMagic = "drsim-part";
// A part nests four levels deep; anything deeper is not one (and must not exhaust the stack
// of nlohmann's recursive reader).
constexpr std::size_t kMaxDepth = 32;

// Walks the CBOR without building it, refusing nesting deeper than kMaxDepth.
class DepthCheck : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth_ <= kMaxDepth; }
  bool key(string_t&) override { return true; }
  bool end_object() override { --depth_; return true; }
  bool start_array(std::size_t) override { return ++depth_ <= kMaxDepth; }
  bool end_array() override { --depth_; return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error = position ? e.what() : fmt::format("byte {}: {}", position, e.what());
    return false;
  }
  std::string error;

 private:
  std::size_t depth_ = 0;
};

bool text_at(const json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

PartInput input_of(std::string role, std::string path, std::string text) {
  PartInput in{std::move(role), std::move(path), {}, std::move(text)};
  in.sha256 = sha256_hex(in.text);
  return in;
}

template <class T>
json pack(const T* data, std::size_t n) {
  std::vector<std::uint8_t> bytes(n * sizeof(T));
  if (n) std::memcpy(bytes.data(), data, bytes.size());
  return json::binary(std::move(bytes));
}

template <class T>
bool unpack(const json& j, const char* key, std::size_t n, T* out, const std::string& where, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_binary()) {
    error = fmt::format("{}/{}: expected a byte string", where, key);
    return false;
  }
  const auto& bytes = it->get_binary();
  if (bytes.size() != n * sizeof(T)) {
    error = fmt::format("{}/{}: expected {} bytes ({} values), found {}", where, key, n * sizeof(T), n, bytes.size());
    return false;
  }
  if (n) std::memcpy(out, bytes.data(), bytes.size());
  return true;
}

#define DRSIM_PART_NUMBER(T)                                                                                   \
  template json pack<T>(const T*, std::size_t);                                                                \
  template bool unpack<T>(const json&, const char*, std::size_t, T*, const std::string&, std::string&);
DRSIM_PART_NUMBER(float)
DRSIM_PART_NUMBER(double)
DRSIM_PART_NUMBER(std::uint8_t)
DRSIM_PART_NUMBER(std::uint32_t)
DRSIM_PART_NUMBER(std::uint64_t)
DRSIM_PART_NUMBER(std::int64_t)
#undef DRSIM_PART_NUMBER

bool read_count(const json& j, const char* key, std::uint64_t max, std::uint64_t& out, const std::string& where,
                std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() > max) {
    error = fmt::format("{}/{}: expected an integer from 0 to {}", where, key, max);
    return false;
  }
  out = it->get<std::uint64_t>();
  return true;
}

std::vector<std::uint8_t> encode_part(const Part& part, InputText text) {
  json j;
  j["format"] = kMagic;
  j["format_version"] = kPartFormatVersion;
  j["drsim"] = part.version.empty() ? std::string(kDrsimVersion) : part.version;
  j["command"] = part.command;
  j["shard"] = part.shard;
  j["last_shard"] = part.last_shard;
  j["shards"] = part.shards;
  json inputs = json::array();
  for (const PartInput& in : part.inputs) {
    json e = {{"role", in.role}, {"path", in.path}, {"sha256", in.sha256}};
    if (text == InputText::included) e["text"] = in.text;
    inputs.push_back(std::move(e));
  }
  j["inputs"] = std::move(inputs);
  j["settings"] = part.settings;
  j["payload"] = part.payload;
  return json::to_cbor(j);
}

std::optional<Part> read_part(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot be read", path);
    return std::nullopt;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_part(bytes, path, error);
}

std::optional<Part> decode_part(const std::vector<std::uint8_t>& bytes, const std::string& path, std::string& error,
                                InputText text) {
  const auto not_a_part = [&](const std::string& why) {
    error = fmt::format("{}: not a drsim partial result ({}); parts are written by drsim run or sweep with --shard", path, why);
    return std::nullopt;
  };
  {
    DepthCheck check;
    if (!json::sax_parse(bytes, &check, json::input_format_t::cbor, true))
      return not_a_part(check.error.empty() ? fmt::format("nested deeper than {} levels", kMaxDepth) : check.error);
  }
  json j;
  try {
    j = json::from_cbor(bytes);
  } catch (const json::exception& e) {
    return not_a_part(e.what());
  }
  std::string magic;
  if (!j.is_object() || !text_at(j, "format", magic) || magic != kMagic) return not_a_part("no \"format\": \"drsim-part\"");
  if (!j.contains("format_version") || !j["format_version"].is_number_integer() ||
      j["format_version"].get<std::int64_t>() != kPartFormatVersion) {
    error = fmt::format("{}: /format_version: expected {} (this build's part format)", path, kPartFormatVersion);
    return std::nullopt;
  }
  Part p;
  p.file = path;
  if (!text_at(j, "drsim", p.version) || !text_at(j, "command", p.command)) return not_a_part("no \"drsim\" or \"command\"");
  if (!read_count(j, "shards", 1'000'000, p.shards, "", error) || !read_count(j, "shard", p.shards, p.shard, "", error) ||
      !read_count(j, "last_shard", p.shards, p.last_shard, "", error) || p.shard == 0 || p.last_shard < p.shard) {
    error = fmt::format("{}: /shard, /last_shard and /shards: expected 1 <= shard <= last_shard <= shards <= 1000000", path);
    return std::nullopt;
  }
  if (!j.contains("inputs") || !j["inputs"].is_array()) return not_a_part("no \"inputs\" array");
  for (std::size_t i = 0; i < j["inputs"].size(); ++i) {
    const json& e = j["inputs"][i];
    PartInput input;
    const bool text_missing = !e.is_object() || !e.contains("text");
    if (!e.is_object() || !text_at(e, "role", input.role) || !text_at(e, "path", input.path) ||
        !text_at(e, "sha256", input.sha256) ||
        (text_missing ? text == InputText::included : !text_at(e, "text", input.text))) {
      error = fmt::format("{}: /inputs/{}: expected role, path, sha256 and text", path, i);
      return std::nullopt;
    }
    if (!text_missing && sha256_hex(input.text) != input.sha256) {
      error = fmt::format("{}: /inputs/{}: the {}'s text does not match its SHA-256 (the part is damaged)", path, i, input.role);
      return std::nullopt;
    }
    p.inputs.push_back(std::move(input));
  }
  if (!j.contains("settings") || !j.contains("payload")) return not_a_part("no \"settings\" or \"payload\"");
  p.settings = std::move(j["settings"]);
  p.payload = std::move(j["payload"]);
  return p;
}

std::string shard_label(const Part& p) {
  return p.last_shard == p.shard ? fmt::format("shard {}/{}", p.shard, p.shards)
                                 : fmt::format("shards {}-{}/{}", p.shard, p.last_shard, p.shards);
}

std::string check_part_agrees(const Part& first, const Part& p) {
  auto name = [](const Part& q) { return fmt::format("{} ({})", q.file, shard_label(q)); };
  if (p.command != first.command)
    return fmt::format("{}: a part of drsim {}, but {} is a part of drsim {}", name(p), p.command, name(first), first.command);
  if (p.version != first.version)
    return fmt::format("{}: written by drsim {}, but {} by drsim {}; parts must come from one build", name(p), p.version,
                       name(first), first.version);
  if (p.inputs.size() != first.inputs.size())
    return fmt::format("{}: has {} inputs, {} has {}", name(p), p.inputs.size(), name(first), first.inputs.size());
  for (std::size_t i = 0; i < p.inputs.size(); ++i)
    if (p.inputs[i].sha256 != first.inputs[i].sha256 || p.inputs[i].role != first.inputs[i].role)
      return fmt::format("{}: its {} {} (sha256 {}) differs from {}'s {} (sha256 {})", name(p), p.inputs[i].role,
                         p.inputs[i].path, p.inputs[i].sha256.substr(0, 12), name(first), first.inputs[i].path,
                         first.inputs[i].sha256.substr(0, 12));
  if (p.settings != first.settings) {
    std::string key = "settings";
    const json none;
    if (p.settings.is_object() && first.settings.is_object()) {
      for (const auto& [k, v] : first.settings.items())
        if (!p.settings.contains(k) || p.settings[k] != v) { key = k; break; }
      if (key == "settings")
        for (const auto& [k, v] : p.settings.items())
          if (!first.settings.contains(k)) { key = k; break; }
    }
    const auto value = [&](const json& j) { return key == "settings" ? j.dump() : j.value(key, none).dump(); };
    return fmt::format("{}: run with other settings than {}: {} {} against {}", name(p), name(first), key,
                       value(p.settings), value(first.settings));
  }
  if (p.shards != first.shards)
    return fmt::format("{}: one of {} shards, but {} is one of {}", name(p), p.shards, name(first), first.shards);
  return "";
}

std::string check_parts_agree(const std::vector<Part>& parts, bool whole) {
  if (parts.empty()) return "no parts given";
  const Part& first = parts.front();
  for (const Part& p : parts)
    if (std::string err = check_part_agrees(first, p); !err.empty()) return err;
  std::vector<const Part*> by_shard(first.shards + 1, nullptr);
  std::uint64_t lowest = first.shards, highest = 1;
  for (const Part& p : parts) {
    for (std::uint64_t k = p.shard; k <= p.last_shard; ++k) {
      if (by_shard[k]) return fmt::format("{}: shard {} is given twice (also {})", p.file, k, by_shard[k]->file);
      by_shard[k] = &p;
    }
    lowest = std::min(lowest, p.shard);
    highest = std::max(highest, p.last_shard);
  }
  // A whole merge needs 1..N; a merged part stands for the adjacent shards from its lowest to
  // its highest.
  const std::uint64_t from = whole ? 1 : lowest, to = whole ? first.shards : highest;
  std::string missing;
  std::size_t n_missing = 0;
  for (std::uint64_t k = from; k <= to; ++k)
    if (!by_shard[k] && ++n_missing <= 10) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", k);
  if (n_missing == 0) return "";
  const std::string more = n_missing > 10 ? fmt::format(" and {} more", n_missing - 10) : "";
  if (!whole)
    return fmt::format("shard{} {}{} of {} missing between shards {} and {}: a merged part stands for adjacent shards, "
                       "so give every part from the lowest to the highest",
                       n_missing == 1 ? "" : "s", missing, more, first.shards, from, to);
  return fmt::format("shard{} {}{} of {} missing: the merge needs every part", n_missing == 1 ? "" : "s", missing, more,
                     first.shards) + (n_missing == 1 ? " (it is" : " (they are") + " not among the files given)";
}

ShardRange shard_range(std::uint64_t shard, std::uint64_t shards, std::uint64_t count) {
  // k·count/N: below 2^64 for what the commands accept (count <= 10^7 trials, N <= 10^6).
  const auto at = [&](std::uint64_t k) { return k * count / shards; };
  return {at(shard - 1), at(shard)};
}

ShardRange part_range(const Part& part, std::uint64_t count) {
  return {shard_range(part.shard, part.shards, count).begin, shard_range(part.last_shard, part.shards, count).end};
}

}  // namespace drsim::analysis
