#include "scenarios/requires_check.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

constexpr std::string_view kMatchingKeys[] = {"matching"};

// Entry-level edge: some member of the entry requires the resource(s) named `text` in
// entry `to`.
struct Edge {
  std::uint32_t to = 0;
  std::string text;
};

// Cycles are found between entries rather than between the (possibly millions of)
// resources. Along an entry edge every member of the entry requires something in the next
// entry: the same resources (an id or fleet id), or its own counterpart (`matching`, between
// fleets of one count). So a walk from any member along a cycle of entries E1 -> E2 -> ... -> E1
// never stops, and being finite it revisits a resource: a cycle of resources. The reverse is
// obvious.
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

// A {"matching": FLEET} item of entry `e`'s `requires`: the fleet it names, whose member n
// member n of `e` requires. Reports (at the item, or at its "matching") and returns nullopt
// unless both are fleets, distinct and of the same count.
std::optional<ResourceRange> read_matching(LoadContext& ctx, std::uint32_t e, const Node& item) {
  if (!item.check_object("a member-wise requirement {\"matching\": FLEET}", keys(kMatchingKeys),
                         keys(kMatchingKeys)))
    return std::nullopt;
  const Node target = item["matching"];
  if (!target.present()) return std::nullopt;  // reported as missing
  auto id = read_name(target, "a fleet id");
  if (!id) return std::nullopt;
  const ResourceEntry& self = ctx.entries[e];
  if (!self.fleet) {
    item.error(fmt::format("\"matching\" pairs the members of two fleets, but \"{}\" is not a fleet (it has no "
                           "\"count\"); require \"{}\" by id instead",
                           self.id, *id));
    return std::nullopt;
  }
  auto range = ctx.resource(target, *id);
  if (!range) return std::nullopt;
  const ResourceEntry& other = ctx.entries[range->entry];
  if (range->entry == e) {
    target.error(fmt::format("fleet \"{}\" requires \"{}\", which is itself or one of its own members; a "
                             "resource cannot wait for itself",
                             self.id, *id));
    return std::nullopt;
  }
  if (!other.fleet) {
    target.error(fmt::format("\"matching\" expects a fleet id, but \"{}\" is a single resource; require it by id "
                             "(\"requires\": [\"{}\"]) to make every member of \"{}\" wait for it",
                             *id, *id, self.id));
    return std::nullopt;
  }
  if (range->count != other.count) {
    target.error(fmt::format("\"matching\" expects a fleet id, but \"{}\" is one member of fleet \"{}\"; write "
                             "{{\"matching\": \"{}\"}}, or require the member by id to make every member of "
                             "\"{}\" wait for it",
                             *id, other.id, other.id, self.id));
    return std::nullopt;
  }
  // With a fleet refused as too large, the counts are not known: nothing to compare.
  if (self.count != other.count && !ctx.resources_incomplete) {
    target.error(fmt::format("fleet \"{}\" has {} members but fleet \"{}\" has {}; \"matching\" pairs member n "
                             "of one with member n of the other, so both need the same count",
                             self.id, self.count, other.id, other.count));
    return std::nullopt;
  }
  return range;
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
    if (!req.present() || !req.expect_array("an array of resource ids")) continue;

    std::vector<ResourceIndex> all;       // every member requires these
    std::vector<std::uint32_t> matching;  // entries whose member n member n requires
    std::set<std::uint32_t> whole;        // fleets already added in full
    auto add_edge = [&](std::uint32_t to, const std::string& text) {
      if (std::none_of(graph[e].begin(), graph[e].end(), [&](const Edge& x) { return x.to == to; }))
        graph[e].push_back(Edge{to, text});
    };
    for (std::size_t i = 0; i < req.size(); ++i) {
      const Node item = req.at(i);
      if (item.json().is_object()) {
        if (auto range = read_matching(ctx, e, item)) {
          add_edge(range->entry, ctx.entries[range->entry].id);
          matching.push_back(range->entry);
        }
        continue;
      }
      if (!item.json().is_string()) {
        item.wrong_type("a resource id, or {\"matching\": FLEET} to pair the members of two fleets");
        continue;
      }
      const std::string text = item.json().get<std::string>();
      auto range = ctx.resource(item, text);
      if (!range) continue;
      if (range->entry == e) {
        item.error(entry.fleet ? fmt::format("fleet \"{}\" requires \"{}\", which is itself or one of its own "
                                             "members; a resource cannot wait for itself",
                                             entry.id, text)
                               : fmt::format("resource \"{}\" requires itself", entry.id));
        continue;
      }
      add_edge(range->entry, text);
      const ResourceEntry& target = ctx.entries[range->entry];
      const bool whole_fleet = target.fleet && range->count == target.count;
      if (whole_fleet && !whole.insert(range->entry).second) continue;
      for (std::uint32_t m = 0; m < range->count; ++m) all.push_back(range->first + m);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    // A fleet also required whole already gives every member its counterpart.
    std::erase_if(matching, [&](std::uint32_t f) { return whole.count(f) != 0; });
    std::sort(matching.begin(), matching.end());
    matching.erase(std::unique(matching.begin(), matching.end()), matching.end());

    // The lists are stored once per entry, but the requires graph and every trial walk each
    // member's edges: a member counts one per resource it requires, one per matching fleet.
    edges += static_cast<std::uint64_t>(entry.count) * (all.size() + matching.size());
    if (within_budget && edges > kMaxRequiresEdges) {
      req.error(
          fmt::format("requires adds up to {} dependency edges here, more than the limit of 10,000,000; "
                      "split the fleets, require fewer members, or pair two fleets' members with "
                      "{{\"matching\": FLEET}}",
                      edges));
      within_budget = false;
    }
    if (!within_budget) continue;
    models::ResourceGroup& group = ctx.s.groups[e];
    group.requires_all = std::move(all);
    // Entries are in file order, so their first members ascend with them.
    for (std::uint32_t f : matching) group.requires_matching.push_back(ctx.entries[f].first);
  }
  report_cycles(ctx, graph);
}

}  // namespace drsim::scenarios
