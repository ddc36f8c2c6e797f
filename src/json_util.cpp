#include "json_util.hpp"

#include <algorithm>
#include <cstring>

namespace qmark::detail {
namespace {

struct too_deep {};

void line_column(std::string_view text, std::size_t offset, int &line, int &column) {
  line = 1;
  column = 1;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
}

}  // namespace

result<json> parse_json(std::string_view text) {
  if (text.size() > max_document_bytes) {
    return error(errc::limit_exceeded,
                 "document is " + std::to_string(text.size()) + " bytes; the limit is " +
                     std::to_string(max_document_bytes));
  }
  // Reject deep nesting before parsing: the parser itself is iterative, but the
  // documents' consumers recurse, and nothing legitimate is this deep.
  {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        if (++depth > max_nesting_depth) {
          error e(errc::limit_exceeded, "nesting deeper than " + std::to_string(max_nesting_depth) +
                                            " levels");
          line_column(text, i, e.line, e.column);
          return e;
        }
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error &ex) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line…";
    // keep its explanation after the last ": ".
    std::string what = ex.what();
    const auto colon = what.find("parse error");
    std::string detail = colon == std::string::npos ? what : what.substr(colon);
    error e(errc::malformed_json, "malformed JSON: " + detail);
    line_column(text, ex.byte > 0 ? ex.byte - 1 : 0, e.line, e.column);
    return e;
  } catch (const std::exception &ex) {
    return error(errc::malformed_json, std::string("malformed JSON: ") + ex.what());
  }
}

std::optional<error> check_format(const json &doc, std::string_view kind, int major) {
  const std::string expected = std::string(kind) + "/" + std::to_string(major);
  if (!doc.is_object()) {
    return error(errc::wrong_format, "expected a " + expected + " document (a JSON object)", "");
  }
  const auto it = doc.find("qmark");
  if (it == doc.end()) {
    return error(errc::wrong_format, "missing format tag: expected \"qmark\": \"" + expected + "\"",
                 "/qmark");
  }
  if (!it->is_string()) {
    return error(errc::wrong_format, "format tag must be a string like \"" + expected + "\"", "/qmark");
  }
  const std::string &tag = it->get_ref<const std::string &>();
  const auto slash = tag.find('/');
  const std::string got_kind = tag.substr(0, slash);
  if (got_kind != kind) {
    return error(errc::wrong_format,
                 "expected a " + expected + " document, got \"" + tag + "\"", "/qmark");
  }
  if (tag != expected) {
    return error(errc::unsupported_version,
                 "unsupported version \"" + tag + "\": this reader accepts " + expected, "/qmark");
  }
  return std::nullopt;
}

std::string ptr(const std::string &base, std::string_view token) {
  std::string out = base;
  out += '/';
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string ptr(const std::string &base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

error Problems::take() {
  if (list_.empty()) return error(errc::internal, "no problem recorded");
  error first = std::move(list_.front());
  for (std::size_t i = 1; i < list_.size(); ++i) first.more.push_back(std::move(list_[i]));
  list_.clear();
  return first;
}

const json *Problems::member(const json &obj, const char *key, const std::string &at, bool required) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) add(errc::invalid_document, std::string("missing required member \"") + key + "\"",
                      ptr(at, key));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Problems::string(const json &obj, const char *key, const std::string &at,
                                            bool required) {
  const json *m = member(obj, key, at, required);
  if (!m) return std::nullopt;
  if (!m->is_string()) {
    add(errc::invalid_document, std::string("\"") + key + "\" must be a string", ptr(at, key));
    return std::nullopt;
  }
  return m->get<std::string>();
}

const json *Problems::object(const json &obj, const char *key, const std::string &at, bool required) {
  const json *m = member(obj, key, at, required);
  if (!m) return nullptr;
  if (!m->is_object()) {
    add(errc::invalid_document, std::string("\"") + key + "\" must be an object", ptr(at, key));
    return nullptr;
  }
  return m;
}

const json *Problems::array(const json &obj, const char *key, const std::string &at, bool required) {
  const json *m = member(obj, key, at, required);
  if (!m) return nullptr;
  if (!m->is_array()) {
    add(errc::invalid_document, std::string("\"") + key + "\" must be an array", ptr(at, key));
    return nullptr;
  }
  return m;
}

std::optional<Date> Problems::date(const json &obj, const char *key, const std::string &at,
                                   bool required) {
  const json *m = member(obj, key, at, required);
  if (!m) return std::nullopt;
  if (!m->is_string()) {
    add(errc::invalid_date, std::string("\"") + key + "\" must be a date string YYYY-MM-DD",
        ptr(at, key));
    return std::nullopt;
  }
  auto d = Date::parse(m->get_ref<const std::string &>());
  if (!d) {
    add(errc::invalid_date,
        std::string("\"") + key + "\" is not a calendar date (YYYY-MM-DD): \"" +
            m->get<std::string>() + "\"",
        ptr(at, key));
  }
  return d;
}

json unknown_members(const json &obj, const char *const *known, std::size_t count) {
  json out = json::object();
  if (!obj.is_object()) return out;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool is_known = std::any_of(known, known + count,
                                [&](const char *k) { return it.key() == k; });
    if (!is_known) out[it.key()] = it.value();
  }
  return out;
}

}  // namespace qmark::detail
