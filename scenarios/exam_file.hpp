#pragma once
// An exam question (docs/exam.md): a scenario, a requirement, four options that each patch
// the scenario (RFC 6902), the intended answer and the documentation it rests on. Loading
// checks the file's shape; building an option applies its patch and loads the scenario it
// makes, with every error placed in the exam file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/loader.hpp"

namespace drsim::scenarios {

inline constexpr std::size_t kExamOptions = 4;

struct ExamRequirement {
  std::string failure, application;
  std::optional<sim::Duration> rto, rpo;
  double confidence = 0.95;  // share of trials that must meet the targets
  bool cheapest = false;     // only the cheapest of the options that meet the targets
  std::optional<std::uint64_t> trials;
};

struct ExamOption {
  std::string text;
  Json patch;  // applied to the question's scenario
};

struct ExamReference {
  std::string title, url;
};

struct ExamQuestion {
  std::string source;  // the file as given
  std::string title, question, mechanism, why;
  std::vector<std::string> topics;
  ExamRequirement requirement;
  Json scenario;
  std::vector<ExamOption> options;  // kExamOptions of them: A, B, C, D
  std::size_t answer = 0;           // index into options
  std::vector<ExamReference> references;
};

struct ExamLoad {
  std::optional<ExamQuestion> exam;
  std::vector<Diagnostic> errors;
};

ExamLoad load_exam_file(const std::string& path);
ExamLoad load_exam_text(std::string_view text, std::string source);

// "A" .. "D".
std::string option_letter(std::size_t option);

// The scenario option `option` makes. Errors are placed in the exam file: a patch that does
// not apply at /options/N/patch, an invalid result at the option's patch (or at /scenario
// when the patch is empty), naming the scenario's own pointer; a requirement naming a failure
// or application the scenario lacks at /requirement/...
LoadResult build_exam_option(const ExamQuestion& q, std::size_t option);

}  // namespace drsim::scenarios
