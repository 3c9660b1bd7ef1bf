#pragma once
// Collects the loader's diagnostics and hands them back in document order.
//
// Sections are checked in dependency order (Regions before resources before plans), not in
// the order the file lists them, so diagnostics are sorted at the end by where their JSON
// pointer lands in the parsed document.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/loader.hpp"

namespace drsim::scenarios {

// Objects keep their keys in file order, which the document-order sort relies on.
using Json = nlohmann::ordered_json;

// RFC 6901: "~" -> "~0", "/" -> "~1".
std::string escape_pointer_token(std::string_view token);

class Diagnostics {
 public:
  explicit Diagnostics(std::string source) : source_(std::move(source)) {}

  void add(std::string location, std::string message);
  void warn(std::string location, std::string message);

  std::size_t count() const { return total_; }
  bool any() const { return total_ > 0; }
  // Past this many, hints that cost a scan of every name are skipped; the hints of the
  // diagnostics that will be shown are computed long before.
  bool hints_wanted() const { return total_ < 4 * kMaxDiagnostics; }

  // The first kMaxDiagnostics in document order (pointers resolved against `doc`, which may
  // be null), plus a final line counting the rest when there were more.
  std::vector<Diagnostic> take(const Json* doc);
  // The warnings, the same way.
  std::vector<Diagnostic> take_warnings(const Json* doc);

 private:
  std::string source_;
  std::vector<Diagnostic> items_;
  std::size_t total_ = 0;
  std::vector<Diagnostic> warnings_;
  std::size_t warnings_total_ = 0;
};

}  // namespace drsim::scenarios
