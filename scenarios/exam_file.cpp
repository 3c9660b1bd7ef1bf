#include "scenarios/exam_file.hpp"

#include <fmt/format.h>

#include "scenarios/json_patch.hpp"
#include "scenarios/json_reader.hpp"
#include "scenarios/json_text.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kExamKeys[] = {"exam",   "title",  "question",  "requirement", "scenario", "options",
                                          "answer", "mechanism", "why",    "references",  "topics"};
constexpr std::string_view kExamRequired[] = {"exam",   "title",     "question", "requirement", "scenario",
                                              "options", "answer",   "mechanism", "why",        "references"};
constexpr std::string_view kRequirementKeys[] = {"failure", "application", "rto",    "rpo",
                                                 "confidence", "cheapest",  "trials"};
constexpr std::string_view kOptionKeys[] = {"text", "patch"};
constexpr std::string_view kReferenceKeys[] = {"title", "url"};

std::optional<ExamRequirement> read_requirement(const Node& n) {
  if (!n.check_object("the requirement", keys(kRequirementKeys), keys(kRequirementKeys).first(2))) return std::nullopt;
  ExamRequirement r;
  bool ok = true;
  if (auto v = read_name(n["failure"], "a failure's name")) r.failure = *v; else ok = false;
  if (auto v = read_name(n["application"], "an application's name")) r.application = *v; else ok = false;
  for (const char* key : {"rto", "rpo"}) {
    if (!n[key].present()) continue;
    auto d = read_duration(n[key]);
    if (!d) {
      ok = false;
      continue;
    }
    (std::string_view(key) == "rto" ? r.rto : r.rpo) = *d;
  }
  if (ok && !r.rto && !r.rpo) {
    n.error("the requirement needs a target: \"rto\", \"rpo\" or both");
    ok = false;
  }
  if (n["confidence"].present()) {
    const auto c = read_number(n["confidence"], 0, "a share of trials in (0, 1]");
    if (!c) ok = false;
    else if (*c <= 0 || *c > 1) {
      n["confidence"].error(fmt::format("expected a share of trials in (0, 1], found {}", *c));
      ok = false;
    } else r.confidence = *c;
  }
  if (n["cheapest"].present()) {
    if (auto b = read_bool(n["cheapest"])) r.cheapest = *b; else ok = false;
  }
  if (n["trials"].present()) {
    if (auto t = read_int(n["trials"], 1, 1'000'000, "a trial count from 1 to 1,000,000")) r.trials = static_cast<std::uint64_t>(*t);
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return r;
}

std::optional<ExamOption> read_option(const Node& n) {
  if (!n.check_object("an answer option", keys(kOptionKeys), keys(kOptionKeys))) return std::nullopt;
  ExamOption o;
  const auto text = read_name(n["text"], "the option's text");
  auto patch = read_json_patch(n["patch"]);
  if (!text || !patch) return std::nullopt;
  o.text = *text;
  o.patch = std::move(*patch);
  return o;
}

void load_exam_document(const Json& doc, Diagnostics& diags, ExamLoad& out, const std::string& source) {
  const Node root(&doc, "", &diags);
  if (!root.check_object("an exam question", keys(kExamKeys), keys(kExamRequired))) return;
  ExamQuestion q;
  q.source = source;
  bool ok = true;
  if (root["exam"].present()) {
    if (const auto v = read_int(root["exam"], 1, 1, "the exam format's version, 1"); !v) ok = false;
  }
  auto text = [&](const char* key, std::string& into) {
    if (auto v = read_name(root[key], "a non-empty string")) into = *v; else ok = false;
  };
  text("title", q.title);
  text("question", q.question);
  text("mechanism", q.mechanism);
  text("why", q.why);
  if (root["topics"].present()) {
    if (auto topics = read_string_array(root["topics"], "a topic")) {
      for (auto& t : *topics) q.topics.push_back(std::move(t.text));
    } else ok = false;
  }
  if (auto r = read_requirement(root["requirement"])) q.requirement = std::move(*r); else ok = false;
  if (root["scenario"].expect_object("a scenario (docs/scenario-format.md)")) q.scenario = root["scenario"].json();
  else ok = false;
  const Node options = root["options"];
  if (options.expect_array("the four answer options")) {
    if (options.size() != kExamOptions) {
      options.error(fmt::format("expected {} answer options (A to D), found {}", kExamOptions, options.size()));
      ok = false;
    }
    for (std::size_t i = 0; i < options.size(); ++i) {
      if (auto o = read_option(options.at(i))) q.options.push_back(std::move(*o)); else ok = false;
    }
  } else ok = false;
  if (auto a = read_string(root["answer"], "an option's letter, \"A\" to \"D\"")) {
    if (a->size() == 1 && (*a)[0] >= 'A' && (*a)[0] < static_cast<char>('A' + kExamOptions)) q.answer = static_cast<std::size_t>((*a)[0] - 'A');
    else {
      root["answer"].error(fmt::format("expected an option's letter, \"A\" to \"D\", found \"{}\"", *a));
      ok = false;
    }
  } else ok = false;
  const Node refs = root["references"];
  if (refs.expect_array("the AWS documentation the answer rests on")) {
    if (refs.size() == 0) {
      refs.error("expected at least one reference: the AWS documentation the answer rests on");
      ok = false;
    }
    for (std::size_t i = 0; i < refs.size(); ++i) {
      const Node r = refs.at(i);
      if (!r.check_object("a reference", keys(kReferenceKeys), keys(kReferenceKeys))) {
        ok = false;
        continue;
      }
      auto title = read_name(r["title"], "the page's title");
      auto url = read_name(r["url"], "the page's address");
      if (!title || !url) {
        ok = false;
        continue;
      }
      if (!url->starts_with("https://")) {
        r["url"].error(fmt::format("expected an https:// address, found \"{}\"", *url));
        ok = false;
        continue;
      }
      q.references.push_back({*title, *url});
    }
  } else ok = false;
  if (ok) out.exam = std::move(q);
}

}  // namespace

std::string option_letter(std::size_t option) { return std::string(1, static_cast<char>('A' + option)); }

ExamLoad load_exam_text(std::string_view text, std::string source) {
  ExamLoad out;
  try {
    Diagnostics diags(source);
    Json doc;
    const bool parsed = parse_json_text(text, diags, doc);
    if (parsed) load_exam_document(doc, diags, out, source);
    out.errors = diags.take(parsed ? &doc : nullptr);
    if (!out.errors.empty()) out.exam.reset();
  } catch (const std::bad_alloc&) {
    out.exam.reset();
    out.errors.push_back(Diagnostic{source, "", "out of memory while loading the exam question"});
  }
  return out;
}

ExamLoad load_exam_file(const std::string& path) {
  std::string text;
  if (std::string err = read_input_file(path, text); !err.empty()) {
    ExamLoad out;
    out.errors.push_back(Diagnostic{path, "", std::move(err)});
    return out;
  }
  return load_exam_text(text, path);
}

LoadResult build_exam_option(const ExamQuestion& q, std::size_t option) {
  const std::string patch_place = fmt::format("/options/{}/patch", option);
  const std::string letter = option_letter(option);
  LoadResult out;
  Json doc = q.scenario;
  if (const std::string err = apply_json_patch(doc, q.options[option].patch); !err.empty()) {
    out.errors.push_back(Diagnostic{q.source, patch_place,
                                    fmt::format("option {}: the JSON Patch does not apply to the scenario: {}", letter, err)});
    return out;
  }
  LoadResult r = load_scenario_json(doc, fmt::format("{} (option {})", q.source, letter));
  const bool patched = !q.options[option].patch.empty();
  for (const Diagnostic& d : r.errors) {
    // An empty patch leaves the scenario as written: its error is at its place under /scenario.
    if (!patched) out.errors.push_back(Diagnostic{q.source, "/scenario" + d.location, fmt::format("option {}: {}", letter, d.message)});
    else
      out.errors.push_back(Diagnostic{q.source, patch_place,
                                      fmt::format("option {}: the scenario it makes is invalid at {}: {}", letter,
                                                  d.location.empty() ? "its top level" : d.location, d.message)});
  }
  if (!r.scenario) return out;
  const models::Scenario& s = *r.scenario;
  if (!s.find_failure(q.requirement.failure))
    out.errors.push_back(Diagnostic{q.source, "/requirement/failure",
                                    fmt::format("option {}: the scenario has no failure named \"{}\"", letter, q.requirement.failure)});
  bool app_found = false;
  for (const auto& a : s.applications) app_found |= a.name == q.requirement.application;
  if (!app_found)
    out.errors.push_back(Diagnostic{q.source, "/requirement/application",
                                    fmt::format("option {}: the scenario has no application named \"{}\"", letter,
                                                q.requirement.application)});
  if (out.errors.empty()) out.scenario = std::move(r.scenario);
  out.warnings = std::move(r.warnings);
  return out;
}

}  // namespace drsim::scenarios
