// qmark/crosswalk.hpp — mappings between the nodes of two frameworks (`crosswalk/1`), so
// evidence a school gathered for one framework is offered as candidate evidence for the
// other: evidence is gathered once.
#pragma once

#include "qmark/audit.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"

#include <string>
#include <vector>

namespace qmark {

/// One mapping: a node of the `from` framework and a node of the `to` framework.
struct Mapping {
  std::string from, to;
  bool exact = false;  ///< "exact" (the statements coincide) or "related" (they overlap)
  std::string justification;
};

class Crosswalk {
 public:
  [[nodiscard]] static result<Crosswalk> parse(std::string_view json_text);
  [[nodiscard]] static result<Crosswalk> from_json(const json &doc);
  /// A crosswalk shipped with the library.
  [[nodiscard]] static result<Crosswalk> builtin(std::string_view id);
  [[nodiscard]] static std::vector<std::string> builtin_ids();
  /// The built-in crosswalk joining two frameworks, in either direction.
  [[nodiscard]] static result<Crosswalk> between(std::string_view framework_a, std::string_view framework_b);

  /// Checks that every mapping names nodes the two frameworks have (with a pointer).
  [[nodiscard]] result<bool> check(const Framework &from, const Framework &to) const;

  [[nodiscard]] const std::string &id() const noexcept { return id_; }
  [[nodiscard]] const std::string &version() const noexcept { return version_; }
  [[nodiscard]] const std::string &from() const noexcept { return from_; }
  [[nodiscard]] const std::string &to() const noexcept { return to_; }
  [[nodiscard]] const std::vector<Mapping> &mappings() const noexcept { return mappings_; }
  [[nodiscard]] const json &document() const noexcept { return doc_; }

 private:
  std::string id_, version_, from_, to_;
  std::vector<Mapping> mappings_;
  json doc_;
};

/// The evidence of `audit` (read against `source`) offered to `target` through the
/// crosswalk: one `audit/1` evidence item per source item that supports, or is cited by
/// a judgement of, a mapped node, with `supports` naming the target's nodes and a
/// `crosswalk` member saying through which mappings. Items with no mapped node are left
/// out. Deterministic: source evidence order, supports in the target's framework order.
[[nodiscard]] result<json> candidate_evidence(const Crosswalk &crosswalk, const Framework &source,
                                              const Audit &audit, const Framework &target);

}  // namespace qmark
