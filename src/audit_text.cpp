// Reading audit/1 text straight into an Audit, without building a JSON document first.
//
// Most of the time of reading an audit went into nlohmann's document (building it, then
// freeing it). This reader walks the text once and fills the Audit as it goes: the
// evidence list and the judgements (the bulk of every audit) field by field, the small
// members (format tag, framework, school, dates, facts, extensions) through the same
// code the document reader uses (audit_read.hpp), so both decide alike.
//
// It reads only what is valid and ordinary. At anything else (a syntax error, a
// duplicate member, an unknown level or node, an exponent in a number, an escaped key,
// nesting near the limit, …) it gives up, and Audit::parse reads the text again through
// the document reader, which reports the problem with its pointer or line:column. So an
// invalid audit gets exactly the error it always got, and a valid one exactly the Audit
// (tests/cpp/test_audit_text.cpp and the fuzz_audit target compare the two readers).
#include "audit_read.hpp"
#include "text_scan.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace qmark {

namespace {

struct GiveUp {};
[[noreturn]] void give_up() { throw GiveUp{}; }

// A cursor over JSON text that accepts exactly what nlohmann's parser accepts, or gives up.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : s_(text) {}

  [[nodiscard]] std::size_t pos() const noexcept { return i_; }
  [[nodiscard]] std::size_t size() const noexcept { return s_.size(); }
  [[nodiscard]] bool at_end() const noexcept { return i_ == s_.size(); }
  [[nodiscard]] std::string_view since(std::size_t start) const noexcept { return s_.substr(start, i_ - start); }

  void ws() {
    if (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ') return;  // most calls
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // Indented documents have long runs of spaces: 8 bytes at a time, to the first byte
    // that is not a space (then past it if it is other whitespace).
    while (i_ + 8 <= s_.size()) {
      std::uint64_t w;
      std::memcpy(&w, s_.data() + i_, 8);
      const std::uint64_t other = w ^ 0x2020202020202020u;
      if (other == 0) {
        i_ += 8;
        continue;
      }
      i_ += static_cast<std::size_t>(__builtin_ctzll(other)) / 8;
      const char c = s_[i_];
      if (c != '\n' && c != '\r' && c != '\t') return;
      ++i_;
    }
#endif
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  // The next character after whitespace ('\0' at the end: a NUL in the text gives up anyway).
  char peek() {
    ws();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  void expect(char c) {
    if (peek() != c) give_up();
    ++i_;
  }
  bool next_is(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void enter() {
    if (++depth_ > detail::max_nesting_depth) give_up();
  }
  void leave() { --depth_; }

  // A string value: a view of the text when it has no escapes, else of a decoded copy
  // valid until the next string is read. `escaped` says which.
  std::string_view string(bool &escaped) {
    if (peek() != '"') give_up();
    const std::size_t start = ++i_;
    const std::size_t j = detail::next_special(s_, start);
    if (j < s_.size() && s_[j] == '"') {
      i_ = j + 1;
      escaped = false;
      return s_.substr(start, j - start);
    }
    return slow_string(start, escaped);
  }
  std::string_view string() {
    bool escaped = false;
    return string(escaped);
  }
  // A member name and its ':'. Names with escapes give up: names are compared as written.
  std::string_view key() {
    bool escaped = false;
    const std::string_view k = string(escaped);
    if (escaped) give_up();
    expect(':');
    return k;
  }

  // Checks one value of any kind and moves past it.
  void skip_value() {
    switch (peek()) {
      case '"': (void)string(); return;
      case '{': {
        ++i_;
        enter();
        std::array<std::string_view, 32> keys;
        std::size_t n = 0;
        if (!next_is('}')) {
          do {
            const std::string_view k = key();
            if (n == keys.size() || std::find(keys.begin(), keys.begin() + static_cast<long>(n), k) != keys.begin() + static_cast<long>(n))
              give_up();  // a duplicate (or more members than are worth checking here)
            keys[n++] = k;
            skip_value();
          } while (next_is(','));
          expect('}');
        }
        leave();
        return;
      }
      case '[':
        ++i_;
        enter();
        if (!next_is(']')) {
          do skip_value();
          while (next_is(','));
          expect(']');
        }
        leave();
        return;
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::string scratch_;

  void literal(const char *word) {
    const std::size_t n = std::strlen(word);
    if (s_.compare(i_, n, word) != 0) give_up();
    i_ += n;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)? — an exponent gives up (it could overflow a double, which
  // the document reader refuses).
  void number() {
    auto digit = [&] { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; };
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (!digit()) give_up();
    if (s_[i_] == '0') ++i_;
    else
      while (digit()) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digit()) give_up();
      while (digit()) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) give_up();
  }

  unsigned hex4(std::size_t at) const {
    if (at + 4 > s_.size()) give_up();
    unsigned v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char c = s_[k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else give_up();
    }
    return v;
  }

  void put_utf8(unsigned cp) {
    if (cp < 0x80) {
      scratch_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (cp >> 6));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (cp >> 12));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (cp >> 18));
      scratch_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The length of the UTF-8 sequence at j, or gives up.
  std::size_t utf8_length(std::size_t j) const {
    const std::size_t n = detail::utf8_sequence_length(s_, j);
    if (n == 0) give_up();
    return n;
  }

  // A string with escapes or non-ASCII characters, from `start` (just past the quote).
  std::string_view slow_string(std::size_t start, bool &escaped) {
    escaped = false;
    scratch_.clear();
    std::size_t j = start;
    std::size_t run = start;  // start of the bytes not yet copied into scratch_
    while (true) {
      if (j >= s_.size()) give_up();
      const auto c = static_cast<unsigned char>(s_[j]);
      if (c == '"') break;
      if (c < 0x20) give_up();
      if (c < 0x80 && c != '\\') {
        ++j;
        continue;
      }
      if (c >= 0x80) {
        j += utf8_length(j);
        continue;
      }
      // an escape
      escaped = true;
      scratch_.append(s_.data() + run, j - run);
      if (j + 1 >= s_.size()) give_up();
      const char e = s_[j + 1];
      j += 2;
      switch (e) {
        case '"': scratch_ += '"'; break;
        case '\\': scratch_ += '\\'; break;
        case '/': scratch_ += '/'; break;
        case 'b': scratch_ += '\b'; break;
        case 'f': scratch_ += '\f'; break;
        case 'n': scratch_ += '\n'; break;
        case 'r': scratch_ += '\r'; break;
        case 't': scratch_ += '\t'; break;
        case 'u': {
          unsigned cp = hex4(j);
          j += 4;
          if (cp >= 0xDC00 && cp <= 0xDFFF) give_up();  // a low surrogate alone
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (j + 6 > s_.size() || s_[j] != '\\' || s_[j + 1] != 'u') give_up();
            const unsigned lo = hex4(j + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) give_up();
            j += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(cp);
          break;
        }
        default: give_up();
      }
      run = j;
    }
    i_ = j + 1;
    if (!escaped) return s_.substr(start, j - start);
    scratch_.append(s_.data() + run, j - run);
    return scratch_;
  }
};

// Whether a name read from the text is the literal `lit` (compared without a call).
template <std::size_t N>
bool is(std::string_view k, const char (&lit)[N]) noexcept {
  return detail::same_text(k, std::string_view(lit, N - 1));
}

int judge_index(std::string_view k) {
  static_assert(judge_count == 3, "the judges named below");
  if (is(k, "self")) return 0;
  if (is(k, "moderator")) return 1;
  if (is(k, "assessor")) return 2;
  return -1;
}

// Members of an object that are not read here: checked for duplicates among themselves.
class OtherKeys {
 public:
  void add(std::string_view k) {
    if (n_ == keys_.size() || std::find(keys_.begin(), keys_.begin() + static_cast<long>(n_), k) != keys_.begin() + static_cast<long>(n_))
      give_up();
    keys_[n_++] = k;
  }

 private:
  std::array<std::string_view, 16> keys_;
  std::size_t n_ = 0;
};

class TextReader {
 public:
  // `keep`: keep everything read (Audit::parse); without it, only what assessing reads is
  // kept (assess_json: evidence titles and stages, judgement comments and the evidence and
  // judgements texts are checked but not copied).
  TextReader(const Framework &fw, std::string_view text, Audit &a, bool keep) : fw_(fw), t_(text), a_(a), keep_(keep) {}

  /// The evidence in id order, once run() has read it.
  [[nodiscard]] const detail::EvidenceOrder &order() const noexcept { return order_; }

  // Reads the top level; returns the kept texts of "evidence" and "judgements".
  void run(std::string &evidence_text, std::string &judgements_text) {
    struct Member {
      std::string_view key, value;
    };
    std::vector<Member> rest;
    std::vector<std::string_view> keys;
    std::string_view evidence, judgements;
    bool have_evidence = false, have_judgements = false;
    t_.expect('{');
    t_.enter();
    if (!t_.next_is('}')) {
      do {
        const std::string_view k = t_.key();
        if (std::find(keys.begin(), keys.end(), k) != keys.end() || keys.size() > 64) give_up();
        keys.push_back(k);
        t_.ws();
        const std::size_t start = t_.pos();
        if (is(k, "evidence")) {
          read_evidence();
          evidence = t_.since(start);
          have_evidence = true;
        } else if (is(k, "judgements")) {
          read_judgements();
          judgements = t_.since(start);
          have_judgements = true;
        } else {
          t_.skip_value();
          rest.push_back({k, t_.since(start)});
        }
      } while (t_.next_is(','));
      t_.expect('}');
    }
    t_.leave();
    t_.ws();
    if (!t_.at_end() || !have_evidence || !have_judgements) give_up();

    // Evidence ids: unique, and the judgements' citations resolved against them.
    order_ = detail::index_audit(fw_, a_, keep_ ? nullptr : &supports_);
    const detail::EvidenceOrder &sorted = order_;
    const std::vector<int> &order = sorted.order;
    auto id_of = [&](int e) -> const std::string & { return a_.evidence[static_cast<std::size_t>(e)].id; };
    for (std::size_t k = 1; k < order.size(); ++k)
      if (!id_of(order[k]).empty() && id_of(order[k]) == id_of(order[k - 1])) give_up();
    for (const Citation &c : citations_) {
      JudgeEntry &entry = a_.judgements[static_cast<std::size_t>(c.judgement)].by[static_cast<std::size_t>(c.judge)];
      const detail::IdKey key = detail::id_key(c.id);
      const auto it = std::lower_bound(order.begin(), order.end(), c.id, [&](int e, std::string_view id) {
        return detail::natural_less(sorted.keys[static_cast<std::size_t>(e)], id_of(e), key, id);
      });
      if (!c.id.empty() && it != order.end() && id_of(*it) == c.id) entry.evidence.push_back(*it);
      else entry.unknown.emplace_back(c.id);
    }

    // The small members, through the document reader's own code.
    json doc = json::object();
    for (const Member &m : rest) doc[std::string(m.key)] = small_value(m.value);
    detail::Problems p;
    if (detail::read_audit_head(fw_, doc, p, a_)) give_up();
    detail::read_audit_tail(fw_, doc, p, a_);
    if (!p.empty()) give_up();
    if (const auto it = doc.find("facts"); it != doc.end()) a_.facts_doc = std::move(*it);

    // A judgement given without naming its judge is the audit's judge's.
    const auto judge = static_cast<std::size_t>(a_.judged_by);
    if (judge != 0)
      for (int j : unnamed_)
        std::swap(a_.judgements[static_cast<std::size_t>(j)].by[0], a_.judgements[static_cast<std::size_t>(j)].by[judge]);
    // (usually given in framework order already; moving Judgements is not cheap)
    const auto by_node = [](const Judgement &x, const Judgement &y) { return x.node < y.node; };
    if (!std::is_sorted(a_.judgements.begin(), a_.judgements.end(), by_node))
      std::sort(a_.judgements.begin(), a_.judgements.end(), by_node);
    detail::index_judgements(fw_, a_);

    if (keep_) {
      evidence_text.assign(evidence);
      judgements_text.assign(judgements);
    }
  }

 private:
  struct Citation {
    int judgement, judge;
    std::string_view id;
  };

  const Framework &fw_;
  Cursor t_;
  Audit &a_;
  const bool keep_;
  detail::SupportLists supports_;  // without keep_: every item's supports
  detail::EvidenceOrder order_;    // the evidence in id order (and, without keep_, each node's supporting items)
  std::vector<Citation> citations_;  // resolved once the evidence list has been read
  std::vector<int> unnamed_;         // judgements given without naming the judge
  std::vector<char> judged_;         // per node: a judgement was read

  static json small_value(std::string_view v) {
    if (v == "null") return nullptr;
    if (v.size() >= 2 && v.front() == '"' && v.find('\\') == std::string_view::npos)
      return std::string(v.substr(1, v.size() - 2));
    try {
      return json::parse(v);  // checked above: valid, no duplicate members, not too deep
    } catch (const json::exception &) {
      give_up();  // e.g. a number out of range
    }
  }

  std::string_view string_value() {
    if (t_.peek() != '"') give_up();
    return t_.string();
  }

  template <class F>
  void each_in_array(F &&f) {
    t_.expect('[');
    t_.enter();
    if (!t_.next_is(']')) {
      do f();
      while (t_.next_is(','));
      t_.expect(']');
    }
    t_.leave();
  }

  void read_evidence() {
    // Room for about as many items as the text can hold (an item takes 200 bytes or so),
    // so that the list is seldom moved as it grows.
    a_.evidence.reserve(std::min<std::size_t>(t_.size() / 256 + 8, 4096));
    if (!keep_) {
      supports_.ends.reserve(a_.evidence.capacity());
      supports_.nodes.reserve(a_.evidence.capacity() * 4);
    }
    each_in_array([&] { read_item(); });
  }

  void read_item() {
    constexpr unsigned id = 1, title = 2, kind = 4, groups = 8, date = 16, stage = 32, supports = 64;
    EvidenceItem item;
    unsigned seen = 0;
    OtherKeys others;
    t_.expect('{');
    t_.enter();
    if (!t_.next_is('}')) {
      do {
        const std::string_view k = t_.key();
        unsigned which = 0;
        switch (k.size()) {
          case 2: which = is(k, "id") ? id : 0u; break;
          case 4: which = is(k, "kind") ? kind : is(k, "date") ? date : 0u; break;
          case 5: which = is(k, "title") ? title : is(k, "stage") ? stage : 0u; break;
          case 6: which = is(k, "groups") ? groups : 0u; break;
          case 8: which = is(k, "supports") ? supports : 0u; break;
          default: break;
        }
        if (which == 0) {
          others.add(k);
          t_.skip_value();
          continue;
        }
        if (seen & which) give_up();
        seen |= which;
        switch (which) {
          case id: item.id.assign(string_value()); break;
          case title: {
            const std::string_view s = string_value();
            if (keep_) item.title.assign(s);
            break;
          }
          case kind: {
            const auto k2 = evidence_kind_from(string_value());
            if (!k2) give_up();
            item.kind = *k2;
            break;
          }
          case groups:
            each_in_array([&] {
              const auto g = group_from(string_value());
              if (!g) give_up();
              item.groups = static_cast<std::uint8_t>(item.groups | (1u << static_cast<int>(*g)));
            });
            break;
          case date: {
            const auto d = Date::parse(string_value());
            if (!d) give_up();
            item.date = *d;
            break;
          }
          case stage: {
            const std::string_view s = string_value();
            const auto &stages = fw_.evidence_stages();
            if (!stages.empty() && std::none_of(stages.begin(), stages.end(), [&](const std::string &x) { return detail::same_text(x, s); }))
              give_up();
            if (keep_) item.stage.assign(s);
            break;
          }
          default: {  // supports: the item's own list, or (without keep_) one list for all items
            std::vector<int> &nodes = keep_ ? item.supports : supports_.nodes;
            const auto first = static_cast<long>(keep_ ? 0 : nodes.size());
            each_in_array([&] {
              const int node = fw_.find_node(string_value());
              if (node < 0) give_up();
              if (std::find(nodes.begin() + first, nodes.end(), node) == nodes.end()) {
                if (nodes.empty()) nodes.reserve(4);
                nodes.push_back(node);
              }
            });
            break;
          }
        }
      } while (t_.next_is(','));
      t_.expect('}');
    }
    t_.leave();
    if ((seen & (id | kind | groups | date)) != (id | kind | groups | date)) give_up();
    a_.evidence.push_back(std::move(item));
    if (!keep_) supports_.ends.push_back(static_cast<std::uint32_t>(supports_.nodes.size()));
  }

  void read_judgements() {
    judged_.assign(fw_.nodes().size(), 0);
    // at most one judgement a judgeable node: never moved as the list grows
    a_.judgements.reserve(static_cast<std::size_t>(
        std::count_if(fw_.shapes().begin(), fw_.shapes().end(), [](const NodeShape &s) { return s.judgeable; })));
    t_.expect('{');
    t_.enter();
    if (!t_.next_is('}')) {
      do {
        const int node = fw_.find_node(t_.key());
        if (node < 0 || judged_[static_cast<std::size_t>(node)]) give_up();
        judged_[static_cast<std::size_t>(node)] = 1;
        const Node &n = fw_.nodes()[static_cast<std::size_t>(node)];
        if (!fw_.kinds()[static_cast<std::size_t>(n.kind)].judgeable) give_up();
        const int ji = static_cast<int>(a_.judgements.size());
        a_.judgements.emplace_back().node = node;
        if (t_.peek() != '{') {  // a level alone
          unnamed_.push_back(ji);
          read_entry(ji, 0);
          continue;
        }
        // An object: per judge when its first member names a judge (then every member
        // must), else one judgement with "level" (any judge's name among its members is
        // then just another member; anything less plain is for the document reader).
        t_.expect('{');
        t_.enter();
        if (t_.next_is('}')) give_up();
        std::string_view k = t_.key();
        int who = judge_index(k);
        if (who < 0) {
          unnamed_.push_back(ji);
          read_entry_members(ji, 0, k);
          continue;
        }
        unsigned judges = 0;
        while (true) {
          if (who < 0 || (judges & (1u << who))) give_up();
          judges |= 1u << who;
          read_entry(ji, who);
          if (!t_.next_is(',')) break;
          who = judge_index(t_.key());
        }
        t_.expect('}');
        t_.leave();
      } while (t_.next_is(','));
      t_.expect('}');
    }
    t_.leave();
  }

  // One judge's judgement: a level, or an object with "level".
  void read_entry(int ji, int judge) {
    if (t_.peek() == '"') {
      set_level(ji, judge, t_.string());
      return;
    }
    t_.expect('{');
    t_.enter();
    if (t_.next_is('}')) give_up();
    read_entry_members(ji, judge, t_.key());
  }

  // The members of a judgement object from the one whose name `k` has just been read, to
  // the closing brace.
  void read_entry_members(int ji, int judge, std::string_view k) {
    bool level = false, evidence = false, comment = false;
    OtherKeys others;
    while (true) {
      if (is(k, "level")) {
        if (level) give_up();
        level = true;
        set_level(ji, judge, string_value());
      } else if (is(k, "evidence")) {
        if (evidence) give_up();
        evidence = true;
        each_in_array([&] {
          if (t_.peek() != '"') give_up();
          bool escaped = false;
          const std::string_view id = t_.string(escaped);
          if (escaped) give_up();  // (kept as a view of the text until the evidence is read)
          citations_.push_back({ji, judge, id});
        });
      } else if (is(k, "comment")) {
        if (comment) give_up();
        comment = true;
        const std::string_view s = string_value();
        if (keep_) entry(ji, judge).comment.assign(s);
      } else {
        others.add(k);
        t_.skip_value();
      }
      if (!t_.next_is(',')) break;
      k = t_.key();
    }
    t_.expect('}');
    t_.leave();
    if (!level) give_up();
  }

  JudgeEntry &entry(int ji, int judge) {
    return a_.judgements[static_cast<std::size_t>(ji)].by[static_cast<std::size_t>(judge)];
  }

  void set_level(int ji, int judge, std::string_view level) {
    const int node = a_.judgements[static_cast<std::size_t>(ji)].node;
    const Scale *scale = fw_.scale_of(node);
    const int l = scale ? scale->find(level) : -1;
    if (l < 0) give_up();
    JudgeEntry &e = entry(ji, judge);
    e.level = l;
    e.present = true;
  }
};

}  // namespace

namespace detail {

std::optional<Audit> read_audit_text(const Framework &fw, std::string_view text, bool keep) {
  if (text.size() > max_document_bytes) return std::nullopt;
  try {
    Audit a;
    TextReader reader(fw, text, a, keep);
    reader.run(a.source_evidence_text_, a.source_judgements_text_);
    build_index(fw, a, a.index_, keep ? nullptr : &reader.order());
    return a;
  } catch (const GiveUp &) {
    return std::nullopt;
  }
}

namespace {

// The top level's "framework" string. `whole`: only when the whole text is valid, with
// "qmark": "audit/1" (as parse_json + framework_of would find it); else as soon as it is seen.
std::optional<std::string> framework_member(std::string_view text, bool whole) {
  if (text.size() > max_document_bytes) return std::nullopt;
  try {
    Cursor t(text);
    std::optional<std::string> framework;
    bool tagged = false;
    std::vector<std::string_view> keys;
    t.expect('{');
    t.enter();
    if (!t.next_is('}')) {
      do {
        const std::string_view k = t.key();
        if (std::find(keys.begin(), keys.end(), k) != keys.end() || keys.size() > 64) return std::nullopt;
        keys.push_back(k);
        if ((k == "qmark" || k == "framework") && t.peek() == '"') {
          bool escaped = false;
          const std::string_view v = t.string(escaped);
          if (escaped) return std::nullopt;
          if (k == "qmark") tagged = v == "audit/1";
          else framework = std::string(v);
          if (framework && !whole) return framework;
        } else {
          t.skip_value();
        }
      } while (t.next_is(','));
      t.expect('}');
    }
    t.leave();
    t.ws();
    if (t.at_end() && tagged && framework) return framework;
  } catch (const GiveUp &) {
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> audit_framework_checked(std::string_view text) { return framework_member(text, true); }

std::optional<std::string> audit_framework_in_text(std::string_view text) { return framework_member(text, false); }

}  // namespace detail

}  // namespace qmark
