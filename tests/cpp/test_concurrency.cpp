// One framework shared by many threads (SPEC §4.1: a loaded framework is immutable and
// shareable; evaluation is const and re-entrant). Every decision made concurrently must
// be byte-for-byte the one made on a single thread. Run under ThreadSanitizer by
// scripts/sanitize.sh thread; the iteration counts are bounded so that stays quick.
#include "helpers.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

using qmark::json;

namespace {

constexpr int thread_count = 8;
constexpr int iterations = 12;  // per thread and framework

/// Different audits of one framework: its examples, and variants of them with some
/// judgements moved to another level of the node's scale (so decisions differ).
std::vector<std::string> audits_for(const qmark::Framework &fw) {
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(qtest::source_dir() + "/examples/audits"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto &f : files) {
    const std::string text = qtest::read("examples/audits/" + f.filename().string());
    const json doc = json::parse(text);
    if (doc["framework"] != fw.id()) continue;
    out.push_back(text);
    for (int variant = 1; variant <= 3; ++variant) {
      json v = doc;
      v["school"]["id"] = doc["school"]["id"].get<std::string>() + "/" + std::to_string(variant);
      int k = 0;
      for (auto it = v["judgements"].begin(); it != v["judgements"].end(); ++it, ++k) {
        if ((k + variant) % 3 != 0) continue;
        const qmark::Scale *scale = fw.scale_of(fw.find_node(it.key()));
        REQUIRE(scale);
        *it = scale->levels[static_cast<std::size_t>(k + variant) % scale->levels.size()].id;
      }
      out.push_back(v.dump());
    }
  }
  return out;
}

std::string decision_text(const qmark::Framework &fw, const qmark::result<qmark::Decision> &d) {
  return d ? qmark::to_json_text(fw, d.value()) : std::string("error: ") + d.error().describe();
}

}  // namespace

TEST_CASE("concurrency: 8 threads share each built-in framework and decide as one thread does") {
  for (const std::string &id : qmark::Framework::builtin_ids()) {
    INFO(id);
    // Threads race to fetch the built-in first (its cache is shared too).
    std::vector<qmark::FrameworkPtr> fetched(thread_count);
    {
      std::vector<std::thread> threads;
      for (int t = 0; t < thread_count; ++t)
        threads.emplace_back([&, t] { fetched[static_cast<std::size_t>(t)] = qmark::Framework::builtin(id).value(); });
      for (auto &th : threads) th.join();
    }
    const qmark::FrameworkPtr fw = fetched.front();
    for (const auto &f : fetched) CHECK(f.get() == fw.get());

    const std::vector<std::string> audits = audits_for(*fw);
    REQUIRE(!audits.empty());
    std::vector<std::string> expected;
    std::vector<qmark::Audit> read;  // shared, read-only, by every thread
    for (const std::string &text : audits) {
      expected.push_back(decision_text(*fw, qmark::assess_json(*fw, text)));
      auto a = qmark::Audit::parse(*fw, text);
      REQUIRE_MESSAGE(a.has_value(), (a ? std::string() : a.error().describe()));
      read.push_back(std::move(a).value());
    }

    std::atomic<int> mismatches{0}, runs{0};
    std::mutex first_mutex;
    std::string first_mismatch;
    auto report = [&](const std::string &what) {
      ++mismatches;
      std::lock_guard<std::mutex> lock(first_mutex);
      if (first_mismatch.empty()) first_mismatch = what;
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
      threads.emplace_back([&, t] {
        qmark::Decision reused;
        for (int i = 0; i < iterations; ++i) {
          const std::size_t k = static_cast<std::size_t>(t * 7 + i) % audits.size();
          // text in: parse and assess on this thread
          if (decision_text(*fw, qmark::assess_json(*fw, audits[k])) != expected[k])
            report("assess_json of audit " + std::to_string(k));
          // an Audit read once, shared by every thread
          const std::size_t s = static_cast<std::size_t>(i) % read.size();
          if (qmark::to_json_text(*fw, qmark::assess(*fw, read[s])) != expected[s])
            report("assess of shared audit " + std::to_string(s));
          (void)qmark::to_text(*fw, qmark::assess(*fw, read[k], qmark::AssessOptions{false}));
          ++runs;
        }
      });
    }
    for (auto &th : threads) th.join();
    CHECK(runs.load() == thread_count * iterations);
    CHECK_MESSAGE(mismatches.load() == 0, first_mismatch);
  }
}

TEST_CASE("concurrency: overlays and plan checks against a shared framework") {
  const auto bury = qtest::builtin("bury-iqm");
  const auto wsi = qtest::builtin("wales-school-improvement");
  auto overlay = qmark::Overlay::parse(qtest::read("examples/overlays/bury-la-example.json"));
  REQUIRE(overlay.has_value());
  const auto overlaid = bury->with_overlay(overlay.value());
  REQUIRE(overlaid.has_value());
  json audit = qtest::read_json("examples/audits/bury-not-yet-accredited.json");
  audit["overlay"] = overlay.value().id();
  const std::string audit_text = audit.dump();
  const std::string expected_audit = decision_text(*overlaid.value(), qmark::assess_json(*overlaid.value(), audit_text));
  REQUIRE(expected_audit.rfind("error", 0) != 0);

  auto plan = qmark::Plan::parse(qtest::read("examples/plans/plan-fails-community.json"));
  REQUIRE(plan.has_value());
  auto compliance = qmark::check_plan(*wsi, plan.value());
  REQUIRE(compliance.has_value());
  const std::string expected_plan = qmark::to_json_text(compliance.value());

  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < iterations / 2; ++i) {
        auto fw = bury->with_overlay(overlay.value());  // a new framework from a shared one
        if (!fw || decision_text(*fw.value(), qmark::assess_json(*fw.value(), audit_text)) != expected_audit)
          ++mismatches;
        auto c = qmark::check_plan(*wsi, plan.value());
        if (!c || qmark::to_json_text(c.value()) != expected_plan) ++mismatches;
      }
    });
  }
  for (auto &th : threads) th.join();
  CHECK(mismatches.load() == 0);
}

TEST_CASE("concurrency: assess_many and assess_stream on 4 threads match one thread") {
  std::vector<std::string> audits;
  std::vector<std::string> expected;
  std::vector<std::string> framework_of;
  for (const std::string &id : qmark::Framework::builtin_ids()) {
    const auto fw = qtest::builtin(id);
    for (const std::string &text : audits_for(*fw)) {
      audits.push_back(text);
      expected.push_back(decision_text(*fw, qmark::assess_json(*fw, text)));
      framework_of.push_back(id);
    }
  }
  audits.insert(audits.begin() + 3, "{\"qmark\": \"audit/1\", \"framework\": \"nonesuch\"}");
  expected.insert(expected.begin() + 3, "error");
  framework_of.insert(framework_of.begin() + 3, "nonesuch");

  qmark::BatchOptions options;
  options.threads = 4;
  options.max_in_flight = 5;

  SUBCASE("assess_many, one framework") {
    const auto bury = qtest::builtin("bury-iqm");
    std::vector<std::string> mine;
    std::vector<std::string> want;
    for (std::size_t i = 0; i < audits.size(); ++i)
      if (framework_of[i] == "bury-iqm") {
        mine.push_back(audits[i]);
        want.push_back(expected[i]);
      }
    for (int round = 0; round < 3; ++round) {
      const auto results = qmark::assess_many(*bury, mine, options);
      REQUIRE(results.size() == mine.size());
      for (std::size_t i = 0; i < results.size(); ++i) CHECK(decision_text(*bury, results[i]) == want[i]);
    }
  }

  SUBCASE("assess_stream, mixed frameworks, results in input order") {
    for (int round = 0; round < 3; ++round) {
      std::size_t next = 0, delivered = 0;
      std::atomic<int> resolves{0};
      qmark::assess_stream(
          [&](const std::string &id) {
            ++resolves;  // called from the workers: must be thread-safe itself
            return qmark::Framework::builtin(id);
          },
          [&](std::string &text) {
            if (next == audits.size()) return false;
            text = audits[next++];
            return true;
          },
          [&](qmark::BatchResult &&r) {
            REQUIRE(r.index == delivered);
            if (expected[r.index] == "error") {
              CHECK(!r.decision);
            } else {
              REQUIRE(r.framework);
              CHECK(decision_text(*r.framework, r.decision) == expected[r.index]);
            }
            ++delivered;
          },
          options);
      CHECK(delivered == audits.size());
      CHECK(resolves.load() > 0);
    }
  }
}
