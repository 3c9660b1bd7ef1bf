// Shards and merge: a study split into parts by `--shard K/N` and put back together by
// `drsim merge` writes exactly what the unsharded run writes — summary, results JSON and CSV,
// byte for byte — for any N, any order of the parts and any thread count; parts that do not
// belong together are refused with the part named.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "analysis/part_file.hpp"
#include "analysis/shard.hpp"
#include "cli_support.hpp"

using namespace drsim_test;

namespace {

const std::string kSeed = std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json";

struct Outputs {
  std::string text, json, csv, html;
};

// Runs `args` unsharded, then as N shards merged with the parts in a shuffled order, and
// returns both sets of outputs.
std::pair<Outputs, Outputs> whole_and_merged(const Sandbox& box, const std::string& args, std::uint64_t n,
                                             unsigned shuffle_seed, const std::string& shard_threads = "--threads 1") {
  const Outcome whole = box.drsim(args + " --json whole.json --csv whole.csv --html whole.html");
  REQUIRE(whole.status == 0);
  const Outputs unsharded{whole.out, slurp(box.path("whole.json")), slurp(box.path("whole.csv")),
                          slurp(box.path("whole.html"))};
  fs::remove(box.path("whole.json"));
  fs::remove(box.path("whole.csv"));
  fs::remove(box.path("whole.html"));
  fs::remove_all(box.path("merged"));
  std::vector<std::string> parts;
  for (std::uint64_t k = 1; k <= n; ++k) {
    const std::string part = fmt::format("p{}.drsim", k);
    const Outcome shard = box.drsim(fmt::format("{} {} --json whole.json --csv whole.csv --html whole.html --shard {}/{} --part {}", args,
                                                shard_threads, k, n, part));
    REQUIRE_MESSAGE(shard.status == 0, shard.err);
    CHECK(shard.out.find(fmt::format("Shard {} of {}", k, n)) != std::string::npos);
    CHECK_FALSE(fs::exists(box.path("whole.json")));  // a shard writes its part, not the outputs
    parts.push_back(part);
  }
  std::mt19937 rng(shuffle_seed);
  std::shuffle(parts.begin(), parts.end(), rng);
  std::string list;
  for (const auto& p : parts) list += " " + p;
  const Outcome merged = box.drsim("merge" + list + " -o merged --threads 2");
  REQUIRE_MESSAGE(merged.status == 0, merged.err);
  return {unsharded,
          {merged.out, slurp(box.path("merged/whole.json")), slurp(box.path("merged/whole.csv")),
           slurp(box.path("merged/whole.html"))}};
}

}  // namespace

TEST_CASE("merged shards give the unsharded run's summary, JSON and CSV byte for byte, for N = 1, 2, 3 and 7") {
  for (const std::uint64_t n : {1, 2, 3, 7}) {
    Sandbox box;
    INFO("N = " << n);
    const auto [whole, merged] = whole_and_merged(box, "run " + kSeed + " --trials 50", n, static_cast<unsigned>(n));
    CHECK(whole.text == merged.text);
    CHECK(whole.json == merged.json);
    CHECK(whole.csv == merged.csv);
    CHECK(whole.html == merged.html);
    CHECK(whole.json.size() > 1000);
  }
}

TEST_CASE("merged shards of a fleet match for per-resource CSV rows, other thread counts and a shard with no trials") {
  Sandbox box;
  REQUIRE(box.drsim("generate --resources 60 --seed 3 --out fleet.json").status == 0);
  {
    INFO("per-resource CSV, shards on 2 threads");
    const auto [whole, merged] = whole_and_merged(box, "run fleet.json --trials 40 --csv-resources", 3, 11, "--threads 2");
    CHECK(whole.text == merged.text);
    CHECK(whole.json == merged.json);
    CHECK(whole.csv == merged.csv);
    CHECK(whole.html == merged.html);
  }
  {
    // 2 trials over 3 shards: shard 1 holds none ([0, 0)), the others one each.
    INFO("more shards than trials");
    const auto [whole, merged] = whole_and_merged(box, "run fleet.json --trials 2 --failure region-loss", 3, 5);
    CHECK(whole.text == merged.text);
    CHECK(whole.json == merged.json);
    CHECK(whole.csv == merged.csv);
    CHECK(whole.html == merged.html);
  }
}

TEST_CASE("--shard auto reads Slurm's and AWS Batch's array variables") {
  Sandbox box;
  // Slurm --array=1-3: task 3 of 3 is shard 3/3; AWS Batch index 0 of 3 is shard 1/3.
  const Outcome slurm = box.drsim("run " + kSeed + " --trials 30 --shard auto --part s.drsim",
                                  "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1");
  REQUIRE(slurm.status == 0);
  CHECK(slurm.out.find("Shard 3 of 3") != std::string::npos);
  CHECK(slurm.out.find("trials 20 to 29 of 30") != std::string::npos);
  const Outcome batch = box.drsim("run " + kSeed + " --trials 30 --shard auto --part b.drsim",
                                  "AWS_BATCH_JOB_ARRAY_INDEX=0 AWS_BATCH_JOB_ARRAY_SIZE=3");
  REQUIRE(batch.status == 0);
  CHECK(batch.out.find("Shard 1 of 3") != std::string::npos);
  const Outcome neither = box.drsim("run " + kSeed + " --shard auto", "env -u SLURM_ARRAY_TASK_ID -u AWS_BATCH_JOB_ARRAY_INDEX");
  CHECK(neither.status == 2);
  CHECK(neither.err.find("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT") != std::string::npos);
}

TEST_CASE("parse_shard: K/N from 1, auto from the environment, and what is refused") {
  using drsim::analysis::parse_shard;
  std::string error;
  const auto none = [](const char*) -> const char* { return nullptr; };
  const auto two = parse_shard("2/8", none, error);
  REQUIRE(two);
  CHECK(two->index == 2);
  CHECK(two->count == 8);
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3x", "2/1000001"}) {
    INFO(bad);
    CHECK_FALSE(parse_shard(bad, none, error));
    CHECK(error.find("--shard") == 0);
  }
  // A stepped Slurm array (--array=0-8:4 gives IDs 0, 4, 8 with COUNT 3) cannot be named K/N.
  const auto stepped = [](const char* name) -> const char* {
    const std::string n = name;
    return n == "SLURM_ARRAY_TASK_ID" ? "8" : n == "SLURM_ARRAY_TASK_COUNT" ? "3" : n == "SLURM_ARRAY_TASK_MIN" ? "0" : nullptr;
  };
  CHECK_FALSE(parse_shard("auto", stepped, error));
  CHECK(error.find("contiguous") != std::string::npos);
  // Shard ranges are balanced: 10 trials over 3 shards are 3, 3 and 4.
  using drsim::analysis::shard_range;
  CHECK(shard_range(1, 3, 10).begin == 0);
  CHECK(shard_range(1, 3, 10).end == 3);
  CHECK(shard_range(2, 3, 10).end == 6);
  CHECK(shard_range(3, 3, 10).end == 10);
}

TEST_CASE("merge refuses parts that do not belong together, naming the part") {
  Sandbox box;
  const std::string run = "run " + kSeed + " --trials 20";
  REQUIRE(box.drsim(run + " --shard 1/2 --part a1.drsim").status == 0);
  REQUIRE(box.drsim(run + " --shard 2/2 --part a2.drsim").status == 0);
  REQUIRE(box.drsim(run + " --seed 9 --shard 2/2 --part seed9.drsim").status == 0);
  REQUIRE(box.drsim(run + " --shard 2/3 --part of3.drsim").status == 0);
  REQUIRE(box.drsim("generate --resources 20 --out other.json").status == 0);
  REQUIRE(box.drsim("run other.json --trials 20 --shard 2/2 --part other.drsim").status == 0);

  const Outcome seed = box.drsim("merge a1.drsim seed9.drsim");
  CHECK(seed.status == 2);
  CHECK(seed.err.find("seed9.drsim (shard 2/2): run with other settings") != std::string::npos);
  const Outcome other = box.drsim("merge a1.drsim other.drsim");
  CHECK(other.status == 2);
  CHECK(other.err.find("other.drsim (shard 2/2): its scenario other.json") != std::string::npos);
  const Outcome shards = box.drsim("merge a1.drsim of3.drsim");
  CHECK(shards.status == 2);
  CHECK(shards.err.find("of3.drsim (shard 2/3): one of 3 shards") != std::string::npos);
  const Outcome missing = box.drsim("merge a2.drsim");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("shard 1 of 2 missing") != std::string::npos);
  const Outcome twice = box.drsim("merge a1.drsim a1.drsim a2.drsim");
  CHECK(twice.status == 2);
  CHECK(twice.err.find("a1.drsim: shard 1 is given twice") != std::string::npos);

  // Not a part at all, a truncated part, and a part whose scenario text was altered.
  box.file("junk.drsim", "{\"not\": \"cbor\"}");
  const std::string whole = slurp(box.path("a1.drsim"));
  box.file("cut.drsim", whole.substr(0, whole.size() / 2));
  std::string altered = whole;
  const auto at = altered.find("classic-backup-restore\"");
  REQUIRE(at != std::string::npos);
  altered[at] = 'K';
  box.file("altered.drsim", altered);
  for (const char* bad : {"junk.drsim", "cut.drsim", "altered.drsim", "absent.drsim"}) {
    INFO(bad);
    const Outcome r = box.drsim(fmt::format("merge {} a2.drsim", bad));
    CHECK(r.status == 2);
    CHECK(r.err.find(bad) == 0);
    CHECK(r.out.empty());
  }
  // Every prefix of a part is refused without a crash.
  for (std::size_t cut = 0; cut < whole.size(); cut += std::max<std::size_t>(1, whole.size() / 40)) {
    box.file("prefix.drsim", whole.substr(0, cut));
    const Outcome r = box.drsim("merge prefix.drsim a2.drsim");
    CHECK(r.status == 2);
  }
}

TEST_CASE("merged shards of a sweep give the unsharded sweep's text, JSON and CSV byte for byte, for N = 1, 2, 3 and 7") {
  // The example sweep has 19 variants: 7 shards hold 2 or 3 each, the base in shard 1; every
  // variant's differences from the base are computed at the merge, from all the series.
  const std::string sweep = std::string(DRSIM_SOURCE_DIR) + "/scenarios/sweeps/classic-schedules.json";
  for (const std::uint64_t n : {1, 2, 3, 7}) {
    Sandbox box;
    INFO("N = " << n);
    const auto [whole, merged] = whole_and_merged(box, "sweep " + sweep + " --trials 40 --bootstrap 200", n,
                                                  static_cast<unsigned>(n) + 100);
    CHECK(whole.text == merged.text);
    CHECK(whole.json == merged.json);
    CHECK(whole.csv == merged.csv);
    CHECK(whole.html == merged.html);
    CHECK(whole.text.find("Sweep ") == 0);
  }
  Sandbox box;
  REQUIRE(box.drsim("sweep " + sweep + " --trials 40 --shard 1/2 --part s1.drsim").status == 0);
  REQUIRE(box.drsim("sweep " + sweep + " --trials 41 --shard 2/2 --part s2.drsim").status == 0);
  REQUIRE(box.drsim("run " + kSeed + " --trials 40 --shard 2/2 --part r2.drsim").status == 0);
  const Outcome trials = box.drsim("merge s1.drsim s2.drsim");
  CHECK(trials.status == 2);
  CHECK(trials.err.find("s2.drsim (shard 2/2): run with other settings than s1.drsim (shard 1/2): trials 41 against 40") !=
        std::string::npos);
  const Outcome mixed = box.drsim("merge s1.drsim r2.drsim");
  CHECK(mixed.status == 2);
  CHECK(mixed.err.find("r2.drsim (shard 2/2): a part of drsim run, but s1.drsim (shard 1/2) is a part of drsim sweep") !=
        std::string::npos);
}

TEST_CASE("in sketch mode (--memory below the exact samples), merged shards still match the unsharded run byte for byte") {
  Sandbox box;
  REQUIRE(box.drsim("generate --resources 80 --seed 6 --out fleet.json").status == 0);
  for (const std::uint64_t n : {1, 2, 3, 7}) {
    INFO("N = " << n);
    const auto [whole, merged] = whole_and_merged(box, "run fleet.json --trials 60 --memory 20K", n, static_cast<unsigned>(n) + 7);
    CHECK(whole.text.find("sketched (DDSketch), each within 0.5%") != std::string::npos);
    CHECK(whole.json.find("\"resources_and_fleet\": \"sketch\"") != std::string::npos);
    CHECK(whole.text == merged.text);
    CHECK(whole.json == merged.json);
    CHECK(whole.csv == merged.csv);
    CHECK(whole.html == merged.html);
  }
  {
    // Two levels: shards 1-2 and 3-5 of 5 merged into one part each, then those two.
    INFO("two-level merge in sketch mode");
    const std::string run = "run fleet.json --trials 60 --memory 20K --json whole.json";
    const Outcome whole = box.drsim(run);
    REQUIRE(whole.status == 0);
    const std::string whole_json = slurp(box.path("whole.json"));
    for (int k = 1; k <= 5; ++k) REQUIRE(box.drsim(fmt::format("{} --shard {}/5 --part k{}.drsim", run, k, k)).status == 0);
    REQUIRE(box.drsim("merge k2.drsim k1.drsim --part k12.drsim").status == 0);
    REQUIRE(box.drsim("merge k5.drsim k3.drsim k4.drsim --part k35.drsim").status == 0);
    const Outcome merged = box.drsim("merge k35.drsim k12.drsim -o two");
    REQUIRE_MESSAGE(merged.status == 0, merged.err);
    CHECK(merged.out == whole.out);
    CHECK(slurp(box.path("two/whole.json")) == whole_json);
  }
  const Outcome rows = box.drsim("run fleet.json --trials 60 --memory 20K --csv r.csv --csv-resources");
  CHECK(rows.status == 2);
  CHECK(rows.err.find("--csv-resources: one row per trial and resource needs every sample") != std::string::npos);
}

TEST_CASE("a part whose samples have another shape than the first part's is refused, not folded") {
  // A part is checked against its scenario's sizes, but a crafted one (its hashes recomputed)
  // can carry one sampled resource fewer than the first part: folding it would place its
  // columns beside the first's. The merge must name it and stop with exit 2.
  Sandbox box;
  REQUIRE(box.drsim("generate --resources 30 --seed 3 --out fleet.json").status == 0);
  const std::string run = "run fleet.json --trials 20 --memory 1K";  // sketch mode: no sample matrices
  REQUIRE(box.drsim(run + " --shard 1/2 --part p1.drsim").status == 0);
  REQUIRE(box.drsim(run + " --shard 2/2 --part p2.drsim").status == 0);
  std::string error;
  auto part = drsim::analysis::read_part(box.path("p2.drsim").string(), error);
  REQUIRE_MESSAGE(part, error);
  nlohmann::json& failure = part->payload["failures"][0];
  const std::uint64_t n = failure["sampled_count"].get<std::uint64_t>();
  REQUIRE(n > 1);
  failure["sampled_count"] = n - 1;
  auto& sampled = failure["sampled"].get_binary();
  sampled.resize(sampled.size() - sizeof(std::uint32_t));
  failure["rto_sketch"].erase(n - 1);
  failure["rpo_sketch"].erase(n - 1);
  const std::vector<std::uint8_t> bytes = drsim::analysis::encode_part(*part);
  box.file("crafted.drsim", std::string(bytes.begin(), bytes.end()));
  const Outcome merged = box.drsim("merge p1.drsim crafted.drsim -o merged");
  CHECK(merged.status == 2);
  CHECK(merged.err.find("crafted.drsim: /payload/failures/0/sampled: not the first part's sampled resources") !=
        std::string::npos);
  CHECK(box.drsim("merge p1.drsim p2.drsim -o merged").status == 0);  // the untouched part merges
}

TEST_CASE("parts merged in two levels (merge --part of adjacent shards, then the rest) give the unsharded outputs") {
  // An array job of 7 shards merged as a tree: shards 2-4 and 5-7 into one part each, 2-7 from
  // those two, then with shard 1. The final outputs must be the unsharded run's, byte for byte.
  Sandbox box;
  const std::string run = "run " + kSeed + " --trials 50 --json whole.json --csv whole.csv";
  const Outcome whole = box.drsim(run);
  REQUIRE(whole.status == 0);
  const Outputs unsharded{whole.out, slurp(box.path("whole.json")), slurp(box.path("whole.csv"))};
  for (int k = 1; k <= 7; ++k)
    REQUIRE(box.drsim(fmt::format("{} --shard {}/7 --part p{}.drsim", run, k, k)).status == 0);
  const Outcome low = box.drsim("merge p3.drsim p2.drsim p4.drsim --part m24.drsim");
  REQUIRE_MESSAGE(low.status == 0, low.err);
  // 50 trials over 7 shards: shard k holds [floor(50(k-1)/7), floor(50k/7)), so shards 2-4 hold
  // [floor(50/7), floor(200/7)) = [7, 28): trials 7 to 27.
  CHECK(low.out.find("Merged shards 2-4/7 of") == 0);
  CHECK(low.out.find("(trials 7 to 27)") != std::string::npos);
  REQUIRE(box.drsim("merge p5.drsim p7.drsim p6.drsim --part m57.drsim").status == 0);
  REQUIRE(box.drsim("merge m57.drsim m24.drsim --part m27.drsim").status == 0);
  const Outcome merged = box.drsim("merge m27.drsim p1.drsim -o merged");
  REQUIRE_MESSAGE(merged.status == 0, merged.err);
  CHECK(merged.out == unsharded.text);
  CHECK(slurp(box.path("merged/whole.json")) == unsharded.json);
  CHECK(slurp(box.path("merged/whole.csv")) == unsharded.csv);
  // A merged part mixed with the single parts it holds is a part given twice; a gap between
  // the shards of a merged part is refused; so is a whole merge short of a shard.
  const Outcome twice = box.drsim("merge p1.drsim m24.drsim p3.drsim m57.drsim");
  CHECK(twice.status == 2);
  CHECK(twice.err.find("p3.drsim: shard 3 is given twice (also m24.drsim)") != std::string::npos);
  const Outcome gap = box.drsim("merge p2.drsim p4.drsim --part gap.drsim");
  CHECK(gap.status == 2);
  CHECK(gap.err.find("shard 3 of 7 missing between shards 2 and 4: a merged part stands for adjacent shards") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(box.path("gap.drsim")));
  const Outcome short_of_one = box.drsim("merge m27.drsim -o merged");
  CHECK(short_of_one.status == 2);
  CHECK(short_of_one.err.find("shard 1 of 7 missing") != std::string::npos);
  // A merged part's messages name its shards.
  REQUIRE(box.drsim("run " + kSeed + " --trials 50 --seed 9 --json whole.json --csv whole.csv --shard 1/7 --part s9.drsim")
              .status == 0);
  const Outcome seed = box.drsim("merge s9.drsim m27.drsim");
  CHECK(seed.status == 2);
  CHECK(seed.err.find("m27.drsim (shards 2-7/7): run with other settings") != std::string::npos);
}

TEST_CASE("a sweep's parts merge in two levels, and a sweep shard builds only the base and its own variants") {
  const std::string sweep = std::string(DRSIM_SOURCE_DIR) + "/scenarios/sweeps/classic-schedules.json";
  Sandbox box;
  const std::string args = "sweep " + sweep + " --trials 30 --bootstrap 200 --json whole.json";
  const Outcome whole = box.drsim(args);
  REQUIRE(whole.status == 0);
  for (int k = 1; k <= 5; ++k)
    REQUIRE(box.drsim(fmt::format("{} --shard {}/5 --part q{}.drsim", args, k, k)).status == 0);
  const Outcome upper = box.drsim("merge q4.drsim q3.drsim q5.drsim --part q35.drsim");
  REQUIRE_MESSAGE(upper.status == 0, upper.err);
  // 19 variants over 5 shards: shards 3-5 hold [floor(19·2/5), 19) = [7, 19): variants 7 to 18.
  CHECK(upper.out.find("(variants 7 to 18)") != std::string::npos);
  const Outcome merged = box.drsim("merge q2.drsim q35.drsim q1.drsim -o merged");
  REQUIRE_MESSAGE(merged.status == 0, merged.err);
  CHECK(merged.out == whole.out);
  CHECK(slurp(box.path("merged/whole.json")) == slurp(box.path("whole.json")));

  // A sweep whose last variant is invalid: base + 3 grid points, two per shard of 2. Shard 1
  // (the base and "12h") never builds the invalid variant and runs; shard 2 holds it and
  // refuses, as the unsharded sweep does, so no complete set of parts can exist.
  box.file("bad-sweep.json", fmt::format(R"({{"drsim_sweep": 1, "base": "{}",
    "parameters": [{{"name": "dlm every", "pointer": "/protections/0/every", "values": ["12h", "4h", "bogus"]}}],
    "design": {{"kind": "grid"}}}})", kSeed));
  const std::string bad = "sweep bad-sweep.json --trials 10 --bootstrap 100";
  const Outcome unsharded = box.drsim(bad);
  CHECK(unsharded.status == 2);
  CHECK(unsharded.err.find("a variant is invalid; nothing was run") != std::string::npos);
  const Outcome first = box.drsim(bad + " --shard 1/2 --part b1.drsim");
  CHECK_MESSAGE(first.status == 0, first.err);
  CHECK(first.out.find("variants 0 to 1 of 4") != std::string::npos);
  const Outcome second = box.drsim(bad + " --shard 2/2 --part b2.drsim");
  CHECK(second.status == 2);
  CHECK(second.err.find("bogus") != std::string::npos);
  CHECK(second.err.find("a variant is invalid; nothing was run") != std::string::npos);
  CHECK_FALSE(fs::exists(box.path("b2.drsim")));
}

TEST_CASE("a part's header without its inputs' text (an MPI rank's) decodes only where text is not required") {
  using namespace drsim::analysis;
  Part part;
  part.command = "run";
  part.shard = part.last_shard = 2;
  part.shards = 4;
  part.inputs.push_back(input_of("scenario", "fleet.json", "{\"name\": \"x\"}"));
  part.settings = {{"seed", 1u}};
  std::string error;
  const std::vector<std::uint8_t> header = encode_part(part, InputText::omitted);
  const auto back = decode_part(header, "rank 1", error, InputText::omitted);
  REQUIRE_MESSAGE(back, error);
  CHECK(back->inputs[0].text.empty());
  CHECK(back->inputs[0].sha256 == part.inputs[0].sha256);
  CHECK(shard_label(*back) == "shard 2/4");
  // A file must carry the text: a merge needs nothing else.
  CHECK_FALSE(decode_part(header, "p.drsim", error));
  CHECK(error == "p.drsim: /inputs/0: expected role, path, sha256 and text");
  // A range part reads as "shards K-L/N"; a range that ends before it starts is refused.
  part.last_shard = 3;
  const auto range = decode_part(encode_part(part), "m.drsim", error);
  REQUIRE_MESSAGE(range, error);
  CHECK(shard_label(*range) == "shards 2-3/4");
  // 10 trials over 4 shards: shards 2-3 hold [floor(10/4), floor(30/4)) = [2, 7).
  CHECK(part_range(*range, 10).begin == 2);
  CHECK(part_range(*range, 10).end == 7);
  part.last_shard = 1;
  CHECK_FALSE(decode_part(encode_part(part), "bad.drsim", error));
  CHECK(error.find("bad.drsim: /shard, /last_shard and /shards: expected 1 <= shard <= last_shard <= shards") == 0);
}
