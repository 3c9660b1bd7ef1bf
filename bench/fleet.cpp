// The fleet benchmark: a generated estate (scenarios/generator.hpp, 2 Regions, seed 1) of
// N resources, its Region loss played for T trials by analysis::run_study, for every N x T
// of the matrix. It checks the architecture's targets (5,000 resources x 10,000 trials in
// <= 60 s on 2 cores, <= 2 GB, cost linear in resources x trials); it is run by hand and
// reported in notes, never as a test.
//
//   fleet [--resources 1000,5000,20000] [--trials 1000,10000] [--threads 2] [--failure region-loss]
//   fleet --scenario FILE [--scenario FILE ...] [--trials 1000,10000] [--threads 2]
//
// With --scenario, the rows are those files instead of generated estates, every failure of
// each played for the trials (the plan shapes users write: the seed scenarios, say).
//
// Method, and why:
// - Each configuration runs in its own child process, so the peak RSS a row reports is that
//   configuration's alone (ru_maxrss never goes down within a process), and a crash or an
//   out-of-memory kill costs one row, not the whole table.
// - Only run_study is timed (steady_clock): generating and loading the scenario are
//   reported in their own column, since a study of many trials amortises them.
// - The last column, microseconds per resource-trial, is flat across rows when the cost is
//   linear in resources x trials.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "analysis/study.hpp"
#include "bench/cpu_time.hpp"
#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "models/recovery_engine.hpp"
#include "models/recovery_method.hpp"
#include "models/requires_graph.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<std::uint64_t> resources = {1000, 5000, 20000};
  std::vector<std::uint64_t> trials = {1000, 10000};
  unsigned threads = 2;
  std::string failure = "region-loss";
  std::vector<std::string> scenarios;  // files to measure instead of generated estates
};

// What a child sends back through its pipe: plain bytes, no pointers.
struct Measurement {
  bool ok = false;
  double prepare_s = 0;  // generate + load
  double study_s = 0;    // run_study only: the precomputation and the trials
  double precompute_s = 0;  // the per-scenario part (backup history, copy queue, safe starts, graph)
  double trials_cpu_s = 0;  // CPU time of the trials alone, every thread
  std::uint64_t events = 0;
  long peak_rss_kib = 0;
  char error[240] = {};
};

using drsim::bench::cpu_seconds;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void set_error(Measurement& m, std::string_view text) {
  const std::size_t n = std::min(text.size(), sizeof m.error - 1);
  std::memcpy(m.error, text.data(), n);
  m.error[n] = '\0';
}

// Runs in the child: every failure of a scenario file.
Measurement measure_file(const std::string& file, std::uint64_t trials, const Options& o) {
  Measurement m;
  try {
    const auto prepare = Clock::now();
    auto loaded = drsim::scenarios::load_scenario_file(file);
    m.prepare_s = seconds_since(prepare);
    if (!loaded.scenario) {
      set_error(m, loaded.errors.empty() ? "the scenario did not load" : drsim::scenarios::to_string(loaded.errors[0]));
      return m;
    }
    const drsim::models::Scenario& s = *loaded.scenario;
    std::vector<std::size_t> failures;
    for (std::size_t f = 0; f < s.failures.size(); ++f) failures.push_back(f);
    const drsim::analysis::StudyOptions study{.seed = 1, .trials = trials, .threads = o.threads, .keep_trial_rows = false};
    const auto start = Clock::now();
    const drsim::analysis::StudyResult result = drsim::analysis::run_study(s, failures, study);
    m.study_s = seconds_since(start);
    for (const auto& f : result.failures) m.events += f.events;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    m.peak_rss_kib = usage.ru_maxrss;
    m.ok = true;
  } catch (const std::exception& e) {
    set_error(m, e.what());
  }
  return m;
}

// Runs in the child.
Measurement measure(std::uint64_t resources, std::uint64_t trials, const Options& o) {
  Measurement m;
  try {
    const drsim::scenarios::GeneratorOptions g{resources, 2, 1, trials};
    if (const std::string problem = drsim::scenarios::check(g); !problem.empty()) {
      set_error(m, problem);
      return m;
    }
    const auto prepare = Clock::now();
    auto loaded = [&] {
      const std::string text = drsim::scenarios::generate_scenario_json(g);
      return drsim::scenarios::load_scenario_text(text, fmt::format("generated-{}.json", resources));
    }();
    m.prepare_s = seconds_since(prepare);
    if (!loaded.scenario) {
      set_error(m, loaded.errors.empty() ? "the scenario did not load" : drsim::scenarios::to_string(loaded.errors[0]));
      return m;
    }
    const drsim::models::Scenario& s = *loaded.scenario;
    const auto failure = s.find_failure(o.failure);
    if (!failure) {
      set_error(m, fmt::format("no failure named \"{}\" in the generated scenario", o.failure));
      return m;
    }
    const drsim::analysis::StudyOptions study{.seed = 1, .trials = trials, .threads = o.threads, .keep_trial_rows = false};
    const auto start = Clock::now();
    const drsim::models::ProtectionMap map(s);
    const drsim::models::BackupHistory history(s, map, s.latest_failure_instant());
    const drsim::models::RequiresGraph graph(s);
    m.precompute_s = seconds_since(start);
    const double cpu = cpu_seconds();
    const drsim::analysis::StudyResult result = drsim::analysis::run_study(s, history, graph, {*failure}, study);
    m.trials_cpu_s = cpu_seconds() - cpu;
    m.study_s = seconds_since(start);
    m.events = result.failures.at(0).events;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    m.peak_rss_kib = usage.ru_maxrss;  // KiB on Linux
    m.ok = true;
  } catch (const std::exception& e) {
    set_error(m, e.what());
  }
  return m;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::size_t read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = read(fd, p + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

// One configuration in a child process; a failed child becomes a Measurement saying why.
template <class Measure>
Measurement run_child(Measure measure_it) {
  Measurement m;
  int fds[2];
  if (pipe(fds) != 0) {
    set_error(m, fmt::format("pipe: {}", std::strerror(errno)));
    return m;
  }
  std::fflush(stdout);  // or the child's copy of the buffer is printed twice
  const pid_t pid = fork();
  if (pid < 0) {
    set_error(m, fmt::format("fork: {}", std::strerror(errno)));
    close(fds[0]);
    close(fds[1]);
    return m;
  }
  if (pid == 0) {
    close(fds[0]);
    const Measurement mine = measure_it();
    _exit(write_all(fds[1], &mine, sizeof mine) ? 0 : 1);
  }
  close(fds[1]);
  const std::size_t got = read_all(fds[0], &m, sizeof m);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got == sizeof m && WIFEXITED(status) && WEXITSTATUS(status) == 0) return m;
  Measurement failed;
  if (WIFSIGNALED(status))
    set_error(failed, fmt::format("child killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status))));
  else
    set_error(failed, fmt::format("child exited with status {} after sending {} of {} bytes",
                                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, got, sizeof m));
  return failed;
}

bool parse_list(std::string_view text, std::vector<std::uint64_t>& out) {
  out.clear();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string item(text.substr(0, comma));
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || errno != 0 || v == 0) return false;
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return !out.empty();
}

constexpr const char* kUsage =
    "usage: fleet [--resources N,N,...] [--trials N,N,...] [--threads N] [--failure NAME]\n"
    "       fleet --scenario FILE [--scenario FILE ...] [--trials N,N,...] [--threads N]\n"
    "  defaults: --resources 1000,5000,20000 --trials 1000,10000 --threads 2 --failure region-loss\n";

bool parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return false;
    if (i + 1 >= argc) return false;
    const std::string_view value = argv[++i];
    if (arg == "--resources") {
      if (!parse_list(value, o.resources)) return false;
    } else if (arg == "--trials") {
      if (!parse_list(value, o.trials)) return false;
    } else if (arg == "--threads") {
      std::vector<std::uint64_t> n;
      if (!parse_list(value, n) || n.size() != 1 || n[0] > 1024) return false;
      o.threads = static_cast<unsigned>(n[0]);
    } else if (arg == "--failure") {
      o.failure = value;
    } else if (arg == "--scenario") {
      o.scenarios.emplace_back(value);
    } else {
      return false;
    }
  }
  return true;
}

struct Column {
  const char* title;
  int width;
};
constexpr Column kColumns[] = {{"resources", 9},          {"trials", 7},      {"threads", 7},
                               {"gen+load s", 10},        {"wall s", 8},      {"resource-trials/s", 17},
                               {"M events/s", 10},        {"events/s per core", 17}, {"peak MiB", 8},
                               {"µs per resource-trial", 21}, {"precompute s", 12}, {"CPU ns/rt", 9},
                               {"B/rt", 6}};

void print_cells(const std::vector<std::string>& cells) {
  std::string line = " ";
  for (std::size_t i = 0; i < cells.size(); ++i) line += fmt::format(" {:>{}}", cells[i], kColumns[i].width);
  fmt::print("{}\n", line);
  std::fflush(stdout);
}

// The reference loop: the same model arithmetic as the engine for the common case, written
// straight — for each resource the Region loss touches, the newest firing of each of its
// AWS Backup rules before the failure (then the one before, while a copy is not there yet),
// with drsim's own random streams, purposes and duration models, and the restore duration
// of the point it finds. No event queue, no pools, no requires, no outputs: a floor for what
// a resource-trial can cost, kept unchanged beside drsim's figure (issue 7's yardstick).
double reference_loop_ns(const drsim::models::Scenario& s, const drsim::models::BackupHistory& history,
                         std::size_t failure, std::uint64_t trials) {
  using namespace drsim::models;
  const Failure& f = s.failures[failure];
  const ProtectionMap& map = history.protections();
  std::uint64_t work = 0, resource_trials = 0;
  const double start = cpu_seconds();
  for (std::uint64_t t = 0; t < trials; ++t) {
    const TrialKey key{1, t};
    const drsim::sim::Time at = key.draw(f.at, f.draw_key, purpose(Purpose::failure_time));
    for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
      const Resource& res = s.resources[r];
      if (res.region != f.target) continue;
      ++resource_trials;
      const TypeModels& models = s.models_of(res);
      drsim::sim::Time best = -1;
      for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref) {
        if (ref->kind != ProtectionKind::backup_rule) continue;
        const BackupRule& rule = s.backup_rules[ref->index];
        if (rule.copies.empty()) continue;
        for (drsim::sim::Time due = history.firings().previous(ref->index, at + 1), tries = 0; due >= 0 && tries < 3; ++tries) {
          const drsim::sim::Time data = due + key.draw(s.catalogue.backup_start_delay, res.draw_key, backup_delay_purpose(rule.draw_key, due));
          const double changed = res.changed_mib(drsim::sim::kDay);
          const drsim::sim::Time done = data + key.draw(models[Step::backup], changed, res.draw_key, backup_duration_purpose(rule.draw_key, due)) +
                                        key.draw(models[Step::copy], changed, res.draw_key, copy_duration_purpose(rule.draw_key, 0, due));
          if (done <= at) {
            best = std::max(best, data);
            break;
          }
          due = history.firings().previous(ref->index, due);
        }
      }
      if (best >= 0)
        work += static_cast<std::uint64_t>(at - best) +
                static_cast<std::uint64_t>(key.draw(models[Step::restore], res.size_mib(), res.draw_key, purpose(Purpose::restore_duration)));
    }
  }
  const double elapsed = cpu_seconds() - start;
  if (work == 42) std::fputs("", stdout);  // keeps the loop's result alive
  return resource_trials == 0 ? 0 : elapsed * 1e9 / static_cast<double>(resource_trials);
}

// The model's event loop on one core: one engine playing trials of the largest
// configuration's Region loss, timing the kernel loop apart from the backup history.
void model_loop(const Options& o) {
  const std::uint64_t resources = *std::max_element(o.resources.begin(), std::min(o.resources.end(), o.resources.begin() + 2));
  const std::uint64_t trials = 300;
  const drsim::scenarios::GeneratorOptions g{resources, 2, 1, trials};
  auto loaded = drsim::scenarios::load_scenario_text(drsim::scenarios::generate_scenario_json(g), "generated.json");
  if (!loaded.scenario) return;
  const auto& s = *loaded.scenario;
  const auto failure = s.find_failure(o.failure);
  if (!failure) return;
  const drsim::models::ProtectionMap map(s);
  const drsim::models::BackupHistory history(s, map, s.latest_failure_instant());
  const drsim::models::RequiresGraph graph(s);
  drsim::models::RecoveryEngine engine(history, graph);
  drsim::models::RecoveryEngine::LoopTimer timer;
  engine.attach(&timer);
  drsim::models::TrialResult out;
  for (std::uint64_t t = 0; t < trials; ++t) engine.run(*failure, drsim::models::TrialKey{1, t}, out);
  fmt::print("\nmodel event loop, 1 core, {} resources x {} trials: {} events in {:.3f} s of loop = {:.2f} M events/s; "
             "the loop is {:.0f}% of trial time ({:.2f} ms per trial)\n",
             resources, trials, timer.events, timer.loop_seconds, static_cast<double>(timer.events) / timer.loop_seconds / 1e6,
             100.0 * timer.loop_seconds / timer.total_seconds, 1e3 * timer.total_seconds / static_cast<double>(trials));
  // The same trials through run_study on one thread, against the reference loop, both per
  // resource-trial the failure touches (CPU).
  std::uint64_t touched = 0;
  for (drsim::models::ResourceIndex r = 0; r < s.resources.size(); ++r) touched += drsim::models::touches(s, s.failures[*failure], r);
  const drsim::analysis::StudyOptions one{.seed = 1, .trials = trials, .threads = 1};
  const double cpu = cpu_seconds();
  (void)drsim::analysis::run_study(s, history, graph, {*failure}, one);
  const double drsim_ns = (cpu_seconds() - cpu) * 1e9 / static_cast<double>(touched * trials);
  const double reference_ns = reference_loop_ns(s, history, *failure, trials);
  fmt::print("one core, per resource-trial the failure touches ({} of {} resources): drsim {:.0f} ns CPU, reference loop "
             "{:.0f} ns ({:.1f}x)\n",
             touched, resources, drsim_ns, reference_ns, reference_ns > 0 ? drsim_ns / reference_ns : 0.0);
}

}  // namespace

// Rows for scenario files: every failure of each, for each trial count.
int measure_files(const Options& o) {
  fmt::print("drsim fleet benchmark: scenario files, every failure, {} thread(s), {} hardware threads\n"
             "wall s times run_study only\n\n",
             o.threads, std::thread::hardware_concurrency());
  fmt::print("  {:<28} {:>9} {:>8} {:>7} {:>8} {:>8} {:>17} {:>8} {:>21}\n", "scenario", "resources", "failures", "trials",
             "load s", "wall s", "resource-trials/s", "peak MiB", "µs per resource-trial");
  int failures = 0;
  for (const std::string& file : o.scenarios) {
    auto loaded = drsim::scenarios::load_scenario_file(file);
    if (!loaded.scenario) {
      fmt::print("  {:<28} did not load\n", file);
      ++failures;
      continue;
    }
    const std::size_t n = loaded.scenario->resources.size(), f = loaded.scenario->failures.size();
    const std::string name = file.substr(file.find_last_of('/') + 1);
    for (const std::uint64_t trials : o.trials) {
      const Measurement m = run_child([&] { return measure_file(file, trials, o); });
      if (!m.ok) {
        fmt::print("  {:<28} failed: {}\n", name, m.error);
        ++failures;
        continue;
      }
      const double resource_trials = static_cast<double>(n) * static_cast<double>(f) * static_cast<double>(trials);
      fmt::print("  {:<28} {:>9} {:>8} {:>7} {:>8.2f} {:>8.2f} {:>17.0f} {:>8.0f} {:>21.3f}\n", name, n, f, trials,
                 m.prepare_s, m.study_s, resource_trials / m.study_s, static_cast<double>(m.peak_rss_kib) / 1024.0,
                 m.study_s * 1e6 / resource_trials);
      std::fflush(stdout);
    }
  }
  return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  Options o;
  if (!parse_args(argc, argv, o)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (!o.scenarios.empty()) return measure_files(o);
  fmt::print("drsim fleet benchmark: generated scenario (2 Regions, seed 1), failure \"{}\", {} thread(s), "
             "{} hardware threads\n"
             "wall s times run_study only (its precomputation included); gen+load s is generating and loading the\n"
             "scenario; CPU ns/rt: CPU time of the trials alone (every thread) per resource-trial; B/rt: peak\n"
             "resident bytes per resource-trial\n\n",
             o.failure, o.threads, std::thread::hardware_concurrency());
  std::vector<std::string> header;
  for (const Column& c : kColumns) header.emplace_back(c.title);
  print_cells(header);

  int failures = 0;
  for (const std::uint64_t resources : o.resources) {
    for (const std::uint64_t trials : o.trials) {
      const Measurement m = run_child([&] { return measure(resources, trials, o); });
      std::vector<std::string> cells = {fmt::format("{}", resources), fmt::format("{}", trials),
                                        fmt::format("{}", o.threads)};
      if (!m.ok) {
        ++failures;
        cells.emplace_back("failed");
        print_cells(cells);
        fmt::print("    {}\n", m.error);
        continue;
      }
      const double resource_trials = static_cast<double>(resources) * static_cast<double>(trials);
      const double events_per_s = static_cast<double>(m.events) / m.study_s;
      cells.push_back(fmt::format("{:.2f}", m.prepare_s));
      cells.push_back(fmt::format("{:.2f}", m.study_s));
      cells.push_back(fmt::format("{:.0f}", resource_trials / m.study_s));
      cells.push_back(fmt::format("{:.2f}", events_per_s / 1e6));
      cells.push_back(fmt::format("{:.0f}", events_per_s / o.threads));
      cells.push_back(fmt::format("{:.0f}", static_cast<double>(m.peak_rss_kib) / 1024.0));
      cells.push_back(fmt::format("{:.3f}", m.study_s * 1e6 / resource_trials));
      cells.push_back(fmt::format("{:.2f}", m.precompute_s));
      cells.push_back(fmt::format("{:.0f}", m.trials_cpu_s * 1e9 / resource_trials));
      cells.push_back(fmt::format("{:.1f}", static_cast<double>(m.peak_rss_kib) * 1024.0 / resource_trials));
      print_cells(cells);
    }
  }
  model_loop(o);
  return failures == 0 ? 0 : 1;
}
