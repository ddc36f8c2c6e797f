/* qmark.h — the stable C ABI of qmark, a rule engine for school inclusion and
 * school-improvement frameworks.
 *
 * This header is the manual. Conventions that hold for every declaration below:
 *
 * Status. Every call that can fail returns a qm_status: QM_OK (0) on success, a
 *   negative code otherwise. On failure the calling thread's last error (qm_last_error()
 *   and friends) says what went wrong and where; on success a status-returning call
 *   clears it. Out-parameters are set to NULL (or 0) whenever a call fails, so a caller
 *   may free them unconditionally.
 *
 * Accessors. Calls that return a value instead of a status (qm_decision_outcome(), …)
 *   return NULL (or 0) for a NULL handle or an index out of range, and then set the last
 *   error; otherwise they leave the last error as it was.
 *
 * Ownership. "Borrowed" memory belongs to qmark: never free it, and do not use it after
 *   the handle it came from is freed. "Owned by the caller" memory must be released with
 *   the matching qm_*_free() call — never with free(): qmark may use another allocator.
 *   Every qm_*_free() accepts NULL and does nothing with it.
 *
 * Text. Every string qmark takes or gives is UTF-8. JSON text is passed as a pointer and
 *   a length in bytes (no terminating NUL needed); pass QM_NUL_TERMINATED as the length
 *   for a NUL-terminated string; a NUL byte inside the given length is malformed JSON.
 *   Invalid UTF-8 is refused with an error, never a crash.
 *   Strings qmark returns are NUL-terminated.
 *
 * Threads. Frameworks, decisions, audits, plans and compliance results are immutable
 *   once made: any number of threads may read, assess against or query one handle at
 *   the same time. A handle must not be freed while another thread is using it. The
 *   last error is per thread.
 *
 * Growth. Options structs begin with a uint32_t version and have a matching
 *   QM_*_OPTIONS_INIT; signatures never change (a new behaviour gets a new name, e.g.
 *   _v2); status codes may be added, so treat any unknown negative value as an error.
 */
#ifndef QMARK_H
#define QMARK_H

#include <stddef.h>
#include <stdint.h>

#include "qmark_version.h"

/* QM_API marks the functions the library exports. Define QM_STATIC when linking the
 * static library (CMake's qmark::capi_static does this for you). */
#if defined(QM_STATIC)
#define QM_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(QM_BUILDING)
#define QM_API __declspec(dllexport)
#else
#define QM_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define QM_API __attribute__((visibility("default")))
#else
#define QM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================================
 * Status codes
 * =================================================================================== */

/* The result of a call. QM_OK is 0; every error is negative. Codes -1 … -20 are the
 * C++ API's qmark::errc values, negated; codes from -100 are the C ABI's own. */
typedef enum qm_status {
  QM_OK = 0,
  QM_E_MALFORMED_JSON = -1,       /* not JSON (incl. invalid UTF-8); line:column set */
  QM_E_WRONG_FORMAT = -2,         /* missing or wrong "qmark" format tag (wrong kind) */
  QM_E_UNSUPPORTED_VERSION = -3,  /* right kind, a major version this reader does not know */
  QM_E_UNKNOWN_FRAMEWORK = -4,    /* names a framework qmark does not have */
  QM_E_INVALID_DOCUMENT = -5,     /* missing member, wrong type, bad value */
  QM_E_UNKNOWN_NODE = -6,         /* names a node the framework does not have */
  QM_E_UNKNOWN_LEVEL = -7,        /* a level not on the node's scale */
  QM_E_UNKNOWN_PARAMETER = -8,    /* a rule or overlay names a parameter that does not exist */
  QM_E_DUPLICATE_ID = -9,         /* two nodes, levels, evidence items… share an id */
  QM_E_INVALID_DATE = -10,        /* not an ISO 8601 calendar date, or an impossible one */
  QM_E_UNKNOWN_KIND = -11,        /* unknown evidence kind, node kind or rule type */
  QM_E_UNKNOWN_GROUP = -12,       /* unknown stakeholder group */
  QM_E_NEGATIVE_COUNT = -13,      /* a count that must be non-negative is negative */
  QM_E_NOT_JUDGEABLE = -14,       /* a judgement on a node whose kind takes no judgement */
  QM_E_CYCLE = -15,               /* a reference cycle in framework data */
  QM_E_OVERLAY_MISMATCH = -16,    /* overlay or audit made for another framework */
  QM_E_IO_ERROR = -17,            /* a file could not be read or written */
  QM_E_LIMIT_EXCEEDED = -18,      /* document larger or deeper than the documented limits */
  QM_E_INVALID_ARGUMENT = -19,    /* an unusable argument (bad option, mismatched handles) */
  QM_E_INTERNAL = -20,            /* a bug in qmark, or a feature not written yet */

  QM_E_NULL_ARGUMENT = -100, /* a required pointer argument was NULL */
  QM_E_OUT_OF_MEMORY = -101, /* an allocation failed */
  QM_E_INVALID_UTF8 = -102,  /* a string argument (an id) is not valid UTF-8 */
  QM_E_OUT_OF_RANGE = -103   /* an index past the end of a list */
} qm_status;

/* qm_status_str — the stable snake_case name of a status ("ok", "malformed_json",
 * "null_argument", …; "unknown_status" for a value this library does not know).
 * Returns: a static string; never NULL, never to be freed. Thread-safe. */
QM_API const char *qm_status_str(qm_status status);

/* Pass as a length to mean "the string is NUL-terminated; use strlen". */
#define QM_NUL_TERMINATED ((size_t)-1)

/* ===================================================================================
 * Errors — the calling thread's last error
 * =================================================================================== */

/* qm_last_error — a message describing the last failed call on this thread, with where
 * the problem is in the document: "message (at /json/pointer)" or "message (at line L,
 * column C)". "" when the last status-returning call succeeded (or none was made).
 * Returns: borrowed, thread-local; valid until the next qmark call on this thread.
 * Never NULL. */
QM_API const char *qm_last_error(void);

/* qm_last_error_status — the status of the last failed call on this thread (QM_OK when
 * the last status-returning call succeeded). Thread-local. */
QM_API qm_status qm_last_error_status(void);

/* qm_last_error_message — the last error's message alone, without its location.
 * Returns: borrowed, thread-local, as qm_last_error(); never NULL. */
QM_API const char *qm_last_error_message(void);

/* qm_last_error_pointer — the JSON Pointer (RFC 6901) into the document the last error
 * concerns, e.g. "/judgements/WSA.X.1"; "" when the error concerns the whole document
 * or has no location. Returns: borrowed, thread-local, as qm_last_error(); never NULL. */
QM_API const char *qm_last_error_pointer(void);

/* qm_last_error_line, qm_last_error_column — 1-based line and column (in characters) of
 * the last error for malformed JSON; 0 when unknown. Thread-local. */
QM_API int qm_last_error_line(void);
QM_API int qm_last_error_column(void);

/* qm_last_error_more_count, qm_last_error_more — loading a framework reports every
 * problem found: the first is the last error itself, the others are these, each
 * described as qm_last_error() describes the first.
 * Returns: the count; the i-th description (borrowed, thread-local, as qm_last_error()),
 * or NULL when i >= count (this does not change the last error). */
QM_API size_t qm_last_error_more_count(void);
QM_API const char *qm_last_error_more(size_t i);

/* qm_clear_error — resets this thread's last error to QM_OK / "". Thread-local. */
QM_API void qm_clear_error(void);

/* ===================================================================================
 * Versions and memory
 * =================================================================================== */

/* qm_version — the library's version, "MAJOR.MINOR.PATCH". Compare with
 * QM_VERSION_STRING to check that header and library agree.
 * Returns: a static string; never NULL, never to be freed. Thread-safe. */
QM_API const char *qm_version(void);

/* qm_abi_version — the library's C ABI major version (its SOVERSION); compare with
 * QM_ABI_VERSION. Thread-safe. */
QM_API int qm_abi_version(void);

/* qm_string_free — releases a string qmark returned as "owned by the caller" (every
 * char ** out-parameter: JSON documents, texts). NULL is fine. Thread-safe. */
QM_API void qm_string_free(char *s);

/* ===================================================================================
 * Handles
 * =================================================================================== */

typedef struct qm_engine qm_engine;         /* options shared by frameworks it makes */
typedef struct qm_framework qm_framework;   /* a compiled framework/1, maybe overlaid */
typedef struct qm_overlay qm_overlay;       /* an overlay/1 document, parsed */
typedef struct qm_audit qm_audit;           /* an audit/1 read against one framework */
typedef struct qm_decision qm_decision;     /* a decision/1: the result of an assessment */
typedef struct qm_plan qm_plan;             /* a plan/1 (school development plan), read */
typedef struct qm_compliance qm_compliance; /* a compliance/1: a plan's check result */

/* ===================================================================================
 * Engine
 * =================================================================================== */

/* Options for qm_engine_new. Initialise with QM_ENGINE_OPTIONS_INIT (or
 * qm_engine_options_init()), then change the members you care about. */
typedef struct qm_engine_options {
  uint32_t version; /* QM_ENGINE_OPTIONS_VERSION: the layout this struct has */
  int32_t trace;    /* non-zero (default): decisions carry the rule trace in their JSON */
  uint32_t threads; /* qm_assess_batch_json's thread count when it is passed 0;
                       0 (default): the number of hardware threads */
} qm_engine_options;

#define QM_ENGINE_OPTIONS_VERSION 1u
#define QM_ENGINE_OPTIONS_INIT {QM_ENGINE_OPTIONS_VERSION, 1, 0u}

/* qm_engine_options_init — fills *opts with the defaults of layout `version` (pass
 * QM_ENGINE_OPTIONS_VERSION), for callers that cannot use QM_ENGINE_OPTIONS_INIT.
 * Status: QM_E_NULL_ARGUMENT (opts NULL), QM_E_INVALID_ARGUMENT (unknown version).
 * Thread-safe. */
QM_API qm_status qm_engine_options_init(qm_engine_options *opts, uint32_t version);

/* qm_engine_new — makes an engine: the options every framework loaded through it uses.
 * out:  receives the engine, owned by the caller (qm_engine_free); NULL on failure.
 * opts: borrowed for the call; NULL means the defaults.
 * Status: QM_E_NULL_ARGUMENT (out NULL), QM_E_INVALID_ARGUMENT (opts->version 0 or newer
 * than this library knows), QM_E_OUT_OF_MEMORY.
 * Thread-safe. An engine is immutable: share it between threads freely. */
QM_API qm_status qm_engine_new(qm_engine **out, const qm_engine_options *opts);

/* qm_engine_free — releases an engine. Frameworks made with it stay valid (they keep
 * their own copy of its options). NULL is fine. Not while another thread uses it. */
QM_API void qm_engine_free(qm_engine *engine);

/* ===================================================================================
 * Frameworks
 * =================================================================================== */

/* qm_builtin_framework_count, qm_builtin_framework_id — the ids of the frameworks built
 * into the library, sorted; i from 0 to count − 1.
 * Returns: the count; the i-th id (static: valid for the life of the process, never to be
 * freed), or NULL with QM_E_OUT_OF_RANGE when i >= count. Thread-safe. */
QM_API size_t qm_builtin_framework_count(void);
QM_API const char *qm_builtin_framework_id(size_t i);

/* qm_framework_builtin — a framework shipped with the library, by id (see
 * qm_builtin_framework_id()).
 * engine: borrowed for the call; its options go with the framework.
 * id:     NUL-terminated UTF-8, borrowed for the call.
 * out:    receives the framework, owned by the caller (qm_framework_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_INVALID_UTF8, QM_E_UNKNOWN_FRAMEWORK (the message lists
 * the built-in ids), QM_E_OUT_OF_MEMORY.
 * Thread-safe; built-ins are compiled once per process and shared. */
QM_API qm_status qm_framework_builtin(qm_engine *engine, const char *id, qm_framework **out);

/* qm_framework_load_json — loads and compiles a framework/1 document.
 * engine: borrowed for the call.  json, len: the document (see "Text"), borrowed.
 * out:    receives the framework, owned by the caller (qm_framework_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_MALFORMED_JSON, QM_E_WRONG_FORMAT,
 * QM_E_UNSUPPORTED_VERSION, QM_E_LIMIT_EXCEEDED, or the code of the first problem found
 * (QM_E_INVALID_DOCUMENT, QM_E_DUPLICATE_ID, QM_E_CYCLE, …); every further problem is in
 * qm_last_error_more(). Thread-safe. */
QM_API qm_status qm_framework_load_json(qm_engine *engine, const char *json, size_t len,
                                        qm_framework **out);

/* qm_framework_with_overlay_json — `base` with an overlay/1 document applied, as a new
 * framework (`base` is unchanged and stays valid).
 * base: borrowed for the call.  json, len: the overlay document, borrowed.
 * out:  receives the new framework, owned by the caller (qm_framework_free).
 * Status: as qm_overlay_load_json, plus QM_E_OVERLAY_MISMATCH (the overlay is for another
 * framework) and the overlay's own problems (QM_E_UNKNOWN_NODE, QM_E_UNKNOWN_PARAMETER, …).
 * Thread-safe. */
QM_API qm_status qm_framework_with_overlay_json(const qm_framework *base, const char *json, size_t len,
                                                qm_framework **out);

/* qm_framework_with_overlay — as qm_framework_with_overlay_json, with an overlay already
 * parsed (borrowed for the call). Thread-safe. */
QM_API qm_status qm_framework_with_overlay(const qm_framework *base, const qm_overlay *overlay,
                                           qm_framework **out);

/* qm_framework_free — releases a framework. Audits and decisions made with it stay
 * valid: they keep the compiled framework alive themselves. NULL is fine. Not while
 * another thread uses this handle. */
QM_API void qm_framework_free(qm_framework *framework);

/* qm_framework_to_json — the framework/1 document (with its overlay applied), 2-space
 * indented, ending in a newline.
 * out: receives the text, owned by the caller (qm_string_free).  len: receives its length
 * in bytes, without the NUL; may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_framework_to_json(const qm_framework *framework, char **out, size_t *len);

/* qm_framework_id, qm_framework_version, qm_framework_title — the framework's id, version
 * and title. qm_framework_overlay_id, qm_framework_overlay_version — those of the overlay
 * applied, or NULL when none is (this is not an error).
 * Returns: borrowed until qm_framework_free(framework); NULL for a NULL framework.
 * Thread-safe. */
QM_API const char *qm_framework_id(const qm_framework *framework);
QM_API const char *qm_framework_version(const qm_framework *framework);
QM_API const char *qm_framework_title(const qm_framework *framework);
QM_API const char *qm_framework_overlay_id(const qm_framework *framework);
QM_API const char *qm_framework_overlay_version(const qm_framework *framework);

/* qm_framework_node_count, qm_framework_node_id — the framework's nodes in framework
 * order (pre-order over the tree).
 * Returns: the count (0 for NULL); the i-th node id, borrowed until
 * qm_framework_free(framework), or NULL (QM_E_NULL_ARGUMENT, QM_E_OUT_OF_RANGE).
 * Thread-safe. */
QM_API size_t qm_framework_node_count(const qm_framework *framework);
QM_API const char *qm_framework_node_id(const qm_framework *framework, size_t i);

/* ===================================================================================
 * Overlays
 * =================================================================================== */

/* qm_overlay_load_json — parses an overlay/1 document (applied with
 * qm_framework_with_overlay()).
 * json, len: the document, borrowed.  out: receives the overlay, owned by the caller
 * (qm_overlay_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_MALFORMED_JSON, QM_E_WRONG_FORMAT,
 * QM_E_UNSUPPORTED_VERSION, QM_E_INVALID_DOCUMENT, QM_E_LIMIT_EXCEEDED. Thread-safe. */
QM_API qm_status qm_overlay_load_json(const char *json, size_t len, qm_overlay **out);

/* qm_overlay_free — releases an overlay. Frameworks it was applied to stay valid. NULL is
 * fine. Not while another thread uses it. */
QM_API void qm_overlay_free(qm_overlay *overlay);

/* qm_overlay_to_json — the overlay/1 document, 2-space indented, ending in a newline.
 * out: owned by the caller (qm_string_free); len may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_overlay_to_json(const qm_overlay *overlay, char **out, size_t *len);

/* qm_overlay_id, qm_overlay_version, qm_overlay_base — the overlay's id, version and the
 * id of the framework it modifies.
 * Returns: borrowed until qm_overlay_free(overlay); NULL for a NULL overlay. Thread-safe. */
QM_API const char *qm_overlay_id(const qm_overlay *overlay);
QM_API const char *qm_overlay_version(const qm_overlay *overlay);
QM_API const char *qm_overlay_base(const qm_overlay *overlay);

/* ===================================================================================
 * Audits
 * =================================================================================== */

/* qm_audit_framework_of_json — the framework id an audit/1 document names (its
 * "framework" member), without reading the rest: to pick the framework to load.
 * out: receives the id, owned by the caller (qm_string_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_MALFORMED_JSON, QM_E_WRONG_FORMAT,
 * QM_E_UNSUPPORTED_VERSION, QM_E_INVALID_DOCUMENT (no "framework" string). Thread-safe. */
QM_API qm_status qm_audit_framework_of_json(const char *json, size_t len, char **out);

/* qm_audit_load_json — reads an audit/1 document against `framework`, checking every
 * judgement, evidence item and fact (so none is ever silently dropped).
 * framework: borrowed for the call; the audit keeps what it needs of it.
 * json, len: the document, borrowed.  out: owned by the caller (qm_audit_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_MALFORMED_JSON, QM_E_WRONG_FORMAT,
 * QM_E_UNSUPPORTED_VERSION, QM_E_OVERLAY_MISMATCH (audit for another framework or
 * overlay), QM_E_UNKNOWN_NODE, QM_E_UNKNOWN_LEVEL, QM_E_INVALID_DATE, QM_E_UNKNOWN_KIND,
 * QM_E_UNKNOWN_GROUP, QM_E_DUPLICATE_ID, QM_E_NEGATIVE_COUNT, QM_E_NOT_JUDGEABLE,
 * QM_E_INVALID_DOCUMENT, QM_E_LIMIT_EXCEEDED; qm_last_error_pointer() locates it.
 * Thread-safe. */
QM_API qm_status qm_audit_load_json(const qm_framework *framework, const char *json, size_t len,
                                    qm_audit **out);

/* qm_audit_free — releases an audit. Decisions made from it stay valid. NULL is fine.
 * Not while another thread uses it. */
QM_API void qm_audit_free(qm_audit *audit);

/* qm_audit_to_json — the audit/1 document again: known members normalised, unknown ones
 * under "extensions"; 2-space indented, ending in a newline.
 * out: owned by the caller (qm_string_free); len may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_audit_to_json(const qm_audit *audit, char **out, size_t *len);

/* qm_audit_school_id — the audit's school id.
 * Returns: borrowed until qm_audit_free(audit); NULL for a NULL audit. Thread-safe. */
QM_API const char *qm_audit_school_id(const qm_audit *audit);

/* ===================================================================================
 * Assessment
 * =================================================================================== */

/* qm_assess — assesses an audit. Deterministic: the same audit gives the same bytes.
 * framework: borrowed for the call; it must be the framework the audit was read against
 *            (the same handle, or one sharing its compiled framework).
 * audit:     borrowed for the call.
 * out:       receives the decision, owned by the caller (qm_decision_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_INVALID_ARGUMENT (audit read against another
 * framework), QM_E_OUT_OF_MEMORY.
 * Thread-safe: many threads may assess against one framework at once. */
QM_API qm_status qm_assess(const qm_framework *framework, const qm_audit *audit, qm_decision **out);

/* qm_assess_json — reads and assesses an audit/1 document in one call.
 * framework: borrowed for the call.  audit_json, len: the audit, borrowed.
 * out: receives the decision, owned by the caller (qm_decision_free).
 * Status: those of qm_audit_load_json(). Thread-safe, as qm_assess(). */
QM_API qm_status qm_assess_json(const qm_framework *framework, const char *audit_json, size_t len,
                                qm_decision **out);

/* qm_assess_batch_json — assesses `count` audit documents on `threads` threads
 * (std::thread inside; 0 means the engine's `threads` option, whose 0 means the number
 * of hardware threads; never more threads than audits).
 * framework:   borrowed for the call.
 * audit_jsons: `count` documents, borrowed for the call (a NULL element is a failed
 *              audit, QM_E_NULL_ARGUMENT).
 * lens:        their lengths in bytes; NULL means every document is NUL-terminated.
 * decisions:   an array of `count` the caller provides; decisions[i] receives audit i's
 *              decision (owned by the caller, qm_decision_free), or NULL when it failed.
 * statuses:    an array of `count` or NULL; statuses[i] receives audit i's status.
 * messages:    an array of `count` or NULL; messages[i] receives NULL for a success, or
 *              audit i's error described as qm_last_error() would (owned by the caller,
 *              qm_string_free).
 * Status: QM_OK when every audit was assessed. Otherwise the status of the first (lowest
 * index) failed audit, with qm_last_error() describing it ("audit 3: …"); the other
 * audits are still assessed. QM_E_NULL_ARGUMENT (framework NULL, or audit_jsons or
 * decisions NULL while count > 0) is returned before anything is assessed, with every
 * decisions[i] given set to NULL, statuses[i] to QM_E_NULL_ARGUMENT and messages[i] to
 * NULL. count 0 does nothing and returns QM_OK.
 * Thread-safe; the call returns once every thread it started has finished. */
QM_API qm_status qm_assess_batch_json(const qm_framework *framework, const char *const *audit_jsons,
                                      const size_t *lens, size_t count, uint32_t threads,
                                      qm_decision **decisions, qm_status *statuses, char **messages);

/* ===================================================================================
 * Decisions
 * =================================================================================== */

/* qm_decision_free — releases a decision (and with it every string its accessors gave).
 * NULL is fine. Not while another thread uses it. */
QM_API void qm_decision_free(qm_decision *decision);

/* qm_decision_to_json — the decision/1 document: members in a fixed order, levels in
 * framework order, 2-space indented, '\n' line ends, a trailing newline — byte for byte
 * what the C++ API's qmark::to_json_text() and `qmark assess --format json` give.
 * out: receives the text, owned by the caller (qm_string_free).  len: receives its length
 * in bytes (without the NUL); may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_decision_to_json(const qm_decision *decision, char **out, size_t *len);

/* qm_decision_to_text — a readable summary for a person (the CLI's text format);
 * with_trace non-zero appends the rule trace. Ownership and status as
 * qm_decision_to_json(). Thread-safe. */
QM_API qm_status qm_decision_to_text(const qm_decision *decision, int with_trace, char **out,
                                     size_t *len);

/* The accessors below answer the common questions without parsing the JSON. Every string
 * they return is borrowed until qm_decision_free(decision). For a NULL decision they
 * return NULL (or 0) and set QM_E_NULL_ARGUMENT; for an index past the end, NULL and
 * QM_E_OUT_OF_RANGE. Thread-safe (a decision is immutable). */

/* qm_decision_outcome — the outcome id (the "outcome" member); NULL when the framework's
 * rules gave none. */
QM_API const char *qm_decision_outcome(const qm_decision *decision);
/* qm_decision_award — the award ("award" member), or NULL when none is made. */
QM_API const char *qm_decision_award(const qm_decision *decision);
/* qm_decision_decided_by — the id of the outcome rule that fired. */
QM_API const char *qm_decision_decided_by(const qm_decision *decision);
/* qm_decision_is_final — 1 when made by the framework's final judge, else 0 (also for
 * NULL). */
QM_API int qm_decision_is_final(const qm_decision *decision);
/* qm_decision_framework_id, qm_decision_school_id — the framework and school assessed. */
QM_API const char *qm_decision_framework_id(const qm_decision *decision);
QM_API const char *qm_decision_school_id(const qm_decision *decision);

/* qm_decision_assessed_on, qm_decision_decided_on, qm_decision_valid_until,
 * qm_decision_reapply_from — dates as "YYYY-MM-DD". valid_until and reapply_from are
 * NULL when the decision sets none (this is not an error). */
QM_API const char *qm_decision_assessed_on(const qm_decision *decision);
QM_API const char *qm_decision_decided_on(const qm_decision *decision);
QM_API const char *qm_decision_valid_until(const qm_decision *decision);
QM_API const char *qm_decision_reapply_from(const qm_decision *decision);

/* qm_decision_limiting_failure_count, qm_decision_limiting_failure — the limiting nodes
 * that did not reach the level they must (ids, framework order). */
QM_API size_t qm_decision_limiting_failure_count(const qm_decision *decision);
QM_API const char *qm_decision_limiting_failure(const qm_decision *decision, size_t i);

/* qm_decision_effective_level — the effective level id of node `node_id`.
 * node_id: NUL-terminated UTF-8, borrowed for the call.
 * level:   receives the level id (borrowed until qm_decision_free), or NULL when the node
 *          has no level of its own (aggregates that only count their children's levels).
 * Status: QM_E_NULL_ARGUMENT, QM_E_INVALID_UTF8, QM_E_UNKNOWN_NODE. */
QM_API qm_status qm_decision_effective_level(const qm_decision *decision, const char *node_id,
                                             const char **level);
/* qm_decision_claimed_level — as qm_decision_effective_level, for the level the
 * effective judge claimed (NULL when none was claimed). */
QM_API qm_status qm_decision_claimed_level(const qm_decision *decision, const char *node_id,
                                           const char **level);
/* qm_decision_basis — why the node has its effective level: "judgement", "fact",
 * "aggregate", "capped" or "missing" (static strings). Status as above. */
QM_API qm_status qm_decision_basis(const qm_decision *decision, const char *node_id,
                                   const char **basis);

/* qm_decision_finding_count and the i-th finding's parts: its code ("no_evidence",
 * "fact_overrides_claim", …), the node it concerns (NULL for a finding about the whole
 * audit), its severity ("must" or "should"), its message, and the evidence id it
 * concerns (NULL when none). */
QM_API size_t qm_decision_finding_count(const qm_decision *decision);
QM_API const char *qm_decision_finding_code(const qm_decision *decision, size_t i);
QM_API const char *qm_decision_finding_node(const qm_decision *decision, size_t i);
QM_API const char *qm_decision_finding_severity(const qm_decision *decision, size_t i);
QM_API const char *qm_decision_finding_message(const qm_decision *decision, size_t i);
QM_API const char *qm_decision_finding_evidence(const qm_decision *decision, size_t i);

/* qm_decision_next_target — the next outcome above this one (NULL at the top), and
 * qm_decision_next_need_count / qm_decision_next_need — the smallest set of nodes whose
 * improvement would reach it (empty when raising judgements alone cannot). */
QM_API const char *qm_decision_next_target(const qm_decision *decision);
QM_API size_t qm_decision_next_need_count(const qm_decision *decision);
QM_API const char *qm_decision_next_need(const qm_decision *decision, size_t i);

/* ===================================================================================
 * School development plans and compliance
 * =================================================================================== */

/* qm_plan_load_json — reads a plan/1 document (checked for shape; whether it meets the
 * rules is what qm_check_plan decides).
 * json, len: the document, borrowed.  out: owned by the caller (qm_plan_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_MALFORMED_JSON, QM_E_WRONG_FORMAT,
 * QM_E_UNSUPPORTED_VERSION, QM_E_INVALID_DOCUMENT, QM_E_INVALID_DATE, QM_E_LIMIT_EXCEEDED.
 * Thread-safe. */
QM_API qm_status qm_plan_load_json(const char *json, size_t len, qm_plan **out);

/* qm_plan_free — releases a plan. NULL is fine. Not while another thread uses it. */
QM_API void qm_plan_free(qm_plan *plan);

/* qm_plan_to_json — the plan/1 document again (unknown members under "extensions").
 * out: owned by the caller (qm_string_free); len may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_plan_to_json(const qm_plan *plan, char **out, size_t *len);

/* qm_check_plan — checks a plan against the framework's plan rules (a framework that
 * carries them, such as the built-in school development plan framework). Deterministic.
 * framework, plan: borrowed for the call.
 * out: receives the result, owned by the caller (qm_compliance_free).
 * Status: QM_E_NULL_ARGUMENT, QM_E_INVALID_ARGUMENT (the framework has no plan rules),
 * QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_check_plan(const qm_framework *framework, const qm_plan *plan, qm_compliance **out);

/* qm_check_plan_json — qm_plan_load_json and qm_check_plan in one call: the statuses of
 * both; ownership as qm_check_plan. Thread-safe. */
QM_API qm_status qm_check_plan_json(const qm_framework *framework, const char *plan_json, size_t len,
                                    qm_compliance **out);

/* qm_compliance_free — releases a compliance result. NULL is fine. Not while another
 * thread uses it. */
QM_API void qm_compliance_free(qm_compliance *compliance);

/* qm_compliance_to_json — the compliance/1 document, 2-space indented, ending in a
 * newline. out: owned by the caller (qm_string_free); len may be NULL.
 * Status: QM_E_NULL_ARGUMENT, QM_E_OUT_OF_MEMORY. Thread-safe. */
QM_API qm_status qm_compliance_to_json(const qm_compliance *compliance, char **out, size_t *len);

/* qm_compliance_verdict — "compliant" (every "must" rule passed or does not apply) or
 * "non_compliant". Returns a static string; NULL (QM_E_NULL_ARGUMENT) for a NULL
 * compliance. Thread-safe. */
QM_API const char *qm_compliance_verdict(const qm_compliance *compliance);

/* qm_compliance_rule_count and the i-th rule result's parts (rules in the framework's
 * order): id, severity ("must" or "should"), result ("pass", "fail" or
 * "not_applicable") and message. Strings are borrowed until qm_compliance_free(); NULL
 * with QM_E_NULL_ARGUMENT or QM_E_OUT_OF_RANGE as for the decision accessors. Thread-safe. */
QM_API size_t qm_compliance_rule_count(const qm_compliance *compliance);
QM_API const char *qm_compliance_rule_id(const qm_compliance *compliance, size_t i);
QM_API const char *qm_compliance_rule_severity(const qm_compliance *compliance, size_t i);
QM_API const char *qm_compliance_rule_result(const qm_compliance *compliance, size_t i);
QM_API const char *qm_compliance_rule_message(const qm_compliance *compliance, size_t i);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QMARK_H */
