#pragma once
// A plain-text table whose columns line up, measured in characters (not bytes), so that
// "—" and other UTF-8 text align too.
#include <string>
#include <string_view>
#include <vector>

namespace drsim::analysis {

class Table {
 public:
  enum class Align { left, right };
  struct Column {
    std::string title;
    Align align = Align::left;
  };

  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  // Header, a rule, then the rows; each line starts with `indent`, no trailing spaces.
  std::string render(std::string_view indent = "  ") const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

std::size_t display_width(std::string_view utf8);

}  // namespace drsim::analysis
