// What the C ABI's translation units share: the handle types behind the opaque
// pointers, the thread-local error channel and argument checks. Nothing here is exported.
#pragma once

#include "qmark.h"

#include "qmark/qmark.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The handles. Their struct tags are the ones qmark.h declares, completed here.

struct qm_engine {
  bool trace = true;
  std::uint32_t threads = 0;
};

struct qm_framework {
  qmark::FrameworkPtr fw;
  bool trace = true;          // from the engine that made it
  std::uint32_t threads = 0;  // from the engine that made it
};

struct qm_overlay {
  qmark::Overlay overlay;
};

struct qm_audit {
  qmark::FrameworkPtr fw;  // what the audit's node indices refer to
  qmark::Audit audit;
};

struct qm_decision {
  qmark::FrameworkPtr fw;  // kept alive so that every borrowed string outlives the caller's framework
  qmark::Decision decision;
  // Dates as text, made once so that the accessors hand out stable, borrowed strings.
  std::string assessed_on, decided_on, valid_until, reapply_from;
  std::vector<std::string> finding_messages;  // per finding, made once as the dates are
  std::vector<std::string> finding_evidence;  // per finding, its evidence id ("" for none)
};

struct qm_plan {
  qmark::Plan plan;
};

struct qm_compliance {
  qmark::Compliance compliance;
};

namespace qmark::capi {

// ---- the thread-local last error ------------------------------------------------------

/// Success: clears the last error and returns QM_OK.
qm_status ok() noexcept;
/// Records an error from the C++ API; returns its status.
qm_status fail(const qmark::error &e) noexcept;
/// Records an error from the C++ API under the given status; returns `status`.
qm_status fail(const qmark::error &e, qm_status status) noexcept;
/// Records an error the C ABI itself detected; returns `status`.
qm_status fail(qm_status status, std::string_view message) noexcept;
/// For accessors that return a value, not a status: records an error and converts to
/// the "nothing" of the return type (nullptr, 0).
struct Nothing {
  template <class T>
  constexpr operator T() const noexcept { return T{}; }
};
Nothing nothing(qm_status status, std::string_view message) noexcept;
/// For a catch (...) block: classifies the exception in flight (bad_alloc → out of
/// memory, anything else → internal), records it and returns its status.
qm_status on_exception() noexcept;

/// The status a C++ error maps to (qmark::errc negated).
qm_status status_of(const qmark::error &e) noexcept;
/// The description qm_last_error() gives for `e` (made valid UTF-8).
std::string describe(const qmark::error &e);

// ---- arguments --------------------------------------------------------------------------

/// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF).
bool valid_utf8(std::string_view text) noexcept;
/// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

/// JSON text from a pointer and length (QM_NUL_TERMINATED: strlen).
std::string_view text_of(const char *json, std::size_t len) noexcept;
/// The error for JSON text holding a NUL byte, if it does. The parser would take the NUL
/// for the end of the text and ignore the rest; with an explicit length that is a
/// caller's mistake or a truncated buffer, never something to accept silently.
std::optional<qmark::error> nul_in(std::string_view text);

/// Copies `s` into memory the caller releases with qm_string_free; throws bad_alloc.
char *dup_string(std::string_view s);
/// Hands `s` out through an out/len pair; returns QM_OK.
qm_status give_string(std::string_view s, char **out, std::size_t *len);

/// Makes a decision handle (computing its date strings).
qm_decision *make_decision(qmark::FrameworkPtr fw, qmark::Decision &&decision);

}  // namespace qmark::capi
