#include "analysis/table.hpp"

#include <algorithm>

namespace drsim::analysis {

std::size_t display_width(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only
  return n;
}

std::string Table::render(std::string_view indent) const {
  std::vector<std::size_t> width(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) width[c] = display_width(columns_[c].title);
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], display_width(row[c]));

  auto line = [&](const std::vector<std::string>& cells) {
    std::string out(indent);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : std::string{};
      const std::string pad(width[c] - display_width(cell), ' ');
      if (c > 0) out += "  ";
      out += columns_[c].align == Align::right ? pad + cell : cell + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };

  std::vector<std::string> titles;
  for (const auto& col : columns_) titles.push_back(col.title);
  std::string out = line(titles);
  std::size_t total = 0;
  for (std::size_t c = 0; c < width.size(); ++c) total += width[c] + (c > 0 ? 2 : 0);
  out += std::string(indent);
  for (std::size_t i = 0; i < total; ++i) out += "─";
  out += "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

}  // namespace drsim::analysis
