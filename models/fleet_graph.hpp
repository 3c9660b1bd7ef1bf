#pragma once
// The requires graph with each fleet collapsed to one node: a node per /resources entry (a
// plain resource, or a fleet with its member count) and an edge u -> v when members of v
// require u ("all": each member requires every member of u; "matching": member n requires
// member n of u). A 1,000-resource fleet of 20 entries draws as 20 nodes.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "models/trial_result.hpp"

namespace drsim::models {

struct FleetEdge {
  std::uint32_t from = 0, to = 0;  // group indices: `to` requires `from`
  bool matching = false;
  auto operator<=>(const FleetEdge&) const = default;
};

class FleetGraph {
 public:
  explicit FleetGraph(const Scenario& s);  // every group
  // The groups of an application's members and everything they require, transitively.
  FleetGraph(const Scenario& s, const Application& app);

  const std::vector<std::uint32_t>& nodes() const { return nodes_; }  // ascending group indices
  const std::vector<FleetEdge>& edges() const { return edges_; }      // ascending, no repeats

  // Graphviz DOT: a node per group (id, type, "×N" for a fleet, and `note(group)` if not
  // empty), the nodes and edges of the path `highlight` in bold red.
  void write_dot(std::ostream& out, const std::vector<std::uint32_t>& highlight,
                 const std::function<std::string(std::uint32_t)>& note) const;

 private:
  void add_edges(const Scenario& s);
  const Scenario& s_;
  std::vector<std::uint32_t> nodes_;
  std::vector<FleetEdge> edges_;
};

// A path of groups, first to recover to last, as highlight for write_dot: a resource path
// (RequiresGraph::critical_path) mapped to its groups, repeats dropped.
std::vector<std::uint32_t> groups_of_path(const Scenario& s, const std::vector<ResourceIndex>& path);

// An application's critical path in one trial: from the member that recovered last, each
// step to the requirement that recovered last and held up its start; first to recover first.
std::vector<ResourceIndex> trial_critical_path(const Scenario& s, const TrialResult& t, std::size_t application);

// Whether edge e joins two consecutive groups of `path` (a path from groups_of_path).
bool edge_on_path(const FleetEdge& e, const std::vector<std::uint32_t>& path);

// "restore ~2h05m": a group's longest nominal restore among its members (`weight` from
// RequiresGraph::nominal_restore_weights), or "" when it restores nothing.
std::string restore_note(const Scenario& s, std::uint32_t group, const std::vector<sim::Duration>& weight);

// "ebs ×12" or "rds": the node's type line.
std::string fleet_node_type(const Scenario& s, std::uint32_t group);

}  // namespace drsim::models
