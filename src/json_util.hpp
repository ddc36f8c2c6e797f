// Internal helpers for reading documents: parsing with line:column errors and limits,
// JSON Pointer building, and a collector for the problems a validation pass finds.
#pragma once

#include "qmark/date.hpp"
#include "qmark/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmark::detail {

using json = nlohmann::json;

/// Documented limits (README "Limits"): larger or deeper input is refused up front.
inline constexpr std::size_t max_document_bytes = 64u * 1024u * 1024u;
inline constexpr int max_nesting_depth = 128;

/// Parses JSON text; malformed text gives errc::malformed_json with line:column.
[[nodiscard]] result<json> parse_json(std::string_view text);

/// Checks "qmark": "<kind>/<major>" and returns the error for a wrong one.
[[nodiscard]] std::optional<error> check_format(const json &doc, std::string_view kind, int major);

/// Appends one reference token to a JSON Pointer, escaping '~' and '/'.
[[nodiscard]] std::string ptr(const std::string &base, std::string_view token);
[[nodiscard]] std::string ptr(const std::string &base, std::size_t index);

/// Collects problems; the first becomes the error, the rest go to error::more.
class Problems {
 public:
  void add(errc code, std::string message, std::string pointer);
  [[nodiscard]] bool empty() const noexcept { return list_.empty(); }
  [[nodiscard]] error take();

  // Typed getters: report a problem (and return nullopt/nullptr) when the member is
  // missing (if required) or of the wrong type.
  const json *member(const json &obj, const char *key, const std::string &at, bool required);
  std::optional<std::string> string(const json &obj, const char *key, const std::string &at,
                                    bool required);
  const json *object(const json &obj, const char *key, const std::string &at, bool required);
  const json *array(const json &obj, const char *key, const std::string &at, bool required);
  std::optional<Date> date(const json &obj, const char *key, const std::string &at, bool required);

  /// At most this many problems are kept (the rest are counted in one last problem), so
  /// a document with millions of bad entries costs neither quadratic time nor memory.
  static constexpr std::size_t max_problems = 1000;

 private:
  std::vector<error> list_;
  std::size_t dropped_ = 0;
};

/// Members of `obj` not in `known`, as an object (unknown members survive a round trip).
[[nodiscard]] json unknown_members(const json &obj, const char *const *known, std::size_t count);
[[nodiscard]] inline json unknown_members(const json &obj, std::initializer_list<const char *> known) {
  return unknown_members(obj, known.begin(), known.size());
}

}  // namespace qmark::detail
