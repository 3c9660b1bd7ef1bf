#include "scenarios/diagnostics.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

// Memory stays bounded however broken the input: beyond this many, only the count grows.
constexpr std::size_t kStored = 10'000;
constexpr std::size_t kPastEnd = std::numeric_limits<std::size_t>::max();

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// Key ranks of large objects, built on first use so that thousands of diagnostics inside
// one huge object do not each scan it.
using RankCache = std::unordered_map<const Json*, std::unordered_map<std::string, std::size_t>>;
constexpr std::size_t kScanLimit = 64;

std::optional<std::size_t> key_rank(const Json& object, const std::string& key, RankCache& cache) {
  if (object.size() > kScanLimit) {
    auto [it, fresh] = cache.try_emplace(&object);
    if (fresh) {
      std::size_t rank = 0;
      for (auto k = object.begin(); k != object.end(); ++k, ++rank) it->second.try_emplace(k.key(), rank);
    }
    const auto found = it->second.find(key);
    if (found == it->second.end()) return std::nullopt;
    return found->second;
  }
  std::size_t rank = 0;
  for (auto k = object.begin(); k != object.end(); ++k, ++rank)
    if (k.key() == key) return rank;
  return std::nullopt;
}

// Where a location lands in the document, as positions of each step: the key's rank in
// its (ordered) object or the array index. Line:column and whole-file locations sort first.
std::vector<std::size_t> document_position(const Json* doc, std::string_view location, RankCache& cache) {
  std::vector<std::size_t> pos;
  if (doc == nullptr || location.empty() || location.front() != '/') return pos;
  const Json* node = doc;
  std::size_t start = 1;
  while (start <= location.size()) {
    const std::size_t slash = std::min(location.find('/', start), location.size());
    const std::string token = unescape_pointer_token(location.substr(start, slash - start));
    start = slash + 1;
    std::size_t step = kPastEnd;
    const Json* next = nullptr;
    if (node != nullptr && node->is_object()) {
      if (auto rank = key_rank(*node, token, cache)) {
        step = *rank;
        const auto& members = node->get_ref<const Json::object_t&>();
        next = &(members.begin() + static_cast<std::ptrdiff_t>(*rank))->second;
      }
    } else if (node != nullptr && node->is_array()) {
      std::size_t index = 0;
      const bool digits = !token.empty() && token.size() < 19 &&
                          std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits) index = std::stoull(token);
      if (digits && index < node->size()) {
        step = index;
        next = &(*node)[index];
      }
    }
    pos.push_back(step);
    node = next;
  }
  return pos;
}

// The first kMaxDiagnostics of `items` in document order, plus a line counting the rest.
std::vector<Diagnostic> in_document_order(const Json* doc, std::vector<Diagnostic>& items, std::size_t total,
                                          std::string_view source, std::string_view noun, bool warning) {
  std::vector<std::pair<std::vector<std::size_t>, std::size_t>> keys;
  keys.reserve(items.size());
  RankCache cache;
  for (std::size_t i = 0; i < items.size(); ++i) keys.emplace_back(document_position(doc, items[i].location, cache), i);
  // Equal positions keep the order they were found in (the pair's second member).
  std::sort(keys.begin(), keys.end());
  std::vector<Diagnostic> out;
  const std::size_t shown = std::min(keys.size(), kMaxDiagnostics);
  out.reserve(shown + 1);
  for (std::size_t i = 0; i < shown; ++i) out.push_back(std::move(items[keys[i].second]));
  if (total > shown)
    out.push_back(Diagnostic{std::string(source), "", fmt::format("{} more {} not shown", total - shown, noun), warning});
  items.clear();
  return out;
}

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

void Diagnostics::add(std::string location, std::string message) {
  ++total_;
  if (items_.size() < kStored) items_.push_back(Diagnostic{source_, std::move(location), std::move(message)});
}

void Diagnostics::warn(std::string location, std::string message) {
  ++warnings_total_;
  if (warnings_.size() < kStored)
    warnings_.push_back(Diagnostic{source_, std::move(location), std::move(message), true});
}

std::vector<Diagnostic> Diagnostics::take(const Json* doc) {
  auto out = in_document_order(doc, items_, total_, source_, "errors", false);
  total_ = 0;
  return out;
}

std::vector<Diagnostic> Diagnostics::take_warnings(const Json* doc) {
  auto out = in_document_order(doc, warnings_, warnings_total_, source_, "warnings", true);
  warnings_total_ = 0;
  return out;
}

}  // namespace drsim::scenarios
