// Internal: the parts of reading an audit shared by the document reader (audit.cpp) and
// the text reader (audit_text.cpp), so both decide alike.
#pragma once

#include "json_util.hpp"
#include "qmark/audit.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace qmark::detail {

/// Ids in "natural" order: runs of digits compare by value (E2 before E10); ids that
/// compare equal so (E01, E1) fall back to plain order, so only equal ids are equivalent.
[[nodiscard]] bool natural_less(std::string_view x, std::string_view y);

/// An id as its leading non-digits and the number after them, when it is that plain
/// ("E073": "E" and 73); comparing such keys is much cheaper than natural_less.
struct IdKey {
  std::string_view prefix;
  std::uint64_t number = 0;
  bool plain = false;
};
[[nodiscard]] IdKey id_key(std::string_view id) noexcept;
/// natural_less(x, y), using their keys when that decides it.
[[nodiscard]] inline bool natural_less(const IdKey &kx, std::string_view x, const IdKey &ky, std::string_view y) {
  if (kx.plain && ky.plain && kx.prefix == ky.prefix && kx.number != ky.number) return kx.number < ky.number;
  return natural_less(x, y);
}

/// The format tag, framework, overlay, school, dates and judge. Returns the error that
/// stops reading at once (wrong format, another framework or overlay); other problems go
/// to `p`.
[[nodiscard]] std::optional<error> read_audit_head(const Framework &fw, const json &doc, Problems &p, Audit &a);

/// The facts and the unknown members (extensions).
void read_audit_tail(const Framework &fw, const json &doc, Problems &p, Audit &a);

/// The evidence in the natural order of its ids, with the ids' keys (by evidence index).
struct EvidenceOrder {
  std::vector<int> order;
  std::vector<IdKey> keys;
  /// When the items' supports were given as one list (index_audit's `supports`): node n's
  /// supporting items, in that order, are supported[supported_begin[n]] up to
  /// supported[supported_begin[n + 1]] (and Audit::supported_by is left empty).
  std::vector<std::uint32_t> supported_begin;
  std::vector<int> supported;
};

/// The nodes each evidence item supports, all in one list: item e's are
/// nodes[ends[e - 1]] (0 for the first) up to nodes[ends[e]].
struct SupportLists {
  std::vector<int> nodes;
  std::vector<std::uint32_t> ends;
};

/// Sets judgement_of from the judgements read (in framework order of node).
void index_judgements(const Framework &fw, Audit &a);

/// Sets evidence_rank and supported_by from the evidence read. With `supports` (the items'
/// supports, their own lists left empty), supported_by stays empty and the result holds the
/// same in one list, for build_index.
EvidenceOrder index_audit(const Framework &fw, Audit &a, const SupportLists *supports = nullptr);

/// The "framework" member of an audit's text, found without reading the rest (for routing
/// a batch); nullopt when it is not plainly there (the document reader then decides).
[[nodiscard]] std::optional<std::string> audit_framework_in_text(std::string_view text);

/// The same, only when the whole text is valid JSON (checked without building it) with
/// "qmark": "audit/1" and a plain "framework" string: what parse_json + framework_of would
/// give; nullopt otherwise (they then say what is wrong).
[[nodiscard]] std::optional<std::string> audit_framework_checked(std::string_view text);

}  // namespace qmark::detail
