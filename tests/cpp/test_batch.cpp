// Batch and streaming assessment give the same decisions as one-at-a-time, in order.
#include "helpers.hpp"

#include <atomic>
#include <filesystem>
#include <stdexcept>

using qmark::json;

namespace {

std::vector<std::string> example_audits(const std::string &framework) {
  std::vector<std::string> out;
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(qtest::source_dir() + "/examples/audits"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto &f : files) {
    const std::string text = qtest::read("examples/audits/" + f.filename().string());
    if (json::parse(text)["framework"] == framework) out.push_back(text);
  }
  return out;
}

}  // namespace

TEST_CASE("batch: assess_many with 1 and 2 threads equals assessing one at a time") {
  auto fw = qtest::builtin("bury-iqm");
  std::vector<std::string> audits;
  for (int copy = 0; copy < 20; ++copy)
    for (auto &text : example_audits("bury-iqm")) {
      json a = json::parse(text);
      a["school"]["id"] = "URN:" + std::to_string(copy);
      if (copy % 3 == 0) a["judgements"]["WSA.POL.1"] = "partially_met";
      audits.push_back(a.dump());
    }
  audits.insert(audits.begin() + 5, "{ not json");
  std::vector<std::string> expected;
  for (const auto &text : audits) {
    auto d = qmark::assess_json(*fw, text);
    expected.push_back(d ? qmark::to_json_text(*fw, d.value()) : std::string("error:") + qmark::errc_name(d.error().value()));
  }
  auto text_of = [&](const qmark::result<qmark::Decision> &r) {
    return r ? qmark::to_json_text(*fw, r.value()) : std::string("error:") + qmark::errc_name(r.error().value());
  };
  for (unsigned threads : {1u, 2u, 3u}) {
    INFO(threads);
    qmark::BatchOptions options;
    options.threads = threads;
    options.max_in_flight = 3;  // small window: exercises assess_stream's back-pressure path
    // the same texts streamed
    std::size_t next = 0;
    std::vector<std::string> streamed;
    qmark::assess_stream(
        [&](const std::string &) -> qmark::result<qmark::FrameworkPtr> { return fw; },
        [&](std::string &text) {
          if (next >= audits.size()) return false;
          text = audits[next++];
          return true;
        },
        [&](qmark::BatchResult &&r) { streamed.push_back(text_of(r.decision)); }, options);
    CHECK(streamed == expected);
    const auto results = qmark::assess_many(*fw, audits, options);
    REQUIRE(results.size() == audits.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      CHECK(text_of(results[i]) == expected[i]);
      // A batch's decisions are kept, not assessed into again: they hold no working storage.
      if (results[i]) {
        const auto &work = results[i].value().work;
        CHECK(work.valid_before.capacity() == 0);
        CHECK(work.levels.capacity() == 0);
        CHECK(work.candidates.capacity() == 0);
      }
    }
  }
}

TEST_CASE("batch: assess_many with no audits, or fewer audits than threads") {
  auto fw = qtest::builtin("bury-iqm");
  qmark::BatchOptions options;
  options.threads = 4;
  CHECK(qmark::assess_many(*fw, {}, options).empty());
  const std::vector<std::string> one = {example_audits("bury-iqm").front()};
  const auto results = qmark::assess_many(*fw, one, options);
  REQUIRE(results.size() == 1);
  REQUIRE(results[0]);
  CHECK(qmark::to_json_text(*fw, results[0].value()) == qmark::to_json_text(*fw, qmark::assess_json(*fw, one[0]).value()));
}

TEST_CASE("batch: a stream of mixed frameworks resolves each and keeps input order") {
  std::vector<std::string> audits;
  for (const char *id : {"bury-iqm", "wales-iqm", "kcc-inclusive-practice", "wales-school-improvement"})
    for (auto &t : example_audits(id)) audits.push_back(t);
  audits.push_back(R"({"qmark": "audit/1", "framework": "nowhere", "school": {"id": "x"}, "assessed_on": "2026-01-01", "judgements": {}, "evidence": []})");
  std::size_t next = 0;
  std::atomic<int> resolved{0};
  std::vector<std::size_t> order;
  std::vector<std::string> outcomes;
  qmark::BatchOptions options;
  options.threads = 2;
  qmark::assess_stream(
      [&](const std::string &id) {
        ++resolved;
        return qmark::Framework::builtin(id);
      },
      [&](std::string &text) {
        if (next >= audits.size()) return false;
        text = audits[next++];
        return true;
      },
      [&](qmark::BatchResult &&r) {
        order.push_back(r.index);
        outcomes.push_back(r.decision ? r.framework->outcomes()[static_cast<std::size_t>(r.decision.value().outcome)].id
                                      : qmark::errc_name(r.decision.error().value()));
      },
      options);
  REQUIRE(order.size() == audits.size());
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
  CHECK(outcomes.back() == "unknown_framework");
  CHECK(resolved == static_cast<int>(audits.size()));
}

TEST_CASE("batch: a source or sink that throws ends the stream with its exception, threads joined") {
  auto fw = qtest::builtin("bury-iqm");
  const std::vector<std::string> audits = example_audits("bury-iqm");
  REQUIRE_FALSE(audits.empty());
  const qmark::FrameworkResolver resolve = [&](const std::string &) -> qmark::result<qmark::FrameworkPtr> { return fw; };
  for (unsigned threads : {1u, 2u, 3u}) {
    for (const bool in_sink : {false, true}) {
      INFO(threads << (in_sink ? " sink" : " source"));
      qmark::BatchOptions options;
      options.threads = threads;
      options.max_in_flight = 2;
      std::size_t read = 0, delivered = 0;
      const qmark::AuditSource source = [&](std::string &text) {
        if (!in_sink && read == 5) throw std::runtime_error("source failed");
        text = audits[read++ % audits.size()];
        return read <= 40;
      };
      const qmark::ResultSink sink = [&](qmark::BatchResult &&) {
        if (in_sink && delivered == 3) throw std::runtime_error("sink failed");
        ++delivered;
      };
      CHECK_THROWS_WITH_AS(qmark::assess_stream(resolve, source, sink, options),
                           in_sink ? "sink failed" : "source failed", std::runtime_error);
      CHECK(delivered <= 5);
    }
  }
}
