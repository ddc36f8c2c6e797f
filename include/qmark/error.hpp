// qmark/error.hpp — the error model of the public API: an error code in qmark's own
// std::error_category, a message, and where in the document the problem is.
#pragma once

#include <boost/outcome/basic_result.hpp>
#include <boost/outcome/policy/terminate.hpp>

#include <string>
#include <system_error>
#include <vector>

namespace qmark {

/// Error codes. Stable: the C ABI maps them one to one onto negative `qm_status` values.
enum class errc {
  ok = 0,
  malformed_json = 1,       ///< not JSON at all; line:column set
  wrong_format = 2,         ///< missing or wrong "qmark" format tag
  unsupported_version = 3,  ///< right kind, major version this reader does not know
  unknown_framework = 4,    ///< names a framework the engine does not have
  invalid_document = 5,     ///< missing member, wrong type, bad value
  unknown_node = 6,         ///< names a node the framework does not have
  unknown_level = 7,        ///< a level not on the node's scale
  unknown_parameter = 8,    ///< a rule or overlay names a parameter that does not exist
  duplicate_id = 9,         ///< two nodes, levels, evidence items… share an id
  invalid_date = 10,        ///< not an ISO 8601 calendar date, or an impossible one
  unknown_kind = 11,        ///< unknown evidence kind, node kind or rule type
  unknown_group = 12,       ///< unknown stakeholder group
  negative_count = 13,      ///< a count that must be non-negative is negative
  not_judgeable = 14,       ///< a judgement on a node whose kind takes no judgement
  cycle = 15,               ///< a reference cycle in framework data
  overlay_mismatch = 16,    ///< overlay or audit made for another framework
  io_error = 17,            ///< a file could not be read or written
  limit_exceeded = 18,      ///< document larger or deeper than the documented limits
  invalid_argument = 19,    ///< a caller passed something unusable (NULL, bad option)
  internal = 20,            ///< a bug in qmark; please report it
};

/// The category of qmark's error codes ("qmark").
[[nodiscard]] const std::error_category &error_category() noexcept;
[[nodiscard]] std::error_code make_error_code(errc e) noexcept;
/// Stable snake_case name of a code, e.g. "unknown_node".
[[nodiscard]] const char *errc_name(errc e) noexcept;

/// One problem: its code, a message for a person, and where it is — a JSON Pointer
/// into the document (RFC 6901) and, for malformed JSON, the line and column.
struct error {
  std::error_code code;
  std::string message;
  std::string pointer;  ///< "" when the problem concerns the document as a whole
  int line = 0;         ///< 1-based; 0 when unknown
  int column = 0;       ///< 1-based; 0 when unknown
  /// Further problems found in the same pass (framework loading reports every error).
  std::vector<error> more;

  error() = default;
  error(errc e, std::string msg, std::string ptr = {})
      : code(make_error_code(e)), message(std::move(msg)), pointer(std::move(ptr)) {}

  [[nodiscard]] errc value() const noexcept { return static_cast<errc>(code.value()); }
  /// "message (at /pointer)" or "message (at line L, column C)".
  [[nodiscard]] std::string describe() const;
};

/// Every fallible public call returns a result: a value or an `error`.
template <class T>
using result = boost::outcome_v2::basic_result<T, error, boost::outcome_v2::policy::terminate>;

}  // namespace qmark

namespace std {
template <>
struct is_error_code_enum<qmark::errc> : true_type {};
}  // namespace std
