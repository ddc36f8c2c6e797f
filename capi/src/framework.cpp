// The C ABI: versions, engines, built-in ids, frameworks and overlays.
#include "capi_internal.hpp"

#include <new>
#include <string>
#include <vector>

using namespace qmark::capi;

namespace {

const std::vector<std::string> &builtin_ids() {
  static const std::vector<std::string> ids = qmark::Framework::builtin_ids();
  return ids;
}

// Wraps a compiled framework with the options of the engine (or base) it came from.
qm_status give_framework(qmark::FrameworkPtr fw, bool trace, std::uint32_t threads, qm_framework **out) {
  auto *h = new qm_framework;
  h->fw = std::move(fw);
  h->trace = trace;
  h->threads = threads;
  *out = h;
  return ok();
}

qm_status give_json(const qmark::json &doc, char **out, std::size_t *len) {
  return give_string(doc.dump(2) + "\n", out, len);
}

}  // namespace

extern "C" {

const char *qm_version(void) { return QMARK_VERSION_STRING; }

int qm_abi_version(void) { return QM_ABI_VERSION; }

// ---- engine ------------------------------------------------------------------------------

qm_status qm_engine_options_init(qm_engine_options *opts, uint32_t version) {
  try {
    if (!opts) return fail(QM_E_NULL_ARGUMENT, "opts is NULL");
    if (version == 0 || version > QM_ENGINE_OPTIONS_VERSION)
      return fail(QM_E_INVALID_ARGUMENT, "unknown qm_engine_options version " + std::to_string(version) +
                                             " (this library knows 1 to " +
                                             std::to_string(QM_ENGINE_OPTIONS_VERSION) + ")");
    const qm_engine_options defaults = QM_ENGINE_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return ok();
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_engine_new(qm_engine **out, const qm_engine_options *opts) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    qm_engine engine;
    if (opts) {
      if (opts->version == 0 || opts->version > QM_ENGINE_OPTIONS_VERSION)
        return fail(QM_E_INVALID_ARGUMENT,
                    "unknown qm_engine_options version " + std::to_string(opts->version) +
                        " (initialise options with QM_ENGINE_OPTIONS_INIT)");
      // Version 1 members; later versions add members after these.
      engine.trace = opts->trace != 0;
      engine.threads = opts->threads;
    }
    *out = new qm_engine(engine);
    return ok();
  } catch (...) {
    return on_exception();
  }
}

void qm_engine_free(qm_engine *engine) { delete engine; }

// ---- built-in frameworks -------------------------------------------------------------------

size_t qm_builtin_framework_count(void) {
  try {
    return builtin_ids().size();
  } catch (...) {
    on_exception();
    return 0;
  }
}

const char *qm_builtin_framework_id(size_t i) {
  try {
    const auto &ids = builtin_ids();
    if (i >= ids.size())
      return nothing(QM_E_OUT_OF_RANGE, "built-in framework index " + std::to_string(i) +
                                            " is past the end (" + std::to_string(ids.size()) + " built in)");
    return ids[i].c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

// ---- frameworks ----------------------------------------------------------------------------

qm_status qm_framework_builtin(qm_engine *engine, const char *id, qm_framework **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!engine) return fail(QM_E_NULL_ARGUMENT, "engine is NULL");
    if (!id) return fail(QM_E_NULL_ARGUMENT, "id is NULL");
    if (!valid_utf8(id)) return fail(QM_E_INVALID_UTF8, "framework id is not valid UTF-8");
    auto fw = qmark::Framework::builtin(id);
    if (!fw) return fail(fw.error());
    return give_framework(std::move(fw).value(), engine->trace, engine->threads, out);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_framework_load_json(qm_engine *engine, const char *json, size_t len, qm_framework **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!engine) return fail(QM_E_NULL_ARGUMENT, "engine is NULL");
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto fw = qmark::Framework::load(text);
    if (!fw) return fail(fw.error());
    return give_framework(std::move(fw).value(), engine->trace, engine->threads, out);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_framework_with_overlay(const qm_framework *base, const qm_overlay *overlay, qm_framework **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!base) return fail(QM_E_NULL_ARGUMENT, "base framework is NULL");
    if (!overlay) return fail(QM_E_NULL_ARGUMENT, "overlay is NULL");
    auto fw = base->fw->with_overlay(overlay->overlay);
    if (!fw) return fail(fw.error());
    return give_framework(std::move(fw).value(), base->trace, base->threads, out);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_framework_with_overlay_json(const qm_framework *base, const char *json, size_t len,
                                         qm_framework **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!base) return fail(QM_E_NULL_ARGUMENT, "base framework is NULL");
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto overlay = qmark::Overlay::parse(text);
    if (!overlay) return fail(overlay.error());
    auto fw = base->fw->with_overlay(overlay.value());
    if (!fw) return fail(fw.error());
    return give_framework(std::move(fw).value(), base->trace, base->threads, out);
  } catch (...) {
    return on_exception();
  }
}

void qm_framework_free(qm_framework *framework) { delete framework; }

qm_status qm_framework_to_json(const qm_framework *framework, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    return give_json(framework->fw->document(), out, len);
  } catch (...) {
    return on_exception();
  }
}

const char *qm_framework_id(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    return framework->fw->id().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_framework_version(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    return framework->fw->version().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_framework_title(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    return framework->fw->title().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_framework_overlay_id(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    const std::string &id = framework->fw->overlay_id();
    return id.empty() ? nullptr : id.c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_framework_overlay_version(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (framework->fw->overlay_id().empty()) return nullptr;
    return framework->fw->overlay_version().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

size_t qm_framework_node_count(const qm_framework *framework) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    return framework->fw->nodes().size();
  } catch (...) {
    on_exception();
    return 0;
  }
}

const char *qm_framework_node_id(const qm_framework *framework, size_t i) {
  try {
    if (!framework) return nothing(QM_E_NULL_ARGUMENT, "framework is NULL");
    const auto &nodes = framework->fw->nodes();
    if (i >= nodes.size())
      return nothing(QM_E_OUT_OF_RANGE, "node index " + std::to_string(i) + " is past the end (" +
                                         std::to_string(nodes.size()) + " nodes)");
    return nodes[i].id.c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

// ---- overlays ------------------------------------------------------------------------------

qm_status qm_overlay_load_json(const char *json, size_t len, qm_overlay **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto overlay = qmark::Overlay::parse(text);
    if (!overlay) return fail(overlay.error());
    *out = new qm_overlay{std::move(overlay).value()};
    return ok();
  } catch (...) {
    return on_exception();
  }
}

void qm_overlay_free(qm_overlay *overlay) { delete overlay; }

qm_status qm_overlay_to_json(const qm_overlay *overlay, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!overlay) return fail(QM_E_NULL_ARGUMENT, "overlay is NULL");
    return give_json(overlay->overlay.document(), out, len);
  } catch (...) {
    return on_exception();
  }
}

const char *qm_overlay_id(const qm_overlay *overlay) {
  try {
    if (!overlay) return nothing(QM_E_NULL_ARGUMENT, "overlay is NULL");
    return overlay->overlay.id().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_overlay_version(const qm_overlay *overlay) {
  try {
    if (!overlay) return nothing(QM_E_NULL_ARGUMENT, "overlay is NULL");
    return overlay->overlay.version().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_overlay_base(const qm_overlay *overlay) {
  try {
    if (!overlay) return nothing(QM_E_NULL_ARGUMENT, "overlay is NULL");
    return overlay->overlay.base().c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

}  // extern "C"
