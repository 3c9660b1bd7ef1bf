#include "analysis/exam.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/report_cost.hpp"
#include "analysis/study.hpp"
#include "analysis/walkthrough.hpp"
#include "models/cost_model.hpp"
#include "models/duration_text.hpp"

namespace drsim::analysis {
namespace {

// Costs closer than a cent are the same cost.
constexpr double kSameCostUsd = 0.005;

std::size_t application_index(const models::Scenario& s, const std::string& name) {
  for (std::size_t a = 0; a < s.applications.size(); ++a)
    if (s.applications[a].name == name) return a;
  return 0;  // build_exam_option checked that it exists
}

bool meets_targets(const scenarios::ExamRequirement& r, const models::ApplicationOutcome& o) {
  if (!o.impacted) return true;
  if (!o.recoverable) return false;
  if (r.rto && o.rto > *r.rto) return false;
  if (r.rpo && o.rpo > *r.rpo) return false;  // -1: it holds no data
  return true;
}

OptionEvaluation evaluate_option(const scenarios::ExamQuestion& q, const models::Scenario& s, unsigned threads) {
  const scenarios::ExamRequirement& req = q.requirement;
  const std::size_t failure = *s.find_failure(req.failure);
  const std::size_t app = application_index(s, req.application);
  StudyOptions opt;
  opt.seed = s.seed;
  opt.trials = req.trials.value_or(s.trials);
  opt.threads = threads;
  opt.keep_trial_rows = true;
  const StudyResult study = run_study(s, {failure}, opt);
  const FailureResult& f = study.failures.front();
  const ApplicationResult& a = f.applications[app];
  OptionEvaluation e;
  e.trials = f.trials;
  std::uint64_t met = 0;
  std::optional<std::uint64_t> first_miss;
  for (const TrialRow& row : f.rows) {
    if (row.application != app) continue;
    if (meets_targets(req, row.outcome)) ++met;
    else if (!first_miss) first_miss = row.trial;
  }
  e.met = wilson(met, e.trials);
  e.meets_targets = static_cast<double>(met) >= req.confidence * static_cast<double>(e.trials) - 1e-9;
  e.impacted = a.impacted_trials;
  e.unrecoverable = a.unrecoverable_trials;
  e.rto = a.rto_s;
  e.rpo = a.rpo_s;
  e.usd_month = models::estimate_monthly_cost(s).usd_month;
  e.narrated_misses = first_miss.has_value();
  e.narrated_trial = first_miss.value_or(0);
  e.reasoning = render_application_why(s, failure, s.seed, e.narrated_trial, app);
  return e;
}

std::string percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

std::string quantiles(const std::optional<Summary>& s) {
  if (!s) return "no sample";
  return fmt::format("p50 {}, p95 {}", models::format_duration(static_cast<sim::Duration>(std::llround(s->p50 * 1000))),
                     models::format_duration(static_cast<sim::Duration>(std::llround(s->p95 * 1000))));
}

// Words of `text` filled into lines of at most `width` columns, each starting with `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out, line;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t space = text.find(' ', at);
    const std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
    at = space == std::string::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

std::string letters(const std::vector<std::size_t>& options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i)
    out += (i == 0 ? "" : i + 1 == options.size() ? " and " : ", ") + scenarios::option_letter(options[i]);
  return out;
}

std::string references_text(const scenarios::ExamQuestion& q) {
  std::string out = "\nAWS documentation\n";
  for (const auto& r : q.references) out += fmt::format("  - {}: {}\n", r.title, r.url);
  return out;
}

}  // namespace

std::string requirement_text(const scenarios::ExamRequirement& r) {
  std::string targets;
  if (r.rto) targets = "RTO ≤ " + models::format_duration(*r.rto);
  if (r.rpo) targets += (targets.empty() ? "" : " and ") + std::string("RPO ≤ ") + models::format_duration(*r.rpo);
  return fmt::format("{} in at least {} of trials{}", targets, percent(r.confidence),
                     r.cheapest ? ", at the lowest monthly cost" : "");
}

ExamEvaluation evaluate_exam(const scenarios::ExamQuestion& q, const std::vector<models::Scenario>& scenarios,
                             unsigned threads) {
  ExamEvaluation e;
  for (const models::Scenario& s : scenarios) e.options.push_back(evaluate_option(q, s, threads));
  double cheapest = INFINITY;
  for (const OptionEvaluation& o : e.options)
    if (o.meets_targets) cheapest = std::min(cheapest, o.usd_month);
  for (std::size_t i = 0; i < e.options.size(); ++i) {
    OptionEvaluation& o = e.options[i];
    o.meets = o.meets_targets && (!q.requirement.cheapest || o.usd_month <= cheapest + kSameCostUsd);
    if (o.meets) e.meeting.push_back(i);
  }
  return e;
}

std::string render_exam_question(const scenarios::ExamQuestion& q) {
  std::string out = fmt::format("drsim exam: {}\n", q.title);
  if (!q.topics.empty()) {
    std::string topics;
    for (const auto& t : q.topics) topics += (topics.empty() ? "" : ", ") + t;
    out += fmt::format("Topics: {}\n", topics);
  }
  out += "\n" + wrap(q.question, 92, "");
  out += fmt::format("\nRequirement: {} recovers from the failure \"{}\" with {}.\n\n", q.requirement.application,
                     q.requirement.failure, requirement_text(q.requirement));
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    const std::string first = wrap(q.options[i].text, 92, "     ");
    out += fmt::format("  {}. {}", scenarios::option_letter(i), first.substr(5));
  }
  return out;
}

std::string render_option_evaluation(const scenarios::ExamQuestion& q, const ExamEvaluation& e, std::size_t option) {
  const OptionEvaluation& o = e.options[option];
  const scenarios::ExamRequirement& r = q.requirement;
  std::string out;
  std::string verdict = o.meets ? "meets the requirement"
                        : o.meets_targets ? "meets the targets, but another option that meets them costs less"
                                          : "does not meet the requirement";
  out += fmt::format("  {}: {} of {} trials ({}, 95% CI {}–{}) met the targets; {} needed.\n", verdict,
                     o.met.successes, o.trials, percent(o.met.estimate), percent(o.met.ci_low), percent(o.met.ci_high),
                     percent(r.confidence));
  out += fmt::format("  RTO {}; RPO {}", quantiles(o.rto), quantiles(o.rpo));
  if (o.impacted == 0) out += "; not impacted in any trial";
  if (o.unrecoverable > 0) out += fmt::format("; unrecoverable in {} of {} impacted trials", o.unrecoverable, o.impacted);
  out += fmt::format(". Monthly cost {}.\n", usd(o.usd_month));
  out += fmt::format("  Trial {}{} (drsim walkthrough --trial {}):\n", o.narrated_trial,
                     o.narrated_misses ? ", the first that misses the targets" : "", o.narrated_trial);
  out += o.reasoning;
  return out;
}

std::string render_exam_reveal(const scenarios::ExamQuestion& q, const ExamEvaluation& e) {
  std::string out = render_exam_question(q);
  out += fmt::format("\nEvery option simulated ({} trials each, seed of the scenario)\n", e.options.empty() ? 0 : e.options[0].trials);
  for (std::size_t i = 0; i < e.options.size(); ++i) {
    out += fmt::format("\n{}. {}\n", scenarios::option_letter(i), q.options[i].text);
    out += render_option_evaluation(q, e, i);
  }
  out += "\n";
  const std::string intended = scenarios::option_letter(q.answer);
  if (e.meeting.empty())
    out += fmt::format("drsim finds that no option meets the requirement; the intended answer is {}. The question or the "
                       "simulation is wrong: report it.\n", intended);
  else if (e.agrees(q))
    out += fmt::format("drsim finds that {} meets the requirement: the intended answer, {}.\n", letters(e.meeting), intended);
  else
    out += fmt::format("drsim finds that {} {} the requirement; the intended answer is {}. The question or the simulation "
                       "is wrong: report it.\n", letters(e.meeting), e.meeting.size() == 1 ? "meets" : "meet", intended);
  out += "\nWhy " + intended + "\n" + wrap(q.why, 92, "  ");
  out += references_text(q);
  return out;
}

std::string render_exam_answer(const scenarios::ExamQuestion& q, const ExamEvaluation& e, std::size_t chosen) {
  const std::string letter = scenarios::option_letter(chosen);
  const std::string intended = scenarios::option_letter(q.answer);
  std::string out = fmt::format("drsim exam: {}\n\n", q.title);
  out += chosen == q.answer ? fmt::format("{} is right.\n", letter)
                            : fmt::format("{} is not right: the answer is {}.\n", letter, intended);
  out += "\nWhy " + intended + "\n" + wrap(q.why, 92, "  ");
  out += fmt::format("\nRequirement: {} recovers from the failure \"{}\" with {}.\n", q.requirement.application,
                     q.requirement.failure, requirement_text(q.requirement));
  out += fmt::format("\nYour answer, simulated: {}. {}\n", letter, q.options[chosen].text);
  out += render_option_evaluation(q, e, chosen);
  if (chosen != q.answer) {
    out += fmt::format("\nThe answer, simulated: {}. {}\n", intended, q.options[q.answer].text);
    out += render_option_evaluation(q, e, q.answer);
  }
  out += references_text(q);
  return out;
}

}  // namespace drsim::analysis
