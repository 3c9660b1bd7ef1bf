#include "models/draw_keys.hpp"

#include <map>
#include <string>

#include "models/recovery_point.hpp"
#include "models/scenario.hpp"

namespace drsim::models {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

std::uint64_t finalize(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// "kind#n": the n-th protection of that kind in the file (implicit ones apart).
class OrdinalKeys {
 public:
  std::uint64_t next(std::string_view tag, std::string_view kind) {
    const std::string k = std::string(tag) + ":" + std::string(kind);
    return stable_key(tag, std::string(kind) + "#" + std::to_string(count_[k]++));
  }

 private:
  std::map<std::string, std::uint32_t> count_;
};

}  // namespace

std::uint64_t stable_key(std::string_view tag, std::string_view name) {
  std::uint64_t h = fnv1a(kFnvOffset, tag);
  h = fnv1a(h, std::string_view("\x1f", 1));  // a separator no tag contains
  return finalize(fnv1a(h, name));
}

void assign_draw_keys(Scenario& s) {
  for (Resource& r : s.resources) r.draw_key = stable_key("resource", r.id);
  for (Failure& f : s.failures) f.draw_key = stable_key("failure", f.name);
  for (Application& a : s.applications) a.draw_key = stable_key("application", a.name);
  for (BackupRule& rule : s.backup_rules) {
    const std::string_view region = s.regions[s.region_of_vault(rule.vault)].name;
    rule.draw_key = stable_key("backup-rule", std::string(region) + "/" + rule.plan + "/" + rule.name);
  }
  OrdinalKeys ordinal;
  for (SnapshotPolicy& p : s.snapshot_policies) p.draw_key = ordinal.next("native", to_string(p.kind));
  for (ContinuousBackups& c : s.continuous_backups)
    c.draw_key = ordinal.next(c.implicit ? "continuous-implicit" : "continuous", to_string(c.kind));
  for (Replication& r : s.replications) r.draw_key = ordinal.next("replication", to_string(r.kind));
  for (AmiCopy& a : s.ami_copies) a.draw_key = ordinal.next("ami", "ami_copy");
}

}  // namespace drsim::models
