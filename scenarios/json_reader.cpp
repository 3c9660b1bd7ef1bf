#include "scenarios/json_reader.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"

namespace drsim::scenarios {
namespace {

bool contains(Keys list, std::string_view key) {
  for (std::string_view k : list)
    if (k == key) return true;
  return false;
}

std::string shorten(std::string s) {
  constexpr std::size_t kMax = 40;
  if (s.size() > kMax) {
    s.resize(kMax);
    s += "...";
  }
  return s;
}

}  // namespace

std::string describe_json(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case Json::value_t::string:
      return "a string (" + shorten(v.dump()) + ")";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number (" + shorten(v.dump()) + ")";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    default:
      return "an unsupported value";
  }
}

Node Node::operator[](std::string_view key) const {
  std::string p = pointer_ + "/" + escape_pointer_token(key);
  if (value_ == nullptr || !value_->is_object()) return Node(nullptr, std::move(p), diags_);
  const auto it = value_->find(key);
  return Node(it == value_->end() ? nullptr : &*it, std::move(p), diags_);
}

Node Node::at(std::size_t i) const {
  std::string p = fmt::format("{}/{}", pointer_, i);
  if (value_ == nullptr || !value_->is_array() || i >= value_->size()) return Node(nullptr, std::move(p), diags_);
  return Node(&(*value_)[i], std::move(p), diags_);
}

void Node::error(std::string message) const { diags_->add(pointer_, std::move(message)); }
void Node::warn(std::string message) const { diags_->warn(pointer_, std::move(message)); }

void Node::wrong_type(std::string_view what) const {
  error(fmt::format("expected {}, found {}", what, value_ ? describe_json(*value_) : "nothing"));
}

bool Node::expect_object(std::string_view what) const {
  if (value_ != nullptr && value_->is_object()) return true;
  wrong_type(what);
  return false;
}

bool Node::expect_array(std::string_view what) const {
  if (value_ != nullptr && value_->is_array()) return true;
  wrong_type(what);
  return false;
}

bool Node::check_object(std::string_view what, Keys known, Keys required, Keys ignored) const {
  if (!expect_object(fmt::format("an object ({})", what))) return false;
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    const std::string& key = it.key();
    if (contains(known, key) || contains(ignored, key)) continue;
    const std::string hint = diags_->hints_wanted() ? did_you_mean(key, known) : std::string();
    Node(&it.value(), pointer_ + "/" + escape_pointer_token(key), diags_)
        .error(fmt::format("unknown key \"{}\" in {}; expected one of: {}{}", key, what, list_names(known, 40), hint));
  }
  for (std::string_view key : required)
    if (!value_->contains(key)) error(fmt::format("missing required key \"{}\" in {}", key, what));
  return true;
}

std::vector<std::pair<std::string, Node>> Node::members() const {
  std::vector<std::pair<std::string, Node>> out;
  if (value_ == nullptr || !value_->is_object()) return out;
  out.reserve(value_->size());
  for (auto it = value_->begin(); it != value_->end(); ++it)
    out.emplace_back(it.key(), Node(&it.value(), pointer_ + "/" + escape_pointer_token(it.key()), diags_));
  return out;
}

std::optional<double> integral_value(const Json& v) {
  if (v.is_number_integer()) return static_cast<double>(v.get<std::int64_t>());
  if (v.is_number_unsigned()) return static_cast<double>(v.get<std::uint64_t>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d) return d;
  }
  return std::nullopt;
}

std::optional<std::string> read_string(const Node& n, std::string_view what) {
  if (n.present() && n.json().is_string()) return n.json().get<std::string>();
  n.wrong_type(what);
  return std::nullopt;
}

std::optional<std::string> read_name(const Node& n, std::string_view what) {
  auto s = read_string(n, what);
  if (s && s->empty()) {
    n.error(fmt::format("expected {}, found an empty string", what));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> read_bool(const Node& n) {
  if (n.present() && n.json().is_boolean()) return n.json().get<bool>();
  n.wrong_type("true or false");
  return std::nullopt;
}

std::optional<std::int64_t> read_int(const Node& n, std::int64_t lo, std::int64_t hi, std::string_view what) {
  const std::string expected = what.empty() ? fmt::format("an integer from {} to {}", lo, hi) : std::string(what);
  if (!n.present() || !n.json().is_number()) {
    n.wrong_type(expected);
    return std::nullopt;
  }
  const auto v = integral_value(n.json());
  if (!v) {
    n.error(fmt::format("expected {}, found {}", expected, describe_json(n.json())));
    return std::nullopt;
  }
  if (*v < static_cast<double>(lo) || *v > static_cast<double>(hi)) {
    n.error(fmt::format("{} is out of range; expected {}", n.json().dump(), expected));
    return std::nullopt;
  }
  // Exact for integers; integral doubles within an int64 range convert exactly too.
  if (n.json().is_number_integer()) return n.json().get<std::int64_t>();
  if (n.json().is_number_unsigned()) return static_cast<std::int64_t>(n.json().get<std::uint64_t>());
  return static_cast<std::int64_t>(*v);
}

std::optional<std::uint64_t> read_u64(const Node& n, std::string_view what) {
  if (n.present() && n.json().is_number_unsigned()) return n.json().get<std::uint64_t>();
  if (n.present() && n.json().is_number_integer() && n.json().get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(n.json().get<std::int64_t>());
  n.wrong_type(what);
  return std::nullopt;
}

std::optional<double> read_number(const Node& n, double lo, std::string_view what) {
  if (!n.present() || !n.json().is_number()) {
    n.wrong_type(what);
    return std::nullopt;
  }
  const double v = n.json().get<double>();
  if (!std::isfinite(v) || v < lo) {
    n.error(fmt::format("{} is out of range; expected {}", n.json().dump(), what));
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<StringItem>> read_string_array(const Node& n, std::string_view what) {
  if (!n.expect_array(what)) return std::nullopt;
  std::vector<StringItem> out;
  out.reserve(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    Node item = n.at(i);
    if (!item.json().is_string()) {
      item.wrong_type("a string");
      continue;
    }
    out.push_back(StringItem{item.json().get<std::string>(), std::move(item)});
  }
  return out;
}

}  // namespace drsim::scenarios
