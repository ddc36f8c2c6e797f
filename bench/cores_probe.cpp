// cores_probe — whether the host gives this VM the cores it reports. A fixed computation
// (a xorshift chain: no memory traffic, nothing shared) runs on 1 thread and then on 2 at
// once, N times; with 2 cores the two take about the same time. Prints one JSON object: the
// 1-thread time, the quantiles of (2-thread time / 1-thread time), and how many of the N
// windows ran more than 1.15× slower on 2 threads (a core withheld for part of ~3 ms).
// Then it runs the computation on one thread held to each core in turn (CPU 0, CPU 1, …, N
// times) and prints each core's median time and the slowest core's against the fastest's:
// the host sometimes runs one of the VM's cores about 1.5× slower than the other for
// minutes at a time (seen on 2026-12-04), which moves every 1-thread figure by the core a
// process happens to land on, and holds back 2 threads that split their work in halves.
//
//   cores_probe [N]   (default 400, ~3 s)
//
// The VM reports no stolen time (/proc/stat), so this is how a benchmark run can tell a
// spell of the host's from its own scaling (bench/RESULTS.md).
#include "affinity.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>


namespace {

volatile std::uint64_t g_sink;

void work() {
  std::uint64_t x = 88172645463325252ull;
  for (int k = 0; k < (1 << 21); ++k) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  g_sink = x;
}

double run(int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  if (threads == 1) {
    work();
  } else {
    std::thread other(work);
    work();
    other.join();
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char **argv) {
  const int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 400;
  std::vector<double> ratios;
  double one = 0;
  for (int i = 0; i < n; ++i) {
    const double a = run(1), b = run(2);
    one += a;
    ratios.push_back(b / a);
  }
  std::sort(ratios.begin(), ratios.end());
  const auto at = [&](double q) { return ratios[static_cast<std::size_t>(q * (n - 1))]; };
  const auto slow = std::count_if(ratios.begin(), ratios.end(), [](double r) { return r > 1.15; });
  // Each core alone, in turn.
  const cpu_set_t all = qmark_bench::allowed_cpus();
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &all)) cpus.push_back(c);
  std::vector<std::vector<double>> per(cpus.size());
  for (int i = 0; i < n / 2; ++i)
    for (std::size_t k = 0; k < cpus.size(); ++k)
      if (qmark_bench::hold_to(cpus[k], all)) per[k].push_back(run(1));
  qmark_bench::hold_to(-1, all);
  std::string cores;
  double fastest = 0, slowest = 0;
  for (std::size_t k = 0; k < cpus.size(); ++k) {
    const double m = qmark_bench::median_of(per[k]);
    if (m <= 0) continue;
    if (fastest == 0 || m < fastest) fastest = m;
    slowest = std::max(slowest, m);
    char item[64];
    std::snprintf(item, sizeof item, "%s\"%d\": %.3f", cores.empty() ? "" : ", ", cpus[k], m);
    cores += item;
  }
  std::printf("{\"windows\": %d, \"one_thread_ms\": %.3f, \"ratio_p10\": %.3f, \"ratio_p50\": %.3f, "
              "\"ratio_p90\": %.3f, \"ratio_max\": %.3f, \"windows_over_1_15\": %ld, "
              "\"core_ms\": {%s}, \"core_speed_ratio\": %.3f}\n",
              n, one / n, at(0.1), at(0.5), at(0.9), ratios.back(), static_cast<long>(slow), cores.c_str(),
              fastest > 0 ? slowest / fastest : 0.0);
  return 0;
}
