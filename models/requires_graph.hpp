#pragma once
// The restore dependency graph: an edge u -> v means "v requires u" (u recovers first).
// Built on Boost.Graph: topological order, critical path and Graphviz export.
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "models/scenario.hpp"

namespace drsim::models {

class RequiresGraph {
 public:
  explicit RequiresGraph(const Scenario& s);

  // Every resource, each after everything it requires (the loader has refused cycles):
  // by depth in the graph, then in scenario order.
  const std::vector<ResourceIndex>& topological_order() const { return order_; }

  // Resources that require r, as a compact range.
  const ResourceIndex* dependants_begin(ResourceIndex r) const { return dependants_.data() + offsets_[r]; }
  const ResourceIndex* dependants_end(ResourceIndex r) const { return dependants_.data() + offsets_[r + 1]; }

  // Each resource's nominal warm, same-Region restore (median fixed part + full size; an
  // image costs nothing): the weights of the path a recovery cannot shorten, pools aside.
  std::vector<sim::Duration> nominal_restore_weights() const;

  // The heaviest chain of requirements when resource r costs weight[r]: the resources in
  // order from the first to recover to the last. Empty when there are no resources.
  std::vector<ResourceIndex> critical_path(const std::vector<sim::Duration>& weight) const;

  // Graphviz DOT: one node per resource (label: id and type, and `note(r)` if non-empty),
  // the critical path drawn bold red.
  void write_dot(std::ostream& out, const std::vector<ResourceIndex>& critical,
                 const std::function<std::string(ResourceIndex)>& note) const;

 private:
  const Scenario& s_;
  std::vector<ResourceIndex> order_;
  std::vector<std::uint32_t> offsets_;
  std::vector<ResourceIndex> dependants_;
};

}  // namespace drsim::models
