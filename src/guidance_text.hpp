// Internal: what the decision writer (output.cpp) writes of a framework the same way in
// every decision, rendered once when the framework is compiled (framework.cpp): a node's
// evidence guidance, and the node and level ids as JSON strings.
#pragma once

#include "qmark/framework.hpp"

#include <memory>
#include <string>
#include <vector>

namespace qmark::detail {

/// The node's own evidence guidance as JSON text laid out from depth 0 (the framework's
/// stages first, in its order, then other members by name); empty when it has none.
[[nodiscard]] std::string guidance_json_text(const Framework &fw, int node);

/// Pieces of the "levels" member of decision/1, as the writer lays them out there.
struct DecisionTexts {
  /// per node: from the line break before its member to its first value:
  /// `\n    "ID": {\n      "claimed": ` (or `"effective": ` for nodes not judged)
  std::vector<std::string> node_head;
  std::vector<char> judgeable;   ///< per node: whether its kind is judged (has "claimed")
  std::vector<int> node_scale;   ///< per node: index of its scale, -1 for none
  std::vector<int> count_scale;  ///< per node: index of the scale of its first leaf, -1 for none
  /// per scale, per level: the level's id as a JSON string ("LEVEL")
  std::vector<std::vector<std::string>> level;
  /// per scale, per level: a counts member's start, `\n        "LEVEL": `
  std::vector<std::vector<std::string>> count_key;
};

/// The texts, or null when some cannot be written (text that is not UTF-8: the writer then
/// writes, and refuses, as ever) or a scale names a level twice (its counts are merged).
[[nodiscard]] std::shared_ptr<const DecisionTexts> make_decision_texts(const Framework &fw);

}  // namespace qmark::detail
