// The C ABI under threads and at its limits (SPEC §4.2; qmark.h "Threads"):
//   - qm_assess_batch_json on 4 threads, and 8 threads calling qm_assess_json on one
//     shared qm_framework, give byte-for-byte the C++ API's single-threaded decisions;
//   - qm_last_error() is per thread;
//   - a 65 MiB document and 100,000-deep nesting give QM_E_LIMIT_EXCEEDED;
//   - the fuzz_capi target's committed inputs (tests/fuzz/corpus/capi and
//     tests/fuzz/regressions/capi) replay without a crash or broken invariant.
// Run under ThreadSanitizer and AddressSanitizer by scripts/sanitize.sh.
#include "helpers.hpp"

#include "../fuzz/fuzz_capi_entry.hpp"
#include "qmark.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

using qmark::json;

namespace {

namespace fs = std::filesystem;

struct FrameworkHandle {
  qm_framework *fw = nullptr;
  explicit FrameworkHandle(const std::string &id) {
    qm_engine *engine = nullptr;
    REQUIRE(qm_engine_new(&engine, nullptr) == QM_OK);
    REQUIRE_MESSAGE(qm_framework_builtin(engine, id.c_str(), &fw) == QM_OK, qm_last_error());
    qm_engine_free(engine);
  }
  ~FrameworkHandle() { qm_framework_free(fw); }
  FrameworkHandle(const FrameworkHandle &) = delete;
  FrameworkHandle &operator=(const FrameworkHandle &) = delete;
};

std::string json_of(const qm_decision *d) {
  char *text = nullptr;
  std::size_t len = 0;
  if (qm_decision_to_json(d, &text, &len) != QM_OK) return "error";
  std::string out(text, len);
  qm_string_free(text);
  return out;
}

/// The examples of one framework with variants (other levels, other schools), and the
/// C++ API's single-threaded decision for each.
void audits_for(const std::string &id, std::vector<std::string> &audits, std::vector<std::string> &expected) {
  const auto fw = qtest::builtin(id);
  std::vector<fs::path> files;
  for (const auto &e : fs::directory_iterator(qtest::source_dir() + "/examples/audits")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto &f : files) {
    const json doc = qtest::read_json("examples/audits/" + f.filename().string());
    if (doc["framework"] != id) continue;
    for (int variant = 0; variant < 3; ++variant) {
      json v = doc;
      v["school"]["id"] = doc["school"]["id"].get<std::string>() + "/" + std::to_string(variant);
      int k = 0;
      for (auto it = v["judgements"].begin(); variant && it != v["judgements"].end(); ++it, ++k) {
        if ((k + variant) % 3 != 0) continue;
        const qmark::Scale *scale = fw->scale_of(fw->find_node(it.key()));
        REQUIRE(scale);
        *it = scale->levels[static_cast<std::size_t>(k) % scale->levels.size()].id;
      }
      audits.push_back(v.dump());
      auto d = qmark::assess_json(*fw, audits.back());
      REQUIRE(d.has_value());
      expected.push_back(qmark::to_json_text(*fw, d.value()));
    }
  }
}

}  // namespace

TEST_CASE("capi concurrency: qm_assess_batch_json on 4 threads equals the C++ API on one") {
  for (const std::string &id : qmark::Framework::builtin_ids()) {
    INFO(id);
    FrameworkHandle fw(id);
    std::vector<std::string> audits, expected;
    audits_for(id, audits, expected);
    REQUIRE(!audits.empty());
    // Repeat the set so every thread has several, and put a bad one in the middle.
    std::vector<std::string> batch;
    std::vector<std::string> want;
    for (int copy = 0; copy < 4; ++copy)
      for (std::size_t i = 0; i < audits.size(); ++i) {
        batch.push_back(audits[i]);
        want.push_back(expected[i]);
      }
    const std::size_t bad = batch.size() / 2;
    batch.insert(batch.begin() + static_cast<long>(bad), "{\"qmark\": \"audit/1\"");
    want.insert(want.begin() + static_cast<long>(bad), "");

    std::vector<const char *> texts;
    std::vector<std::size_t> lens;
    for (const auto &t : batch) {
      texts.push_back(t.data());
      lens.push_back(t.size());
    }
    for (int round = 0; round < 2; ++round) {
      std::vector<qm_decision *> decisions(batch.size(), nullptr);
      std::vector<qm_status> statuses(batch.size(), QM_OK);
      std::vector<char *> messages(batch.size(), nullptr);
      const qm_status st = qm_assess_batch_json(fw.fw, texts.data(), round ? nullptr : lens.data(), batch.size(), 4,
                                                decisions.data(), statuses.data(), messages.data());
      CHECK(st == QM_E_MALFORMED_JSON);
      CHECK(std::string(qm_last_error()).find("audit " + std::to_string(bad)) != std::string::npos);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        INFO(i);
        if (i == bad) {
          CHECK(decisions[i] == nullptr);
          CHECK(statuses[i] == QM_E_MALFORMED_JSON);
          CHECK(messages[i] != nullptr);
        } else {
          CHECK(statuses[i] == QM_OK);
          CHECK(messages[i] == nullptr);
          REQUIRE(decisions[i] != nullptr);
          CHECK(json_of(decisions[i]) == want[i]);
        }
        qm_decision_free(decisions[i]);
        qm_string_free(messages[i]);
      }
    }
  }
}

TEST_CASE("capi concurrency: 8 threads share one qm_framework; the last error is per thread") {
  FrameworkHandle fw("bury-iqm");
  std::vector<std::string> audits, expected;
  audits_for("bury-iqm", audits, expected);
  REQUIRE(!audits.empty());
  std::atomic<int> mismatches{0}, error_mixups{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      // Each thread's own malformed document: its error must name its own position.
      const std::string broken = std::string(static_cast<std::size_t>(t) + 1, ' ') + "{,";
      for (int i = 0; i < 10; ++i) {
        const std::size_t k = static_cast<std::size_t>(t * 3 + i) % audits.size();
        qm_decision *d = nullptr;
        if (qm_assess_json(fw.fw, audits[k].data(), audits[k].size(), &d) != QM_OK || json_of(d) != expected[k])
          ++mismatches;
        (void)qm_decision_outcome(d);
        (void)qm_decision_limiting_failure_count(d);
        qm_decision_free(d);
        qm_decision *none = nullptr;
        if (qm_assess_json(fw.fw, broken.data(), broken.size(), &none) != QM_E_MALFORMED_JSON || none) ++mismatches;
        std::this_thread::yield();
        if (qm_last_error_status() != QM_E_MALFORMED_JSON || qm_last_error_column() != t + 3) ++error_mixups;
      }
    });
  }
  for (auto &th : threads) th.join();
  CHECK(mismatches.load() == 0);
  CHECK(error_mixups.load() == 0);
}

TEST_CASE("capi limits: a 65 MiB document and 100,000-deep nesting give QM_E_LIMIT_EXCEEDED") {
  FrameworkHandle fw("bury-iqm");
  std::string big = qtest::read("examples/audits/bury-accredited.json");
  big.resize(65u * 1024u * 1024u, ' ');
  std::string deep = "{\"qmark\": \"audit/1\", \"x\": ";
  for (int i = 0; i < 100000; ++i) deep += '[';
  for (const std::string *text : {&big, &deep}) {
    INFO(text->size());
    qm_decision *d = nullptr;
    CHECK(qm_assess_json(fw.fw, text->data(), text->size(), &d) == QM_E_LIMIT_EXCEEDED);
    CHECK(d == nullptr);
    qm_audit *a = nullptr;
    CHECK(qm_audit_load_json(fw.fw, text->data(), text->size(), &a) == QM_E_LIMIT_EXCEEDED);
    CHECK(a == nullptr);
    qm_engine *engine = nullptr;
    REQUIRE(qm_engine_new(&engine, nullptr) == QM_OK);
    qm_framework *loaded = nullptr;
    CHECK(qm_framework_load_json(engine, text->data(), text->size(), &loaded) == QM_E_LIMIT_EXCEEDED);
    CHECK(loaded == nullptr);
    qm_engine_free(engine);
    qm_plan *plan = nullptr;
    CHECK(qm_plan_load_json(text->data(), text->size(), &plan) == QM_E_LIMIT_EXCEEDED);
    qm_overlay *overlay = nullptr;
    CHECK(qm_overlay_load_json(text->data(), text->size(), &overlay) == QM_E_LIMIT_EXCEEDED);
    // NUL-terminated, too.
    CHECK(qm_assess_json(fw.fw, text->c_str(), QM_NUL_TERMINATED, &d) == QM_E_LIMIT_EXCEEDED);
    CHECK(std::string(qm_last_error()).find("limit") != std::string::npos);
  }
}

TEST_CASE("capi fuzz regressions: the fuzz_capi corpus and regressions replay cleanly") {
  std::vector<fs::path> files;
  for (const char *dir : {"corpus", "regressions"}) {
    const fs::path d = fs::path(qtest::source_dir()) / "tests/fuzz" / dir / "capi";
    if (!fs::is_directory(d)) continue;
    for (const auto &e : fs::directory_iterator(d))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  CHECK(!files.empty());
  for (const auto &f : files) {
    const std::string rel = fs::relative(f, qtest::source_dir()).string();
    INFO(rel);
    const std::string text = qtest::read(rel);
    std::string problem;
    CHECK_NOTHROW(problem = qfuzz::capi(text));
    CHECK_MESSAGE(problem.empty(), problem);
  }
}
