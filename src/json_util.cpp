#include "json_util.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>

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

// Builds the document like nlohmann's DOM parser, and also refuses duplicate member
// names (the parser would silently keep the last one: a judgement could be lost) and
// records the position of a syntax error.
class DomWithChecks {
 public:
  explicit DomWithChecks(json &root) : dom_(root, false) {}

  bool null() { return value(dom_.null()); }
  bool boolean(bool v) { return value(dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) { return value(dom_.number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return value(dom_.number_unsigned(v)); }
  bool number_float(json::number_float_t v, const json::string_t &s) { return value(dom_.number_float(v, s)); }
  bool string(json::string_t &v) { return value(dom_.string(v)); }
  bool binary(json::binary_t &v) { return value(dom_.binary(v)); }
  bool start_object(std::size_t n) {
    push(true);
    return dom_.start_object(n);
  }
  bool key(json::string_t &k) {
    Frame &f = frames_[depth_ - 1];
    if (f.seen(k)) {
      std::string at;
      for (std::size_t i = 0; i + 1 < depth_; ++i)
        at = frames_[i].object ? ptr(at, frames_[i].key) : ptr(at, frames_[i].index);
      duplicate = error(errc::duplicate_id, "duplicate member \"" + k + "\" (one of them would be lost)", ptr(at, k));
      return false;
    }
    f.key.assign(k);
    return dom_.key(k);
  }
  bool end_object() {
    --depth_;
    return value(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    push(false);
    return dom_.start_array(n);
  }
  bool end_array() {
    --depth_;
    return value(dom_.end_array());
  }
  bool parse_error(std::size_t pos, const std::string &token, const nlohmann::detail::exception &ex) {
    failed = true;
    // a number out of range is reported where the number starts; a syntax error where
    // the parser stopped
    position = ex.id == 406 && pos >= token.size() ? pos - token.size() + 1 : pos;
    std::string what = ex.what();
    const auto at = what.find("] ");
    message = at == std::string::npos ? what : what.substr(at + 2);
    return false;
  }

  std::optional<error> duplicate;
  bool failed = false;
  std::size_t position = 0;
  std::string message;

 private:
  // One per open object or array. Frames are reused from one object to the next, and
  // an object's keys are kept in strings whose storage is reused too: checking for
  // duplicates allocates next to nothing. Small objects are searched in order; past 32
  // keys a hash set takes over, so no document makes the check quadratic.
  struct Frame {
    bool object = false;
    std::vector<std::string> keys;
    std::size_t nkeys = 0;
    std::unordered_set<std::string> many;
    std::string key;
    std::size_t index = 0;

    /// Records a key; true if the object already had it.
    bool seen(const std::string &k) {
      constexpr std::size_t few = 32;
      if (nkeys < few) {
        for (std::size_t i = 0; i < nkeys; ++i)
          if (keys[i] == k) return true;
        if (nkeys == keys.size()) keys.emplace_back(k);
        else keys[nkeys].assign(k);
        ++nkeys;
        return false;
      }
      if (many.empty()) many.insert(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(few));
      return !many.insert(k).second;
    }
  };
  void push(bool object) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame &f = frames_[depth_++];
    f.object = object;
    f.nkeys = 0;
    if (!f.many.empty()) f.many.clear();
    f.index = 0;
  }
  bool value(bool ok) {
    if (depth_ > 0 && !frames_[depth_ - 1].object) ++frames_[depth_ - 1].index;
    return ok;
  }
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
};

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
      if (c == '\0') {
        // JSON has no raw NUL anywhere, and the parser would take one for the end of the
        // text and ignore what follows: refuse it, wherever it is.
        error e(errc::malformed_json, "malformed JSON: a NUL byte (U+0000) in the document");
        line_column(text, i, e.line, e.column);
        return e;
      }
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        if (++depth > max_nesting_depth) {
          error e(errc::limit_exceeded, "nesting deeper than the limit of " +
                                            std::to_string(max_nesting_depth) + " levels");
          line_column(text, i, e.line, e.column);
          return e;
        }
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
  }
  json root;
  DomWithChecks handler(root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &handler);
  } catch (const std::exception &ex) {
    return error(errc::malformed_json, std::string("malformed JSON: ") + ex.what());
  }
  if (handler.duplicate) return std::move(*handler.duplicate);
  if (!ok || handler.failed) {
    error e(errc::malformed_json, "malformed JSON: " + handler.message);
    line_column(text, handler.position > 0 ? handler.position - 1 : 0, e.line, e.column);
    return e;
  }
  return root;
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
  if (dropped_ > 0) {
    error rest(first.value(), "and " + std::to_string(dropped_) + " more problems (only the first " +
                                  std::to_string(max_problems) + " are listed)");
    first.more.push_back(std::move(rest));
  }
  list_.clear();
  dropped_ = 0;
  return first;
}

void Problems::add(errc code, std::string message, std::string pointer) {
  if (list_.size() >= max_problems) {
    ++dropped_;
    return;
  }
  for (const error &e : list_)
    if (e.pointer == pointer && e.value() == code) return;  // one report per problem and place
  list_.emplace_back(code, std::move(message), std::move(pointer));
}

const json *Problems::member(const json &obj, const char *key, const std::string &at, bool required) {
  if (!obj.is_object()) {
    add(errc::invalid_document, std::string("expected an object (with \"") + key + "\")", at);
    return nullptr;
  }
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
