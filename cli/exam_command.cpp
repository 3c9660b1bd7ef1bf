// `drsim exam`: an exam question, an answer checked, or every option simulated (docs/exam.md).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "analysis/exam.hpp"
#include "cli/commands.hpp"
#include "scenarios/exam_file.hpp"

namespace drsim::cli {
namespace {

struct LoadedExam {
  scenarios::ExamQuestion question;
  std::vector<models::Scenario> options;
};

// The question and the scenario of each option; every error reported on stderr.
std::optional<LoadedExam> load_exam(const std::string& file, bool build_options) {
  scenarios::ExamLoad loaded = scenarios::load_exam_file(file);
  for (const auto& d : loaded.errors) std::cerr << scenarios::to_string(d) << '\n';
  if (!loaded.exam) {
    std::cerr << fmt::format("{}: invalid exam question\n", file);
    return std::nullopt;
  }
  LoadedExam out{std::move(*loaded.exam), {}};
  if (!build_options) return out;
  bool ok = true;
  for (std::size_t i = 0; i < out.question.options.size(); ++i) {
    scenarios::LoadResult r = scenarios::build_exam_option(out.question, i);
    for (const auto& d : r.errors) std::cerr << scenarios::to_string(d) << '\n';
    if (!r.scenario) {
      ok = false;
      continue;
    }
    out.options.push_back(std::move(*r.scenario));
  }
  if (!ok) {
    std::cerr << fmt::format("{}: an option's scenario is invalid; nothing was simulated\n", file);
    return std::nullopt;
  }
  return out;
}

// The exam files of a folder, by name.
std::vector<std::string> exam_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

int exam_folder(const ExamArgs& args) {
  const std::vector<std::string> files = exam_files(args.file);
  if (files.empty()) {
    std::cerr << fmt::format("{}: no exam questions (*.json) in this folder\n", args.file);
    return kExitBadInput;
  }
  if (args.answer) {
    std::cerr << fmt::format("{}: --answer needs one question's file, not a folder\n", args.file);
    return kExitBadInput;
  }
  int status = kExitOk;
  std::size_t agree = 0;
  for (const std::string& file : files) {
    auto exam = load_exam(file, args.reveal);
    if (!exam) {
      status = kExitBadInput;
      continue;
    }
    const std::string name = std::filesystem::path(file).filename().string();
    if (!args.reveal) {
      std::cout << fmt::format("{}  {}\n", name, exam->question.title);
      continue;
    }
    const analysis::ExamEvaluation e = analysis::evaluate_exam(exam->question, exam->options, args.threads);
    std::string found;
    for (std::size_t i : e.meeting) found += scenarios::option_letter(i);
    agree += e.agrees(exam->question);
    std::cout << fmt::format("{}  {}: intended {}, simulated {}{}\n", name, exam->question.title,
                             scenarios::option_letter(exam->question.answer), found.empty() ? "none" : found,
                             e.agrees(exam->question) ? "" : "  << DISAGREES");
  }
  if (args.reveal)
    std::cout << fmt::format("\n{} of {} questions: the simulation picks the intended answer.\n", agree, files.size());
  return status;
}

}  // namespace

int exam(const ExamArgs& args) {
  std::error_code ec;
  if (std::filesystem::is_directory(args.file, ec)) return exam_folder(args);
  std::optional<std::size_t> chosen;
  if (args.answer) {
    const std::string& a = *args.answer;
    if (a.size() != 1 || std::toupper(static_cast<unsigned char>(a[0])) < 'A' ||
        std::toupper(static_cast<unsigned char>(a[0])) >= static_cast<int>('A' + scenarios::kExamOptions)) {
      std::cerr << fmt::format("--answer: expected an option's letter, A to D, found \"{}\"\n", a);
      return kExitBadInput;
    }
    chosen = static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(a[0])) - 'A');
  }
  const bool simulate = chosen || args.reveal;
  auto exam = load_exam(args.file, simulate);
  if (!exam) return kExitBadInput;
  if (!simulate) {
    std::cout << analysis::render_exam_question(exam->question);
    std::cout << fmt::format("\nAnswer with: drsim exam {} --answer LETTER; see every option simulated: drsim exam {} --reveal\n",
                             args.file, args.file);
    return kExitOk;
  }
  const analysis::ExamEvaluation e = analysis::evaluate_exam(exam->question, exam->options, args.threads);
  std::cout << (args.reveal ? analysis::render_exam_reveal(exam->question, e)
                            : analysis::render_exam_answer(exam->question, e, *chosen));
  return kExitOk;
}

}  // namespace drsim::cli
