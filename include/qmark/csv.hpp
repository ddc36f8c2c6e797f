// qmark/csv.hpp — spreadsheets: an RFC 4180 CSV reader and writer, audits read from a
// judgement sheet and an evidence sheet, and the empty judgement sheet for a framework.
#pragma once

#include "qmark/date.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmark {

/// One CSV record: its fields and the 1-based line of the text it starts on (a quoted
/// field may span lines, so records and lines differ).
struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;
  /// Every field empty (a blank line, or a row of empty cells).
  [[nodiscard]] bool blank() const noexcept;
};

/// Reads CSV text (RFC 4180): fields separated by commas, records by CRLF, LF or CR;
/// a field in double quotes may hold commas, line breaks and doubled quotes (""); a
/// leading UTF-8 byte order mark is skipped. Errors (errc::invalid_document) carry the
/// line and column: an unterminated quoted field, text after a closing quote, text that
/// is not UTF-8; text larger than qmark's document limit is errc::limit_exceeded.
[[nodiscard]] result<std::vector<CsvRecord>> parse_csv(std::string_view text);

/// A sheet: the first record names the columns, the rest are rows (blank rows dropped).
struct CsvTable {
  std::vector<std::string> header;  ///< as given, trimmed
  std::vector<CsvRecord> rows;
  /// Index of a column by name (ASCII case-insensitive, surrounding spaces ignored), or -1.
  [[nodiscard]] int column(std::string_view name) const noexcept;
  /// A row's cell in a column, surrounding spaces trimmed ("" when the row is shorter or
  /// the column is -1).
  [[nodiscard]] std::string cell(const CsvRecord &row, int column) const;
};
[[nodiscard]] result<CsvTable> parse_csv_table(std::string_view text);

/// One field as CSV: quoted when it holds a comma, a quote, a line break or leading or
/// trailing spaces; quotes doubled.
[[nodiscard]] std::string csv_field(std::string_view value);
/// One record: fields joined by commas, ended by CRLF (RFC 4180).
[[nodiscard]] std::string csv_row(const std::vector<std::string> &fields);

/// What an audit read from sheets needs besides the sheets.
struct CsvAuditOptions {
  std::string school_id;
  Date assessed_on;
  std::optional<Date> decided_on;
  std::string judged_by = "self";  ///< judge of rows whose "judge" cell is blank
  /// More members of the audit's "school" object (name, phase, pupils…); "id" is set
  /// from school_id.
  json school = json::object();
  json facts;  ///< the audit's "facts" object, or null for none
  /// Names used in error messages ("judgements.csv:7: …"), e.g. the files' paths.
  std::string judgements_name = "judgements.csv", evidence_name = "evidence.csv";
};

/// Builds an `audit/1` document (members in the usual order) from a judgement sheet (columns node, level, evidence,
/// comment, optional judge; one row per judgement) and an evidence sheet (columns id,
/// kind, title, groups, date, stage, supports; may be empty text for no evidence). Lists
/// in a cell are separated by spaces, semicolons or commas; other columns are ignored;
/// rows with no level and nothing else are skipped. The document is validated against
/// `framework` (with its overlay): every problem is reported, the first in the error and
/// the rest in error::more, each message starting "NAME:LINE: " and each error carrying
/// the sheet's line and the audit's JSON Pointer.
[[nodiscard]] result<nlohmann::ordered_json> audit_from_csv(const Framework &framework, std::string_view judgements_csv,
                                          std::string_view evidence_csv, const CsvAuditOptions &options);

/// The columns of a judgement sheet and of an evidence sheet, in order.
[[nodiscard]] const std::vector<std::string> &judgement_csv_columns();
[[nodiscard]] const std::vector<std::string> &evidence_csv_columns();

/// An empty judgement sheet: the header and one row per judgeable node in framework
/// order, with node filled, level, evidence and comment blank, and a last, read-only
/// "statement" column holding the node's statement and the levels allowed. Starts with
/// a UTF-8 byte order mark, so that spreadsheet programs read it as UTF-8.
[[nodiscard]] std::string judgement_template_csv(const Framework &framework);
/// An empty evidence sheet: the header only.
[[nodiscard]] std::string evidence_template_csv();

}  // namespace qmark
