// Shared by the qmark command's subcommands: exit statuses, reading files, reporting
// invalid input, finding frameworks and writing files atomically.
#pragma once

#include "qmark/qmark.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace qmark_cli {

using qmark::json;

constexpr int exit_invalid = 2;  ///< invalid input
constexpr int exit_other = 1;    ///< anything else (a file that cannot be read or written…)

/// Thrown to end a command with an exit status (its message already printed).
struct Failure {
  int status;
};

/// A subcommand: its CLI11 app and what to run when it is chosen.
struct Command {
  CLI::App *app = nullptr;
  std::function<int()> run;
};

/// A file's bytes; "-" reads standard input. Cannot open: message and Failure{exit_other}.
std::string read_file(const std::string &path);

/// Prints "qmark: FILE: invalid input [code]: …" (and the further problems) and throws
/// Failure{exit_invalid}.
[[noreturn]] void invalid(const std::string &file, const qmark::error &e);

template <class T>
T check(const std::string &file, qmark::result<T> r) {
  if (!r) invalid(file, r.error());
  return std::move(r).value();
}

json parse_doc(const std::string &file);

/// A framework by built-in id, or from a framework/1 file when `id_or_file` names one
/// (contains '/' or ends in ".json"), with an overlay/1 file applied when given.
qmark::FrameworkPtr framework_for(const std::string &id_or_file, const std::string &overlay_file);
/// The framework an audit document names (built in), with the overlay, or the given
/// framework/1 file instead.
qmark::FrameworkPtr framework_for_audit(const std::string &file, const json &doc, const std::string &framework_file,
                                        const std::string &overlay_file);

/// Writes `content` to `path` through a temporary file in the same directory renamed
/// over it, so that a failed write never leaves a partial file. "" or "-" writes to
/// standard output. Cannot write: message and Failure{exit_other}.
void write_output(const std::string &path, const std::string &content);

/// A temporary file next to `path` ("<path>.tmp-XXXXXX"), created; "" on failure.
std::string make_temp_next_to(const std::string &path);

/// Sets the footer of a subcommand's help: "Example:" and the lines given.
void example(CLI::App *app, const std::string &lines);

/// Help text names frameworks from the data, never from code (SPEC §5): the built-in
/// framework ids, comma-separated, and one of them to show in examples.
std::string builtin_ids_text();
std::string example_framework_id();

// The subcommands defined outside qmark.cpp.
Command add_summary(CLI::App &app);
Command add_import_csv(CLI::App &app);
Command add_template(CLI::App &app);
Command add_batch(CLI::App &app);

}  // namespace qmark_cli
