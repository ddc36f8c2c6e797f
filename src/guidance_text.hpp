// Internal: a node's evidence guidance as the decision document writes it, rendered once
// when the framework is compiled (framework.cpp) by the decision writer (output.cpp).
#pragma once

#include "qmark/framework.hpp"

#include <string>

namespace qmark::detail {

/// The node's own evidence guidance as JSON text laid out from depth 0 (the framework's
/// stages first, in its order, then other members by name); empty when it has none.
[[nodiscard]] std::string guidance_json_text(const Framework &fw, int node);

}  // namespace qmark::detail
