#pragma once
// State shared by the section loaders while one scenario is read: the scenario being
// built, name -> index maps for what later sections refer to, and the resource entries
// (plain resources and fleets) as written in the file.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/scenario.hpp"
#include "scenarios/json_reader.hpp"

namespace drsim::scenarios {

using models::AzIndex;
using models::RegionIndex;
using models::ResourceIndex;
using models::VaultIndex;

// One element of /resources: a plain resource, or a fleet standing for `count` members.
struct ResourceEntry {
  std::string id;
  std::string pointer;         // "/resources/3"
  std::uint32_t position = 0;  // 3: its index in /resources
  ResourceIndex first = 0;
  std::uint32_t count = 0;  // resources it stands for (1 for a plain resource)
  std::uint32_t width = 0;  // digits of a member's number ("worker-007": 3)
  bool fleet = false;
};

// A reference to resources by id: one resource, or every member of a fleet.
struct ResourceRange {
  ResourceIndex first = 0;
  std::uint32_t count = 0;
  std::uint32_t entry = 0;  // index into LoadContext::entries
};

struct LoadContext {
  LoadContext(const Json& doc, Diagnostics& diags, models::Scenario& scenario)
      : root(&doc, "", &diags), diags(diags), s(scenario) {}

  Node root;
  Diagnostics& diags;
  models::Scenario& s;
  std::int64_t epoch = 0;  // = s.epoch_unix_ms once read

  std::unordered_map<std::string, RegionIndex> region_by_name;
  std::unordered_map<std::string, AzIndex> az_by_name;
  std::unordered_map<std::string, VaultIndex> vault_by_name;
  std::vector<ResourceEntry> entries;  // parallel to s.groups: entries[i] is written as s.groups[i]
  std::unordered_map<std::string, std::uint32_t> entry_by_id;

  // Where each rule and protection was defined, parallel to the scenario's lists, so that the
  // plan checks run after loading (plan_checks.cpp) can name the place of each warning.
  std::vector<std::string> rule_pointer, snapshot_policy_pointer, continuous_pointer, replication_pointer;
  std::set<ResourceIndex> efs_replicated;  // "A file system can be part of only one replication configuration"

  // Set when a definition could not be read at all: a reference to the name it would have
  // had is then not reported as unknown, since that would only echo the first error.
  bool regions_incomplete = false;
  bool vaults_incomplete = false;
  bool resources_incomplete = false;

  // Resource lists stored in rules, protections and applications, counted so that a small
  // file cannot make the model hold billions of indices (a thousand rules over a fleet of a
  // million). Returns false, reporting once at `at`, when `n` more would pass the limit.
  std::uint64_t references = 0;
  bool references_exhausted = false;
  bool charge_references(const Node& at, std::uint64_t n);

  // Lookups that report an unknown name at `n` (with what exists and a "did you mean").
  std::optional<RegionIndex> region(const Node& n, const std::string& name);
  std::optional<RegionIndex> read_region(const Node& n);  // string + lookup
  std::optional<AzIndex> az(const Node& n, const std::string& name);
  // An AZ that must belong to `region` (lists that Region's AZs when it does not).
  std::optional<AzIndex> az_in_region(const Node& n, const std::string& name, RegionIndex region);
  std::optional<VaultIndex> vault(const Node& n, const std::string& name);
  std::optional<ResourceRange> resource(const Node& n, const std::string& id);

  // A resource or fleet id, without reporting.
  std::optional<ResourceRange> find_resource(std::string_view id) const;

  std::vector<std::string_view> region_names() const;
  std::vector<std::string_view> az_names(RegionIndex region) const;  // kNoRegion: all
  std::vector<std::string_view> vault_names() const;
  std::vector<std::string_view> entry_ids() const;
};

// Resources named by an array of ids or fleet ids, sorted (= file order) and without
// repeats; unknown ids are reported. `accept`, when given, sees each resolved reference
// and may refuse it (reporting why at the item). nullopt when `n` is not an array.
using AcceptReference = std::function<bool(const Node& item, const ResourceRange& range)>;
std::optional<std::vector<ResourceIndex>> read_resource_list(LoadContext& ctx, const Node& n, std::string_view what,
                                                             const AcceptReference& accept = nullptr);

// Resources having every tag of the object at `n`; nullopt when it is not an object of strings.
std::optional<std::vector<ResourceIndex>> read_tag_selection(LoadContext& ctx, const Node& n);

}  // namespace drsim::scenarios
