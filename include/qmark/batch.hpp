// qmark/batch.hpp — many audits at once, on as many threads as the caller chooses,
// with results delivered in input order and memory bounded by a queue (streaming).
#pragma once

#include "qmark/decision.hpp"
#include "qmark/framework.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace qmark {

struct BatchOptions {
  unsigned threads = 1;           ///< threads assessing, the calling one among them; 0: one per hardware thread
  /// assess_stream: audits read but not yet delivered; 0 means 4 per thread. (assess_many
  /// reads its texts in place and keeps every result until it returns: no window applies.)
  std::size_t max_in_flight = 0;
  AssessOptions assess;
};

/// One audit's result: the framework it was assessed against (null when the audit could
/// not be read) and the decision, or the error that made the audit invalid.
struct BatchResult {
  std::size_t index = 0;  ///< position in the input
  FrameworkPtr framework;
  result<Decision> decision = error(errc::internal, "not assessed");
};

/// Finds the framework an audit names (e.g. Framework::builtin).
using FrameworkResolver = std::function<result<FrameworkPtr>(const std::string &framework_id)>;
/// Supplies the next audit's JSON text; returns false at the end of the input.
using AuditSource = std::function<bool(std::string &json_text)>;
/// Receives each result, in input order, on the calling thread.
using ResultSink = std::function<void(BatchResult &&)>;

/// Streams audits through the engine: `source` is read on the calling thread, audits
/// are parsed and assessed on `options.threads` threads (the calling thread, when it
/// would otherwise wait, and `options.threads - 1` started for the call), and `sink` is
/// called in input order. At most `max_in_flight` audits are held at once, so memory does
/// not grow with the input. Invalid audits are delivered as errors; the batch goes on. If
/// `source` or `sink` throws, the stream ends with that exception once its threads stop.
void assess_stream(const FrameworkResolver &resolve, const AuditSource &source, const ResultSink &sink,
                   const BatchOptions &options = {});

/// Assesses JSON texts against one framework on `options.threads` threads (the calling
/// one among them), each taking the next text; results in input order.
[[nodiscard]] std::vector<result<Decision>> assess_many(const Framework &framework,
                                                        const std::vector<std::string> &audits_json,
                                                        const BatchOptions &options = {});

}  // namespace qmark
