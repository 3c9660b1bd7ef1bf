#include "cli/mpi_transport.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

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

namespace {
// Point-to-point messages in chunks that fit MPI's int counts.
template <class Fn>
void in_chunks(std::size_t n, Fn fn) {
  for (std::size_t at = 0; at < n; at += kChunk) fn(at, static_cast<int>(std::min<std::size_t>(kChunk, n - at)));
}
}  // namespace

RootInbox::RootInbox(std::vector<std::uint8_t> mine) : mine_(std::move(mine)) {
  const int size = mpi_size(), rank = mpi_rank();
  // Sizes first (64-bit: a fleet rank's part can pass 2 GiB).
  const auto my_size = static_cast<unsigned long long>(mine_.size());
  sizes_.assign(rank == 0 ? static_cast<std::size_t>(size) : 0, 0);
  MPI_Gather(&my_size, 1, MPI_UNSIGNED_LONG_LONG, sizes_.data(), 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  taken_.assign(sizes_.size(), false);
  if (rank != 0) {
    in_chunks(mine_.size(), [&](std::size_t at, int n) { MPI_Send(mine_.data() + at, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD); });
    std::vector<std::uint8_t>().swap(mine_);
  }
}

std::vector<std::uint8_t> RootInbox::take(std::size_t r) {
  if (r >= sizes_.size() || taken_[r]) throw std::logic_error("RootInbox::take: rank out of range or taken twice");
  taken_[r] = true;
  if (r == 0) return std::move(mine_);
  std::vector<std::uint8_t> bytes(sizes_[r]);
  in_chunks(bytes.size(), [&](std::size_t at, int n) {
    MPI_Recv(bytes.data() + at, n, MPI_BYTE, static_cast<int>(r), 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  });
  return bytes;
}

void RootInbox::drain() {
  for (std::size_t r = 0; r < sizes_.size(); ++r)
    if (!taken_[r]) take(r);
}

void send_block(int to, const Block& block) {
  const unsigned long long head[2] = {block.failed ? 1ull : 0ull, static_cast<unsigned long long>(block.bytes.size())};
  MPI_Send(head, 2, MPI_UNSIGNED_LONG_LONG, to, 1, MPI_COMM_WORLD);
  in_chunks(block.bytes.size(),
            [&](std::size_t at, int n) { MPI_Send(block.bytes.data() + at, n, MPI_BYTE, to, 1, MPI_COMM_WORLD); });
}

Block receive_block(int from) {
  unsigned long long head[2] = {0, 0};
  MPI_Recv(head, 2, MPI_UNSIGNED_LONG_LONG, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  Block block;
  block.failed = head[0] != 0;
  block.bytes.resize(head[1]);
  in_chunks(block.bytes.size(), [&](std::size_t at, int n) {
    MPI_Recv(block.bytes.data() + at, n, MPI_BYTE, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  });
  return block;
}

int worst_status(int status) {
  int worst = status;
  MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return worst;
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
RootInbox::RootInbox(std::vector<std::uint8_t> mine) : mine_(std::move(mine)), sizes_{mine_.size()}, taken_{false} {}
std::vector<std::uint8_t> RootInbox::take(std::size_t r) {
  if (r != 0 || taken_[0]) throw std::logic_error("RootInbox::take: rank out of range or taken twice");
  taken_[0] = true;
  return std::move(mine_);
}
void RootInbox::drain() {}
// One process has no other rank to send to or receive from.
void send_block(int, const Block&) { throw std::logic_error("send_block: no other rank without MPI"); }
Block receive_block(int) { throw std::logic_error("receive_block: no other rank without MPI"); }
int worst_status(int status) { return status; }
std::vector<double> gather_values_on_root(double mine) { return {mine}; }
int share_status(int status) { return status; }
void abort_all_ranks(int status) { std::exit(status); }

#endif

}  // namespace drsim::cli
