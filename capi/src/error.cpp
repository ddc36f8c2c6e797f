// The C ABI's error channel: status codes and names, the thread-local last error, and
// the UTF-8 checks that keep bad bytes out of qmark and out of its messages.
#include "capi_internal.hpp"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <vector>

// The C status codes are qmark::errc negated: one table, checked by the compiler.
#define QM_SAME_CODE(c, e) static_assert(static_cast<int>(c) == -static_cast<int>(qmark::errc::e), #e)
QM_SAME_CODE(QM_E_MALFORMED_JSON, malformed_json);
QM_SAME_CODE(QM_E_WRONG_FORMAT, wrong_format);
QM_SAME_CODE(QM_E_UNSUPPORTED_VERSION, unsupported_version);
QM_SAME_CODE(QM_E_UNKNOWN_FRAMEWORK, unknown_framework);
QM_SAME_CODE(QM_E_INVALID_DOCUMENT, invalid_document);
QM_SAME_CODE(QM_E_UNKNOWN_NODE, unknown_node);
QM_SAME_CODE(QM_E_UNKNOWN_LEVEL, unknown_level);
QM_SAME_CODE(QM_E_UNKNOWN_PARAMETER, unknown_parameter);
QM_SAME_CODE(QM_E_DUPLICATE_ID, duplicate_id);
QM_SAME_CODE(QM_E_INVALID_DATE, invalid_date);
QM_SAME_CODE(QM_E_UNKNOWN_KIND, unknown_kind);
QM_SAME_CODE(QM_E_UNKNOWN_GROUP, unknown_group);
QM_SAME_CODE(QM_E_NEGATIVE_COUNT, negative_count);
QM_SAME_CODE(QM_E_NOT_JUDGEABLE, not_judgeable);
QM_SAME_CODE(QM_E_CYCLE, cycle);
QM_SAME_CODE(QM_E_OVERLAY_MISMATCH, overlay_mismatch);
QM_SAME_CODE(QM_E_IO_ERROR, io_error);
QM_SAME_CODE(QM_E_LIMIT_EXCEEDED, limit_exceeded);
QM_SAME_CODE(QM_E_INVALID_ARGUMENT, invalid_argument);
QM_SAME_CODE(QM_E_INTERNAL, internal);
#undef QM_SAME_CODE

namespace qmark::capi {
namespace {

struct LastError {
  qm_status status = QM_OK;
  std::string message, pointer, described;
  int line = 0, column = 0;
  std::vector<std::string> more;

  void clear() noexcept {
    status = QM_OK;
    message.clear();
    pointer.clear();
    described.clear();
    line = column = 0;
    more.clear();
  }
};

thread_local LastError last;

// When even recording an error runs out of memory, the status survives and the message
// is a static one.
constexpr const char *oom_message = "out of memory";

}  // namespace

qm_status ok() noexcept {
  last.clear();
  return QM_OK;
}

qm_status status_of(const qmark::error &e) noexcept {
  if (e.code.category() != qmark::error_category() || e.code.value() <= 0 ||
      e.code.value() > static_cast<int>(qmark::errc::internal))
    return QM_E_INTERNAL;
  return static_cast<qm_status>(-e.code.value());
}

std::string describe(const qmark::error &e) { return sanitize_utf8(e.describe()); }

qm_status fail(const qmark::error &e) noexcept { return fail(e, status_of(e)); }

qm_status fail(const qmark::error &e, qm_status status) noexcept {
  last.clear();
  last.status = status;
  try {
    last.message = sanitize_utf8(e.message);
    last.pointer = sanitize_utf8(e.pointer);
    last.line = e.line;
    last.column = e.column;
    last.described = describe(e);
    for (const qmark::error &m : e.more) last.more.push_back(describe(m));
  } catch (...) {
    last.clear();
    last.status = status;
  }
  return status;
}

qm_status fail(qm_status status, std::string_view message) noexcept {
  last.clear();
  last.status = status;
  try {
    last.message = sanitize_utf8(message);
    last.described = last.message;
  } catch (...) {
    last.clear();
    last.status = status;
  }
  return status;
}

Nothing nothing(qm_status status, std::string_view message) noexcept {
  fail(status, message);
  return {};
}

qm_status on_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc &) {
    return fail(QM_E_OUT_OF_MEMORY, oom_message);
  } catch (const std::exception &e) {
    return fail(QM_E_INTERNAL, std::string("internal error (please report it): ") + e.what());
  } catch (...) {
    return fail(QM_E_INTERNAL, "internal error (please report it): unknown exception");
  }
}

bool valid_utf8(std::string_view text) noexcept {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;        // no overlongs
      else if (c == 0xED) hi = 0x9F;   // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;        // no overlongs
      else if (c == 0xF4) hi = 0x8F;   // nothing above U+10FFFF
    } else {
      return false;
    }
    if (n - i <= extra) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (std::size_t k = 2; k <= extra; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
    i += extra + 1;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  if (valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    // The longest well-formed prefix starting here is 1–4 bytes; try each length.
    std::size_t len = 0;
    for (std::size_t k = 1; k <= 4 && i + k <= text.size(); ++k)
      if (valid_utf8(text.substr(i, k))) {
        len = k;
        break;
      }
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string_view text_of(const char *json, std::size_t len) noexcept {
  if (len == QM_NUL_TERMINATED) len = std::strlen(json);
  return {json, len};
}

std::optional<qmark::error> nul_in(std::string_view text) {
  const std::size_t at = text.find('\0');
  if (at == std::string_view::npos) return std::nullopt;
  qmark::error e(qmark::errc::malformed_json,
                 "malformed JSON: a NUL byte inside the text (pass the length without a terminator)");
  e.line = 1;
  e.column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++e.line;
      e.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++e.column;  // characters, not UTF-8 continuation bytes, as the parser counts
    }
  }
  return e;
}

char *dup_string(std::string_view s) {
  auto *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

qm_status give_string(std::string_view s, char **out, std::size_t *len) {
  *out = dup_string(s);
  if (len) *len = s.size();
  return ok();
}

}  // namespace qmark::capi

using namespace qmark::capi;

extern "C" {

const char *qm_status_str(qm_status status) {
  switch (status) {
    case QM_OK: return "ok";
    case QM_E_NULL_ARGUMENT: return "null_argument";
    case QM_E_OUT_OF_MEMORY: return "out_of_memory";
    case QM_E_INVALID_UTF8: return "invalid_utf8";
    case QM_E_OUT_OF_RANGE: return "out_of_range";
    default: break;
  }
  const int code = -static_cast<int>(status);
  if (code >= static_cast<int>(qmark::errc::malformed_json) && code <= static_cast<int>(qmark::errc::internal))
    return qmark::errc_name(static_cast<qmark::errc>(code));
  return "unknown_status";
}

const char *qm_last_error(void) { return last.described.c_str(); }
qm_status qm_last_error_status(void) { return last.status; }
const char *qm_last_error_message(void) { return last.message.c_str(); }
const char *qm_last_error_pointer(void) { return last.pointer.c_str(); }
int qm_last_error_line(void) { return last.line; }
int qm_last_error_column(void) { return last.column; }
size_t qm_last_error_more_count(void) { return last.more.size(); }

const char *qm_last_error_more(size_t i) {
  return i < last.more.size() ? last.more[i].c_str() : nullptr;
}

void qm_clear_error(void) { last.clear(); }

void qm_string_free(char *s) { std::free(s); }

}  // extern "C"
