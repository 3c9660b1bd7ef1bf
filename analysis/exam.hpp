#pragma once
// `drsim exam` (docs/exam.md): every option of an exam question simulated against its
// requirement, and the question, an answer or the whole evaluation told as text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "models/scenario.hpp"
#include "scenarios/exam_file.hpp"

namespace drsim::analysis {

struct OptionEvaluation {
  std::uint64_t trials = 0;
  Proportion met;                 // trials meeting the targets (Wilson interval)
  bool meets_targets = false;     // met share >= the requirement's confidence
  bool meets = false;             // ... and, with `cheapest`, the cheapest of those that do
  std::uint64_t impacted = 0, unrecoverable = 0;
  std::optional<Summary> rto, rpo;  // over impacted, recovered trials
  double usd_month = 0;
  std::uint64_t narrated_trial = 0;  // a trial that misses the targets if any does, else 0
  bool narrated_misses = false;
  std::string reasoning;             // the walkthrough's "Why" of that trial for the application
};

struct ExamEvaluation {
  std::vector<OptionEvaluation> options;  // A, B, C, D
  std::vector<std::size_t> meeting;       // the options that meet the requirement
  bool agrees(const scenarios::ExamQuestion& q) const { return meeting.size() == 1 && meeting[0] == q.answer; }
};

// `scenarios[i]` is option i's scenario (scenarios::build_exam_option).
ExamEvaluation evaluate_exam(const scenarios::ExamQuestion& q, const std::vector<models::Scenario>& scenarios,
                             unsigned threads);

// The question, the requirement and the options.
std::string render_exam_question(const scenarios::ExamQuestion& q);
// Whether `chosen` is the intended answer, the question's reasoning, and the simulation of
// the chosen option (and of the intended one, when they differ).
std::string render_exam_answer(const scenarios::ExamQuestion& q, const ExamEvaluation& e, std::size_t chosen);
// Every option simulated and explained, then drsim's answer against the intended one.
std::string render_exam_reveal(const scenarios::ExamQuestion& q, const ExamEvaluation& e);
// The simulated part of an option's explanation (no text from the exam file but the option's).
std::string render_option_evaluation(const scenarios::ExamQuestion& q, const ExamEvaluation& e, std::size_t option);
// "RTO ≤ 4h and RPO ≤ 1h in at least 95% of trials, at the lowest monthly cost"
std::string requirement_text(const scenarios::ExamRequirement& r);

}  // namespace drsim::analysis
