// libFuzzer target fuzz_overlay: see fuzz_entry.hpp (qfuzz::overlay) and README.md.
#include "fuzz_entry.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string problem = qfuzz::overlay(qfuzz::as_text(data, size));
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_overlay: invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
