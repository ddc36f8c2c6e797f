// The built-in frameworks: frameworks/*.json embedded at build time (see
// cmake/embed_frameworks.cmake). The engine reads them through the public loader.
#pragma once

#include <string_view>
#include <vector>

namespace qmark::detail {

struct BuiltinFramework {
  std::string_view id;
  std::string_view json;
};

const std::vector<BuiltinFramework> &builtin_frameworks();
/// frameworks/crosswalks/*.json, by file name.
const std::vector<BuiltinFramework> &builtin_crosswalks();

}  // namespace qmark::detail
