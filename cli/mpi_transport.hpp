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
// Every rank's bytes on rank 0, in rank order; an empty list elsewhere.
std::vector<std::vector<std::uint8_t>> gather_on_root(const std::vector<std::uint8_t>& mine);
// Every rank's value on rank 0, in rank order; an empty list elsewhere.
std::vector<double> gather_values_on_root(double mine);
// Rank 0's exit status, on every rank.
int share_status(int status);
// Ends every rank (a rank that cannot take part would leave the others waiting).
[[noreturn]] void abort_all_ranks(int status);

}  // namespace drsim::cli
