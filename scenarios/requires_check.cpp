#include "scenarios/requires_check.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

// Entry-level edge: some member of the entry requires the resource(s) named `text` in
// entry `to`.
struct Edge {
  std::uint32_t to = 0;
  std::string text;
};

// Cycles are found between entries rather than between the (possibly millions of)
// resources: every member of an entry requires the same things, so a cycle through entries
// E1 -> E2 -> ... -> E1 always closes into a cycle of resources, and the reverse is obvious.
void report_cycles(LoadContext& ctx, const std::vector<std::vector<Edge>>& graph) {
  const std::size_t n = graph.size();
  enum : std::uint8_t { white, grey, black };
  std::vector<std::uint8_t> colour(n, white);
  struct Frame {
    std::uint32_t node;
    std::size_t next_edge;
  };
  std::vector<Frame> stack;  // the current DFS path, iteratively: no recursion depth limit
  std::set<std::vector<std::uint32_t>> reported;

  for (std::uint32_t start = 0; start < n; ++start) {
    if (colour[start] != white) continue;
    colour[start] = grey;
    stack.push_back({start, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next_edge == graph[top.node].size()) {
        colour[top.node] = black;
        stack.pop_back();
        continue;
      }
      const Edge& e = graph[top.node][top.next_edge++];
      if (colour[e.to] == white) {
        colour[e.to] = grey;
        stack.push_back({e.to, 0});
        continue;
      }
      if (colour[e.to] != grey) continue;
      // Back edge: the cycle is the path from e.to to the top, closed by this edge. Each
      // step is shown by the id as written in `requires`, rotated to start at the entry
      // that comes first in the file.
      auto from = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.node == e.to; });
      // Each node is named by the edge into it (the id as written); the first node's is
      // the closing edge. A frame's next_edge - 1 is the edge it last followed.
      std::vector<std::uint32_t> nodes;
      std::vector<std::string> names;
      for (auto it = from; it != stack.end(); ++it) {
        nodes.push_back(it->node);
        names.push_back(it == from ? e.text : graph[(it - 1)->node][(it - 1)->next_edge - 1].text);
      }
      const auto first = std::min_element(nodes.begin(), nodes.end()) - nodes.begin();
      std::rotate(nodes.begin(), nodes.begin() + first, nodes.end());
      std::rotate(names.begin(), names.begin() + first, names.end());
      if (!reported.insert(nodes).second) continue;
      std::string path;
      for (const auto& name : names) path += name + " -> ";
      path += names.front();
      Node(nullptr, ctx.entries[nodes.front()].pointer + "/requires", &ctx.diags)
          .error(fmt::format("requires cycle: {}; no order can restore these", path));
    }
  }
}

}  // namespace

void resolve_requires(LoadContext& ctx) {
  const Node list = ctx.root["resources"];
  std::vector<std::vector<Edge>> graph(ctx.entries.size());
  std::uint64_t edges = 0;
  bool within_budget = true;

  for (std::uint32_t e = 0; e < ctx.entries.size(); ++e) {
    const ResourceEntry& entry = ctx.entries[e];
    const Node req = list.at(entry.position)["requires"];
    if (!req.present()) continue;
    auto ids = read_string_array(req, "an array of resource ids");
    if (!ids) continue;

    std::vector<ResourceIndex> targets;
    std::set<std::uint32_t> whole;  // fleets already added in full
    for (const auto& item : *ids) {
      auto range = ctx.resource(item.node, item.text);
      if (!range) continue;
      if (range->entry == e) {
        item.node.error(entry.fleet ? fmt::format("fleet \"{}\" requires \"{}\", which is itself or one of its own "
                                                  "members; a resource cannot wait for itself",
                                                  entry.id, item.text)
                                    : fmt::format("resource \"{}\" requires itself", entry.id));
        continue;
      }
      if (std::none_of(graph[e].begin(), graph[e].end(), [&](const Edge& x) { return x.to == range->entry; }))
        graph[e].push_back(Edge{range->entry, item.text});
      if (range->count > 1 && !whole.insert(range->entry).second) continue;
      for (std::uint32_t i = 0; i < range->count; ++i) targets.push_back(range->first + i);
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());

    // The list is stored once per entry, but the requires graph and every trial walk each
    // member's edges: refuse fan-outs that would not fit.
    edges += static_cast<std::uint64_t>(entry.count) * targets.size();
    if (within_budget && edges > kMaxRequiresEdges) {
      req.error(
          fmt::format("requires adds up to {} dependency edges here, more than the limit of 10,000,000; "
                      "split the fleets or require fewer members",
                      edges));
      within_budget = false;
    }
    if (!within_budget) continue;
    ctx.s.groups[e].requires_all = std::move(targets);
  }
  report_cycles(ctx, graph);
}

}  // namespace drsim::scenarios
