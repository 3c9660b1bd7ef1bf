#include "analysis/report_cost.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "analysis/progress.hpp"
#include "analysis/table.hpp"

namespace drsim::analysis {
namespace {

constexpr std::size_t kMaxCostRows = 25;

std::string quantity(double q, const std::string& unit) { return fmt::format("{:.1f} {}", q, unit); }

}  // namespace

std::string usd(double amount) {
  if (!std::isfinite(amount)) return std::isnan(amount) ? "n/a" : (amount > 0 ? "$∞" : "-$∞");
  if (std::abs(amount) >= 1e15) return fmt::format("${:.3e}", amount);
  const double cents = std::round(amount * 100);
  const auto whole = static_cast<std::uint64_t>(std::abs(cents) / 100);
  const auto rest = static_cast<int>(std::fmod(std::abs(cents), 100));
  return fmt::format("{}${}.{:02d}", cents < 0 ? "-" : "", group_thousands(whole), rest);
}

std::string render_cost_text(const models::Scenario& s, const models::CostEstimate& c) {
  std::string out = fmt::format("\nMonthly cost (steady state, {} list prices of {}): {}\n", s.prices.region, s.prices.version,
                                usd(c.usd_month));
  // Summed by mechanism and component, largest first.
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> by_kind;  // -> (quantity, usd)
  std::map<std::pair<std::string, std::string>, std::string> unit_of;
  std::map<std::pair<std::string, std::string>, bool> grows;
  for (const auto& l : c.lines) {
    auto& v = by_kind[{l.mechanism, l.component}];
    v.first += l.quantity;
    v.second += l.usd_month;
    unit_of[{l.mechanism, l.component}] = l.unit;
    grows[{l.mechanism, l.component}] = grows[{l.mechanism, l.component}] || l.grows;
  }
  std::vector<std::pair<std::pair<std::string, std::string>, std::pair<double, double>>> rows(by_kind.begin(), by_kind.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
  if (!rows.empty()) {
    Table t({{"mechanism"}, {"component"}, {"per month", Table::Align::right}, {"cost", Table::Align::right}});
    std::size_t shown = 0;
    double rest = 0;
    for (const auto& [key, v] : rows) {
      if (shown++ < kMaxCostRows)
        t.add_row({key.first, key.second + (grows[key] ? " (kept forever: after 12 months, growing)" : ""),
                   quantity(v.first, unit_of[key]), usd(v.second)});
      else
        rest += v.second;
    }
    if (rows.size() > kMaxCostRows) t.add_row({fmt::format("{} more", rows.size() - kMaxCostRows), "", "", usd(rest)});
    out += t.render("  ");
  }
  for (const auto& u : c.unpriced)
    out += fmt::format("  not priced: {} of {}: {}\n", u.mechanism, models::cost_owner(s, u.group), u.reason);
  for (const auto& r : c.restores)
    if (r.gb > 0)
      out += fmt::format("  restore charges if {} happens: {} ({:.0f} GB restored at the types' per-GB prices)\n",
                         s.failures[r.failure].name, usd(r.usd), r.gb);
  if (!c.unconfirmed.empty()) {
    std::string keys;
    for (const auto& k : c.unconfirmed) keys += (keys.empty() ? "" : ", ") + k;
    out += fmt::format("  {} of the total comes from prices no source confirms ({}): check them (docs/cost.md)\n",
                       usd(c.unconfirmed_usd_month), keys);
  }
  return out;
}

nlohmann::ordered_json cost_json(const models::Scenario& s, const models::CostEstimate& c) {
  nlohmann::ordered_json j;
  j["usd_per_month"] = c.usd_month;
  j["prices"] = {{"version", s.prices.version}, {"region", s.prices.region}};
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const auto& l : c.lines) {
    const models::Price* p = s.prices.find(l.price_key);
    lines.push_back({{"resource", models::cost_owner(s, l.group)},
                     {"mechanism", l.mechanism},
                     {"component", l.component},
                     {"quantity", l.quantity},
                     {"unit", l.unit},
                     {"price", l.price_key},
                     {"usd_per_unit", p ? p->usd : 0.0},
                     {"certainty", p ? p->certainty : ""},
                     {"usd_per_month", l.usd_month},
                     {"grows", l.grows}});
  }
  j["lines"] = lines;
  nlohmann::ordered_json unpriced = nlohmann::ordered_json::array();
  for (const auto& u : c.unpriced) unpriced.push_back({{"resource", models::cost_owner(s, u.group)}, {"mechanism", u.mechanism}, {"reason", u.reason}});
  j["not_priced"] = unpriced;
  nlohmann::ordered_json restores = nlohmann::ordered_json::array();
  for (const auto& r : c.restores)
    restores.push_back({{"failure", s.failures[r.failure].name}, {"gb_restored", r.gb}, {"usd", r.usd}});
  j["restore_charges"] = restores;
  j["unconfirmed_prices"] = c.unconfirmed;
  j["unconfirmed_usd_per_month"] = c.unconfirmed_usd_month;
  return j;
}

}  // namespace drsim::analysis
