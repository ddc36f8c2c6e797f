// Replays the fuzz targets' committed inputs — the seed corpus (tests/fuzz/corpus/TARGET)
// and every input a fuzzer once crashed on (tests/fuzz/regressions/TARGET) — through the
// same entry points the fuzzers use (tests/fuzz/fuzz_entry.hpp), in the normal build:
// no crash, no exception, no broken invariant. The C ABI target's inputs are replayed by
// test_capi_concurrency.cpp, which links the C ABI.
#include "helpers.hpp"

#include "../fuzz/fuzz_entry.hpp"

#include <filesystem>
#include <functional>

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const std::string &target) {
  std::vector<fs::path> files;
  for (const char *dir : {"corpus", "regressions"}) {
    const fs::path d = fs::path(qtest::source_dir()) / "tests/fuzz" / dir / target;
    if (!fs::is_directory(d)) continue;
    for (const auto &e : fs::directory_iterator(d))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const std::string &target, const std::function<std::string(std::string_view)> &entry) {
  const auto files = inputs_of(target);
  CHECK_MESSAGE(!files.empty(), "no corpus for " << target);
  for (const auto &f : files) {
    const std::string rel = fs::relative(f, qtest::source_dir()).string();
    INFO(rel);
    const std::string text = qtest::read(rel);
    std::string problem;
    CHECK_NOTHROW(problem = entry(text));
    CHECK_MESSAGE(problem.empty(), problem);
  }
}

}  // namespace

TEST_CASE("fuzz regressions: framework") { replay("framework", qfuzz::framework); }
TEST_CASE("fuzz regressions: overlay") { replay("overlay", qfuzz::overlay); }
TEST_CASE("fuzz regressions: audit") { replay("audit", qfuzz::audit); }
TEST_CASE("fuzz regressions: plan") { replay("plan", qfuzz::plan); }
