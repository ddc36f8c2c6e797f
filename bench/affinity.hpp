// Holding a thread to one core, for the benchmarks that time each core alone
// (bench_qmark.cpp's scaling, cores_probe.cpp): the host sometimes runs one of the VM's
// cores slower than the other (bench/RESULTS.md). Linux only.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <vector>

namespace qmark_bench {

/// The cores this process may run on (CPU 0 alone if that cannot be read).
inline cpu_set_t allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) CPU_SET(0, &set);
  return set;
}

/// Holds the calling thread, and the threads it starts from then on, to `cpu`; with cpu < 0,
/// lets it run on every core in `all` again.
inline bool hold_to(int cpu, const cpu_set_t &all) {
  cpu_set_t one;
  CPU_ZERO(&one);
  if (cpu >= 0) CPU_SET(cpu, &one);
  return pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), cpu < 0 ? &all : &one) == 0;
}

/// The median (of an even count, the mean of the middle two; 0 for none).
inline double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace qmark_bench
