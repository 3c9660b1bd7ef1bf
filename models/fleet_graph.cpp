#include "models/fleet_graph.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::models {

FleetGraph::FleetGraph(const Scenario& s) : s_(s) {
  for (std::uint32_t g = 0; g < s.groups.size(); ++g) nodes_.push_back(g);
  add_edges(s);
}

FleetGraph::FleetGraph(const Scenario& s, const Application& app) : s_(s) {
  std::vector<bool> seen(s.groups.size(), false);
  for (ResourceIndex r : app.resources) {
    const std::uint32_t g = s.resources[r].group;
    if (!seen[g]) seen[g] = true, nodes_.push_back(g);
  }
  for (std::size_t next = 0; next < nodes_.size(); ++next) {
    const ResourceGroup& group = s.groups[nodes_[next]];
    for (const auto* list : {&group.requires_all, &group.requires_matching})
      for (ResourceIndex u : *list) {
        const std::uint32_t g = s.resources[u].group;
        if (!seen[g]) seen[g] = true, nodes_.push_back(g);
      }
  }
  std::sort(nodes_.begin(), nodes_.end());
  add_edges(s);
}

void FleetGraph::add_edges(const Scenario& s) {
  std::vector<bool> in(s.groups.size(), false);
  for (std::uint32_t g : nodes_) in[g] = true;
  for (std::uint32_t g : nodes_) {
    const ResourceGroup& group = s.groups[g];
    for (ResourceIndex u : group.requires_all)
      if (in[s.resources[u].group]) edges_.push_back({s.resources[u].group, g, false});
    for (ResourceIndex u : group.requires_matching)
      if (in[s.resources[u].group]) edges_.push_back({s.resources[u].group, g, true});
  }
  std::sort(edges_.begin(), edges_.end());
  edges_.erase(std::unique(edges_.begin(), edges_.end(),
                           [](const FleetEdge& a, const FleetEdge& b) { return a.from == b.from && a.to == b.to; }),
               edges_.end());
}

std::string fleet_node_type(const Scenario& s, std::uint32_t group) {
  const ResourceGroup& g = s.groups[group];
  const std::string_view type = to_string(s.resources[g.first].type);
  return g.fleet ? fmt::format("{} ×{}", type, g.count) : std::string(type);
}

void FleetGraph::write_dot(std::ostream& out, const std::vector<std::uint32_t>& highlight,
                           const std::function<std::string(std::uint32_t)>& note) const {
  const auto escape = [](const std::string& text) {
    std::string e;
    for (char c : text) {
      if (c == '"' || c == '\\') e.push_back('\\');
      if (c == '\n') {
        e += "\\n";
        continue;
      }
      e.push_back(c);
    }
    return e;
  };
  std::vector<bool> on_path(s_.groups.size(), false);
  for (std::uint32_t g : highlight) on_path[g] = true;
  out << "digraph requires {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"DejaVu Sans\", fontsize=10];\n"
         "  edge [fontname=\"DejaVu Sans\", fontsize=9];\n";
  for (std::uint32_t g : nodes_) {
    const ResourceGroup& group = s_.groups[g];
    const std::string extra = note ? note(g) : std::string();
    out << fmt::format("  g{} [label=\"{}\\n{}{}\"{}{}];\n", g, escape(group.id), fleet_node_type(s_, g),
                       extra.empty() ? "" : "\\n" + escape(extra),
                       group.fleet ? ", peripheries=2" : "", on_path[g] ? ", color=red, penwidth=2.5, fontcolor=red" : "");
  }
  for (const FleetEdge& e : edges_)
    out << fmt::format("  g{} -> g{}{};\n", e.from, e.to,
                       edge_on_path(e, highlight) ? " [color=red, penwidth=2.5]" : (e.matching ? " [style=dashed, label=\"1:1\"]" : ""));
  out << "}\n";
}

bool edge_on_path(const FleetEdge& e, const std::vector<std::uint32_t>& path) {
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    if (path[i] == e.from && path[i + 1] == e.to) return true;
  return false;
}

std::string restore_note(const Scenario& s, std::uint32_t group, const std::vector<sim::Duration>& weight) {
  const ResourceGroup& g = s.groups[group];
  sim::Duration longest = 0;
  for (ResourceIndex r = g.first; r < g.first + g.count; ++r) longest = std::max(longest, weight[r]);
  return longest > 0 ? "restore ~" + format_duration(longest) : std::string();
}

std::vector<std::uint32_t> groups_of_path(const Scenario& s, const std::vector<ResourceIndex>& path) {
  std::vector<std::uint32_t> out;
  for (ResourceIndex r : path)
    if (out.empty() || out.back() != s.resources[r].group) out.push_back(s.resources[r].group);
  return out;
}

std::vector<ResourceIndex> trial_critical_path(const Scenario& s, const TrialResult& t, std::size_t application) {
  const ApplicationOutcome& app = t.applications[application];
  std::vector<ResourceIndex> path;
  if (!app.impacted || !app.recoverable) return path;
  std::vector<bool> seen(s.resources.size(), false);
  for (ResourceIndex r = app.rto_gate; r != kNoResource && !seen[r]; r = t.resources[r].last_requirement) {
    seen[r] = true;
    path.push_back(r);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace drsim::models
