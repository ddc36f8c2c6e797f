// qmark batch: assess a portfolio of audits (directories of *.json files and JSON-lines
// files) on many threads, streaming, with a results CSV and an errors CSV.
#include "common.hpp"
#include "qmark/csv.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#ifdef _WIN32
#include <io.h>
#define QMARK_ISATTY(fd) _isatty(fd)
#else
#include <csignal>
#include <unistd.h>
#define QMARK_ISATTY(fd) ::isatty(fd)
#endif

namespace qmark_cli {

namespace {

namespace fs = std::filesystem;

struct BatchCliOptions {
  std::vector<std::string> inputs;
  std::string out, errors, overlay;
  unsigned threads = 0;
};

// One input: an audit file, or a JSON-lines file (one audit per line).
struct Input {
  std::string path;
  bool lines = false;
};

bool ends_with(const std::string &s, const char *suffix) {
  const std::size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool blank(const std::string &s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// ---- temporary files removed when the batch is interrupted -------------------------
#ifndef _WIN32
char temp_paths[2][4096];
extern "C" void remove_temps_and_exit(int sig) {
  for (auto &p : temp_paths)
    if (p[0]) ::unlink(p);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
#endif

class TempFiles {
 public:
  void set(int slot, const std::string &path) {
#ifndef _WIN32
    if (path.size() < sizeof temp_paths[0]) std::memcpy(temp_paths[slot], path.c_str(), path.size() + 1);
    if (!installed_) {
      for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_temps_and_exit);
      installed_ = true;
    }
#endif
    paths_[slot] = path;
  }
  void release(int slot) {
#ifndef _WIN32
    temp_paths[slot][0] = '\0';
#endif
    paths_[slot].clear();
  }
  ~TempFiles() {
    for (int slot = 0; slot < 2; ++slot)
      if (!paths_[slot].empty()) {
        std::remove(paths_[slot].c_str());
        release(slot);
      }
  }

 private:
  std::string paths_[2];
  bool installed_ = false;
};

std::string errors_path_for(const std::string &out) {
  if (ends_with(out, ".csv")) return out.substr(0, out.size() - 4) + ".errors.csv";
  return out + ".errors.csv";
}

std::vector<Input> expand_inputs(const std::vector<std::string> &args) {
  std::vector<Input> inputs;
  for (const auto &arg : args) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      std::cerr << "qmark: " << arg << ": no such file or directory\n";
      throw Failure{exit_other};
    }
    if (fs::is_directory(st)) {
      std::vector<std::pair<std::string, std::string>> files;  // name, path
      for (fs::directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.' || !ends_with(name, ".json")) continue;
        std::error_code fec;
        if (!it->is_regular_file(fec)) continue;
        files.emplace_back(name, it->path().string());
      }
      if (ec) {
        std::cerr << "qmark: " << arg << ": cannot list the directory (" << ec.message() << ")\n";
        throw Failure{exit_other};
      }
      std::sort(files.begin(), files.end());
      for (auto &f : files) inputs.push_back(Input{std::move(f.second), false});
    } else {
      inputs.push_back(Input{arg, ends_with(arg, ".jsonl") || ends_with(arg, ".ndjson")});
    }
  }
  return inputs;
}

// Non-blank lines of a JSON-lines file, counted while streaming through it.
std::size_t count_audit_lines(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line))
    if (!blank(line)) ++n;
  return n;
}

struct Pending {
  std::string source;
  std::optional<qmark::error> failed;  ///< the input could not be read
};

struct Invalid {
  std::string source;
  qmark::error error;
};

int run_batch(const BatchCliOptions &o) {
  if (o.out.empty() || o.out == "-") {
    std::cerr << "qmark: --out: name the results file (it is written to a temporary file and renamed)\n";
    return exit_invalid;
  }
  const std::string errors_file = o.errors.empty() ? errors_path_for(o.out) : o.errors;
  if (errors_file == o.out) {
    std::cerr << "qmark: --errors: the errors file must differ from --out\n";
    return exit_invalid;
  }
  const std::vector<Input> inputs = expand_inputs(o.inputs);

  // Frameworks: built in, resolved by id once; the overlay (if any) replaces its base.
  std::mutex cache_mutex;
  std::map<std::string, qmark::result<qmark::FrameworkPtr>> cache;
  if (!o.overlay.empty()) {
    auto overlay = check(o.overlay, qmark::Overlay::parse(read_file(o.overlay)));
    auto base = check(o.overlay, qmark::Framework::builtin(overlay.base()));
    cache.emplace(overlay.base(), check(o.overlay, base->with_overlay(overlay)));
  }
  const qmark::FrameworkResolver resolve = [&](const std::string &id) -> qmark::result<qmark::FrameworkPtr> {
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, qmark::Framework::builtin(id)).first;
    return it->second;
  };

  const bool progress = QMARK_ISATTY(2) != 0;
  std::size_t total = 0;
  if (progress)
    for (const Input &in : inputs) total += in.lines ? count_audit_lines(in.path) : 1;

  TempFiles temps;
  const std::string out_tmp = make_temp_next_to(o.out);
  if (out_tmp.empty()) {
    std::cerr << "qmark: " << o.out << ": cannot write (" << std::strerror(errno) << ")\n";
    return exit_other;
  }
  temps.set(0, out_tmp);
  const std::string err_tmp = make_temp_next_to(errors_file);
  if (err_tmp.empty()) {
    std::cerr << "qmark: " << errors_file << ": cannot write (" << std::strerror(errno) << ")\n";
    return exit_other;
  }
  temps.set(1, err_tmp);
  std::ofstream results(out_tmp, std::ios::binary | std::ios::trunc);
  std::ofstream errors(err_tmp, std::ios::binary | std::ios::trunc);
  results << qmark::csv_row({"school_id", "framework", "overlay", "assessed_on", "outcome", "award", "decided_by",
                             "limiting_failures", "n_findings", "next_target", "next_needs", "source"});
  errors << qmark::csv_row({"source", "code", "pointer", "line", "column", "message"});

  // The source: audits one at a time, read on this thread, JSON lines streamed.
  std::deque<Pending> pending;  // sources of the audits handed out and not yet delivered
  std::size_t next_input = 0;
  std::ifstream lines_in;
  std::size_t line_no = 0;
  const Input *lines_input = nullptr;
  const qmark::AuditSource source = [&](std::string &text) -> bool {
    for (;;) {
      if (lines_input) {
        std::string line;
        if (std::getline(lines_in, line)) {
          ++line_no;
          if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
          if (blank(line)) continue;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          text = std::move(line);
          pending.push_back(Pending{lines_input->path + ":" + std::to_string(line_no), std::nullopt});
          return true;
        }
        if (lines_in.bad()) {
          pending.push_back(Pending{lines_input->path + ":" + std::to_string(line_no + 1),
                                    qmark::error(qmark::errc::io_error, "cannot read the file past this line")});
          text.clear();
          lines_input = nullptr;
          lines_in.close();
          return true;
        }
        lines_input = nullptr;
        lines_in.close();
      }
      if (next_input >= inputs.size()) return false;
      const Input &in = inputs[next_input++];
      if (in.lines) {
        lines_in.clear();
        lines_in.open(in.path, std::ios::binary);
        line_no = 0;
        if (!lines_in) {
          pending.push_back(Pending{in.path, qmark::error(qmark::errc::io_error, "cannot open file")});
          text.clear();
          return true;
        }
        lines_input = &in;
        continue;
      }
      std::ifstream file(in.path, std::ios::binary);
      if (!file) {
        pending.push_back(Pending{in.path, qmark::error(qmark::errc::io_error, "cannot open file")});
        text.clear();
        return true;
      }
      text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
      pending.push_back(Pending{in.path, file.bad() ? std::optional<qmark::error>(qmark::error(
                                                          qmark::errc::io_error, "cannot read file"))
                                                    : std::nullopt});
      return true;
    }
  };

  std::size_t done = 0, n_invalid = 0;
  std::vector<Invalid> listed;  // kept for the listing on stderr (the first ones)
  constexpr std::size_t max_listed = 100;
  auto last_shown = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto show_progress = [&](bool force) {
    if (!progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_shown < std::chrono::milliseconds(100)) return;
    last_shown = now;
    std::cerr << "\r" << done << "/" << total << " audits (" << n_invalid << " invalid)" << std::flush;
  };
  auto error_row = [&](const std::string &src, const qmark::error &e) {
    errors << qmark::csv_row({src, qmark::errc_name(e.value()), e.pointer, e.line ? std::to_string(e.line) : "",
                              e.line ? std::to_string(e.column) : "", e.message});
  };

  const qmark::ResultSink sink = [&](qmark::BatchResult &&r) {
    Pending p = std::move(pending.front());
    pending.pop_front();
    ++done;
    if (p.failed || !r.decision) {
      const qmark::error e = p.failed ? *p.failed : r.decision.error();
      ++n_invalid;
      error_row(p.source, e);
      for (const auto &m : e.more) error_row(p.source, m);
      if (listed.size() < max_listed) listed.push_back(Invalid{p.source, e});
    } else {
      const qmark::Framework &fw = *r.framework;
      const qmark::Decision &d = r.decision.value();
      auto ids = [&](const std::vector<int> &nodes) {
        std::string s;
        for (int n : nodes) s += (s.empty() ? "" : " ") + fw.nodes()[static_cast<std::size_t>(n)].id;
        return s;
      };
      auto outcome = [&](int i) { return i >= 0 ? fw.outcomes()[static_cast<std::size_t>(i)].id : std::string(); };
      results << qmark::csv_row({d.school_id, d.framework_id, d.overlay_id, d.assessed_on.to_string(),
                                 outcome(d.outcome), d.award.value_or(""), d.decided_by, ids(d.limiting_failures),
                                 std::to_string(d.findings.size()), outcome(d.next_target), ids(d.next_needs),
                                 p.source});
    }
    show_progress(false);
  };

  qmark::BatchOptions options;
  options.threads = o.threads;
  options.assess.trace = false;
  qmark::assess_stream(resolve, source, sink, options);
  show_progress(true);
  if (progress) std::cerr << "\n";

  results.flush();
  errors.flush();
  const bool written = static_cast<bool>(results) && static_cast<bool>(errors);
  results.close();
  errors.close();
  if (!written) {
    std::cerr << "qmark: " << o.out << ": cannot write the results\n";
    return exit_other;
  }
  if (std::rename(out_tmp.c_str(), o.out.c_str()) != 0) {
    std::cerr << "qmark: " << o.out << ": cannot write (" << std::strerror(errno) << ")\n";
    return exit_other;
  }
  temps.release(0);
  if (std::rename(err_tmp.c_str(), errors_file.c_str()) != 0) {
    std::cerr << "qmark: " << errors_file << ": cannot write (" << std::strerror(errno) << ")\n";
    return exit_other;
  }
  temps.release(1);

  for (const Invalid &bad : listed) {
    std::cerr << "qmark: " << bad.source << ": invalid input [" << qmark::errc_name(bad.error.value())
              << "]: " << bad.error.describe() << "\n";
    for (const auto &m : bad.error.more)
      std::cerr << "qmark: " << bad.source << ": [" << qmark::errc_name(m.value()) << "]: " << m.describe() << "\n";
  }
  if (n_invalid > listed.size()) std::cerr << "qmark: … and " << n_invalid - listed.size() << " more\n";
  if (n_invalid > 0)
    std::cerr << "qmark: " << n_invalid << " of " << done << " audits invalid (listed in " << errors_file << ")\n";
  return n_invalid > 0 ? exit_invalid : 0;
}

}  // namespace

Command add_batch(CLI::App &app) {
  auto o = std::make_shared<BatchCliOptions>();
  auto *sub = app.add_subcommand(
      "batch",
      "Assess a portfolio: every audit in the directories (*.json files, in name order) and JSON-lines files "
      "(*.jsonl: one audit per line, blank lines skipped) given, on many threads, streaming. Writes a CSV row per "
      "valid audit (school_id, framework, overlay, assessed_on, outcome, award, decided_by, limiting_failures, "
      "n_findings, next_target, next_needs, source — the file, or file:line for JSON lines) and a CSV row per "
      "problem with an invalid audit (source, code, pointer, line, column, message), which are also listed on "
      "standard error. Goes on past invalid audits; exit status 2 if there were any. Shows progress when standard "
      "error is a terminal. Files are written whole or not at all.");
  sub->add_option("INPUT", o->inputs, "directories of audit/1 files, .jsonl files or audit files, e.g. audits/ more.jsonl")
      ->required();
  sub->add_option("--out", o->out, "results CSV to write, e.g. --out results.csv")->required();
  sub->add_option("--errors", o->errors,
                  "errors CSV to write (default: next to --out, results.errors.csv for results.csv), "
                  "e.g. --errors invalid.csv");
  sub->add_option("--threads", o->threads, "worker threads (default: one per hardware thread), e.g. --threads 4")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--overlay", o->overlay,
                  "overlay/1 file applied to the audits of its base framework, e.g. --overlay "
                  "examples/overlays/bury-la-example.json");
  example(sub, "  qmark batch audits/ --out results.csv\n"
               "  qmark batch portfolio.jsonl --out results.csv --errors invalid.csv --threads 4");
  return Command{sub, [o] { return run_batch(*o); }};
}

}  // namespace qmark_cli
