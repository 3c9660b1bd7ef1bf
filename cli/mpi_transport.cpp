#include "cli/mpi_transport.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#ifdef DRSIM_WITH_MPI
#include <mpi.h>
#endif

namespace drsim::cli {

#ifdef DRSIM_WITH_MPI

// Messages of at most 1 GiB: MPI counts are ints.
constexpr std::size_t kChunk = std::size_t{1} << 30;

bool mpi_built() { return true; }

MpiSession::MpiSession(int* argc, char*** argv, bool wanted) {
  if (!wanted) return;
  MPI_Init(argc, argv);
  active_ = true;
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

bool mpi_active() {
  int started = 0, ended = 0;
  MPI_Initialized(&started);
  MPI_Finalized(&ended);
  return started && !ended;
}

int mpi_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int mpi_size() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

std::vector<std::vector<std::uint8_t>> gather_on_root(const std::vector<std::uint8_t>& mine) {
  const int size = mpi_size(), rank = mpi_rank();
  // Sizes first (64-bit: a fleet rank's part can pass 2 GiB), then each part by point-to-point
  // messages in chunks that fit MPI's int counts.
  const auto my_size = static_cast<unsigned long long>(mine.size());
  std::vector<unsigned long long> sizes(rank == 0 ? static_cast<std::size_t>(size) : 0);
  MPI_Gather(&my_size, 1, MPI_UNSIGNED_LONG_LONG, sizes.data(), 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  auto chunks = [](std::size_t n, auto fn) {
    for (std::size_t at = 0; at < n; at += kChunk) fn(at, static_cast<int>(std::min<std::size_t>(kChunk, n - at)));
  };
  if (rank != 0) {
    chunks(mine.size(), [&](std::size_t at, int n) {
      MPI_Send(mine.data() + at, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    });
    return {};
  }
  std::vector<std::vector<std::uint8_t>> all(static_cast<std::size_t>(size));
  all[0] = mine;
  for (int r = 1; r < size; ++r) {
    auto& bytes = all[static_cast<std::size_t>(r)];
    bytes.resize(sizes[static_cast<std::size_t>(r)]);
    chunks(bytes.size(), [&](std::size_t at, int n) {
      MPI_Recv(bytes.data() + at, n, MPI_BYTE, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    });
  }
  return all;
}

std::vector<double> gather_values_on_root(double mine) {
  std::vector<double> all(mpi_rank() == 0 ? static_cast<std::size_t>(mpi_size()) : 0);
  MPI_Gather(&mine, 1, MPI_DOUBLE, all.data(), 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return all;
}

int share_status(int status) {
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

void abort_all_ranks(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);
}

#else

bool mpi_built() { return false; }
MpiSession::MpiSession(int*, char***, bool) {}
MpiSession::~MpiSession() = default;
bool mpi_active() { return false; }
int mpi_rank() { return 0; }
int mpi_size() { return 1; }
std::vector<std::vector<std::uint8_t>> gather_on_root(const std::vector<std::uint8_t>& mine) { return {mine}; }
std::vector<double> gather_values_on_root(double mine) { return {mine}; }
int share_status(int status) { return status; }
void abort_all_ranks(int status) { std::exit(status); }

#endif

}  // namespace drsim::cli
