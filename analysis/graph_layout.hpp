#pragma once
// The requires graph laid out by Graphviz's own library (gvc, dot layout) and rendered by its
// SVG renderer, for the HTML report: a node per resource or fleet (models/fleet_graph.hpp),
// a path of groups highlighted. Graphviz escapes labels for SVG itself; the label text is
// passed as a plain (not HTML-like) string, so markup in an id stays text.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/fleet_graph.hpp"

namespace drsim::analysis {

struct GraphStyle {
  std::vector<std::uint32_t> highlight;         // a path of groups, first to last
  std::vector<std::uint32_t> unrecoverable;     // groups drawn red-filled
  std::function<std::string(std::uint32_t)> note;  // an extra label line per group, if not empty
};

// One Graphviz context (its plugins loaded once) for every graph of a report.
class GraphLayout {
 public:
  GraphLayout();
  ~GraphLayout();
  GraphLayout(const GraphLayout&) = delete;
  GraphLayout& operator=(const GraphLayout&) = delete;

  // The <svg> element (no XML prolog), or an HTML paragraph saying why there is none.
  std::string svg(const models::Scenario& s, const models::FleetGraph& graph, const GraphStyle& style);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  unsigned graphs_ = 0;  // laid out so far: each graph's ids are prefixed with its number
};

}  // namespace drsim::analysis
