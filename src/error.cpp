#include "qmark/error.hpp"

namespace qmark {
namespace {

class category final : public std::error_category {
 public:
  const char *name() const noexcept override { return "qmark"; }
  std::string message(int c) const override { return errc_name(static_cast<errc>(c)); }
};

}  // namespace

const std::error_category &error_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

const char *errc_name(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::malformed_json: return "malformed_json";
    case errc::wrong_format: return "wrong_format";
    case errc::unsupported_version: return "unsupported_version";
    case errc::unknown_framework: return "unknown_framework";
    case errc::invalid_document: return "invalid_document";
    case errc::unknown_node: return "unknown_node";
    case errc::unknown_level: return "unknown_level";
    case errc::unknown_parameter: return "unknown_parameter";
    case errc::duplicate_id: return "duplicate_id";
    case errc::invalid_date: return "invalid_date";
    case errc::unknown_kind: return "unknown_kind";
    case errc::unknown_group: return "unknown_group";
    case errc::negative_count: return "negative_count";
    case errc::not_judgeable: return "not_judgeable";
    case errc::cycle: return "cycle";
    case errc::overlay_mismatch: return "overlay_mismatch";
    case errc::io_error: return "io_error";
    case errc::limit_exceeded: return "limit_exceeded";
    case errc::invalid_argument: return "invalid_argument";
    case errc::internal: return "internal";
  }
  return "unknown_error";
}

std::string error::describe() const {
  std::string out = message;
  if (line > 0) {
    out += " (at line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
  } else if (!pointer.empty()) {
    out += " (at " + pointer + ")";
  }
  return out;
}

}  // namespace qmark
