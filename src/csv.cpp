// Spreadsheets: RFC 4180 CSV reading and writing, audits from a judgement sheet and an
// evidence sheet, and empty judgement sheets. Generic over frameworks: node ids, levels
// and stages all come from the framework data.
#include "qmark/csv.hpp"

#include "qmark/audit.hpp"

#include "json_util.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace qmark {

using ojson = nlohmann::ordered_json;

bool CsvRecord::blank() const noexcept {
  return std::all_of(fields.begin(), fields.end(), [](const std::string &f) {
    return f.find_first_not_of(" \t") == std::string::npos;
  });
}

namespace {

error csv_error(std::string message, int line, int column) {
  error e(errc::invalid_document, std::move(message));
  e.line = line;
  e.column = column;
  return e;
}

// Position (line, column in characters) of the first byte that is not UTF-8, if any.
std::optional<std::pair<int, int>> first_non_utf8(std::string_view s) {
  int line = 1, column = 1;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07u;
    } else {
      return std::make_pair(line, column);
    }
    if (i + len > s.size()) return std::make_pair(line, column);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::make_pair(line, column);
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (len > 1 && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) return std::make_pair(line, column);
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// A list in one cell: items separated by spaces, semicolons or commas.
std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == ';' || c == ',' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string joined(const std::vector<std::string> &items, const char *sep = ", ") {
  std::string out;
  for (const auto &s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  if (text.size() > detail::max_document_bytes)
    return error(errc::limit_exceeded, "CSV text larger than " + std::to_string(detail::max_document_bytes) + " bytes");
  if (auto bad = first_non_utf8(text))
    return csv_error("not UTF-8 text (save the sheet as \"CSV UTF-8\")", bad->first, bad->second);
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  int line = 1;
  std::size_t line_start = 0;
  auto column_at = [&](std::size_t pos) {
    int col = 1;
    for (std::size_t k = line_start; k < pos; ++k)
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++col;
    return col;
  };
  auto newline = [&]() {  // at a line break: step over it (CRLF, LF or CR)
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    ++i;
    ++line;
    line_start = i;
  };
  std::vector<CsvRecord> out;
  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    for (;;) {
      std::string field;
      if (i < n && text[i] == '"') {
        const int open_line = line, open_column = column_at(i);
        ++i;
        for (;;) {
          if (i >= n)
            return csv_error("unterminated quoted field (the quote opened at line " + std::to_string(open_line) +
                                 ", column " + std::to_string(open_column) + " is never closed)",
                             open_line, open_column);
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\r' || c == '\n') {
            const std::size_t from = i;
            newline();
            field.append(text.substr(from, i - from));
            continue;
          }
          field += c;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
          return csv_error("text after a closing quote (a quote inside a quoted field is written twice: \"\")", line,
                           column_at(i));
      } else {
        const std::size_t from = i;
        while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') ++i;
        field.assign(text.substr(from, i - from));
      }
      rec.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n) newline();
      break;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

int CsvTable::column(std::string_view name) const noexcept {
  const std::string want = trim(name);
  for (std::size_t i = 0; i < header.size(); ++i)
    if (iequal(header[i], want)) return static_cast<int>(i);
  return -1;
}

std::string CsvTable::cell(const CsvRecord &row, int col) const {
  if (col < 0 || static_cast<std::size_t>(col) >= row.fields.size()) return "";
  return trim(row.fields[static_cast<std::size_t>(col)]);
}

result<CsvTable> parse_csv_table(std::string_view text) {
  auto records = parse_csv(text);
  if (!records) return std::move(records).error();
  CsvTable t;
  bool have_header = false;
  for (auto &r : records.value()) {
    if (!have_header) {
      if (r.blank()) continue;
      for (const auto &f : r.fields) t.header.push_back(trim(f));
      have_header = true;
      continue;
    }
    if (!r.blank()) t.rows.push_back(std::move(r));
  }
  return t;
}

std::string csv_field(std::string_view v) {
  const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!v.empty() && (is_space(v.front()) || is_space(v.back())));
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string> &fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

const std::vector<std::string> &judgement_csv_columns() {
  static const std::vector<std::string> columns{"node", "level", "evidence", "comment"};
  return columns;
}

const std::vector<std::string> &evidence_csv_columns() {
  static const std::vector<std::string> columns{"id", "kind", "title", "groups", "date", "stage", "supports"};
  return columns;
}

namespace {

constexpr const char *judge_names[] = {"self", "moderator", "assessor"};

struct SheetProblems {
  std::vector<error> list;
  void add(errc code, const std::string &sheet, int line, int column, const std::string &message,
           std::string pointer = {}) {
    error e(code, sheet + ":" + std::to_string(line) + ": " + message, std::move(pointer));
    e.line = line;
    e.column = column;
    list.push_back(std::move(e));
  }
  [[nodiscard]] error take() {
    error first = std::move(list.front());
    first.more.assign(std::make_move_iterator(list.begin() + 1), std::make_move_iterator(list.end()));
    return first;
  }
};

// The level a cell names: a level id, or (ignoring case) an id or a label.
int find_level(const Scale &scale, const std::string &cell) {
  const int exact = scale.find(cell);
  if (exact >= 0) return exact;
  for (std::size_t i = 0; i < scale.levels.size(); ++i)
    if (iequal(scale.levels[i].id, cell) || iequal(scale.levels[i].label, cell)) return static_cast<int>(i);
  return -1;
}

std::string level_list(const Scale &scale) {
  std::vector<std::string> ids;
  for (const Level &l : scale.levels) ids.push_back(l.id);
  return joined(ids);
}

std::string kinds_list() {
  std::vector<std::string> out;
  for (int k = 0; k <= static_cast<int>(EvidenceKind::other); ++k)
    out.emplace_back(evidence_kind_name(static_cast<EvidenceKind>(k)));
  return joined(out);
}

std::string groups_list() {
  std::vector<std::string> out;
  for (int g = 0; g < group_count; ++g) out.emplace_back(group_name(static_cast<Group>(g)));
  return joined(out);
}

// One judge's entry in the audit: a bare level, or an object with evidence and comment.
ojson judge_value(const std::string &level, const std::vector<std::string> &evidence, const std::string &comment) {
  if (evidence.empty() && comment.empty()) return level;
  ojson v = ojson::object();
  v["level"] = level;
  if (!evidence.empty()) v["evidence"] = evidence;
  if (!comment.empty()) v["comment"] = comment;
  return v;
}

}  // namespace

result<nlohmann::ordered_json> audit_from_csv(const Framework &fw, std::string_view judgements_csv, std::string_view evidence_csv,
                            const CsvAuditOptions &opt) {
  const std::string &jname = opt.judgements_name;
  const std::string &ename = opt.evidence_name;
  SheetProblems p;

  auto sheet = [&](std::string_view text, const std::string &name) -> std::optional<CsvTable> {
    auto t = parse_csv_table(text);
    if (!t) {
      const error &e = t.error();
      error out = e;
      out.message = e.line > 0 ? name + ":" + std::to_string(e.line) + ": " + e.message : name + ": " + e.message;
      p.list.push_back(std::move(out));
      return std::nullopt;
    }
    return std::move(t).value();
  };
  const auto jt = sheet(judgements_csv, jname);
  const auto et = sheet(evidence_csv, ename);
  if (!p.list.empty()) return p.take();

  auto require = [&](const CsvTable &t, const std::string &name, const std::vector<std::string> &columns,
                     const std::vector<std::string> &all) {
    bool ok = true;
    for (const auto &c : columns)
      if (t.column(c) < 0) {
        p.add(errc::invalid_document, name, 1, 0,
              "missing column \"" + c + "\" (the header names the columns: " + joined(all) + ")");
        ok = false;
      }
    return ok;
  };
  const bool j_ok = require(*jt, jname, {"node", "level"}, judgement_csv_columns());
  // An evidence sheet with nothing in it (not even a header) means no evidence.
  const bool e_empty = et->header.empty() && et->rows.empty();
  const bool e_ok = e_empty || require(*et, ename, {"id", "kind", "groups", "date"}, evidence_csv_columns());

  int judged_by = -1;
  for (std::size_t k = 0; k < std::size(judge_names); ++k)
    if (opt.judged_by == judge_names[k]) judged_by = static_cast<int>(k);
  if (judged_by < 0)
    return error(errc::invalid_argument, "judged_by must be self, moderator or assessor, not \"" + opt.judged_by + "\"");
  if (opt.school_id.empty()) return error(errc::invalid_argument, "a school id is needed");
  if (!opt.school.is_object()) return error(errc::invalid_argument, "the school members must be an object");
  if (!opt.facts.is_null() && !opt.facts.is_object()) return error(errc::invalid_argument, "facts must be an object");

  // Judgements: one row per node and judge.
  struct Entry {
    int judge;
    std::string level;
    std::vector<std::string> evidence;
    std::string comment;
    int line;
  };
  std::map<int, std::vector<Entry>> by_node;  // node index → entries (framework order)
  std::unordered_map<int, int> first_line;     // node index → line of its first row
  if (j_ok) {
    const CsvTable &t = *jt;
    const int c_node = t.column("node"), c_level = t.column("level"), c_evidence = t.column("evidence"),
              c_comment = t.column("comment"), c_judge = t.column("judge");
    for (const CsvRecord &row : t.rows) {
      const int line = row.line;
      const std::string id = t.cell(row, c_node);
      const std::string level_cell = t.cell(row, c_level);
      const auto cited = split_list(t.cell(row, c_evidence));
      const std::string comment = t.cell(row, c_comment);
      const std::string judge_cell = t.cell(row, c_judge);
      if (id.empty()) {
        if (!level_cell.empty() || !cited.empty() || !comment.empty())
          p.add(errc::invalid_document, jname, line, c_node + 1, "no node id for this judgement", "/judgements");
        continue;
      }
      const std::string at = detail::ptr("/judgements", id);
      const int node = fw.find_node(id);
      if (node < 0) {
        p.add(errc::unknown_node, jname, line, c_node + 1,
              "unknown node \"" + id + "\" (not in " + fw.id() +
                  (fw.overlay_id().empty() ? "" : " with overlay " + fw.overlay_id()) + ")",
              at);
        continue;
      }
      const Node &n = fw.nodes()[static_cast<std::size_t>(node)];
      const NodeKind &kind = fw.kinds()[static_cast<std::size_t>(n.kind)];
      if (level_cell.empty()) {
        if (!cited.empty() || !comment.empty())
          p.add(errc::invalid_document, jname, line, c_level + 1,
                "no level for " + id + " (evidence or a comment is given without a level)", at);
        continue;  // a row left blank: no judgement
      }
      if (!kind.judgeable) {
        p.add(errc::not_judgeable, jname, line, c_node + 1,
              id + " is a " + kind.id + ", which takes no judgement of its own", at);
        continue;
      }
      const Scale *scale = fw.scale_of(node);
      const int level = scale ? find_level(*scale, level_cell) : -1;
      if (level < 0) {
        p.add(errc::unknown_level, jname, line, c_level + 1,
              "unknown level \"" + level_cell + "\" for " + id + " (" + (scale ? level_list(*scale) : "") + ")",
              detail::ptr(at, "level"));
        continue;
      }
      int judge = judged_by;
      if (!judge_cell.empty()) {
        judge = -1;
        for (std::size_t k = 0; k < std::size(judge_names); ++k)
          if (iequal(judge_cell, judge_names[k])) judge = static_cast<int>(k);
        if (judge < 0) {
          p.add(errc::invalid_document, jname, line, c_judge + 1,
                "unknown judge \"" + judge_cell + "\" for " + id + " (self, moderator, assessor)", at);
          continue;
        }
      }
      auto &entries = by_node[node];
      const auto dup = std::find_if(entries.begin(), entries.end(), [&](const Entry &e) { return e.judge == judge; });
      if (dup != entries.end()) {
        p.add(errc::duplicate_id, jname, line, c_node + 1,
              "a second judgement of " + id + " by " + judge_names[judge] + " (the first is on line " +
                  std::to_string(dup->line) + ")",
              at);
        continue;
      }
      first_line.emplace(node, line);
      entries.push_back(Entry{judge, scale->levels[static_cast<std::size_t>(level)].id, cited, comment, line});
    }
  }
  // Evidence.
  ojson evidence = ojson::array();
  std::vector<int> evidence_line;
  if (e_ok && !e_empty) {
    const CsvTable &t = *et;
    const int c_id = t.column("id"), c_kind = t.column("kind"), c_title = t.column("title"),
              c_groups = t.column("groups"), c_date = t.column("date"), c_stage = t.column("stage"),
              c_supports = t.column("supports");
    std::unordered_map<std::string, int> seen;  // id → line
    for (const CsvRecord &row : t.rows) {
      const int line = row.line;
      const std::string at = detail::ptr("/evidence", evidence.size());
      ojson item = ojson::object();
      const std::string id = t.cell(row, c_id);
      const std::string what = id.empty() ? std::string("this evidence") : "evidence " + id;
      if (id.empty()) p.add(errc::invalid_document, ename, line, c_id + 1, "no evidence id", detail::ptr(at, "id"));
      else if (auto [it, fresh] = seen.emplace(id, line); !fresh)
        p.add(errc::duplicate_id, ename, line, c_id + 1,
              "duplicate evidence id \"" + id + "\" (also on line " + std::to_string(it->second) + ")",
              detail::ptr(at, "id"));
      item["id"] = id;
      const std::string kind = t.cell(row, c_kind);
      if (!evidence_kind_from(kind))
        p.add(errc::unknown_kind, ename, line, c_kind + 1,
              (kind.empty() ? std::string("no kind") : "unknown kind \"" + kind + "\"") + " for " + what + " (" +
                  kinds_list() + ")",
              detail::ptr(at, "kind"));
      item["kind"] = kind;
      if (c_title >= 0 && !t.cell(row, c_title).empty()) item["title"] = t.cell(row, c_title);
      ojson groups = ojson::array();
      for (const auto &g : split_list(t.cell(row, c_groups))) {
        if (!group_from(g))
          p.add(errc::unknown_group, ename, line, c_groups + 1,
                "unknown stakeholder group \"" + g + "\" for " + what + " (" + groups_list() + ")",
                detail::ptr(at, "groups"));
        groups.push_back(g);
      }
      item["groups"] = std::move(groups);
      const std::string date = t.cell(row, c_date);
      if (!Date::parse(date))
        p.add(errc::invalid_date, ename, line, c_date + 1,
              (date.empty() ? std::string("no date") : "bad date \"" + date + "\"") + " for " + what +
                  " (write dates as YYYY-MM-DD, e.g. 2026-06-30)",
              detail::ptr(at, "date"));
      item["date"] = date;
      if (const std::string stage = t.cell(row, c_stage); !stage.empty()) {
        const auto &stages = fw.evidence_stages();
        if (!stages.empty() && std::find(stages.begin(), stages.end(), stage) == stages.end())
          p.add(errc::unknown_kind, ename, line, c_stage + 1,
                "unknown stage \"" + stage + "\" for " + what + " (" + joined(stages) + ")", detail::ptr(at, "stage"));
        item["stage"] = stage;
      }
      const auto supports = split_list(t.cell(row, c_supports));
      if (!supports.empty()) {
        for (const auto &s : supports)
          if (fw.find_node(s) < 0)
            p.add(errc::unknown_node, ename, line, c_supports + 1,
                  what + " supports unknown node \"" + s + "\" (not in " + fw.id() + ")", detail::ptr(at, "supports"));
        item["supports"] = supports;
      }
      evidence.push_back(std::move(item));
      evidence_line.push_back(line);
    }
  }

  if (!p.list.empty()) return p.take();

  ojson judgements = ojson::object();
  for (auto &[node, entries] : by_node) {
    const std::string &id = fw.nodes()[static_cast<std::size_t>(node)].id;
    if (entries.size() == 1 && entries.front().judge == judged_by) {
      judgements[id] = judge_value(entries.front().level, entries.front().evidence, entries.front().comment);
      continue;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.judge < b.judge; });
    ojson per = ojson::object();
    for (const Entry &e : entries) per[judge_names[e.judge]] = judge_value(e.level, e.evidence, e.comment);
    judgements[id] = std::move(per);
  }

  ojson doc = ojson::object();
  doc["qmark"] = "audit/1";
  doc["framework"] = fw.id();
  doc["overlay"] = fw.overlay_id().empty() ? ojson(nullptr) : ojson(fw.overlay_id());
  ojson school = ojson::object();
  school["id"] = opt.school_id;
  for (auto it = opt.school.begin(); it != opt.school.end(); ++it)
    if (it.key() != "id") school[it.key()] = *it;
  doc["school"] = std::move(school);
  doc["assessed_on"] = opt.assessed_on.to_string();
  if (opt.decided_on) doc["decided_on"] = opt.decided_on->to_string();
  doc["judged_by"] = judge_names[judged_by];
  doc["judgements"] = std::move(judgements);
  doc["evidence"] = std::move(evidence);
  if (!opt.facts.is_null()) doc["facts"] = opt.facts;

  // What the sheets cannot check themselves (facts, the school's members) the audit
  // reader does; its errors are placed on the sheets' lines where they point there.
  json plain = doc;
  auto audit = Audit::from_json(fw, plain);
  if (!audit) {
    std::vector<error> all{audit.error()};
    all.front().more.clear();
    for (const auto &m : audit.error().more) all.push_back(m);
    for (error &e : all) {
      const std::string &ptr = e.pointer;
      auto starts = [&](const std::string &prefix) { return ptr.compare(0, prefix.size(), prefix) == 0; };
      if (starts("/evidence/")) {
        const std::size_t idx = std::strtoul(ptr.c_str() + 10, nullptr, 10);
        if (idx < evidence_line.size()) {
          e.line = evidence_line[idx];
          e.message = ename + ":" + std::to_string(e.line) + ": " + e.message;
        }
      } else if (starts("/judgements/")) {
        std::string token = ptr.substr(12, ptr.find('/', 12) == std::string::npos ? std::string::npos
                                                                                   : ptr.find('/', 12) - 12);
        // unescape the JSON Pointer token
        for (std::size_t k = 0; (k = token.find('~', k)) != std::string::npos; ++k)
          token.replace(k, 2, token.compare(k, 2, "~1") == 0 ? "/" : "~");
        const int node = fw.find_node(token);
        if (auto it = first_line.find(node); node >= 0 && it != first_line.end()) {
          e.line = it->second;
          e.message = jname + ":" + std::to_string(e.line) + ": " + e.message;
        }
      }
    }
    error first = std::move(all.front());
    first.more.assign(std::make_move_iterator(all.begin() + 1), std::make_move_iterator(all.end()));
    return first;
  }
  return doc;
}

std::string judgement_template_csv(const Framework &fw) {
  std::vector<std::string> header = judgement_csv_columns();
  header.emplace_back("statement");
  // A UTF-8 byte order mark first: spreadsheet programs then read the statements' quotes
  // and accents as UTF-8 (parse_csv skips it).
  std::string out = "\xEF\xBB\xBF" + csv_row(header);
  for (std::size_t i = 0; i < fw.nodes().size(); ++i) {
    const Node &n = fw.nodes()[i];
    if (!fw.kinds()[static_cast<std::size_t>(n.kind)].judgeable) continue;
    std::string statement = n.statement.empty() ? n.title : n.statement;
    if (!n.statement.empty() && !n.title.empty() && n.title != n.statement) statement = n.title + ": " + n.statement;
    std::string allowed;
    if (const Scale *scale = fw.scale_of(static_cast<int>(i)))
      for (const Level &l : scale->levels)
        allowed += (allowed.empty() ? "" : ", ") + l.id + (l.label.empty() || l.label == l.id ? "" : " (" + l.label + ")");
    statement += " [allowed levels: " + allowed + "]";
    if (n.limiting) statement += " [limiting]";
    out += csv_row({n.id, "", "", "", statement});
  }
  return out;
}

std::string evidence_template_csv() { return csv_row(evidence_csv_columns()); }

}  // namespace qmark
