#include "models/requires_graph.hpp"

#include <algorithm>
#include <iterator>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

namespace drsim::models {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Edges u -> v for "v requires u", from the flat lists.
Graph build(std::size_t n, const std::vector<std::uint32_t>& offsets, const std::vector<ResourceIndex>& required) {
  Graph g(n);
  for (ResourceIndex v = 0; v < n; ++v)
    for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) boost::add_edge(required[i], v, g);
  return g;
}

}  // namespace

RequiresGraph::RequiresGraph(const Scenario& s) : s_(s) {
  const std::size_t n = s.resources.size();
  // The one place the shared lists are expanded per member; everything below reads these.
  std::size_t edges = 0;  // at most: a member required by id and as a counterpart is one edge
  for (const ResourceGroup& g : s.groups)
    edges += std::size_t{g.count} * (g.requires_all.size() + g.requires_matching.size());
  requirements_.reserve(edges);
  requirement_offsets_.assign(n + 1, 0);
  for (ResourceIndex v = 0; v < n; ++v) {
    for (ResourceIndex u : s.requirements_of(v)) requirements_.push_back(u);
    requirement_offsets_[v + 1] = static_cast<std::uint32_t>(requirements_.size());
  }

  const Graph g = build(n, requirement_offsets_, requirements_);
  // topological_sort emits in reverse finishing order; reversed, requirements come first.
  std::vector<Graph::vertex_descriptor> reversed;
  reversed.reserve(n);
  boost::topological_sort(g, std::back_inserter(reversed));
  // Boost's order is valid but arbitrary among independent resources; restores queue in
  // this order, so make it predictable: by depth in the graph, then in scenario order.
  std::vector<std::uint32_t> depth(n, 0);
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it)
    for (ResourceIndex u : requirements(static_cast<ResourceIndex>(*it))) depth[*it] = std::max(depth[*it], depth[u] + 1);
  order_.resize(n);
  for (ResourceIndex v = 0; v < order_.size(); ++v) order_[v] = v;
  std::stable_sort(order_.begin(), order_.end(), [&](ResourceIndex a, ResourceIndex b) { return depth[a] < depth[b]; });

  offsets_.assign(n + 1, 0);
  for (ResourceIndex u : requirements_) ++offsets_[u + 1];
  for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  dependants_.resize(offsets_.back());
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (ResourceIndex v = 0; v < n; ++v)
    for (ResourceIndex u : requirements(v)) dependants_[fill[u]++] = v;
}

std::vector<sim::Duration> RequiresGraph::nominal_restore_weights() const {
  std::vector<sim::Duration> weight(s_.resources.size(), 0);
  for (std::size_t r = 0; r < s_.resources.size(); ++r) {
    const Resource& res = s_.resources[r];
    if (res.type == ResourceType::ami) continue;
    weight[r] = s_.models_of(res)[Step::restore].nominal(res.type == ResourceType::ec2 ? 0 : res.size_mib());
  }
  return weight;
}

std::vector<ResourceIndex> RequiresGraph::critical_path(const std::vector<sim::Duration>& weight) const {
  const std::size_t n = s_.resources.size();
  std::vector<sim::Duration> finish(n, 0);
  std::vector<ResourceIndex> via(n, kNoResource);
  for (ResourceIndex v : order_) {
    sim::Duration start = 0;
    for (ResourceIndex u : requirements(v)) {
      if (finish[u] > start || (finish[u] == start && via[v] == kNoResource)) {
        start = finish[u];
        via[v] = u;
      }
    }
    finish[v] = start + weight[v];
  }
  if (n == 0) return {};
  ResourceIndex last = static_cast<ResourceIndex>(std::max_element(finish.begin(), finish.end()) - finish.begin());
  std::vector<ResourceIndex> path;
  for (ResourceIndex v = last; v != kNoResource; v = via[v]) path.push_back(v);
  std::reverse(path.begin(), path.end());
  return path;
}

void RequiresGraph::write_dot(std::ostream& out, const std::vector<ResourceIndex>& critical,
                              const std::function<std::string(ResourceIndex)>& note) const {
  const Graph g = build(s_.resources.size(), requirement_offsets_, requirements_);
  std::vector<bool> on_path(s_.resources.size(), false);
  for (ResourceIndex v : critical) on_path[v] = true;
  auto critical_edge = [&](ResourceIndex u, ResourceIndex v) {
    for (std::size_t i = 0; i + 1 < critical.size(); ++i)
      if (critical[i] == u && critical[i + 1] == v) return true;
    return false;
  };
  auto escape = [](const std::string& text) {
    std::string e;
    for (char c : text) {
      if (c == '"' || c == '\\') e.push_back('\\');
      e.push_back(c);
    }
    return e;
  };

  auto vertex_writer = [&](std::ostream& os, Graph::vertex_descriptor v) {
    const Resource& r = s_.resources[v];
    std::string label = fmt::format("{}\\n{}", escape(r.id), to_string(r.type));
    const std::string extra = note ? note(static_cast<ResourceIndex>(v)) : std::string{};
    if (!extra.empty()) label += "\\n" + escape(extra);
    os << fmt::format("[label=\"{}\"{}]", label, on_path[v] ? ", color=red, penwidth=2.5, fontcolor=red" : "");
  };
  auto edge_writer = [&](std::ostream& os, Graph::edge_descriptor e) {
    const auto u = static_cast<ResourceIndex>(boost::source(e, g));
    const auto v = static_cast<ResourceIndex>(boost::target(e, g));
    if (critical_edge(u, v)) os << "[color=red, penwidth=2.5]";
  };
  auto graph_writer = [&](std::ostream& os) {
    os << fmt::format("label=\"{}: requires graph (edge: required -> dependant; critical path in red)\";\n",
                      escape(s_.name));
    os << "rankdir=LR;\nnode [shape=box, fontname=\"Helvetica\"];\n";
  };
  // GCC 12 sees a "maybe uninitialized" optional inside Boost's edge iterator here (a false
  // positive in Boost's own code, not ours); keep the build quiet without hiding ours elsewhere.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
}

}  // namespace drsim::models
