// How far back the per-trial window search looks (BackupHistory::lookback), by hand: jobs due
// earlier than that are over, because a job ends by its due instant + its completion window +
// its copies at their longest + their waits for a copy slot (CopyWaits::reach_before).
#include <doctest/doctest.h>

#include "models/backup_history.hpp"
#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// One copy slot into us-west-2. A file system copied once a year (Jan 1 05:00) whose copy takes
// 5 days, and a volume copied daily at 05:00. Every model is fixed: backups 10 min (volume)
// and 20 min (file system), copies 10 min (volume) and 5 days (file system), no start delay.
const char* kQueued = R"js({
  "drsim": 1, "name": "queued",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
  "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"},
                {"id": "files", "type": "efs", "region": "us-east-1"}],
  "models": {"backup_job": {"start_delay": "0s"}, "copy_jobs": {"concurrent_per_region": 1},
             "ebs": {"backup": {"fixed": "10m", "mib_per_s": 0}, "copy": {"fixed": "10m", "mib_per_s": 0}},
             "efs": {"backup": {"fixed": "20m", "mib_per_s": 0}, "copy": {"fixed": "5d", "mib_per_s": 0}}},
  "backup_plans": [
    {"region": "us-east-1", "BackupPlan": {"BackupPlanName": "daily", "Rules": [
      {"RuleName": "daily", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
       "StartWindowMinutes": 60, "CompletionWindowMinutes": 120, "Lifecycle": {"DeleteAfterDays": 30},
       "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
     "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]},
    {"region": "us-east-1", "BackupPlan": {"BackupPlanName": "yearly", "Rules": [
      {"RuleName": "yearly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 1 1 ? *)",
       "StartWindowMinutes": 60, "CompletionWindowMinutes": 120, "Lifecycle": {"DeleteAfterDays": 400},
       "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
     "Selections": [{"SelectionName": "s", "Resources": ["files"]}]}],
  "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
  "failures": [{"name": "late", "scope": "az", "target": "us-east-1a", "at": "2026-03-05T00:00:00Z"}]})js";

sim::Duration hm(int h, int m) { return h * sim::kHour + m * sim::kMinute; }

}  // namespace

TEST_CASE("The per-trial window search looks back only as far as older jobs' copy waits reach") {
  // The copy queue, played once (every model fixed, so it is exact):
  // - Jan 1: the volume backs up 05:00-05:10 and copies 05:10-05:20; the file system backs up
  //   05:00-05:20 and takes the slot at 05:20 (freed then) until Jan 6 05:20 (5 days);
  // - Jan 2: the volume's copy, asked for at 05:10, waits until Jan 6 05:20: 4d00h10m; its queue
  //   is busy until Jan 6 05:30, so its Jan 3-5 jobs expire (start window 05:00-06:00) and the
  //   Jan 6 job starts at 05:30 and copies at once.
  // The only queued copy: the Jan 2 job (due 1d05h), waiting 4d00h10m, so its reach is
  // 1d05h + 1 copy x 4d00h10m = 5d05h10m.
  const auto s = load_json(kQueued);
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  const models::ResourceIndex vol = index_of(s, "vol");
  const models::CopyWaits& waits = history.copy_waits();
  CHECK(waits.longest_wait(vol) == 4 * sim::kDay + hm(0, 10));
  CHECK(waits.reach_before(vol, sim::kDay + hm(5, 0)) == models::CopyWaits::kNoReach);
  CHECK(waits.reach_before(vol, sim::kDay + hm(5, 1)) == 5 * sim::kDay + hm(5, 10));

  // The volume's jobs end by due + completion 2h + copy 10m (2h10m, "unqueued") + waits; its
  // longest job is 2h + 4d00h10m + 10m = 4d02h20m. The search tries 2h10m, doubling:
  SUBCASE("two months on, the early queue is long over: back only 2h10m") {
    // reach_before(60d - 2h10m) = 5d05h10m <= 60d - 2h10m.
    CHECK(history.lookback(vol, 60 * sim::kDay) == hm(2, 10));
  }
  SUBCASE("while the volume's Jan 2 copy waits: back far enough to see that job") {
    // At Jan 4 12:00 (3d12h) the reach 5d05h10m is past 3d12h - 2h10m for every lookback that
    // still includes the Jan 2 job: 2h10m, 4h20m, 8h40m, 17h20m, 34h40m; 69h20m reaches back
    // to 14h40m, before it (and no copy due earlier waited).
    CHECK(history.lookback(vol, 3 * sim::kDay + hm(12, 0)) == hm(69, 20));
  }
  SUBCASE("just after it, the bound cannot tell yet: the longest job") {
    // At Jan 6 06:00 (5d06h) the reach 5d05h10m + 2h10m is past 5d06h, so the lookback must
    // exclude the Jan 2 job: at least 5d06h - 1d05h = 97h, between the doubling steps 69h20m and
    // 138h40m, and the second is past the longest job.
    CHECK(history.lookback(vol, 5 * sim::kDay + hm(6, 0)) == 4 * sim::kDay + hm(2, 20));
  }
}
