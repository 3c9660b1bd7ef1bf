#pragma once
// CPU time of this process, every thread: what the benchmarks report per resource-trial, so
// the figure is the work done whatever else the machine runs.
#include <time.h>

namespace drsim::bench {

inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace drsim::bench
