// The synthetic workload generator: first a small in-memory picture of the estate
// (applications of typed entries, each with how it is protected), then the scenario JSON
// written from it section by section. Building the picture first lets one pass see the
// whole estate (the protection gaps are chosen across all applications, the backup plans
// select what each Region actually holds) and keeps the JSON writers simple.
//
// Every random choice reads a RandomStream keyed by (seed, 0, entity, purpose): entity 0 is
// the scenario, entity i + 1 application i (or Region i - 1 for per-Region choices), and the
// purpose names the kind of choice. A change to one kind of choice therefore never shifts
// the draws of another, and no choice depends on the order the code happens to make them in.
#include "scenarios/generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/resource_type.hpp"
#include "sim/random.hpp"

namespace drsim::scenarios {
namespace {

using Json = nlohmann::ordered_json;
using models::ResourceType;

constexpr std::uint64_t kMinResources = 10;
constexpr std::uint64_t kMaxResources = 1'000'000;  // the loader's limit
constexpr std::uint32_t kMinRegions = 2;             // a workload Region and its DR Region
constexpr std::uint32_t kMaxRegions = 8;
constexpr std::uint64_t kMaxTrials = 10'000'000;     // the loader's limit

// Applications: 15-80 resources, the span of a typical three-tier service. Smaller
// estates make one application of everything.
constexpr std::int64_t kMinApp = 15;
constexpr std::int64_t kMaxApp = 80;
// Share of resources deliberately left without a copy outside their Region: real estates
// always have a few, and a benchmark workload should exercise the unrecoverable paths.
constexpr double kGapShare = 0.02;

constexpr std::string_view kAccount = "123456789012";
constexpr std::string_view kBackupRole = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";
constexpr std::string_view kFailureWindow[] = {"2026-02-01T00:00:00Z", "2026-03-31T00:00:00Z"};

// Workload Regions and their DR partners, paired within a geography. AZ letters are the
// real ones (ap-northeast-1 and ca-central-1 have no "b" AZ for new accounts).
struct RegionInfo {
  std::string_view name;
  std::string_view az_letters;
};
constexpr RegionInfo kPrimaryRegions[] = {
    {"us-east-1", "abc"}, {"eu-west-1", "abc"}, {"ap-southeast-2", "abc"}, {"sa-east-1", "abc"}};
constexpr RegionInfo kDrRegions[] = {
    {"us-west-2", "abc"}, {"eu-central-1", "abc"}, {"ap-northeast-1", "acd"}, {"ca-central-1", "abd"}};

constexpr std::string_view kAppWords[] = {
    "orders",   "payments", "catalog",  "search",   "billing",   "inventory", "shipping", "identity",
    "reports",  "crm",      "ledger",   "pricing",  "checkout",  "analytics", "notify",   "media",
    "loyalty",  "fraud",    "support",  "payroll",  "claims",    "quotes",    "booking",  "tracking",
    "returns",  "recommend", "messaging", "partners", "compliance", "warehouse"};

// What a stream's draws are for (the last word of its key).
enum Purpose : std::uint64_t { kBudgets = 1, kShape, kSizes, kGuards, kGaps, kPlans, kRunbook };

// A RandomStream with the few shapes of draw the generator needs.
class Draw {
 public:
  Draw(std::uint64_t seed, std::uint64_t entity, Purpose purpose) : rng_(seed, 0, entity, purpose) {}

  bool chance(double p) { return rng_.uniform01() < p; }
  double uniform(double lo, double hi) { return rng_.uniform(lo, hi); }
  // An integer in [lo, hi]; uniform01() < 1, so hi + 1 cannot come out.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng_.uniform01() * static_cast<double>(hi - lo + 1));
  }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(N) - 1))];
  }
  // Sizes of real estates are skewed: many small, a few huge. A lognormal whose median is
  // the range's geometric middle and which puts ~98% of its mass inside [lo, hi]; the
  // rest is clamped onto the ends.
  double lognormal_in(double lo, double hi) {
    const double mu = (std::log(lo) + std::log(hi)) / 2.0;
    const double sigma = (std::log(hi) - std::log(lo)) / 4.65;  // +-2.33 sigma = 1st..99th percentile
    return std::clamp(std::exp(mu + sigma * rng_.normal()), lo, hi);
  }

 private:
  sim::RandomStream rng_;
};

// ---------------------------------------------------------------------------------------
// The estate

struct Topology {
  std::vector<std::string> regions;             // primaries first, then DR Regions
  std::vector<std::vector<std::string>> azs;    // by Region
  std::uint32_t primaries = 0;
  std::vector<std::uint32_t> failover;          // by Region: where it recovers

  std::string dr_vault_arn(std::uint32_t region) const {
    const std::string& name = regions[failover[region]];
    return fmt::format("arn:aws:backup:{}:{}:backup-vault:dr-vault-{}", name, kAccount, name);
  }
};

Topology make_topology(std::uint32_t count) {
  Topology t;
  t.primaries = (count + 1) / 2;
  auto add = [&](const RegionInfo& r) {
    t.regions.emplace_back(r.name);
    auto& azs = t.azs.emplace_back();
    for (char letter : r.az_letters) azs.push_back(fmt::format("{}{}", r.name, letter));
  };
  for (std::uint32_t i = 0; i < t.primaries; ++i) add(kPrimaryRegions[i]);
  for (std::uint32_t i = 0; i < count - t.primaries; ++i) add(kDrRegions[i]);
  // Primary i pairs with DR Region primaries + i; with an odd count the last primary has no
  // partner and fails over to the first Region, whose DR vault is then its copy target.
  t.failover.resize(count);
  for (std::uint32_t i = 0; i < t.primaries; ++i) {
    const std::uint32_t partner = t.primaries + i;
    t.failover[i] = partner < count ? partner : 0;
    if (partner < count) t.failover[partner] = i;
  }
  return t;
}

enum class Tier { web, app, data };
constexpr std::string_view kTierNames[] = {"web", "app", "data"};

// Resilience Hub tiers, with targets a backup-and-restore estate can mostly meet.
enum class Policy { critical, important, non_critical };

// How a data-bearing entry is protected.
struct Guard {
  std::string backup_tag;   // value of its "backup" tag, which selects it into a plan
  bool listed = false;      // selected by id (applications that were never tagged)
  bool continuous = false;  // point-in-time restore (rds, aurora)
  bool rds_native = false;  // RDS automated backups
  bool dlm = false;         // DLM snapshots
  bool copy = true;         // the native mechanism copies to the DR Region
};

struct Entry {
  std::string id;
  ResourceType type = ResourceType::generic;
  Tier tier = Tier::data;
  std::uint32_t count = 1;        // > 1: a fleet
  std::vector<std::string> azs;   // none: regional; one: zonal; several: a fleet's spread
  bool multi_az = false;
  double size_gb = 0.0;           // 0: not written (compute and images)
  double change_gb_per_day = 0.0;
  std::vector<std::string> requires_;
  Guard guard;
};

struct App {
  std::string name;
  std::uint32_t region = 0;
  Policy policy = Policy::important;
  std::vector<Entry> entries;
  // Per-application settings of its native protections.
  std::string rds_window;
  std::int64_t rds_retention = 7;
  std::string_view dlm_every;
  std::int64_t dlm_retain = 7;
};

struct SizeRange {
  double lo, hi;  // GB
};

SizeRange size_range(ResourceType t) {
  switch (t) {
    case ResourceType::ebs: return {20, 2000};
    case ResourceType::rds: return {50, 4000};
    case ResourceType::aurora: return {100, 10000};
    case ResourceType::dynamodb: return {1, 500};
    case ResourceType::efs: return {10, 5000};
    case ResourceType::s3: return {100, 50000};
    case ResourceType::fsx: return {100, 10000};
    case ResourceType::redshift: return {500, 20000};
    case ResourceType::documentdb: return {20, 2000};
    case ResourceType::neptune: return {20, 1000};
    default: return {10, 1000};
  }
}

// Chance that a database of this type runs with a standby in another AZ.
double multi_az_share(ResourceType t, Policy p) {
  switch (t) {
    case ResourceType::rds: return p == Policy::critical ? 0.8 : 0.35;
    case ResourceType::aurora: return 0.75;
    case ResourceType::documentdb:
    case ResourceType::neptune: return 0.5;
    case ResourceType::fsx: return 0.3;
    case ResourceType::redshift: return 0.15;
    default: return 0.0;
  }
}

// How an application's budget of resources splits over its tiers.
struct Shape {
  std::int64_t amis = 1, web = 0, app = 2, workers = 0, shared_vols = 0, data = 0;
  bool per_server_vols = false;

  std::int64_t compute() const { return amis + web + app + workers + shared_vols + (per_server_vols ? app : 0); }
};

constexpr std::int64_t kMinData = 3;
constexpr std::int64_t kMaxFleet = 16;  // web and app fleets: keeps the tier-to-tier fan-out modest

Shape plan_shape(Draw& d, std::int64_t budget) {
  Shape s;
  const bool web = budget >= 20 && d.chance(0.85);
  s.amis = web ? 2 : 1;  // one image per EC2 tier; workers run the app image
  s.web = web ? std::clamp<std::int64_t>(std::llround(budget * d.uniform(0.12, 0.25)), 2, kMaxFleet) : 0;
  s.app = std::clamp<std::int64_t>(std::llround(budget * d.uniform(0.15, 0.28)), 2, kMaxFleet);
  s.workers = budget >= 30 && d.chance(0.4) ? d.between(2, 6) : 0;
  s.per_server_vols = d.chance(0.6);
  s.shared_vols = s.per_server_vols ? 0 : (budget >= 25 ? 2 : 1);
  // Leave the data tier room: shrink compute, the optional parts first.
  while (budget - s.compute() < kMinData) {
    if (s.workers > 0) s.workers = 0;
    else if (s.web > 2) --s.web;
    else if (s.app > 2) --s.app;
    else if (s.per_server_vols) {
      s.per_server_vols = false;
      s.shared_vols = 1;
    } else if (s.web > 0) {
      s.web = 0;
      s.amis = 1;
    } else {
      break;  // budget >= kMinResources always leaves room; nothing smaller is asked for
    }
  }
  s.data = budget - s.compute();
  return s;
}

class AppBuilder {
 public:
  AppBuilder(const GeneratorOptions& o, const Topology& topo, std::uint64_t index)
      : topo_(topo),
        index_(index),
        shape_(o.seed, index + 1, kShape),
        sizes_(o.seed, index + 1, kSizes),
        guards_(o.seed, index + 1, kGuards) {}

  App build(std::int64_t budget) {
    app_.name = fmt::format("{}-{:03}", shape_.pick(kAppWords), index_ + 1);
    app_.region = static_cast<std::uint32_t>(index_ % topo_.primaries);
    const double p = shape_.uniform(0.0, 1.0);
    app_.policy = p < 0.25 ? Policy::critical : p < 0.75 ? Policy::important : Policy::non_critical;
    const Shape s = plan_shape(shape_, budget);
    build_tiers(s);
    protect();
    return std::move(app_);
  }

 private:
  const std::vector<std::string>& azs() const { return topo_.azs[app_.region]; }

  // The Region's AZs starting at a rotating one, so fleets of successive applications
  // do not all start in the "a" AZ.
  std::vector<std::string> spread() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < azs().size(); ++i) out.push_back(azs()[(index_ + i) % azs().size()]);
    return out;
  }

  Entry& add(std::string_view suffix, ResourceType type, Tier tier, std::int64_t count = 1) {
    Entry& e = app_.entries.emplace_back();
    e.id = fmt::format("{}-{}", app_.name, suffix);
    e.type = type;
    e.tier = tier;
    e.count = static_cast<std::uint32_t>(count);
    if (!models::is_regional(type)) {
      if (count > 1) e.azs = spread();
      else e.azs.push_back(azs()[static_cast<std::size_t>(shape_.between(0, static_cast<std::int64_t>(azs().size()) - 1))]);
    }
    if (models::is_data_bearing(type)) {
      const SizeRange r = size_range(type);
      const double size = sizes_.lognormal_in(r.lo, r.hi);
      e.size_gb = size < 10 ? std::round(size * 10) / 10 : std::round(size);
      // 0.5-5% of the data changes per day: logs and tables at the top, archives at the bottom.
      e.change_gb_per_day = std::max(0.1, std::round(e.size_gb * sizes_.uniform(0.005, 0.05) * 10) / 10);
      e.multi_az = shape_.chance(multi_az_share(type, app_.policy));
    }
    return e;
  }

  // One entry, or a fleet named in the plural when there are several.
  void add_group(std::string_view one, std::string_view many, ResourceType type, Tier tier, std::int64_t count) {
    if (count == 1) add(one, type, tier);
    else if (count > 1) add(many, type, tier, count);
  }

  ResourceType relational() { return shape_.chance(0.6) ? ResourceType::rds : ResourceType::aurora; }

  void build_tiers(const Shape& s) {
    // Images and compute first; their requires are filled once the data tier exists.
    const bool web = s.web > 0;
    if (web) add("web-ami", ResourceType::ami, Tier::web);
    add("app-ami", ResourceType::ami, Tier::app);
    if (web) add("web", ResourceType::ec2, Tier::web, s.web);
    add("app", ResourceType::ec2, Tier::app, s.app);
    if (s.workers > 0) add("worker", ResourceType::ec2, Tier::app, s.workers);
    std::vector<std::string> app_needs = {app_.name + "-app-ami"};
    // Per-server volumes share the app fleet's AZ spread, so member i sits with server i.
    if (s.per_server_vols) app_needs.push_back(add("app-vol", ResourceType::ebs, Tier::app, s.app).id);
    for (std::int64_t i = 1; i <= s.shared_vols; ++i)
      app_needs.push_back(add(fmt::format("shared-vol{}", i), ResourceType::ebs, Tier::app).id);

    // The data tier: the stores the servers need, then stores nothing waits for.
    std::int64_t left = s.data;
    std::vector<std::string> stores;
    // `type` empty: a relational database, RDS or Aurora. Draws are made one statement at
    // a time: the order of evaluation of a call's arguments is unspecified.
    auto core = [&](double share, std::string_view suffix, std::optional<ResourceType> type, bool needed) {
      if (left == 0 || !shape_.chance(share)) return;
      const ResourceType t = type ? *type : relational();
      const Entry& e = add(suffix, t, Tier::data);
      --left;
      if (needed) stores.push_back(e.id);
    };
    core(1.0, "db1", std::nullopt, true);
    core(1.0, "assets", ResourceType::s3, false);
    core(0.3, "db2", std::nullopt, true);
    core(0.4, "files", ResourceType::efs, true);
    core(0.4, "sessions", ResourceType::dynamodb, true);
    core(0.08, "docdb", ResourceType::documentdb, true);
    core(0.04, "graph", ResourceType::neptune, true);
    core(0.05, "fsx", ResourceType::fsx, true);
    core(0.05, "dw", ResourceType::redshift, false);
    const std::int64_t tables = std::llround(static_cast<double>(left) * shape_.uniform(0.3, 0.5));
    const std::int64_t buckets = std::llround(static_cast<double>(left - tables) * shape_.uniform(0.3, 0.6));
    add_group("table", "tables", ResourceType::dynamodb, Tier::data, tables);
    add_group("bucket", "buckets", ResourceType::s3, Tier::data, buckets);
    add_group("data-vol", "data-vols", ResourceType::ebs, Tier::data, left - tables - buckets);

    // web -> app -> data: each tier needs its image and the tier below, never above.
    app_needs.insert(app_needs.end(), stores.begin(), stores.end());
    std::vector<std::string> worker_needs = {app_.name + "-app-ami"};
    worker_needs.insert(worker_needs.end(), stores.begin(), stores.end());
    for (Entry& e : app_.entries) {
      if (e.type != ResourceType::ec2) continue;
      if (e.tier == Tier::web) e.requires_ = {app_.name + "-web-ami", app_.name + "-app"};
      else if (e.id == app_.name + "-app") e.requires_ = app_needs;
      else e.requires_ = worker_needs;
    }
  }

  // AWS Backup by tag for most data, native mechanisms where teams usually use them.
  void protect() {
    const std::string tag = app_.policy == Policy::critical ? "every-4h" : "daily";
    const bool legacy = guards_.chance(0.1);  // never tagged: its plan lists it by id
    const int hour = static_cast<int>(guards_.between(1, 6));
    const int minute = guards_.chance(0.5) ? 30 : 0;
    app_.rds_window = fmt::format("{:02}:{:02}-{:02}:{:02}", hour, minute, hour + (minute + 30) / 60, (minute + 30) % 60);
    app_.rds_retention = guards_.between(7, 14);
    app_.dlm_every = guards_.chance(0.5) ? "12h" : "24h";
    app_.dlm_retain = guards_.between(7, 14);
    for (Entry& e : app_.entries) {
      if (!models::is_data_bearing(e.type)) continue;
      Guard& g = e.guard;
      auto aws_backup = [&] {
        if (legacy) g.listed = true;
        else g.backup_tag = tag;
      };
      switch (e.type) {
        case ResourceType::ebs:
          if (guards_.chance(0.5)) g.dlm = true;
          else aws_backup();
          break;
        case ResourceType::rds:
          g.rds_native = true;
          if (guards_.chance(0.5)) aws_backup();
          g.continuous = app_.policy == Policy::critical;
          break;
        case ResourceType::aurora:
          aws_backup();
          g.continuous = app_.policy == Policy::critical;
          break;
        default: aws_backup();
      }
    }
  }

  const Topology& topo_;
  std::uint64_t index_;
  Draw shape_, sizes_, guards_;
  App app_;
};

// Application budgets adding up to exactly the resources asked for.
std::vector<std::int64_t> app_budgets(const GeneratorOptions& o) {
  Draw d(o.seed, 0, kBudgets);
  std::vector<std::int64_t> out;
  auto left = static_cast<std::int64_t>(o.resources);
  while (left > 0) {
    std::int64_t b = left <= kMaxApp ? left : d.between(kMinApp, kMaxApp);
    if (left - b > 0 && left - b < kMinApp) b = left - kMinApp;  // the last one stays >= 15
    out.push_back(b);
    left -= b;
  }
  return out;
}

// About kGapShare of the resources lose their off-Region protection. Gaps cluster the way
// they do in real estates: a few neglected applications whose single data stores (not
// fleets, so the share comes out exact) never got their copies, rather than one store in
// every application. Applications are taken in a random order, each store of one in turn.
void leave_gaps(const GeneratorOptions& o, std::vector<App>& apps) {
  std::vector<App*> order;
  for (App& a : apps) order.push_back(&a);
  Draw d(o.seed, 0, kGaps);
  for (std::size_t i = order.size(); i > 1; --i)  // Fisher-Yates
    std::swap(order[i - 1], order[static_cast<std::size_t>(d.between(0, static_cast<std::int64_t>(i) - 1))]);
  const auto wanted = std::max<std::int64_t>(1, std::llround(static_cast<double>(o.resources) * kGapShare));
  std::int64_t left = wanted;
  for (App* a : order) {
    for (Entry& e : a->entries) {
      if (left == 0) return;
      if (e.count != 1 || !models::is_data_bearing(e.type)) continue;
      Guard g;
      if (e.type == ResourceType::rds) {
        g.rds_native = true;  // automated backups, never replicated
        g.copy = false;
      } else if (e.type == ResourceType::ebs) {
        g.dlm = true;  // snapshots, never copied
        g.copy = false;
      } else if (d.chance(0.5)) {
        g.backup_tag = "daily-local";  // a plan without a copy action
      }  // else: nothing at all
      e.guard = g;
      --left;
    }
  }
}

// ---------------------------------------------------------------------------------------
// The JSON sections

Json write_regions(const Topology& t) {
  Json out = Json::array();
  for (std::size_t r = 0; r < t.regions.size(); ++r) out.push_back({{"name", t.regions[r]}, {"azs", t.azs[r]}});
  return out;
}

Json write_vaults(const Topology& t) {
  Json out = Json::array();
  for (const auto& r : t.regions) {
    out.push_back({{"name", "prod-vault-" + r}, {"region", r}});
    out.push_back({{"name", "dr-vault-" + r}, {"region", r}});
  }
  return out;
}

Json size_value(double gb) {
  if (gb == std::floor(gb)) return static_cast<std::int64_t>(gb);  // "250", not "250.0"
  return gb;
}

Json write_resource(const Topology& t, const App& a, const Entry& e) {
  Json r;
  r["id"] = e.id;
  r["type"] = models::to_string(e.type);
  if (e.count > 1) r["count"] = e.count;
  r["region"] = t.regions[a.region];
  if (e.azs.size() == 1) r["az"] = e.azs.front();
  else if (!e.azs.empty()) r["az"] = e.azs;
  if (e.multi_az) r["multi_az"] = true;
  if (e.size_gb > 0) {
    r["size_gb"] = size_value(e.size_gb);
    r["change_gb_per_day"] = size_value(e.change_gb_per_day);
  }
  Json tags = {{"app", a.name}, {"tier", kTierNames[static_cast<int>(e.tier)]}};
  if (!e.guard.backup_tag.empty()) tags["backup"] = e.guard.backup_tag;
  r["tags"] = std::move(tags);
  if (!e.requires_.empty()) r["requires"] = e.requires_;
  return r;
}

Json write_resources(const Topology& t, const std::vector<App>& apps) {
  Json out = Json::array();
  for (const App& a : apps)
    for (const Entry& e : a.entries) out.push_back(write_resource(t, a, e));
  return out;
}

Json tag_selection(std::string_view name, std::string_view value) {
  return {{"SelectionName", name},
          {"IamRoleArn", kBackupRole},
          {"ListOfTags", Json::array({{{"ConditionType", "STRINGEQUALS"}, {"ConditionKey", "backup"}, {"ConditionValue", value}}})}};
}

Json id_selection(std::string_view name, const std::vector<std::string>& ids) {
  return {{"SelectionName", name}, {"IamRoleArn", kBackupRole}, {"Resources", ids}};
}

Json lifecycle(std::int64_t delete_after, std::int64_t cold_after = 0) {
  Json l;
  if (cold_after > 0) l["MoveToColdStorageAfterDays"] = cold_after;
  l["DeleteAfterDays"] = delete_after;
  return l;
}

Json rule(std::string_view name, const std::string& vault, std::string_view cron, std::int64_t completion, Json life) {
  return {{"RuleName", name},
          {"TargetBackupVaultName", vault},
          {"ScheduleExpression", cron},
          {"StartWindowMinutes", 60},
          {"CompletionWindowMinutes", completion},
          {"Lifecycle", std::move(life)}};
}

Json plan(const std::string& region, std::string name, Json rules, Json selections) {
  return {{"region", region},
          {"BackupPlan", {{"BackupPlanName", std::move(name)}, {"Rules", std::move(rules)}}},
          {"Selections", std::move(selections)}};
}

// What one Region's plans have to select.
struct RegionSelections {
  bool daily = false, every_4h = false, local = false;
  std::vector<std::string> listed, continuous;
};

RegionSelections gather(const std::vector<App>& apps, std::uint32_t region) {
  RegionSelections s;
  for (const App& a : apps) {
    if (a.region != region) continue;
    for (const Entry& e : a.entries) {
      s.daily |= e.guard.backup_tag == "daily";
      s.every_4h |= e.guard.backup_tag == "every-4h";
      s.local |= e.guard.backup_tag == "daily-local";
      if (e.guard.listed) s.listed.push_back(e.id);
      if (e.guard.continuous) s.continuous.push_back(e.id);
    }
  }
  return s;
}

// Per workload Region: daily (with a monthly archive rule in some Regions), every-4h for
// critical applications, point-in-time for their databases, and the copy-less plan that
// makes some of the gaps. Completion windows (12h-24h) fit the first, full backup of all
// but the very largest buckets at the backup rates of write_models(). Only plans that select something are written: AWS (and drsim)
// reject a selection that matches nothing.
void write_region_plans(const GeneratorOptions& o, const Topology& t, const std::vector<App>& apps, std::uint32_t r,
                        Json& out) {
  const RegionSelections s = gather(apps, r);
  Draw d(o.seed, r + 1, kPlans);
  const std::string& region = t.regions[r];
  const std::string vault = "prod-vault-" + region;
  const Json copy = {{{"DestinationBackupVaultArn", t.dr_vault_arn(r)}, {"Lifecycle", lifecycle(35)}}};
  if (s.daily || !s.listed.empty()) {
    Json daily = rule("daily", vault, "cron(0 5 ? * * *)", d.chance(0.5) ? 720 : 1440, lifecycle(35));
    daily["CopyActions"] = copy;
    Json rules = Json::array({std::move(daily)});
    if (d.chance(0.5)) {
      Json monthly = rule("monthly-archive", vault, "cron(0 8 1 * ? *)", 1440, lifecycle(365, 30));
      monthly["CopyActions"] = {{{"DestinationBackupVaultArn", t.dr_vault_arn(r)}, {"Lifecycle", lifecycle(365, 30)}}};
      rules.push_back(std::move(monthly));
    }
    Json selections = Json::array();
    if (s.daily) selections.push_back(tag_selection("tagged-daily", "daily"));
    if (!s.listed.empty()) selections.push_back(id_selection("untagged-apps", s.listed));
    out.push_back(plan(region, "daily-" + region, std::move(rules), std::move(selections)));
  }
  if (s.every_4h) {
    Json frequent = rule("every-4h", vault, "cron(0 0/4 * * ? *)", 720, lifecycle(35));
    frequent["CopyActions"] = copy;
    out.push_back(plan(region, "every-4h-" + region, Json::array({std::move(frequent)}),
                       Json::array({tag_selection("tagged-every-4h", "every-4h")})));
  }
  if (!s.continuous.empty()) {
    Json pitr = rule("continuous", vault, "cron(0 1 ? * * *)", 480, lifecycle(35));
    pitr["EnableContinuousBackup"] = true;
    out.push_back(plan(region, "pitr-" + region, Json::array({std::move(pitr)}),
                       Json::array({id_selection("critical-databases", s.continuous)})));
  }
  if (s.local) {
    out.push_back(plan(region, "daily-local-" + region,
                       Json::array({rule("daily-local", vault, "cron(0 3 ? * * *)", 480, lifecycle(35))}),
                       Json::array({tag_selection("tagged-daily-local", "daily-local")})));
  }
}

Json write_backup_plans(const GeneratorOptions& o, const Topology& t, const std::vector<App>& apps) {
  Json out = Json::array();
  for (std::uint32_t r = 0; r < t.primaries; ++r) write_region_plans(o, t, apps, r, out);
  return out;
}

Json write_protections(const Topology& t, const std::vector<App>& apps) {
  Json out = Json::array();
  for (const App& a : apps) {
    const std::string& dr = t.regions[t.failover[a.region]];
    for (bool copy : {true, false}) {
      std::vector<std::string> rds, ebs;
      for (const Entry& e : a.entries) {
        if (e.guard.copy != copy) continue;
        if (e.guard.rds_native) rds.push_back(e.id);
        if (e.guard.dlm) ebs.push_back(e.id);
      }
      if (!rds.empty()) {
        Json p = {{"kind", "rds_automated_backups"}, {"resources", rds}, {"window", a.rds_window},
                  {"retention_days", a.rds_retention}, {"log_interval", "5m"}};
        if (copy) p["replicate_to"] = dr;
        out.push_back(std::move(p));
      }
      if (!ebs.empty()) {
        Json p = {{"kind", "dlm_snapshots"}, {"resources", ebs}, {"every", a.dlm_every}, {"retain", a.dlm_retain}};
        if (copy) p["copy_to"] = dr;
        out.push_back(std::move(p));
      }
    }
  }
  // Every image is copied ahead of time: without it no server could relaunch elsewhere.
  for (std::uint32_t r = 0; r < t.primaries; ++r) {
    std::vector<std::string> amis;
    for (const App& a : apps)
      if (a.region == r)
        for (const Entry& e : a.entries)
          if (e.type == ResourceType::ami) amis.push_back(e.id);
    if (!amis.empty())
      out.push_back({{"kind", "ami_copy"}, {"resources", amis}, {"copy_to", t.regions[t.failover[r]]}});
  }
  return out;
}

Json restore_model(Json fixed, double mib_per_s = 0) {
  Json restore = {{"fixed", std::move(fixed)}};
  if (mib_per_s > 0) restore["mib_per_s"] = mib_per_s;
  return restore;
}

Json lognormal(std::string_view p50, std::string_view p90) { return {{"lognormal", {{"p50", p50}, {"p90", p90}}}}; }
Json triangular(std::string_view lo, std::string_view mode, std::string_view hi) {
  return {{"triangular", {lo, mode, hi}}};
}
Json uniform(std::string_view lo, std::string_view hi) { return {{"uniform", {lo, hi}}}; }

// Restore times vary from run to run: the fixed parts are distributions around the
// documented defaults (docs/models.md). Backups of the large stores are faster than the
// generic 100 MiB/s placeholder (storage-level snapshots for Aurora and Redshift, parallel
// object reads for S3): at that rate the first full backup of a multi-TB store would
// overrun every completion window and leave far more gaps than the deliberate ones.
Json write_models() {
  auto type = [](double backup_mib_per_s, Json restore) {
    Json m;
    if (backup_mib_per_s > 0) m["backup"] = {{"mib_per_s", backup_mib_per_s}};
    m["restore"] = std::move(restore);
    return m;
  };
  Json m;
  m["backup_job"] = {{"start_delay", uniform("0s", "10m")}};
  m["ec2"] = type(0, restore_model(lognormal("4m", "9m")));
  m["ebs"] = type(0, restore_model(lognormal("6m", "15m")));
  m["rds"] = type(300, restore_model(triangular("15m", "25m", "60m"), 100));
  m["aurora"] = type(1000, restore_model(triangular("10m", "15m", "45m"), 200));
  m["dynamodb"] = type(0, restore_model(lognormal("20m", "45m"), 200));
  m["efs"] = type(300, restore_model(uniform("5m", "15m"), 50));
  m["s3"] = type(1000, restore_model(uniform("10m", "30m"), 100));
  m["fsx"] = type(500, restore_model(triangular("20m", "30m", "90m"), 100));
  m["redshift"] = type(1000, restore_model(triangular("10m", "20m", "45m"), 500));
  m["documentdb"] = type(300, restore_model(triangular("15m", "20m", "45m"), 100));
  m["neptune"] = type(300, restore_model(triangular("15m", "20m", "45m"), 100));
  return m;
}

// Concurrency limits per recovery Region: AWS Backup restore jobs for the data types, and
// a tighter one for database restores. No pool spans every type and Region, which would
// serialise the whole recovery behind one queue.
Json write_recovery(const GeneratorOptions& o, const Topology& t) {
  Draw d(o.seed, 0, kRunbook);
  Json failover = Json::object();
  for (std::size_t r = 0; r < t.regions.size(); ++r) failover[t.regions[r]] = t.regions[t.failover[r]];
  const auto restore_jobs = std::max<std::uint64_t>(10, o.resources / 50);
  Json pools = Json::array();
  pools.push_back({{"name", "restore-jobs"}, {"capacity", restore_jobs}, {"per", "region"},
                   {"types", {"ebs", "rds", "aurora", "dynamodb", "efs", "s3", "fsx", "redshift", "documentdb", "neptune"}}});
  pools.push_back({{"name", "db-restores"}, {"capacity", d.between(5, 20)}, {"per", "region"},
                   {"types", {"rds", "aurora", "documentdb", "neptune"}}});
  return {{"detection", "5m"}, {"declaration", uniform("15m", "45m")}, {"cutover", "3m"},
          {"failover_regions", std::move(failover)}, {"pools", std::move(pools)}};
}

Json target(std::int64_t rto, std::int64_t rpo) { return {{"rtoInSecs", rto}, {"rpoInSecs", rpo}}; }

Json policy_of(Policy p) {
  switch (p) {
    case Policy::critical:
      return {{"policyName", "critical-4h"}, {"tier", "Critical"},
              {"policy", {{"AZ", target(3600, 3600)}, {"Region", target(14400, 14400)}}}};
    case Policy::important:
      return {{"policyName", "important-1d"}, {"tier", "Important"},
              {"policy", {{"AZ", target(14400, 14400)}, {"Region", target(86400, 86400)}}}};
    case Policy::non_critical:
      return {{"policyName", "non-critical-2d"}, {"tier", "NonCritical"},
              {"policy", {{"AZ", target(86400, 86400)}, {"Region", target(172800, 172800)}}}};
  }
  return {};
}

Json write_applications(const std::vector<App>& apps) {
  Json out = Json::array();
  for (const App& a : apps) {
    std::vector<std::string> ids;
    for (const Entry& e : a.entries) ids.push_back(e.id);
    out.push_back({{"name", a.name}, {"resources", std::move(ids)}, {"policy", policy_of(a.policy)}});
  }
  return out;
}

Json write_failures(const Topology& t) {
  const Json at = {{"uniform", kFailureWindow}};
  return Json::array({{{"name", "region-loss"}, {"scope", "region"}, {"target", t.regions[0]}, {"at", at}},
                      {{"name", "az-loss"}, {"scope", "az"}, {"target", t.azs[0][0]}, {"at", at}}});
}

}  // namespace

std::string check(const GeneratorOptions& o) {
  if (o.resources < kMinResources || o.resources > kMaxResources)
    return fmt::format("--resources must be between {} and {}", kMinResources, kMaxResources);
  if (o.regions < kMinRegions || o.regions > kMaxRegions)
    return fmt::format("--regions must be between {} and {}", kMinRegions, kMaxRegions);
  if (o.trials < 1 || o.trials > kMaxTrials) return fmt::format("--trials must be between 1 and {}", kMaxTrials);
  return "";
}

std::string generate_scenario_json(const GeneratorOptions& o) {
  const Topology topo = make_topology(o.regions);
  const std::vector<std::int64_t> budgets = app_budgets(o);
  std::vector<App> apps;
  apps.reserve(budgets.size());
  for (std::size_t i = 0; i < budgets.size(); ++i) apps.push_back(AppBuilder(o, topo, i).build(budgets[i]));
  leave_gaps(o, apps);

  Json doc;
  doc["drsim"] = 1;
  doc["name"] = fmt::format("generated-{}-r{}-s{}", o.resources, o.regions, o.seed);
  doc["description"] = fmt::format(
      "Synthetic workload from `drsim generate --resources {} --regions {} --seed {}`: {} applications of 15-80 "
      "resources (web and app tiers of EC2 fleets over a data tier of EBS, RDS, Aurora, DynamoDB, EFS, S3 and now and "
      "then FSx, Redshift, DocumentDB, Neptune) in {} workload Region(s), each paired with a DR Region. Sizes, mixes "
      "and protections are drawn from plausible ranges: AWS Backup plans with cross-Region copies, RDS automated "
      "backups, DLM snapshots and AMI copies; about 2% of resources are deliberately left unprotected or protected "
      "only in their own Region.",
      o.resources, o.regions, o.seed, apps.size(), topo.primaries);
  doc["epoch"] = "2026-01-01T00:00:00Z";
  doc["regions"] = write_regions(topo);
  doc["vaults"] = write_vaults(topo);
  doc["resources"] = write_resources(topo, apps);
  doc["backup_plans"] = write_backup_plans(o, topo, apps);
  doc["protections"] = write_protections(topo, apps);
  doc["models"] = write_models();
  doc["recovery"] = write_recovery(o, topo);
  doc["applications"] = write_applications(apps);
  doc["failures"] = write_failures(topo);
  doc["simulation"] = {{"seed", o.seed}, {"trials", o.trials}};
  return doc.dump(2) + "\n";
}

}  // namespace drsim::scenarios
