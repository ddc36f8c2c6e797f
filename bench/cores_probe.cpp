// cores_probe — whether the host gives this VM the cores it reports. A fixed computation
// (a xorshift chain: no memory traffic, nothing shared) runs on 1 thread and then on 2 at
// once, N times; with 2 cores the two take about the same time. Prints one JSON object: the
// 1-thread time, the quantiles of (2-thread time / 1-thread time), and how many of the N
// windows ran more than 1.15× slower on 2 threads (a core withheld for part of ~3 ms).
//
//   cores_probe [N]   (default 400, ~3 s)
//
// The VM reports no stolen time (/proc/stat), so this is how a benchmark run can tell a
// spell of the host's from its own scaling (bench/RESULTS.md).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
  std::printf("{\"windows\": %d, \"one_thread_ms\": %.3f, \"ratio_p10\": %.3f, \"ratio_p50\": %.3f, "
              "\"ratio_p90\": %.3f, \"ratio_max\": %.3f, \"windows_over_1_15\": %ld}\n",
              n, one / n, at(0.1), at(0.5), at(0.9), ratios.back(), static_cast<long>(slow));
  return 0;
}
