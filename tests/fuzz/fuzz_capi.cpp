// libFuzzer target fuzz_capi: see fuzz_capi_entry.hpp (qfuzz::capi) and README.md.
#include "fuzz_capi_entry.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string problem = qfuzz::capi({reinterpret_cast<const char *>(data), size});
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_capi: invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
