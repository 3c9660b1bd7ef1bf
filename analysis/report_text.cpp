#include <fmt/format.h>

#include "analysis/findings.hpp"
#include "analysis/report_cost.hpp"
#include "analysis/histogram.hpp"
#include "analysis/reports.hpp"
#include "analysis/table.hpp"
#include "models/duration_text.hpp"
#include "models/protection_map.hpp"
#include "models/recovery_point.hpp"
#include "models/unrecoverable_cause.hpp"

namespace drsim::analysis {
namespace {

using models::ResourceStatus;
using Align = Table::Align;

const char* kDash = "—";

std::string dur(sim::Duration ms) { return ms < 0 ? kDash : models::format_duration(ms); }


std::string point_text(const models::Scenario& s, const models::ProtectionMap& map, const models::TrialResult& t,
                       models::ResourceIndex r) {
  const models::ResourceOutcome& o = t.resources[r];
  switch (o.status) {
    case ResourceStatus::not_impacted: return kDash;
    case ResourceStatus::failed_over:
      return models::traits(s.resources[r].type).multi_az == models::MultiAz::replica ? "replica in another AZ"
                                                                                       : "standby in another AZ";
    case ResourceStatus::new_instance: return "its cluster volume, which survived";
    case ResourceStatus::relaunched: return "relaunch (stateless)";
    case ResourceStatus::scaled_out:
      return fmt::format("pilot light in {}: launched, booted, health-checked", s.regions[o.recovery_region].name);
    case ResourceStatus::standby_serving: {
      const models::ResourceGroup& g = s.group_of(s.resources[r]);
      return fmt::format("warm standby in {} ({} of {} running)", s.regions[o.recovery_region].name,
                         g.standby->running_instances(g.count), g.count);
    }
    case ResourceStatus::unrecoverable:
      switch (o.cause) {
        case models::UnrecoverableCause::no_usable_point: return "no usable recovery point";
        case models::UnrecoverableCause::requires_unrecoverable:
          // The whole chain to the root: "requires app, which requires db, which has no usable …".
          return models::blocking_predicate(s, map, s.failures[t.failure], t, r);
        case models::UnrecoverableCause::no_recovery_region: return "no failover Region";
        case models::UnrecoverableCause::no_protection: return "nothing protects it";
        case models::UnrecoverableCause::no_image: return "no image in the recovery Region";
        case models::UnrecoverableCause::none: return kDash;
      }
      return kDash;
    case ResourceStatus::promoted:
    case ResourceStatus::restored: {
      std::string text = fmt::format("{}, data {}, {}", models::describe_mechanism(s, o.point),
                                     wall_clock(s, o.point.data_time), models::describe_location(s, o.point));
      if (o.cold) text += ", cold tier";
      return text;
    }
  }
  return kDash;
}

// The application's target for this failure's disruption type, as text ("—" when none).
std::string target_rto(const ApplicationResult& a) { return a.target ? dur(a.target->rto_s * sim::kSecond) : kDash; }
std::string target_rpo(const ApplicationResult& a) { return a.target ? dur(a.target->rpo_s * sim::kSecond) : kDash; }

std::string verdict(bool met) { return met ? "met" : "BREACHED"; }

void single_trial(std::string& out, const models::Scenario& s, const FailureResult& fr) {
  const models::TrialResult& t = fr.first_trial;
  const models::ProtectionMap map(s);
  Table apps({{"application"}, {"RTO", Align::right}, {"target", Align::right}, {"RTO result", Align::left},
              {"RPO", Align::right}, {"target", Align::right}, {"RPO result", Align::left}});
  for (const ApplicationResult& a : fr.applications) {
    const models::ApplicationOutcome& o = t.applications[a.index];
    const std::string& name = s.applications[a.index].name;
    if (!o.impacted) {
      apps.add_row({name, "0s", target_rto(a), "not impacted", "0s",
                    target_rpo(a), ""});
      continue;
    }
    if (!o.recoverable) {
      apps.add_row({name, "∞", target_rto(a), a.target ? "BREACHED" : "",
                    kDash, target_rpo(a),
                    fmt::format("{}unrecoverable: {}: {}", a.target ? "BREACHED, " : "",
                                s.resources[models::blocking_root(t, o.blocked_by)].id,
                                point_text(s, map, t, models::blocking_root(t, o.blocked_by)))});
      continue;
    }
    apps.add_row({name, dur(o.rto), target_rto(a),
                  a.target ? verdict(a.rto_met.successes > 0) : "", dur(o.rpo),
                  target_rpo(a), a.target ? verdict(a.rpo_met.successes > 0) : ""});
  }
  if (!apps.empty()) out += apps.render() + "\n";

  Table res({{"resource"}, {"type"}, {"status"}, {"RTO", Align::right}, {"RPO", Align::right}, {"recovery point"}});
  for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const models::ResourceOutcome& o = t.resources[r];
    const bool shown = o.impacted() && o.recovered();
    res.add_row({s.resources[r].id, std::string(models::to_string(s.resources[r].type)), status_text(o),
                 shown ? dur(t.rto(r)) : kDash, shown ? dur(t.rpo(s, r)) : kDash, point_text(s, map, t, r)});
  }
  out += res.render();
}

std::string stat_or_dash(const std::optional<Summary>& s, double Summary::*field) {
  return s ? human_seconds((*s).*field) : kDash;
}

std::string percent(const Proportion& p) {
  return fmt::format("{:.1f}% [{:.1f}–{:.1f}]", 100 * p.estimate, 100 * p.ci_low, 100 * p.ci_high);
}

// ", set by app-server in 72% of trials, orders-db 28%"
std::string gated_by(const models::Scenario& s, const std::vector<GateShare>& gates, std::uint64_t trials) {
  if (gates.empty()) return "";
  std::string text = ", set by ";
  for (std::size_t i = 0; i < gates.size() && i < 3; ++i) {
    const double share = 100.0 * static_cast<double>(gates[i].trials) / static_cast<double>(trials);
    text += fmt::format("{}{} {:.0f}%{}", i ? ", " : "", s.resources[gates[i].resource].id, share, i == 0 ? " of trials" : "");
  }
  if (gates.size() > 3) text += fmt::format(" and {} other{}", gates.size() - 3, gates.size() == 4 ? "" : "s");
  return text;
}

// "1,000"
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

// "web requires app, which requires db": a chain of requirements, without the root's cause.
std::string requirement_chain(const models::Scenario& s, const std::vector<models::ResourceIndex>& chain) {
  std::string text = s.resources[chain.front()].id;
  for (std::size_t i = 1; i < chain.size(); ++i)
    text += fmt::format("{}{}", i == 1 ? " requires " : ", which requires ", s.resources[chain[i]].id);
  return text;
}

// "db (shop 72%, web 40%)": a gate and the applications it gates most often.
std::string gate_text(const models::Scenario& s, const FailureResult& fr, const GateFinding& g) {
  constexpr std::size_t kApplications = 3;
  const models::ResourceGroup& group = s.groups[g.group];
  std::string text = group.fleet ? (g.resources == group.count ? fmt::format("fleet {} (all {} members; ", group.id, group.count)
                                                              : fmt::format("fleet {} ({} of its {} members; ", group.id,
                                                                            g.resources, group.count))
                                 : group.id + " (";
  for (std::size_t i = 0; i < g.applications.size() && i < kApplications; ++i)
    text += fmt::format("{}{} {:.0f}%", i ? ", " : "", s.applications[fr.applications[g.applications[i].application].index].name,
                        100.0 * static_cast<double>(g.applications[i].trials) / static_cast<double>(fr.trials));
  if (g.applications.size() > kApplications) text += fmt::format(", and {} more", g.applications.size() - kApplications);
  return text + ")";
}

// What a reviewer of the plan needs first: the root causes that make applications
// unrecoverable, each with the applications it blocks (and the chain of requirements from
// each to the root), counted over the trials; the applications that miss their policy; and the
// resources that most often set the applications' RTO and RPO.
void findings(std::string& out, const models::Scenario& s, const FailureResult& fr) {
  constexpr std::size_t kShown = 20;     // applications listed per finding before "and N more"
  constexpr std::size_t kCauses = 10;    // root causes listed
  constexpr std::size_t kPerCause = 5;   // applications listed under a root cause
  constexpr std::size_t kGates = 5;      // gating resources listed
  const Findings f = find_findings(s, fr);
  if (f.empty()) return;
  const models::ProtectionMap map(s);
  const models::Failure& failure = s.failures[fr.failure];
  out += "  Findings\n";
  if (f.unrecoverable_applications > 0) {
    out += fmt::format("  - {} of {} applications cannot be recovered in some trials, from {} root cause{}:\n",
                       f.unrecoverable_applications, fr.applications.size(), f.root_causes.size(),
                       f.root_causes.size() == 1 ? "" : "s");
    for (std::size_t c = 0; c < f.root_causes.size() && c < kCauses; ++c) {
      const RootCauseFinding& rc = f.root_causes[c];
      out += fmt::format("      {} {}{}\n", s.resources[rc.root].id,
                         models::root_cause_text(s, map, failure, rc.root, rc.cause),
                         rc.applications.size() > 1 ? fmt::format(": {} applications", rc.applications.size()) : "");
      for (std::size_t i = 0; i < rc.applications.size() && i < kPerCause; ++i) {
        const RootCauseApplication& ra = rc.applications[i];
        out += fmt::format("        {} in {} of {} trials{}\n", s.applications[fr.applications[ra.application].index].name,
                           grouped(ra.trials), grouped(fr.trials),
                           ra.chain.size() > 1 ? ": " + requirement_chain(s, ra.chain) : std::string(" (a member)"));
      }
      if (rc.applications.size() > kPerCause)
        out += fmt::format("        and {} more applications (see the JSON)\n", rc.applications.size() - kPerCause);
    }
    if (f.root_causes.size() > kCauses)
      out += fmt::format("      and {} more root causes (see the JSON)\n", f.root_causes.size() - kCauses);
  }
  if (!f.breached.empty()) {
    out += fmt::format("  - {} of {} applications miss their policy in some trials (the share of trials that meet both "
                       "targets):",
                       f.breached.size(), fr.applications.size());
    for (std::size_t i = 0; i < f.breached.size() && i < kShown; ++i) {
      const ApplicationResult& a = fr.applications[f.breached[i]];
      out += fmt::format("{} {} {:.1f}%", i ? "," : "", s.applications[a.index].name, 100.0 * a.both_met.estimate);
    }
    if (f.breached.size() > kShown) out += fmt::format(", and {} more", f.breached.size() - kShown);
    out += "\n";
  }
  const auto gates = [&](const char* measure, const std::vector<GateFinding>& list) {
    if (list.empty()) return;
    out += fmt::format("  - {} {} most often by (share of trials per application):", measure,
                       f.gates_of_missed ? "of the applications that miss it set" : "set");
    for (std::size_t i = 0; i < list.size() && i < kGates; ++i) out += fmt::format("{} {}", i ? ";" : "", gate_text(s, fr, list[i]));
    if (list.size() > kGates) out += fmt::format("; and {} more", list.size() - kGates);
    out += "\n";
  };
  gates("RTO", f.rto_gates);
  gates("RPO", f.rpo_gates);
  out += "\n";
}

void many_trials(std::string& out, const models::Scenario& s, const FailureResult& fr) {
  findings(out, s, fr);
  Table apps({{"application"}, {"measure"}, {"p50", Align::right}, {"p90", Align::right}, {"p99", Align::right},
              {"max", Align::right}, {"target", Align::right}, {"met (95% CI)", Align::right},
              {"unrecoverable", Align::right}});
  for (const ApplicationResult& a : fr.applications) {
    const std::string& name = s.applications[a.index].name;
    apps.add_row({name, "RTO", stat_or_dash(a.rto_s, &Summary::p50), stat_or_dash(a.rto_s, &Summary::p90),
                  stat_or_dash(a.rto_s, &Summary::p99), stat_or_dash(a.rto_s, &Summary::max),
                  target_rto(a), a.target ? percent(a.rto_met) : kDash,
                  a.unrecoverable_trials ? fmt::format("{}/{} trials", a.unrecoverable_trials, fr.trials) : ""});
    apps.add_row({"", "RPO", stat_or_dash(a.rpo_s, &Summary::p50), stat_or_dash(a.rpo_s, &Summary::p90),
                  stat_or_dash(a.rpo_s, &Summary::p99), stat_or_dash(a.rpo_s, &Summary::max),
                  target_rpo(a), a.target ? percent(a.rpo_met) : kDash});
  }
  if (!apps.empty()) out += apps.render() + "\n";

  for (const ApplicationResult& a : fr.applications) {
    const std::string& name = s.applications[a.index].name;
    if (a.impacted_trials == 0) continue;
    if (a.rto_sorted.empty()) {
      // No trial recovered it: no distribution to draw (the walkthrough of a trial gives the chain).
      out += fmt::format("  {}: unrecoverable in all {} impacted trials, so it has no RTO or RPO distribution\n\n", name,
                         a.impacted_trials);
      continue;
    }
    const std::string unrecoverable =
        a.unrecoverable_trials ? fmt::format("; unrecoverable in the other {}", a.unrecoverable_trials) : "";
    out += fmt::format("  {}: RTO over the {} impacted trials that recovered it{}{}\n", name, a.rto_sorted.size(),
                       unrecoverable, gated_by(s, a.rto_gates, fr.trials));
    out += render_histogram(a.rto_sorted, a.target ? std::optional<double>(static_cast<double>(a.target->rto_s)) : std::nullopt);
    out += fmt::format("  {}: RPO{}\n", name, gated_by(s, a.rpo_gates, fr.trials));
    out += render_histogram(a.rpo_sorted, a.target ? std::optional<double>(static_cast<double>(a.target->rpo_s)) : std::nullopt);
    out += "\n";
  }

  Table fleet({{"fleet"}, {"p50", Align::right}, {"p90", Align::right}, {"p99", Align::right}, {"max", Align::right}});
  fleet.add_row({"RTO", stat_or_dash(fr.fleet.rto_s, &Summary::p50), stat_or_dash(fr.fleet.rto_s, &Summary::p90),
                 stat_or_dash(fr.fleet.rto_s, &Summary::p99), stat_or_dash(fr.fleet.rto_s, &Summary::max)});
  fleet.add_row({"RPO", stat_or_dash(fr.fleet.rpo_s, &Summary::p50), stat_or_dash(fr.fleet.rpo_s, &Summary::p90),
                 stat_or_dash(fr.fleet.rpo_s, &Summary::p99), stat_or_dash(fr.fleet.rpo_s, &Summary::max)});
  out += fleet.render();
}

}  // namespace

std::string status_text(const models::ResourceOutcome& o) {
  switch (o.status) {
    case ResourceStatus::not_impacted: return "not impacted";
    case ResourceStatus::failed_over: return "failed over";
    case ResourceStatus::new_instance: return "new instance";
    case ResourceStatus::promoted: return o.automatic ? "replica serving" : "promoted";
    case ResourceStatus::restored: return o.point.is_image() ? "image ready" : "restored";
    case ResourceStatus::relaunched: return "relaunched";
    case ResourceStatus::scaled_out: return "scaled out";
    case ResourceStatus::standby_serving: return "standby serving";
    case ResourceStatus::unrecoverable: return "UNRECOVERABLE";
  }
  return "";
}

std::string render_text_report(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost) {
  std::string out = fmt::format("drsim run: {} ({} trial{}, seed {})\n", s.name, r.trials, r.trials == 1 ? "" : "s", r.seed);
  out += fmt::format("Monthly cost of the plan: {} (steady state; breakdown at the end)\n", usd(cost.usd_month));
  out += percentiles_text(r.memory);
  for (const FailureResult& fr : r.failures) {
    const models::Failure& f = s.failures[fr.failure];
    out += fmt::format("\nFailure {}: {}", f.name, describe_failure(s, f));
    if (fr.trials == 1) {
      const models::TrialResult& t = fr.first_trial;
      out += fmt::format(" at {}\n", wall_clock(s, t.failure_at));
      out += fmt::format("  detected after {}, recovery declared after {}\n", dur(t.detected_at - t.failure_at),
                         dur(t.declared_at - t.failure_at));
    } else {
      out += fmt::format(", at {}\n", f.at.is_fixed() ? wall_clock(s, f.at.value()) : std::string("a varying instant"));
    }
    out += fmt::format("  {} of {} resources impacted{}, {} unrecoverable{}\n\n",
                       fr.trials == 1 ? fr.fleet.impacted : fr.fleet.impacted / fr.trials, fr.fleet.resources,
                       fr.trials == 1 ? "" : " per trial on average", fr.fleet.unrecoverable,
                       fr.trials == 1 ? "" : " resource-trials");
    if (fr.trials == 1)
      single_trial(out, s, fr);
    else
      many_trials(out, s, fr);
  }
  out += render_cost_text(s, cost);
  return out;
}

}  // namespace drsim::analysis
