// The exam library (docs/exam.md): drsim's own simulation of every option must pick the
// question's intended answer, and its explanation must name the deciding mechanism.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/exam.hpp"
#include "scenarios/exam_file.hpp"

using namespace drsim;

namespace {

std::vector<std::string> exam_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(DRSIM_SOURCE_DIR) + "/scenarios/exam"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("Exam library: at least 12 questions, each simulated to its intended answer, the mechanism named") {
  const auto files = exam_files();
  CHECK(files.size() >= 12);
  for (const std::string& file : files) {
    CAPTURE(file);
    scenarios::ExamLoad loaded = scenarios::load_exam_file(file);
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.exam);
    const scenarios::ExamQuestion& q = *loaded.exam;
    CHECK(q.options.size() == 4);
    std::vector<models::Scenario> built;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      scenarios::LoadResult r = scenarios::build_exam_option(q, i);
      REQUIRE(r.errors.empty());
      built.push_back(std::move(*r.scenario));
    }
    const analysis::ExamEvaluation e = analysis::evaluate_exam(q, built, 2);
    CHECK(e.agrees(q));
    // Only the simulated part of the explanation counts (not the file's own "why").
    std::string simulated;
    for (std::size_t i = 0; i < q.options.size(); ++i) simulated += analysis::render_option_evaluation(q, e, i);
    CHECK_MESSAGE(simulated.find(q.mechanism) != std::string::npos, "mechanism \"" << q.mechanism << "\" not named");
    for (const auto& ref : q.references) CHECK(ref.url.starts_with("https://docs.aws.amazon.com/"));
  }
}

TEST_CASE("Exam file: a malformed question names its place") {
  // Three options instead of four, a patch with an unknown operation, an answer out of range.
  const std::string text = R"({"exam": 1, "title": "t", "question": "q", "mechanism": "m", "why": "w",
    "requirement": {"failure": "f", "application": "a", "rto": "1h"},
    "scenario": {},
    "options": [{"text": "a", "patch": []}, {"text": "b", "patch": [{"op": "frob", "path": "/x"}]}, {"text": "c", "patch": []}],
    "answer": "E", "references": [{"title": "r", "url": "https://docs.aws.amazon.com/x"}]})";
  const scenarios::ExamLoad r = scenarios::load_exam_text(text, "bad.json");
  CHECK_FALSE(r.exam);
  std::string all;
  for (const auto& d : r.errors) all += scenarios::to_string(d) + "\n";
  CHECK(all.find("bad.json:/options: expected 4 answer options (A to D), found 3") != std::string::npos);
  CHECK(all.find("bad.json:/options/1/patch/0/op: unknown JSON Patch operation \"frob\"") != std::string::npos);
  CHECK(all.find("bad.json:/answer: expected an option's letter, \"A\" to \"D\", found \"E\"") != std::string::npos);
}

TEST_CASE("Exam file: an option whose patch does not apply is placed at its patch") {
  const auto files = exam_files();
  REQUIRE_FALSE(files.empty());
  scenarios::ExamLoad loaded = scenarios::load_exam_file(files.front());
  REQUIRE(loaded.exam);
  scenarios::ExamQuestion q = *loaded.exam;
  q.options[2].patch = nlohmann::ordered_json::parse(R"([{"op": "remove", "path": "/no/such/key"}])");
  const scenarios::LoadResult r = scenarios::build_exam_option(q, 2);
  CHECK_FALSE(r.scenario);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].location == "/options/2/patch");
  CHECK(r.errors[0].message.find("option C: the JSON Patch does not apply") == 0);
}
