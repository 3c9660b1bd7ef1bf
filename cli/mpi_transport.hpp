#pragma once
// The MPI transport of `--mpi` (docs/scale-out.md): each rank computes the part of its shard
// (rank + 1 of size), rank 0 gathers the parts' bytes in rank order and merges them exactly as
// `drsim merge` does, so the output is the single process's, byte for byte, for any rank count.
// Built with -DDRSIM_MPI=ON (Open MPI's C API); without it, --mpi says so and exits 2.
#include <cstdint>
#include <vector>

namespace drsim::cli {

bool mpi_built();

// Starts MPI for the life of the process's command when `wanted`; ends it on destruction.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv, bool wanted);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
};

bool mpi_active();  // MPI was started (under mpirun, with --mpi)
int mpi_rank();
int mpi_size();
// Every rank's bytes brought to rank 0 one rank at a time, when rank 0 asks for them, so rank 0
// holds one rank's part at a time beside its merge (a gather of 1,000 ranks' parts of a large
// study would hold them all). Constructing it is collective: ranks other than 0 send their
// bytes (waiting until rank 0 takes them) and are done with it.
class RootInbox {
 public:
  explicit RootInbox(std::vector<std::uint8_t> mine);
  RootInbox(const RootInbox&) = delete;
  RootInbox& operator=(const RootInbox&) = delete;
  std::size_t ranks() const { return sizes_.size(); }
  // Rank 0: rank r's bytes (r = 0 its own), each rank once, in any order.
  std::vector<std::uint8_t> take(std::size_t r);
  // Rank 0: takes and drops what was not taken (after a bad part), so no rank is left waiting.
  void drain();

 private:
  std::vector<std::uint8_t> mine_;
  std::vector<unsigned long long> sizes_;  // on rank 0
  std::vector<bool> taken_;
};
// One rank's bytes sent to another (size first, in 64 bits, then the bytes in chunks MPI's int
// counts can hold), or instead word that the sender failed, with the reason as its bytes (only
// rank 0 speaks, so a reason found elsewhere travels to it).
struct Block {
  bool failed = false;
  std::vector<std::uint8_t> bytes;
};
void send_block(int to, const Block& block);
Block receive_block(int from);
// The highest of every rank's status, on every rank (a rank that cannot go on says so before
// any rank waits for it).
int worst_status(int status);
// Every rank's value on rank 0, in rank order; an empty list elsewhere.
std::vector<double> gather_values_on_root(double mine);
// Rank 0's exit status, on every rank.
int share_status(int status);
// Ends every rank (a rank that cannot take part would leave the others waiting).
[[noreturn]] void abort_all_ranks(int status);

}  // namespace drsim::cli
