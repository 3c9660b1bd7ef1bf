#pragma once
// The prices the cost model uses: a versioned table bundled with drsim
// (scenarios/prices/aws-us-east-1.json, AWS list prices with their source, date and certainty),
// with the scenario's own `prices` applied over it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drsim::models {

struct Price {
  std::string key;         // drsim's name, e.g. "backup_storage_warm.efs"
  double usd = 0;
  std::string per;         // "GB-month", "GB", "GB restored"
  std::string usage_type;  // AWS Price List usage type, "" where none was confirmed
  std::string certainty;   // documented, secondary, unconfirmed; "scenario" when overridden
  std::string date;
  std::string source;
};

struct PriceTable {
  std::string version;  // of the bundled table
  std::string region;   // whose list prices they are
  std::vector<Price> prices;

  const Price* find(std::string_view key) const {
    for (const Price& p : prices)
      if (p.key == key) return &p;
    return nullptr;
  }
  // "<kind>.<type>", else "<kind>.default", else none.
  const Price* find(std::string_view kind, std::string_view type) const {
    const std::string k(kind);
    if (const Price* p = find(k + "." + std::string(type))) return p;
    return find(k + ".default");
  }
};

}  // namespace drsim::models
