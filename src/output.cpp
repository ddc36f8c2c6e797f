// Writing decisions: the decision/1 document and a readable text summary.
#include "qmark/decision.hpp"

#include "guidance_text.hpp"
#include "text_scan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <sstream>

namespace qmark {

namespace {

const char *severity_name(Severity s) { return s == Severity::must ? "must" : "should"; }

const std::string &statement_of(const Node &n) { return n.statement.empty() ? n.title : n.statement; }

}  // namespace

namespace {

// The action texts, appended to `out` (to_json_text reuses one string for them all).
void append_action_title(std::string &out, const Framework &fw, const Action &a) {
  const Node &n = fw.nodes()[static_cast<std::size_t>(a.node)];
  const Level &lvl = fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)];
  out.append("Raise ").append(n.id).append(" to \"").append(lvl.label).append("\": ").append(statement_of(n));
}

void append_action_success_criteria(std::string &out, const Framework &fw, const Action &a) {
  const Node &n = fw.nodes()[static_cast<std::size_t>(a.node)];
  const Level &lvl = fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)];
  out.append("Judged \"").append(lvl.label).append("\" on valid, dated evidence: ").append(statement_of(n));
  for (const Derivation &der : fw.derivations())
    if (der.node == a.node && (der.test != Derivation::Test::rate_above || fw.parameter_value(der.max)))
      out.append(" The facts decide this standard: ").append(der.title).append(".");
}

}  // namespace

std::string action_title(const Framework &fw, const Action &a) {
  std::string out;
  append_action_title(out, fw, a);
  return out;
}

std::string action_success_criteria(const Framework &fw, const Action &a) {
  std::string out;
  append_action_success_criteria(out, fw, a);
  return out;
}


namespace {

// Well-formed UTF-8 (what nlohmann accepts when it writes a string).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = detail::utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Writes JSON text straight into a string, laid out exactly as nlohmann's dump(2):
// two-space indents, "key": value, [] and {} when empty, strings escaped alike.
// to_json_text uses it to write a decision without building a document first; to_json
// reads that text back (tests/cpp/test_output.cpp and the fuzz targets check that the
// text is what dump(2) makes of it, byte for byte).
class Writer {
 public:
  // Writes into `out` from its end, through a length of its own: the string is sized
  // ahead (doubling) and cut to length by finish(), so a write is a copy, not a call.
  explicit Writer(std::string &out) : out_(out), n_(out.size()) { out_.resize(std::max(out_.capacity(), n_ + 256)); }
  /// Cuts the string to what was written; call once, at the end.
  void finish() { out_.resize(n_); }

  void open(char bracket) {
    put(bracket);
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!first_) newline();
    put(bracket);
    first_ = false;
  }
  /// Starts an array element.
  void item() {
    if (!first_) put(',');
    newline();
    first_ = false;
  }
  /// Starts an object member.
  void key(std::string_view k) {
    item();
    string(k);
    put(": ");
  }
  /// A member name written in the code (a literal: plain ASCII, nothing to escape).
  template <std::size_t N>
  void key(const char (&k)[N]) {
    item();
    put('"');
    put(k, N - 1);
    put("\": ");
  }
  void string(std::string_view s) {
    // Escaped as nlohmann does (ensure_ascii off): '"', '\\', and control characters;
    // UTF-8 passes through. Text that is not valid UTF-8 goes to nlohmann, which refuses it
    // as it always has (type_error 316).
    const std::size_t mark = n_;
    put('"');
    std::size_t run = 0;  // start of the characters not yet written
    bool utf8_checked = false;
    for (std::size_t i = detail::next_special(s, 0); i < s.size(); i = detail::next_special(s, i)) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        if (!utf8_checked && !valid_utf8(s)) {
          n_ = mark;
          put(json(std::string(s)).dump());
          return;
        }
        utf8_checked = true;
        ++i;
        continue;
      }
      put(s.data() + run, i - run);
      run = ++i;
      switch (c) {
        case '"': put("\\\""); break;
        case '\\': put("\\\\"); break;
        case '\b': put("\\b"); break;
        case '\f': put("\\f"); break;
        case '\n': put("\\n"); break;
        case '\r': put("\\r"); break;
        case '\t': put("\\t"); break;
        default: {
          static const char hex[] = "0123456789abcdef";
          put("\\u00");
          put(hex[(c >> 4) & 0xF]);
          put(hex[c & 0xF]);
        }
      }
    }
    put(s.data() + run, s.size() - run);
    put('"');
  }
  /// JSON text another Writer wrote from depth 0, laid out at this depth.
  void written(std::string_view text) {
    for (std::size_t from = 0;;) {
      const std::size_t nl = text.find('\n', from);
      if (nl == std::string_view::npos) {
        put(text.data() + from, text.size() - from);
        break;
      }
      put(text.data() + from, nl - from);
      newline();
      from = nl + 1;
    }
    first_ = false;
  }
  /// Text written as it is (laid out by the caller for this depth); the container it is
  /// in is no longer empty.
  void raw(std::string_view text) {
    put(text.data(), text.size());
    first_ = false;
  }
  void raw(char c) {
    put(c);
    first_ = false;
  }
  /// Where the next byte will go: with copy_written, text written earlier is written again.
  [[nodiscard]] std::size_t written_size() const noexcept { return n_; }
  void copy_written(std::size_t from, std::size_t length) {
    if (out_.size() - n_ < length) grow(length);
    std::memcpy(&out_[n_], &out_[from], length);
    n_ += length;
  }
  void null() { put("null"); }
  void boolean(bool b) { put(b ? std::string_view("true") : std::string_view("false")); }
  void integer(long long v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    put(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  void string_or_null(const std::string *s) { s ? string(*s) : null(); }
  /// Any JSON value, laid out as dump(2) lays it out at this depth.
  void value(const json &v) {
    switch (v.type()) {
      case json::value_t::null: null(); break;
      case json::value_t::boolean: boolean(v.get<bool>()); break;
      case json::value_t::number_integer: put(std::to_string(v.get<json::number_integer_t>())); break;
      case json::value_t::number_unsigned: put(std::to_string(v.get<json::number_unsigned_t>())); break;
      case json::value_t::string: string(v.get_ref<const std::string &>()); break;
      case json::value_t::array:
        open('[');
        for (const json &e : v) {
          item();
          value(e);
        }
        close(']');
        break;
      case json::value_t::object:
        open('{');
        for (auto it = v.begin(); it != v.end(); ++it) {
          key(it.key());
          value(it.value());
        }
        close('}');
        break;
      default: put(v.dump()); break;  // floating point (nlohmann's shortest round trip), binary
    }
  }

 private:
  void newline() {
    static const std::string indents = "\n" + std::string(64, ' ');
    std::size_t n = 1 + static_cast<std::size_t>(depth_) * 2;
    if (n <= indents.size()) {
      put(indents.data(), n);
      return;
    }
    put('\n');
    put_n(n - 1, ' ');
  }

  void grow(std::size_t k) { out_.resize(std::max(out_.size() * 2, n_ + k + 256)); }
  void put(char c) {
    if (n_ == out_.size()) grow(1);
    out_[n_++] = c;
  }
  void put(const char *p, std::size_t k) {
    if (out_.size() - n_ < k) grow(k);
    std::memcpy(&out_[n_], p, k);
    n_ += k;
  }
  void put(std::string_view v) { put(v.data(), v.size()); }
  void put_n(std::size_t k, char c) {
    if (out_.size() - n_ < k) grow(k);
    std::memset(&out_[n_], c, k);
    n_ += k;
  }

  std::string &out_;
  std::size_t n_;  // bytes written
  int depth_ = 0;
  bool first_ = true;
};

const std::string *level_id(const Framework &fw, int node, int level) {
  if (level < 0) return nullptr;
  return &fw.scale_of(node)->levels[static_cast<std::size_t>(level)].id;
}

// A node's own evidence guidance (a non-empty object): the framework's evidence stages
// first, in its order, then any other members in the order of their names.
void write_guidance_object(Writer &w, const Framework &fw, const json &g) {
  w.open('{');
  const auto &stages = fw.evidence_stages();
  for (auto st = stages.begin(); st != stages.end(); ++st)
    if (const auto it = g.find(*st); it != g.end() && std::find(stages.begin(), st, *st) == st) {
      w.key(*st);
      w.value(*it);
    }
  for (auto it = g.begin(); it != g.end(); ++it)
    if (std::find(stages.begin(), stages.end(), it.key()) == stages.end()) {
      w.key(it.key());
      w.value(it.value());
    }
  w.close('}');
}

// The node whose evidence guidance an action on `node` gives: the node itself or its
// nearest ancestor with some, or -1.
int guidance_node(const Framework &fw, int node) {
  for (int n = node; n >= 0; n = fw.nodes()[static_cast<std::size_t>(n)].parent) {
    const json &g = fw.nodes()[static_cast<std::size_t>(n)].evidence_guidance;
    if (g.is_object() && !g.empty()) return n;
  }
  return -1;
}

// That guidance (rendered when the framework was compiled: Framework::guidance_text), or {}.
void write_guidance(Writer &w, const Framework &fw, int node) {
  const int n = guidance_node(fw, node);
  if (n < 0) {
    w.open('{');
    w.close('}');
    return;
  }
  const std::string &text = fw.guidance_text(n);
  if (!text.empty()) w.written(text);
  else write_guidance_object(w, fw, fw.nodes()[static_cast<std::size_t>(n)].evidence_guidance);  // not rendered (not UTF-8): written, and refused, here
}

// One node's member of "levels" (when the framework has no DecisionTexts).
void write_level(Writer &w, const Framework &fw, const Decision &d, int node) {
  const auto &nodes = fw.nodes();
  const std::size_t i = static_cast<std::size_t>(node);
  const NodeResult &r = d.levels[i];
  const bool judgeable = fw.kinds()[static_cast<std::size_t>(nodes[i].kind)].judgeable;
  w.key(nodes[i].id);
  w.open('{');
  if (judgeable) {
    w.key("claimed");
    w.string_or_null(level_id(fw, node, r.claimed));
  }
  w.key("effective");
  w.string_or_null(r.effective >= 0 || judgeable ? level_id(fw, node, r.effective) : nullptr);
  w.key("basis");
  w.string(basis_name(r.basis));
  if (const IndexRange counts_of = d.counts_of(i); !counts_of.empty()) {
    // counts are keyed by the level ids of the first leaf below
    int leaf = node;
    while (!nodes[static_cast<std::size_t>(leaf)].leaf()) leaf = nodes[static_cast<std::size_t>(leaf)].children.front();
    const Scale *sc = fw.scale_of(leaf);
    // as an object would hold them: a level id given twice keeps its first place and last
    // count (scales have at most max_scale_levels levels: checked when a framework loads)
    std::array<std::pair<const std::string *, int>, max_scale_levels> counts;
    std::size_t listed = 0;
    for (std::size_t l = 0; l < counts_of.size() && sc && l < sc->levels.size() && l < counts.size(); ++l) {
      const auto end = counts.begin() + static_cast<long>(listed);
      auto same = std::find_if(counts.begin(), end, [&](const auto &c) { return *c.first == sc->levels[l].id; });
      if (same != end) same->second = counts_of[l];
      else counts[listed++] = {&sc->levels[l].id, counts_of[l]};
    }
    w.key("counts");
    w.open('{');
    for (std::size_t c = 0; c < listed; ++c) {
      w.key(*counts[c].first);
      w.integer(counts[c].second);
    }
    w.close('}');
  }
  if (const IndexRange evidence = d.evidence_of(i); !evidence.empty()) {
    w.key("evidence");
    w.open('[');
    for (int k : evidence) {
      w.item();
      w.string(d.evidence_id(static_cast<std::size_t>(k)));
    }
    w.close(']');
  }
  w.close('}');
}

// The members of "levels" from the texts made when the framework was compiled: the bytes
// write_level writes, in fewer and longer pieces. Each evidence id is escaped the first
// time it is written and copied from there after.
void write_levels(Writer &w, const detail::DecisionTexts &tx, const Decision &d) {
  static constexpr std::string_view null_text = "null";
  // per evidence item: where its id was first written and its length there
  std::vector<std::pair<std::size_t, std::size_t>> written(d.evidence_id_count(), {0, 0});
  auto level = [&](int scale, int l) -> std::string_view {
    return l < 0 ? null_text : std::string_view(tx.level[static_cast<std::size_t>(scale)][static_cast<std::size_t>(l)]);
  };
  for (std::size_t i = 0; i < d.levels.size(); ++i) {
    const NodeResult &r = d.levels[i];
    const int scale = tx.node_scale[i];
    if (i) w.raw(',');
    w.raw(tx.node_head[i]);
    if (tx.judgeable[i]) {
      w.raw(level(scale, r.claimed));
      w.raw(",\n      \"effective\": ");
    }
    w.raw(level(scale, r.effective));
    w.raw(",\n      \"basis\": \"");
    w.raw(basis_name(r.basis));
    w.raw('"');
    if (const IndexRange counts = d.counts_of(i); !counts.empty()) {
      w.raw(",\n      \"counts\": {");
      const int cs = tx.count_scale[i];
      const std::size_t listed =
          cs < 0 ? 0 : std::min(counts.size(), tx.count_key[static_cast<std::size_t>(cs)].size());
      for (std::size_t l = 0; l < listed; ++l) {
        if (l) w.raw(',');
        w.raw(tx.count_key[static_cast<std::size_t>(cs)][l]);
        w.integer(counts[l]);
      }
      w.raw(listed ? std::string_view("\n      }") : std::string_view("}"));
    }
    if (const IndexRange evidence = d.evidence_of(i); !evidence.empty()) {
      w.raw(",\n      \"evidence\": [\n        ");
      for (std::size_t k = 0; k < evidence.size(); ++k) {
        if (k) w.raw(",\n        ");
        const auto e = static_cast<std::size_t>(evidence[k]);
        auto &[at, length] = written[e];
        if (length) {
          w.copy_written(at, length);
        } else {
          at = w.written_size();
          w.string(d.evidence_id(e));
          length = w.written_size() - at;
        }
      }
      w.raw("\n      ]");
    }
    w.raw("\n    }");
  }
}

}  // namespace

std::shared_ptr<const detail::DecisionTexts> detail::make_decision_texts(const Framework &fw) {
  auto tx = std::make_shared<DecisionTexts>();
  const auto &nodes = fw.nodes();
  const auto &scales = fw.scales();
  auto scale_index = [&](int node) {
    const Scale *sc = fw.scale_of(node);
    return sc ? static_cast<int>(sc - scales.data()) : -1;
  };
  auto json_string = [](std::string_view s) {  // as the writer writes it
    std::string text;
    Writer w(text);
    w.string(s);
    w.finish();
    return text;
  };
  try {
    for (const Scale &sc : scales) {
      auto &level = tx->level.emplace_back();
      auto &key = tx->count_key.emplace_back();
      for (const Level &l : sc.levels) {
        for (const Level &other : sc.levels)
          if (&other != &l && other.id == l.id) return nullptr;  // counts would be merged
        level.push_back(json_string(l.id));
        key.push_back("\n        " + level.back() + ": ");
      }
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node &n = nodes[i];
      const bool judgeable = fw.kinds()[static_cast<std::size_t>(n.kind)].judgeable;
      const int scale = scale_index(static_cast<int>(i));
      const Aggregate agg = fw.kinds()[static_cast<std::size_t>(n.kind)].aggregate;
      if (scale < 0 && (judgeable || agg == Aggregate::min || agg == Aggregate::upper_median)) return nullptr;
      tx->node_head.push_back("\n    " + json_string(n.id) + (judgeable ? ": {\n      \"claimed\": " : ": {\n      \"effective\": "));
      tx->judgeable.push_back(judgeable);
      tx->node_scale.push_back(scale);
      int leaf = static_cast<int>(i);
      while (!nodes[static_cast<std::size_t>(leaf)].leaf()) leaf = nodes[static_cast<std::size_t>(leaf)].children.front();
      tx->count_scale.push_back(scale_index(leaf));
    }
  } catch (const json::exception &) {
    return nullptr;  // not UTF-8: written, and refused, as ever
  }
  return tx;
}

std::string detail::guidance_json_text(const Framework &fw, int node) {
  const json &g = fw.nodes()[static_cast<std::size_t>(node)].evidence_guidance;
  std::string text;
  if (!g.is_object() || g.empty()) return text;
  Writer w(text);
  write_guidance_object(w, fw, g);
  w.finish();
  return text;
}

std::string to_json_text(const Framework &fw, const Decision &d) {
  const auto &nodes = fw.nodes();
  std::string text;
  // Room for the whole text at once (so it is not copied as it grows): the evidence ids
  // listed under the nodes, a line each; each finding's message; each action's title and
  // criteria, and its guidance, known to the byte.
  std::size_t cited = 0;
  for (std::size_t i = 0; i < d.levels.size(); ++i) cited += d.evidence_of(i).size();
  std::size_t guidance = 0;
  for (const Action &a : d.actions)
    if (const int n = guidance_node(fw, a.node); n >= 0) guidance += fw.guidance_text(n).size();
  const std::size_t estimate = 4096 + nodes.size() * 96 + cited * 16 + d.findings.size() * 256 +
                               d.actions.size() * 400 + guidance + d.trace.size() * 160;
  text.reserve(estimate + estimate / 8);
  Writer w(text);
  w.open('{');
  w.key("qmark");
  w.string("decision/1");
  w.key("framework");
  w.open('{');
  w.key("id");
  w.string(d.framework_id);
  w.key("version");
  w.string(d.framework_version);
  w.key("overlay");
  if (d.overlay_id.empty()) {
    w.null();
  } else {
    w.open('{');
    w.key("id");
    w.string(d.overlay_id);
    w.key("version");
    w.string(d.overlay_version);
    w.close('}');
  }
  w.close('}');
  w.key("school");
  w.open('{');
  w.key("id");
  w.string(d.school_id);
  w.close('}');
  w.key("assessed_on");
  w.string(d.assessed_on.to_string());
  w.key("judged_by");
  w.string(d.judged_by);
  w.key("outcome");
  w.string_or_null(d.outcome >= 0 ? &fw.outcomes()[static_cast<std::size_t>(d.outcome)].id : nullptr);
  w.key("award");
  w.string_or_null(d.award ? &*d.award : nullptr);
  w.key("decided_by");
  w.string(d.decided_by);
  w.key("final");
  w.boolean(d.final);
  w.key("levels");
  w.open('{');
  if (const detail::DecisionTexts *texts = fw.decision_texts()) {
    write_levels(w, *texts, d);
  } else {
    for (std::size_t i = 0; i < nodes.size(); ++i) write_level(w, fw, d, static_cast<int>(i));
  }
  w.close('}');
  w.key("limiting_failures");
  w.open('[');
  for (int n : d.limiting_failures) {
    w.item();
    w.string(nodes[static_cast<std::size_t>(n)].id);
  }
  w.close(']');
  w.key("findings");
  w.open('[');
  std::string message;
  for (const Finding &f : d.findings) {
    w.item();
    w.open('{');
    w.key("code");
    w.string(f.code);
    w.key("node");
    w.string_or_null(f.node >= 0 ? &nodes[static_cast<std::size_t>(f.node)].id : nullptr);
    w.key("severity");
    w.string(severity_name(f.severity));
    w.key("message");
    message.clear();
    append_finding_message(message, fw, d, f);
    w.string(message);
    if (const std::string_view evidence = d.finding_evidence(f); !evidence.empty()) {
      w.key("evidence");
      w.string(evidence);
    }
    w.close('}');
  }
  w.close(']');
  w.key("next_level");
  w.open('[');
  if (d.next_target >= 0) {
    w.item();
    w.open('{');
    w.key("target");
    w.string(fw.outcomes()[static_cast<std::size_t>(d.next_target)].id);
    w.key("needs");
    w.open('[');
    for (int n : d.next_needs) {
      w.item();
      w.string(nodes[static_cast<std::size_t>(n)].id);
    }
    w.close(']');
    w.key("reachable");
    w.boolean(!d.next_needs.empty());
    w.close('}');
  }
  w.close(']');
  w.key("actions");
  w.open('[');
  for (const Action &a : d.actions) {
    w.item();
    w.open('{');
    w.key("node");
    w.string(nodes[static_cast<std::size_t>(a.node)].id);
    w.key("title");
    message.clear();
    append_action_title(message, fw, a);
    w.string(message);
    w.key("level");
    w.string(fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)].id);
    w.key("evidence_suggestions");
    write_guidance(w, fw, a.node);
    w.key("success_criteria");
    message.clear();
    append_action_success_criteria(message, fw, a);
    w.string(message);
    w.close('}');
  }
  w.close(']');
  w.key("dates");
  w.open('{');
  w.key("decided_on");
  w.string(d.decided_on.to_string());
  w.key("valid_until");
  d.valid_until ? w.string(d.valid_until->to_string()) : w.null();
  w.key("reapply_from");
  d.reapply_from ? w.string(d.reapply_from->to_string()) : w.null();
  w.close('}');
  w.key("trace");
  w.open('[');
  for (const TraceEntry &t : d.trace) {
    w.item();
    w.open('{');
    w.key("rule");
    w.string(t.rule);
    w.key("result");
    w.value(t.result);
    w.key("inputs");
    w.value(t.inputs);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  w.finish();
  text += '\n';
  return text;
}

nlohmann::ordered_json to_json(const Framework &fw, const Decision &d) {
  return nlohmann::ordered_json::parse(to_json_text(fw, d));
}

std::string to_text(const Framework &fw, const Decision &d, bool with_trace) {
  std::ostringstream o;
  const auto &nodes = fw.nodes();
  o << fw.title() << " (" << d.framework_id << " " << d.framework_version;
  if (!d.overlay_id.empty()) o << ", overlay " << d.overlay_id << " " << d.overlay_version;
  o << ")\n";
  o << "School:   " << d.school_id << "\n";
  o << "Assessed: " << d.assessed_on.to_string() << " (judged by " << d.judged_by << ")\n";
  const std::string outcome = d.outcome >= 0 ? fw.outcomes()[static_cast<std::size_t>(d.outcome)].title : "(none)";
  o << "Outcome:  " << outcome << (d.award ? " — award: " + *d.award : std::string(" — no award")) << "\n";
  o << "Decided by rule " << d.decided_by << (d.final ? " (final)" : "") << "\n";
  if (d.valid_until) o << "Valid until: " << d.valid_until->to_string() << "\n";
  if (d.reapply_from) o << "May re-apply from: " << d.reapply_from->to_string() << "\n";
  if (!d.limiting_failures.empty()) {
    o << "\nLimiting failures:\n";
    for (int n : d.limiting_failures) {
      const Node &node = nodes[static_cast<std::size_t>(n)];
      o << "  " << node.id << "  " << node.title << "\n";
    }
  }
  o << "\nLevels:\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeResult &r = d.levels[i];
    o << std::string(2 + 2 * static_cast<std::size_t>(nodes[i].depth), ' ') << nodes[i].id;
    if (r.effective >= 0) {
      o << ": " << fw.scale_of(static_cast<int>(i))->levels[static_cast<std::size_t>(r.effective)].id << " ("
        << basis_name(r.basis);
      if (r.claimed >= 0 && r.claimed != r.effective)
        o << ", claimed " << fw.scale_of(static_cast<int>(i))->levels[static_cast<std::size_t>(r.claimed)].id;
      o << ")";
    } else if (const IndexRange counts = d.counts_of(i); !counts.empty()) {
      int leaf = static_cast<int>(i);
      while (!nodes[static_cast<std::size_t>(leaf)].leaf()) leaf = nodes[static_cast<std::size_t>(leaf)].children.front();
      const Scale *sc = fw.scale_of(leaf);
      o << ":";
      for (std::size_t l = 0; l < counts.size(); ++l) o << " " << sc->levels[l].id << "=" << counts[l];
    }
    o << "\n";
  }
  if (!d.findings.empty()) {
    o << "\nFindings:\n";
    for (const Finding &f : d.findings) o << "  [" << severity_name(f.severity) << "] " << f.code << ": " << finding_message(fw, d, f) << "\n";
  }
  if (d.next_target >= 0) {
    o << "\nTo reach " << fw.outcomes()[static_cast<std::size_t>(d.next_target)].title << ":";
    if (d.next_needs.empty()) o << " not reachable by raising judgements alone";
    for (int n : d.next_needs) o << " " << nodes[static_cast<std::size_t>(n)].id;
    o << "\n";
  }
  if (with_trace && !d.trace.empty()) {
    o << "\nTrace:\n";
    for (const TraceEntry &t : d.trace) o << "  " << t.rule << " -> " << t.result.dump() << "  " << t.inputs.dump() << "\n";
  }
  return o.str();
}

}  // namespace qmark
