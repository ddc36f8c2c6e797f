// The hostile / bad-input catalogue: every case in tests/bad/cases.json must be refused
// with the expected error code and JSON Pointer (and line:column for malformed JSON).
// See tests/bad/README.md for the case format.
#include "helpers.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

namespace {

using qmark::json;

const char *const catalogue = "tests/bad/cases.json";

const json &cases() {
  static const json all = qtest::read_json(catalogue);
  return all;
}

/// Valid documents the cases start from, read once each.
const json &base_document(const std::string &relative) {
  static std::map<std::string, json> cache;
  auto it = cache.find(relative);
  if (it == cache.end()) it = cache.emplace(relative, qtest::read_json(relative)).first;
  return it->second;
}

/// "7b 22…" → bytes. Whitespace between pairs is allowed.
std::optional<std::string> from_hex(const std::string &hex) {
  std::string out, digits;
  for (char c : hex)
    if (!std::isspace(static_cast<unsigned char>(c))) digits += c;
  if (digits.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const int hi = nibble(digits[i]), lo = nibble(digits[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

/// text_repeat: a list of pieces concatenated; a piece is a string, or [string, count].
std::optional<std::string> from_repeat(const json &pieces) {
  if (!pieces.is_array()) return std::nullopt;
  std::string out;
  for (const json &piece : pieces) {
    if (piece.is_string()) {
      out += piece.get<std::string>();
    } else if (piece.is_array() && piece.size() == 2 && piece[0].is_string() && piece[1].is_number_unsigned()) {
      for (std::uint64_t i = 0; i < piece[1].get<std::uint64_t>(); ++i) out += piece[0].get<std::string>();
    } else {
      return std::nullopt;
    }
  }
  return out;
}

/// What a case feeds to its loader: raw text, or a JSON document.
struct Input {
  std::optional<std::string> text;
  json doc;
};

/// Builds the case's input; reports (and returns nullopt for) a broken case definition.
std::optional<Input> build(const json &c) {
  Input in;
  int sources = 0;
  if (c.contains("text")) {
    ++sources;
    REQUIRE_MESSAGE(c["text"].is_string(), "\"text\" must be a string");
    in.text = c["text"].get<std::string>();
  }
  if (c.contains("text_hex")) {
    ++sources;
    auto bytes = c["text_hex"].is_string() ? from_hex(c["text_hex"].get<std::string>()) : std::nullopt;
    REQUIRE_MESSAGE(bytes.has_value(), "\"text_hex\" must be a string of hex byte pairs");
    in.text = *bytes;
  }
  if (c.contains("text_repeat")) {
    ++sources;
    auto text = from_repeat(c["text_repeat"]);
    REQUIRE_MESSAGE(text.has_value(), "\"text_repeat\" must be a list of strings and [string, count] pairs");
    in.text = *text;
  }
  if (in.text) {
    CHECK_MESSAGE(sources == 1, "use exactly one of text, text_hex, text_repeat");
    CHECK_MESSAGE((!c.contains("base") && !c.contains("patch")), "a text case takes no base or patch");
    return in;
  }
  in.doc = c.contains("base") ? base_document(c["base"].get<std::string>()) : json::object();
  if (c.contains("patch")) {
    const json &patch = c["patch"];
    REQUIRE_MESSAGE(patch.is_array(), "\"patch\" must be an array of operations");
    for (const json &op : patch) {
      const std::string name = op.value("op", "");
      CHECK_MESSAGE((name == "add" || name == "remove" || name == "replace"),
                    "patch operations are add, remove or replace only, got \"" << name << "\"");
    }
    try {
      in.doc = in.doc.patch(patch);
    } catch (const std::exception &ex) {
      FAIL_CHECK("the case's patch does not apply to its base: " << ex.what());
      return std::nullopt;
    }
  }
  return in;
}

/// Runs the loader for the case's kind. Loaders return results; an exception escaping
/// one is itself a failure, reported through `thrown`.
std::optional<qmark::error> run(const std::string &kind, const Input &in, std::string &thrown) {
  try {
    if (kind == "audit") {
      const auto fw = qtest::builtin("bury-iqm");
      auto a = in.text ? qmark::Audit::parse(*fw, *in.text) : qmark::Audit::from_json(*fw, in.doc);
      if (a) return std::nullopt;
      return a.error();
    }
    if (kind == "framework") {
      auto f = in.text ? qmark::Framework::load(*in.text) : qmark::Framework::from_json(in.doc);
      if (f) return std::nullopt;
      return f.error();
    }
    if (kind == "overlay") {
      auto o = in.text ? qmark::Overlay::parse(*in.text) : qmark::Overlay::from_json(in.doc);
      if (!o) return o.error();
      auto f = qtest::builtin("bury-iqm")->with_overlay(o.value());
      if (f) return std::nullopt;
      return f.error();
    }
  } catch (const std::exception &ex) {
    thrown = std::string("exception escaped the loader: ") + ex.what();
  } catch (...) {
    thrown = "a non-standard exception escaped the loader";
  }
  if (thrown.empty()) thrown = "unknown kind \"" + kind + "\"";
  return std::nullopt;
}

std::string describe(const std::optional<qmark::error> &e, const std::string &thrown) {
  if (!thrown.empty()) return thrown;
  if (!e) return "accepted (no error)";
  std::ostringstream s;
  s << qmark::errc_name(e->value()) << " at \"" << e->pointer << "\"";
  if (e->line > 0) s << " line " << e->line << " column " << e->column;
  s << ": " << e->message;
  return s.str();
}

}  // namespace

TEST_CASE("bad input catalogue: well formed") {
  const json &all = cases();
  REQUIRE(all.is_array());
  CHECK(all.size() >= 45);
  std::set<std::string> names;
  for (const json &c : all) {
    REQUIRE(c.is_object());
    REQUIRE(c.contains("name"));
    REQUIRE(c["name"].is_string());
    const std::string name = c["name"].get<std::string>();
    INFO("case " << name);
    CHECK_MESSAGE(names.insert(name).second, "duplicate case name \"" << name << "\"");
    CHECK(c.value("kind", "") != "");
    CHECK((c["kind"] == "audit" || c["kind"] == "framework" || c["kind"] == "overlay"));
    CHECK(c.contains("code"));
    CHECK(c.contains("pointer"));
    CHECK(c.contains("why"));
    CHECK((c.contains("base") || c.contains("text") || c.contains("text_hex") || c.contains("text_repeat")));
    if (c.value("known_bug", false)) CHECK_MESSAGE(c.contains("bug"), "a known_bug case says what the bug is");
  }
}

TEST_CASE("bad input catalogue: every case is refused as expected") {
  int known_bugs = 0, known_bugs_fixed = 0;
  std::string known_bug_report;
  for (const json &c : cases()) {
    const std::string name = c.value("name", "?");
    INFO("case " << name << " — " << c.value("why", ""));
    auto in = build(c);
    if (!in) continue;
    if (c.value("crashes", false)) {
      // A known bug that takes the process down (or is undefined behaviour) in some
      // builds: the input is built, but the loader is not run.
      CHECK_MESSAGE(c.value("known_bug", false), "only a known_bug case may be marked crashes");
      ++known_bugs;
      known_bug_report += "\n  " + name + ": not run (crashes)";
      continue;
    }
    std::string thrown;
    const auto e = run(c.value("kind", ""), *in, thrown);
    const std::string got = describe(e, thrown);
    INFO("got: " << got);

    const std::string code = c.value("code", "");
    const std::string pointer = c.value("pointer", "");
    const bool as_expected = thrown.empty() && e && code == qmark::errc_name(e->value()) && pointer == e->pointer &&
                             (!c.contains("line") || c["line"] == e->line) &&
                             (!c.contains("column") || c["column"] == e->column);
    if (c.value("known_bug", false)) {
      ++known_bugs;
      known_bug_report += "\n  " + name + ": " + got;
      if (as_expected) {
        ++known_bugs_fixed;
        MESSAGE("known_bug case " << name << " now behaves as expected: check its bug note, then remove the flag");
      }
      continue;  // ran (so it must not crash), but its assertions are skipped
    }
    CHECK_MESSAGE(thrown.empty(), thrown);
    if (!e) {
      if (thrown.empty()) FAIL_CHECK("the document was accepted");
      continue;
    }
    CHECK(std::string(qmark::errc_name(e->value())) == code);
    CHECK(e->pointer == pointer);
    CHECK_FALSE(e->message.empty());
    if (c.contains("line")) CHECK(e->line == c["line"].get<int>());
    if (c.contains("column")) CHECK(e->column == c["column"].get<int>());
  }
  MESSAGE(cases().size() << " cases, " << known_bugs << " marked known_bug (" << known_bugs_fixed << " now fixed):"
                         << known_bug_report);
}
