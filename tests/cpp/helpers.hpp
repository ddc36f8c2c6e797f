// Shared helpers for the C++ tests.
#pragma once

#include "qmark/qmark.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace qtest {

inline std::string source_dir() { return QMARK_SOURCE_DIR; }

inline std::string read(const std::string &relative) {
  std::ifstream in(source_dir() + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline qmark::json read_json(const std::string &relative) { return qmark::json::parse(read(relative)); }

inline qmark::FrameworkPtr builtin(const std::string &id) {
  auto fw = qmark::Framework::builtin(id);
  REQUIRE_MESSAGE(fw.has_value(), (fw ? std::string() : fw.error().describe()));
  return fw.value();
}

/// Assesses an audit document; fails the test on invalid input.
inline qmark::Decision assess(const qmark::Framework &fw, const qmark::json &audit) {
  auto a = qmark::Audit::from_json(fw, audit);
  REQUIRE_MESSAGE(a.has_value(), (a ? std::string() : a.error().describe()));
  return qmark::assess(fw, a.value());
}

inline nlohmann::ordered_json decide(const qmark::Framework &fw, const qmark::json &audit) {
  return qmark::to_json(fw, assess(fw, audit));
}

}  // namespace qtest
