#pragma once
// A read-only cursor over the parsed document that knows its JSON pointer, so every check
// can report exactly where it failed, and typed readers that report what was expected.
//
// Readers return std::nullopt after reporting; callers skip what depends on the value and
// carry on, so one pass finds as many independent problems as possible.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/diagnostics.hpp"

namespace drsim::scenarios {

using Keys = std::span<const std::string_view>;

class Node {
 public:
  Node(const Json* value, std::string pointer, Diagnostics* diags)
      : value_(value), pointer_(std::move(pointer)), diags_(diags) {}

  bool present() const { return value_ != nullptr; }
  const Json& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  Diagnostics& diags() const { return *diags_; }

  // Member `key` (absent when missing or when this is not an object) and element `i`.
  Node operator[](std::string_view key) const;
  Node at(std::size_t i) const;
  std::size_t size() const {
    return value_ != nullptr && (value_->is_array() || value_->is_object()) ? value_->size() : 0;
  }

  void error(std::string message) const;
  // A plan AWS accepts but that cannot work as intended (see LoadResult).
  void warn(std::string message) const;

  // Type expectations; on a mismatch report "expected <what>, found <the JSON type>".
  bool expect_object(std::string_view what) const;
  bool expect_array(std::string_view what) const;
  void wrong_type(std::string_view what) const;

  // For an object: reports keys outside `known` and `ignored` (with a hint among `known`),
  // and each key of `required` that is missing (at this object's pointer, naming `what`).
  // Returns false, having reported, when this is not an object at all.
  bool check_object(std::string_view what, Keys known, Keys required = {}, Keys ignored = {}) const;

  // The object's keys in file order.
  std::vector<std::pair<std::string, Node>> members() const;

 private:
  const Json* value_;
  std::string pointer_;
  Diagnostics* diags_;
};

// "a string", "a number (42)", "an array", ... for "found ..." messages.
std::string describe_json(const Json& v);

// Scalar readers. `what` completes "expected ...", e.g. "a string naming a Region".
std::optional<std::string> read_string(const Node& n, std::string_view what = "a string");
// Like read_string, and also refuses "".
std::optional<std::string> read_name(const Node& n, std::string_view what = "a non-empty string");
std::optional<bool> read_bool(const Node& n);
// An integer in [lo, hi]; integral floating-point values such as 1e3 are accepted.
std::optional<std::int64_t> read_int(const Node& n, std::int64_t lo, std::int64_t hi, std::string_view what = {});
std::optional<std::uint64_t> read_u64(const Node& n, std::string_view what = "an unsigned 64-bit integer");
// A finite number >= lo.
std::optional<double> read_number(const Node& n, double lo, std::string_view what);

// Integral JSON number (integer, or float with no fraction) as a double, for range checks
// that must not overflow; nullopt (without reporting) otherwise.
std::optional<double> integral_value(const Json& v);

struct StringItem {
  std::string text;
  Node node;
};
// An array of strings; non-string elements are reported and left out.
std::optional<std::vector<StringItem>> read_string_array(const Node& n, std::string_view what);

// Fixed key lists are declared as `constexpr std::string_view kX[] = {...}`.
template <std::size_t N>
constexpr Keys keys(const std::string_view (&a)[N]) {
  return Keys(a, N);
}

}  // namespace drsim::scenarios
