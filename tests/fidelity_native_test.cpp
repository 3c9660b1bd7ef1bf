// Service-native snapshot schedules as AWS documents them, by hand:
// - DLM: "The supported values are 1, 2, 3, 4, 6, 8, 12, and 24" hours from `Times`; "The
//   operation occurs within a one-hour window following the specified time"; retention by
//   count or age; up to three copy Regions with their own retention; fast snapshot restore
//   ("fully initialized at creation", "60 minutes per TiB to optimize", credits);
// - RDS cross-Region automated backups: "the underlying RPO is ... ranging 5-30 minutes";
// - FSx automatic daily backups in a 30-minute window, kept 7 days by default (Windows);
//   Lustre scratch file systems cannot be backed up, nor be Multi-AZ;
// - Redshift: "a snapshot about every eight hours or following every 5 GB per node of data
//   changes"; copies kept 7 days by default;
// - Storage Gateway: "once every 24 hours" by default; a cached volume's recovery point.
#include <doctest/doctest.h>

#include <algorithm>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// An EBS volume in us-east-1a under DLM; 5-minute snapshots, 10-minute copies, 5-minute restores.
const char* kDlm = R"js({
  "drsim": 1, "name": "dlm",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]},
              {"name": "eu-west-1", "azs": ["eu-west-1a"]}],
  "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100,
                 "change_gb_per_day": 0}],
  "models": {"ebs": {"backup": {"fixed": "5m"}, "copy": {"fixed": "10m"}}},
  "protections": [{"kind": "dlm_snapshots", "resources": ["vol"], POLICY}],
  "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}RECOVERY},
  "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T08:00:00Z"},
               {"name": "az-noon", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T12:00:00Z"},
               {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-05T12:00:00Z"}]})js";

std::string dlm(const std::string& policy, const std::string& recovery = "") {
  return replace(replace(kDlm, "POLICY", policy), "RECOVERY", recovery);
}

}  // namespace

TEST_CASE("DLM: interval schedules anchored at Times, starting within an hour") {
  SUBCASE("every 12h from 09:00, started on time: 09:00 and 21:00; at 08:00 the newest is 21:00, RPO 11h") {
    const auto s = load_json(dlm(R"js("every": "12h", "times": ["09:00"], "start_delay": "0s")js"));
    CHECK(run_trial(s, "az").rpo(s, 0) == hours(11));
  }
  SUBCASE("by default a snapshot starts up to an hour late: RPO in (10h, 11h]") {
    const auto s = load_json(dlm(R"js("every": "12h", "times": ["09:00"])js"));
    sim::Duration lo = sim::kNever, hi = 0;
    for (const auto& t : run_trials(s, "az", 200)) {
      lo = std::min(lo, t.rpo(s, 0));
      hi = std::max(hi, t.rpo(s, 0));
    }
    CHECK(lo > hours(10));
    CHECK(hi <= hours(11));
    CHECK(hi - lo > minutes(45));  // the delay really varies over the hour
  }
  SUBCASE("intervals DLM does not offer are refused, with its rule") {
    const auto r = load_result(dlm(R"js("every": "5h")js"));
    CHECK_REFUSES(r, "/protections/0/every", "\"The supported values are 1, 2, 3, 4, 6, 8, 12, and 24\" hours");
  }
  SUBCASE("a cron schedule runs at most hourly") {
    CHECK(load_result(dlm(R"js("cron": "cron(0 9 ? * MON-FRI *)")js")).errors.empty());
    CHECK_REFUSES(load_result(dlm(R"js("cron": "cron(0/20 * ? * * *)")js")), "/protections/0/cron",
                  "\"The schedule interval must be between 1 hour and 1 year\"");
  }
}

TEST_CASE("DLM retention by count or age, and copy rules with their own retention") {
  SUBCASE("retain_for 2d: the snapshots of 01-02 00:00 and later are kept at 01-05 12:00") {
    const auto s = load_json(dlm(R"js("every": "24h", "retain_for": "2d", "start_delay": "0s")js"));
    REQUIRE(s.snapshot_policies[0].retention.days == 2);
    CHECK(s.snapshot_policies[0].retention.count == -1);
  }
  SUBCASE("two copy Regions: the copy already in the recovery Region is used, with its own retention") {
    // Daily at 00:00; at 01-05 12:00 both copies of the 00:00 snapshot (available 00:15) exist;
    // the us-west-2 one is local to the recovery: RPO 12h, restore 5m without a cross-Region copy.
    const auto s = load_json(dlm(R"js("every": "24h", "start_delay": "0s", "retain": 3,
        "copies": [{"to": "us-west-2", "retain_for": "1d"}, {"to": "eu-west-1"}])js"));
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].point.mechanism == models::Mechanism::snapshot_copy);
    CHECK(t.resources[0].point.region == 1);
    CHECK(t.rpo(s, 0) == hours(12));
    CHECK(t.rto(0) == minutes(5));
    CHECK(t.resources[0].point.expires_at == 4 * sim::kDay + sim::kDay);  // retain_for 1d from 01-05 00:00
    CHECK(s.snapshot_policies[0].copies[1].retention.count == 3);        // the source's retention
  }
  SUBCASE("at most three copy Regions") {
    const auto r = load_result(dlm(R"js("every": "24h",
        "copies": [{"to": "us-west-2"}, {"to": "eu-west-1"}, {"to": "us-west-2"}, {"to": "eu-west-1"}])js"));
    CHECK_REFUSES(r, "/protections/0", "\"snapshots can be copied to up to three Regions\"");
  }
}

TEST_CASE("DLM fast snapshot restore: a volume fully initialised at creation, if the snapshot is ready in that AZ") {
  // 100 GiB, daily at 00:00 (5 minutes). FSR: optimising 100/1024 h = 5m52s, then the first of
  // MIN(10, 1024/100) = 10 credits an hour: 6m; enabled by 00:16:52. With volume_initialization
  // "full", a volume without FSR reads every block at 100 MiB/s: 102400 MiB = 17m04s.
  const std::string full = R"js(, "volume_initialization": "full")js";
  SUBCASE("FSR in us-east-1b, where the AZ loss restores it: RTO = the 5m creation alone") {
    const auto s = load_json(dlm(R"js("every": "24h", "start_delay": "0s", "fast_restore": {"azs": ["us-east-1b"], "count": 1})js", full));
    const auto t = run_trial(s, "az-noon");
    CHECK(t.resources[0].fast_restore);
    CHECK(t.resources[0].point.fast_restore_at == sim::kDay + minutes(5) + seconds(352) + minutes(6));
    CHECK(t.rto(0) == minutes(5));
  }
  SUBCASE("FSR only in us-east-1a: the restore in 1b initialises lazily, 5m + 17m04s") {
    const auto s = load_json(dlm(R"js("every": "24h", "start_delay": "0s", "fast_restore": {"azs": ["us-east-1a"], "count": 1})js", full));
    const auto t = run_trial(s, "az-noon");
    CHECK_FALSE(t.resources[0].fast_restore);
    CHECK(t.resources[0].initialize == seconds(1024));
    CHECK(t.rto(0) == minutes(22) + seconds(4));
  }
  SUBCASE("lazy initialisation (the default): the volume serves after its creation either way") {
    const auto s = load_json(dlm(R"js("every": "24h", "start_delay": "0s")js"));
    CHECK(run_trial(s, "az-noon").rto(0) == minutes(5));
  }
}

TEST_CASE("RDS cross-Region automated backups: RPO 5-30 minutes in the destination") {
  // Logs every 5 minutes reach us-west-2 5-25 minutes late: RPO = failure − the last 5-minute
  // boundary before failure − lag, in [5m, 30m).
  const auto s = load_json(R"js({
    "drsim": 1, "name": "rds-replicated",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"}],
    "protections": [{"kind": "rds_automated_backups", "resources": ["db"], "replicate_to": "us-west-2"}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-05T14:07:30Z"}]})js");
  sim::Duration lo = sim::kNever, hi = 0;
  for (const auto& t : run_trials(s, "region", 300)) {
    REQUIRE(t.resources[0].point.mechanism == models::Mechanism::rds_pitr_replica);
    lo = std::min(lo, t.rpo(s, 0));
    hi = std::max(hi, t.rpo(s, 0));
  }
  CHECK(lo >= minutes(5));
  CHECK(hi < minutes(30));
  CHECK(lo < minutes(10));
  CHECK(hi > minutes(25));
}

TEST_CASE("FSx for Windows: daily backups in a 30-minute window; Multi-AZ fails over in under 30 s") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "fsx",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "share", "type": "fsx_windows", "region": "us-east-1", "az": "us-east-1a", "change_gb_per_day": 0},
                  {"id": "ha-share", "type": "fsx_windows", "region": "us-east-1", "az": "us-east-1a", "multi_az": true}],
    "models": {"fsx_windows": {"backup": {"fixed": "10m"}}},
    "protections": [{"kind": "fsx_automatic_backups", "resources": ["share"], "start_time": "01:00"}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-03T12:00:00Z"},
                 {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-03T12:00:00Z"}]})js");
  CHECK(s.snapshot_policies[0].retention.days == 7);  // "The default is to retain backups for 7 days."
  const auto trials = run_trials(s, "az", 100);
  for (const auto& t : trials) {
    // Backups are stored in S3: the 01:00-01:30 backup survives the AZ. RPO 10h30m-11h;
    // restore 15m (the default, size 0).
    CHECK(t.rpo(s, 0) > hours(10) + minutes(30));
    CHECK(t.rpo(s, 0) <= hours(11));
    CHECK(t.rto(0) == minutes(15));
    CHECK(t.resources[1].status == models::ResourceStatus::failed_over);
    CHECK(t.rto(1) == seconds(30));
  }
  // Only in-Region backups: a Region loss leaves nothing.
  CHECK(run_trial(s, "region").resources[0].status == models::ResourceStatus::unrecoverable);
}

TEST_CASE("FSx for Lustre: scratch has no backups and no Multi-AZ; persistent needs a retention") {
  const std::string base = R"js({
    "drsim": 1, "name": "lustre",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "scratch", "type": "fsx_lustre", "region": "us-east-1", "az": "us-east-1a"},
                  {"id": "persistent", "type": "fsx_lustre", "region": "us-east-1", "az": "us-east-1a", "deployment": "PERSISTENT_2"}],
    "protections": [PROTECTIONS],
    "recovery": {}, "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-03T12:00:00Z"}]})js";
  auto with = [&](const std::string& p) { return load_result(replace(base, "PROTECTIONS", p)); };
  CHECK_REFUSES(with(R"js({"kind": "fsx_automatic_backups", "resources": ["scratch"], "retention_days": 7})js"),
                "/protections/0/resources", "\"Amazon FSx doesn't support backups on scratch file systems\"");
  CHECK_REFUSES(with(R"js({"kind": "fsx_automatic_backups", "resources": ["persistent"]})js"), "/protections/0",
                "FSx for Lustre keeps no automatic backups by default");
  const auto ok = with(R"js({"kind": "fsx_automatic_backups", "resources": ["persistent"], "retention_days": 30})js");
  REQUIRE(ok.scenario);
  CHECK(ok.scenario->resources[0].scratch);  // AWS's default deployment is SCRATCH_1
  CHECK_FALSE(ok.scenario->resources[1].scratch);
  CHECK(run_trial(*ok.scenario, "az").resources[0].cause == models::UnrecoverableCause::no_protection);
  std::string multi = replace(base, "PROTECTIONS", "");
  multi = replace(multi, R"js("deployment": "PERSISTENT_2")js", R"js("deployment": "PERSISTENT_2", "multi_az": true)js");
  CHECK_REFUSES(load_result(multi), "/resources/1/multi_az", "FSx for Lustre file systems are single-AZ");
}

TEST_CASE("Redshift automated snapshots: every 8 hours, or after every 5 GB per node of change") {
  const std::string base = R"js({
    "drsim": 1, "name": "warehouse",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "dw", "type": "redshift", "region": "us-east-1", "az": "us-east-1a", "size_gb": 1000, "nodes": 2,
                   "change_gb_per_day": CHANGE}],
    "models": {"redshift": {"backup": {"fixed": "5m"}, "copy": {"fixed": "20m"}}},
    "protections": [{"kind": "redshift_snapshots", "resources": ["dw"], "copy_to": "us-west-2"}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T12:30:00Z"},
                 {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-02T12:30:00Z"}]})js";
  SUBCASE("240 GB/day on 2 nodes: 10 GB every hour, so hourly snapshots") {
    // At 12:30 the 12:00 snapshot (done 12:05) is the newest: RPO 30m. Its copy landed 12:25.
    // Region: restore 20m + 1000 GiB / 500 MiB/s (34m08s) = 54m08s.
    const auto s = load_json(replace(base, "CHANGE", "240"));
    CHECK(run_trial(s, "az").rpo(s, 0) == minutes(30));
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].point.mechanism == models::Mechanism::snapshot_copy);
    CHECK(t.rpo(s, 0) == minutes(30));
    CHECK(t.rto(0) == minutes(54) + seconds(8));
    // "The default retention period for copied snapshots is seven days"; the source's one day.
    CHECK(t.resources[0].point.expires_at == t.resources[0].point.data_time + 7 * sim::kDay);
    CHECK(s.snapshot_policies[0].retention.days == 1);
  }
  SUBCASE("little change: every 8 hours (00:00, 08:00, 16:00): at 12:30, RPO 4h30m") {
    const auto s = load_json(replace(base, "CHANGE", "1"));
    CHECK(run_trial(s, "az").rpo(s, 0) == hours(4) + minutes(30));
  }
}

TEST_CASE("Storage Gateway volumes: snapshots of a stored volume; a cached volume's recovery point") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "gateway",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "stored", "type": "storage_gateway", "volume_type": "stored", "region": "us-east-1", "az": "us-east-1a"},
                  {"id": "cached", "type": "storage_gateway", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"storage_gateway": {"backup": {"fixed": "10m"}}},
    "protections": [{"kind": "storage_gateway_snapshots", "resources": ["stored"], "start_hour": 2}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T14:00:00Z"},
                 {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-02T14:00:00Z"}]})js");
  const auto t = run_trial(s, "az");
  // Stored: the daily 02:00 snapshot (an EBS snapshot, regional): RPO 12h; restore 30m.
  CHECK(t.rpo(s, 0) == hours(12));
  CHECK(t.rto(0) == minutes(30));
  // Cached: its data is in S3 up to the upload lag (5m by default): RPO 5m.
  CHECK(t.resources[1].point.mechanism == models::Mechanism::continuous);
  CHECK(t.rpo(s, 1) == minutes(5));
  // Neither has anything outside the Region.
  const auto region = run_trial(s, "region");
  CHECK(region.resources[0].status == models::ResourceStatus::unrecoverable);
  CHECK(region.resources[1].status == models::ResourceStatus::unrecoverable);
}
