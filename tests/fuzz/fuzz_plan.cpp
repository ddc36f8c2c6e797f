// libFuzzer target fuzz_plan: see fuzz_entry.hpp (qfuzz::plan) and README.md.
#include "fuzz_entry.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string problem = qfuzz::plan(qfuzz::as_text(data, size));
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_plan: invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
