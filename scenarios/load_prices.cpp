// /prices: the scenario's overrides of the bundled price table (models/price_table.hpp).
#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"

namespace drsim::scenarios {

extern const std::string_view kBundledPriceTable;

namespace {

// The bundled table is part of the build (CMake embeds it), so a parse failure is a defect of
// drsim, not of the scenario: it is reported as an internal error by the loader's catch.
models::PriceTable bundled_prices() {
  const auto doc = nlohmann::json::parse(kBundledPriceTable);
  models::PriceTable t;
  t.version = doc.at("version").get<std::string>();
  t.region = doc.at("region").get<std::string>();
  for (const auto& [key, v] : doc.at("prices").items()) {
    models::Price p;
    p.key = key;
    p.usd = v.at("usd").get<double>();
    p.per = v.at("per").get<std::string>();
    p.usage_type = v.at("usage_type").is_null() ? "" : v.at("usage_type").get<std::string>();
    p.certainty = v.at("certainty").get<std::string>();
    p.date = v.at("date").get<std::string>();
    p.source = v.at("source").get<std::string>();
    t.prices.push_back(std::move(p));
  }
  return t;
}

}  // namespace

void load_prices(LoadContext& ctx) {
  ctx.s.prices = bundled_prices();
  const Node n = ctx.root["prices"];
  if (!n.present() || !n.expect_object("an object of price overrides ({\"transfer.inter_region\": 0.02, ...})")) return;
  std::vector<std::string_view> known;
  for (const auto& p : ctx.s.prices.prices) known.push_back(p.key);
  for (const auto& [key, value] : n.members()) {
    models::Price* price = nullptr;
    for (auto& p : ctx.s.prices.prices)
      if (p.key == key) price = &p;
    if (!price) {
      value.error(fmt::format("unknown price \"{}\"; expected one of the bundled table's keys (docs/cost.md){}", key,
                              did_you_mean(key, known)));
      continue;
    }
    const auto usd = read_number(value, 0, fmt::format("a price in USD per {} (>= 0)", price->per));
    if (!usd) continue;
    price->usd = *usd;
    price->certainty = "scenario";
    price->source = fmt::format("the scenario's {}", value.pointer());
    price->date.clear();
  }
}

}  // namespace drsim::scenarios
