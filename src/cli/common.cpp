// Shared helpers of the qmark command.
#include "common.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#ifdef _WIN32
#include <io.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace qmark_cli {

std::string read_file(const std::string &path) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "qmark: " << path << ": cannot open file\n";
    throw Failure{exit_other};
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) {
    std::cerr << "qmark: " << path << ": cannot read file\n";
    throw Failure{exit_other};
  }
  return s.str();
}

void invalid(const std::string &file, const qmark::error &e) {
  std::cerr << "qmark: " << file << ": invalid input [" << qmark::errc_name(e.value()) << "]: " << e.describe()
            << "\n";
  for (const auto &m : e.more)
    std::cerr << "qmark: " << file << ": [" << qmark::errc_name(m.value()) << "]: " << m.describe() << "\n";
  throw Failure{exit_invalid};
}

json parse_doc(const std::string &file) { return check(file, qmark::parse_json(read_file(file))); }

qmark::FrameworkPtr framework_for(const std::string &id_or_file, const std::string &overlay_file) {
  qmark::FrameworkPtr fw;
  const bool is_file = id_or_file.find('/') != std::string::npos ||
                       (id_or_file.size() > 5 && id_or_file.compare(id_or_file.size() - 5, 5, ".json") == 0);
  if (is_file) fw = check(id_or_file, qmark::Framework::load(read_file(id_or_file)));
  else fw = check(id_or_file, qmark::Framework::builtin(id_or_file));
  if (!overlay_file.empty()) {
    auto overlay = check(overlay_file, qmark::Overlay::parse(read_file(overlay_file)));
    fw = check(overlay_file, fw->with_overlay(overlay));
  }
  return fw;
}

qmark::FrameworkPtr framework_for_audit(const std::string &file, const json &doc, const std::string &framework_file,
                                        const std::string &overlay_file) {
  const std::string id = check(file, qmark::Audit::framework_of(doc));
  if (!framework_file.empty()) return framework_for(framework_file, overlay_file);
  qmark::FrameworkPtr fw = check(file, qmark::Framework::builtin(id));
  if (!overlay_file.empty()) {
    auto overlay = check(overlay_file, qmark::Overlay::parse(read_file(overlay_file)));
    fw = check(overlay_file, fw->with_overlay(overlay));
  }
  return fw;
}

std::string make_temp_next_to(const std::string &path) {
#ifdef _WIN32
  std::string tmp = path + ".tmp";
  std::ofstream probe(tmp, std::ios::binary);
  return probe ? tmp : "";
#else
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) return "";
  // mkstemp makes the file private; give it the permissions a new file would have
  const mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(fd, static_cast<mode_t>(0666) & ~mask);
  ::close(fd);
  return std::string(buf.data());
#endif
}

void write_output(const std::string &path, const std::string &content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "qmark: cannot write to standard output\n";
      throw Failure{exit_other};
    }
    return;
  }
  const std::string tmp = make_temp_next_to(path);
  if (tmp.empty()) {
    std::cerr << "qmark: " << path << ": cannot write (" << std::strerror(errno) << ")\n";
    throw Failure{exit_other};
  }
  bool ok;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    ok = static_cast<bool>(out);
  }
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::cerr << "qmark: " << path << ": cannot write\n";
    std::remove(tmp.c_str());
    throw Failure{exit_other};
  }
}

void example(CLI::App *app, const std::string &lines) { app->footer("Example:\n" + lines); }

std::string builtin_ids_text() {
  std::string out;
  for (const std::string &id : qmark::Framework::builtin_ids()) out += (out.empty() ? "" : ", ") + id;
  return out;
}

std::string example_framework_id() {
  const auto ids = qmark::Framework::builtin_ids();
  return ids.empty() ? std::string("FRAMEWORK") : ids.front();
}

}  // namespace qmark_cli
