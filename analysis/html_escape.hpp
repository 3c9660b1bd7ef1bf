#pragma once
// Text from a scenario (ids, names, descriptions) placed in HTML or SVG: every character
// that could start markup or end an attribute is replaced by its character reference, so a
// resource named "<script>alert(1)</script>" shows as text.
#include <string>
#include <string_view>

namespace drsim::analysis {

// & < > " ' as character references; control characters other than tab and newline as U+FFFD
// (they are not allowed in XML, so an inline SVG with one would not parse).
std::string html_escape(std::string_view text);

}  // namespace drsim::analysis
