// libFuzzer target fuzz_audit: see fuzz_entry.hpp (qfuzz::audit) and README.md.
#include "fuzz_entry.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string problem = qfuzz::audit(qfuzz::as_text(data, size));
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_audit: invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
