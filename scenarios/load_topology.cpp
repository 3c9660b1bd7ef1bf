// Regions, their AZs, and backup vaults: the names everything else refers to.
#include <fmt/format.h>

#include "scenarios/load_sections.hpp"
#include "scenarios/pseudo_arn.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kRegionKeys[] = {"name", "azs"};
constexpr std::string_view kVaultKeys[] = {"name", "region", "EncryptionKeyArn"};
constexpr std::string_view kVaultRequired[] = {"name", "region"};

// "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID": the key a vault encrypts its backups with. KMS
// keys are Regional (a multi-Region key's replica has its own ARN in its own Region), so a
// vault's key names the vault's Region.
std::string read_vault_key(LoadContext& ctx, const Node& n, const std::string& vault, RegionIndex region) {
  auto text = read_name(n, "a KMS key ARN, e.g. \"arn:aws:kms:us-west-2:111122223333:key/1234abcd-...\"");
  if (!text) return {};
  ArnFields arn;
  if (!split_arn(*text, arn) || arn.service != "kms" || arn.region.empty() || arn.resource.rfind("key/", 0) != 0 ||
      arn.resource.size() <= 4) {
    n.error(fmt::format("\"{}\" is not a KMS key ARN; expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (\"If you specify a "
                        "key, you must specify its ARN, not its alias\")",
                        *text));
    return {};
  }
  if (region != models::kNoRegion && arn.region != ctx.s.regions[region].name) {
    n.error(fmt::format("key {} is in Region {}, but vault \"{}\" is in {}; KMS keys are Regional: a vault's key is in "
                        "the vault's own Region",
                        *text, arn.region, vault, ctx.s.regions[region].name));
    return {};
  }
  return *text;
}

// Indices are 16-bit in the model; kNo* values are reserved.
constexpr std::size_t kMaxRegions = 0xFFFE;

void load_region(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a Region", keys(kRegionKeys), keys(kRegionKeys))) {
    ctx.regions_incomplete = true;
    return;
  }
  auto name = n["name"].present() ? read_name(n["name"], "a non-empty string naming the Region") : std::nullopt;
  if (!name) {
    ctx.regions_incomplete = true;
    return;
  }
  if (ctx.region_by_name.count(*name)) {
    n["name"].error(fmt::format("duplicate Region \"{}\"; each Region is listed once", *name));
    return;
  }
  const auto index = static_cast<RegionIndex>(ctx.s.regions.size());
  ctx.region_by_name.emplace(*name, index);
  ctx.s.regions.push_back(models::Region{*name, {}});

  const Node azs = n["azs"];
  if (!azs.present()) return;
  auto names = read_string_array(azs, "an array of AZ names");
  if (!names) {
    ctx.regions_incomplete = true;
    return;
  }
  if (azs.size() == 0) azs.error(fmt::format("Region \"{}\" needs at least one AZ", *name));
  for (const auto& az : *names) {
    if (az.text.empty()) {
      az.node.error("expected a non-empty AZ name");
      continue;
    }
    if (auto it = ctx.az_by_name.find(az.text); it != ctx.az_by_name.end()) {
      az.node.error(fmt::format("duplicate AZ \"{}\" (already listed for Region {}); AZ names are unique", az.text,
                                ctx.s.regions[ctx.s.azs[it->second].region].name));
      continue;
    }
    if (ctx.s.azs.size() >= kMaxRegions) {
      az.node.error(fmt::format("more than {} AZs", kMaxRegions));
      return;
    }
    const auto a = static_cast<AzIndex>(ctx.s.azs.size());
    ctx.az_by_name.emplace(az.text, a);
    ctx.s.azs.push_back(models::Az{az.text, index});
    ctx.s.regions[index].azs.push_back(a);
  }
}

void load_vault(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a vault", keys(kVaultKeys), keys(kVaultRequired))) {
    ctx.vaults_incomplete = true;
    return;
  }
  auto name = n["name"].present() ? read_name(n["name"], "a non-empty string naming the vault") : std::nullopt;
  if (!name) {
    ctx.vaults_incomplete = true;
    return;
  }
  if (ctx.vault_by_name.count(*name)) {
    n["name"].error(fmt::format("duplicate vault \"{}\"; vault names are unique", *name));
    return;
  }
  // A vault whose Region is wrong is still registered, so rules naming it are not also
  // reported as naming an unknown vault.
  RegionIndex region = models::kNoRegion;
  if (n["region"].present())
    if (auto r = ctx.read_region(n["region"])) region = *r;
  std::string key;
  if (Node k = n["EncryptionKeyArn"]; k.present()) key = read_vault_key(ctx, k, *name, region);
  ctx.vault_by_name.emplace(*name, static_cast<VaultIndex>(ctx.s.vaults.size()));
  ctx.s.vaults.push_back(models::Vault{*name, region, std::move(key)});
}

}  // namespace

void load_topology(LoadContext& ctx) {
  if (Node regions = ctx.root["regions"]; regions.present() && regions.expect_array("an array of Regions")) {
    if (regions.size() == 0) regions.error("expected at least one Region");
    if (regions.size() > kMaxRegions) {
      regions.error(fmt::format("{} Regions; at most {} are supported", regions.size(), kMaxRegions));
      ctx.regions_incomplete = true;
    } else {
      for (std::size_t i = 0; i < regions.size(); ++i) load_region(ctx, regions.at(i));
    }
  } else {
    ctx.regions_incomplete = true;  // missing (reported at the top) or not an array
  }

  if (Node vaults = ctx.root["vaults"]; vaults.present()) {
    if (!vaults.expect_array("an array of vaults")) {
      ctx.vaults_incomplete = true;
    } else if (vaults.size() > kMaxRegions) {
      vaults.error(fmt::format("{} vaults; at most {} are supported", vaults.size(), kMaxRegions));
      ctx.vaults_incomplete = true;
    } else {
      for (std::size_t i = 0; i < vaults.size(); ++i) load_vault(ctx, vaults.at(i));
    }
  }
}

}  // namespace drsim::scenarios
