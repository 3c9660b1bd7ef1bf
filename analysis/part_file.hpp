#pragma once
// A partial result: what one shard of a study or sweep computed, before any statistics, with
// everything needed to check that parts belong together and to finish the outputs without the
// original files: the inputs themselves (their text and SHA-256), the settings the results
// depend on, the drsim version, and which shard of how many it is.
//
// The file is CBOR (RFC 8949) through nlohmann-json: a map whose bulk arrays (samples, rows)
// are byte strings of little-endian numbers, so a part of a fleet study is its samples' size,
// not ten times that as text. docs/scale-out.md describes the layout.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace drsim::analysis {

// 2: a part stands for a range of adjacent shards (`last_shard`), as `drsim merge --part` writes.
// 3: trial rows carry the root of an unrecoverable application's chain and its cause.
// 4: unrecoverable resource-trials counted by cause (resource_causes); applications' RTO
//    columns mark unrecoverable trials apart from trials that do not touch them.
inline constexpr int kPartFormatVersion = 4;

struct PartInput {
  std::string role;    // "scenario", "sweep", "base"
  std::string path;    // as given on the command line (messages and output names use it)
  std::string sha256;  // of `text`
  std::string text;
};

struct Part {
  std::string file;     // where it was read from (for messages); empty when not read
  std::string command;  // "run" or "sweep"
  std::string version;  // drsim's
  // Shards shard..last_shard of `shards` (1-based): one shard as `--shard K/N` writes it, or
  // several adjacent ones merged into one part by `drsim merge --part`.
  std::uint64_t shard = 1, last_shard = 1, shards = 1;
  std::vector<PartInput> inputs;
  nlohmann::json settings;  // what the results depend on besides the inputs; equal in every part
  nlohmann::json payload;   // the command's samples (analysis/study_parts.hpp, sweep_parts.hpp)
};

PartInput input_of(std::string role, std::string path, std::string text);

// Whether a part's encoding carries its inputs' text. Files always do (a merge needs nothing
// else); an MPI rank's header may not, since rank 0 has the same text and checks the SHA-256.
enum class InputText { included, omitted };

std::vector<std::uint8_t> encode_part(const Part& part, InputText text = InputText::included);

// Reads and checks the frame of a part file; nullopt with `error` ("FILE: what is wrong").
std::optional<Part> read_part(const std::string& path, std::string& error);
// The same for a part already in memory (gathered from an MPI rank); `name` stands for the file.
std::optional<Part> decode_part(const std::vector<std::uint8_t>& bytes, const std::string& name, std::string& error,
                                InputText text = InputText::included);

// "shard 2/4" or "shards 2-3/4", for messages.
std::string shard_label(const Part& part);

// Checks that parts are of one command, build, inputs and settings, and that their shards
// cover 1..N of the same N once each (`whole`), or once each a run of adjacent shards (a
// merged part's); returns "" or a message naming the part (and the shard) that is not.
std::string check_parts_agree(const std::vector<Part>& parts, bool whole = true);
// The first half of that for one part against the first: command, build, inputs, settings and
// shard count (a merge that reads parts one at a time checks each as it arrives).
std::string check_part_agrees(const Part& first, const Part& part);

// Shard K of N (1-based) of `count` items: [begin, end), balanced (sizes differ by at most one).
struct ShardRange {
  std::uint64_t begin = 0, end = 0;
};
ShardRange shard_range(std::uint64_t shard, std::uint64_t shards, std::uint64_t count);
// The items of shards part.shard..part.last_shard.
ShardRange part_range(const Part& part, std::uint64_t count);

// Byte strings of little-endian numbers, for the payloads.
template <class T>
nlohmann::json pack(const T* data, std::size_t n);
template <class T>
nlohmann::json pack(const std::vector<T>& v) { return pack(v.data(), v.size()); }
// Reads `n` numbers from the byte string at j[key] into `out`; false (and `error` names the
// key under `where`) when it is missing, not a byte string, or not n of them.
template <class T>
bool unpack(const nlohmann::json& j, const char* key, std::size_t n, T* out, const std::string& where, std::string& error);
template <class T>
bool unpack(const nlohmann::json& j, const char* key, std::size_t n, std::vector<T>& out, const std::string& where,
            std::string& error) {
  out.resize(n);
  return unpack(j, key, n, out.data(), where, error);
}

// A non-negative integer at j[key] (at most `max`); false with `error` when it is not.
bool read_count(const nlohmann::json& j, const char* key, std::uint64_t max, std::uint64_t& out, const std::string& where,
                std::string& error);

}  // namespace drsim::analysis
