// qmark_stream_rss — streams a JSON lines file of audits through qmark::assess_stream and
// writes one CSV line per valid audit, the way `qmark batch FILE.jsonl --out results.csv`
// does, to show that memory stays bounded whatever the input's size.
//
//   qmark_stream_rss FILE.jsonl --out results.csv [--threads N] [--max-in-flight N] [--trace]
//
// The file is read line by line (never whole); at most max-in-flight audits (default 4
// per thread) are held at once. CSV columns: school_id, framework, outcome, award,
// limiting_failures (space-separated ids), source (file:line). Invalid audits go to
// stderr. A summary (audits, seconds, audits/s, peak RSS) is printed to stderr at the end.
// Exit status: 0 when every audit was valid, 2 when some were not, 1 on a usage or I/O error.
#include "qmark/batch.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>

namespace {

std::string csv(const std::string &s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;  // KiB on Linux
}

int usage() {
  std::fprintf(stderr,
               "usage: qmark_stream_rss FILE.jsonl --out results.csv [--threads N] [--max-in-flight N] [--trace]\n");
  return 1;
}

}  // namespace

int main(int argc, char **argv) {
  std::string in_path, out_path;
  qmark::BatchOptions options;
  options.threads = 1;
  options.assess.trace = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    else if (a == "--threads" && i + 1 < argc) options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--max-in-flight" && i + 1 < argc) options.max_in_flight = std::stoul(argv[++i]);
    else if (a == "--trace") options.assess.trace = true;
    else if (!a.empty() && a[0] != '-' && in_path.empty()) in_path = a;
    else return usage();
  }
  if (in_path.empty() || out_path.empty()) return usage();

  std::ifstream in(in_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "qmark_stream_rss: cannot read %s\n", in_path.c_str());
    return 1;
  }
  std::FILE *out = std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "qmark_stream_rss: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::fputs("school_id,framework,outcome,award,limiting_failures,source\n", out);

  // Built-in frameworks, compiled once each (Framework::builtin caches them too).
  std::mutex fw_mutex;
  std::map<std::string, qmark::FrameworkPtr, std::less<>> frameworks;
  const qmark::FrameworkResolver resolve = [&](const std::string &id) -> qmark::result<qmark::FrameworkPtr> {
    std::lock_guard<std::mutex> lock(fw_mutex);
    if (auto it = frameworks.find(id); it != frameworks.end()) return it->second;
    auto fw = qmark::Framework::builtin(id);
    if (fw) frameworks.emplace(id, fw.value());
    return fw;
  };

  // Source: one line at a time. Blank lines are skipped; line numbers are kept for `source`.
  // Line numbers of the audits read but not yet delivered (results come in input order).
  std::deque<std::size_t> line_of;
  std::size_t line_no = 0;
  const qmark::AuditSource source = [&](std::string &text) {
    while (std::getline(in, text)) {
      ++line_no;
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      line_of.push_back(line_no);
      return true;
    }
    return false;
  };

  std::size_t valid = 0, invalid = 0;
  std::string row, failures;
  const qmark::ResultSink sink = [&](qmark::BatchResult &&r) {
    const std::string where = in_path + ":" + std::to_string(line_of.front());
    line_of.pop_front();
    if (!r.decision) {
      ++invalid;
      const qmark::error &e = r.decision.error();
      std::fprintf(stderr, "%s: %s%s%s\n", where.c_str(), e.message.c_str(), e.pointer.empty() ? "" : " at ",
                   e.pointer.c_str());
      return;
    }
    ++valid;
    const qmark::Framework &fw = *r.framework;
    const qmark::Decision &d = r.decision.value();
    failures.clear();
    for (int n : d.limiting_failures) {
      if (!failures.empty()) failures += ' ';
      failures += fw.nodes()[static_cast<std::size_t>(n)].id;
    }
    row.clear();
    row += csv(d.school_id);
    row += ',';
    row += csv(d.framework_id);
    row += ',';
    row += d.outcome >= 0 ? csv(fw.outcomes()[static_cast<std::size_t>(d.outcome)].id) : std::string();
    row += ',';
    row += d.award ? csv(*d.award) : std::string();
    row += ',';
    row += csv(failures);
    row += ',';
    row += csv(where);
    row += '\n';
    std::fwrite(row.data(), 1, row.size(), out);
  };

  const auto t0 = std::chrono::steady_clock::now();
  qmark::assess_stream(resolve, source, sink, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (std::fclose(out) != 0) {
    std::fprintf(stderr, "qmark_stream_rss: error writing %s\n", out_path.c_str());
    return 1;
  }
  const std::size_t total = valid + invalid;
  std::fprintf(stderr,
               "qmark_stream_rss: %zu audits (%zu valid, %zu invalid) on %u thread(s) in %.2f s, %.0f audits/s, "
               "peak RSS %.1f MB\n",
               total, valid, invalid, options.threads, seconds, seconds > 0 ? static_cast<double>(total) / seconds : 0.0,
               static_cast<double>(peak_rss_kib()) / 1024.0);
  return invalid ? 2 : 0;
}
