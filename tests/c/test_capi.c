/* test_capi.c — every function of qmark's C ABI (qmark.h), with every error path: NULL
 * handles and arguments, malformed JSON, an unknown framework, the wrong document kind,
 * invalid UTF-8, a length of 0, indices past the end. Compiled as C99 with
 * -pedantic -Werror, which also checks that qmark.h is plain C99.
 *
 *   usage: test_capi SOURCE_DIR
 *
 * Prints one line per failed check and then "N passed, N failed"; exits non-zero when a
 * check failed. */
#include <qmark.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static const char *source_dir;

static void check(int ok, const char *what, const char *file, int line) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "%s:%d: FAILED: %s (last error: [%s] %s)\n", file, line, what,
            qm_status_str(qm_last_error_status()), qm_last_error());
  }
}

#define CHECK(cond) check((cond) != 0, #cond, __FILE__, __LINE__)

/* A call's status is the expected one, and the last error agrees with it. */
#define CHECK_STATUS(call, expected)                                                                 \
  do {                                                                                               \
    qm_status got_ = (call);                                                                         \
    if (got_ != (expected))                                                                          \
      fprintf(stderr, "%s:%d: %s gave %s, expected %s\n", __FILE__, __LINE__, #call, qm_status_str(got_), \
              qm_status_str(expected));                                                              \
    CHECK(got_ == (expected));                                                                       \
    CHECK(qm_last_error_status() == got_);                                                           \
    CHECK((got_ == QM_OK) == (qm_last_error()[0] == '\0'));                                          \
  } while (0)

#define CHECK_STR(actual, expected) CHECK_STR_AT(actual, expected, __FILE__, __LINE__)
static void CHECK_STR_AT(const char *actual, const char *expected, const char *file, int line) {
  const int same = actual && expected && strcmp(actual, expected) == 0;
  if (!same)
    fprintf(stderr, "%s:%d: got \"%s\", expected \"%s\"\n", file, line, actual ? actual : "(NULL)",
            expected ? expected : "(NULL)");
  check(same, "strings equal", file, line);
}

static int contains(const char *haystack, const char *needle) {
  return haystack && needle && strstr(haystack, needle) != NULL;
}

/* Whether `s` is well-formed UTF-8 (messages qmark gives must be, even for bad input). */
static int is_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
    int k;
    if (n < 0) return 0;
    for (k = 1; k <= n; ++k)
      if ((p[k] & 0xC0) != 0x80) return 0;
    p += n + 1;
  }
  return 1;
}

static char *read_file(const char *relative, size_t *len) {
  char path[4096];
  FILE *f;
  char *text;
  long size;
  snprintf(path, sizeof path, "%s/%s", source_dir, relative);
  f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char *)malloc((size_t)size + 1);
  if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  text[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return text;
}

/* A non-NULL pointer value to check that failing calls reset their out-parameters. */
#define JUNK(type) ((type *)(void *)&passed)

static const char minimal_bury_audit[] =
    "{\"qmark\": \"audit/1\", \"framework\": \"bury-iqm\", \"school\": {\"id\": \"T1\"},"
    " \"assessed_on\": \"2026-06-30\", \"judgements\": {%s}, \"evidence\": []}";

static char *audit_with(const char *judgements) {
  static char buffer[1024];
  snprintf(buffer, sizeof buffer, minimal_bury_audit, judgements);
  return buffer;
}

static void test_versions_and_names(void) {
  char expected[64];
  snprintf(expected, sizeof expected, "%d.%d.%d", QM_VERSION_MAJOR, QM_VERSION_MINOR, QM_VERSION_PATCH);
  CHECK_STR(qm_version(), QM_VERSION_STRING);
  CHECK_STR(qm_version(), expected);
  CHECK(qm_abi_version() == QM_ABI_VERSION);
  CHECK(QM_VERSION_NUMBER == QM_VERSION_MAJOR * 10000 + QM_VERSION_MINOR * 100 + QM_VERSION_PATCH);

  CHECK_STR(qm_status_str(QM_OK), "ok");
  CHECK_STR(qm_status_str(QM_E_MALFORMED_JSON), "malformed_json");
  CHECK_STR(qm_status_str(QM_E_WRONG_FORMAT), "wrong_format");
  CHECK_STR(qm_status_str(QM_E_UNKNOWN_FRAMEWORK), "unknown_framework");
  CHECK_STR(qm_status_str(QM_E_OVERLAY_MISMATCH), "overlay_mismatch");
  CHECK_STR(qm_status_str(QM_E_INTERNAL), "internal");
  CHECK_STR(qm_status_str(QM_E_NULL_ARGUMENT), "null_argument");
  CHECK_STR(qm_status_str(QM_E_OUT_OF_MEMORY), "out_of_memory");
  CHECK_STR(qm_status_str(QM_E_INVALID_UTF8), "invalid_utf8");
  CHECK_STR(qm_status_str(QM_E_OUT_OF_RANGE), "out_of_range");
  CHECK_STR(qm_status_str((qm_status)-999), "unknown_status");
  CHECK_STR(qm_status_str((qm_status)5), "unknown_status");
  {
    /* -1 … -20 are qmark::errc negated: each has its own name. */
    int i, j;
    for (i = 1; i <= 20; ++i) {
      CHECK(strcmp(qm_status_str((qm_status)-i), "unknown_status") != 0);
      for (j = 1; j < i; ++j) CHECK(strcmp(qm_status_str((qm_status)-i), qm_status_str((qm_status)-j)) != 0);
    }
  }
}

static void test_error_channel(void) {
  qm_engine *engine = NULL;
  qm_clear_error();
  CHECK_STR(qm_last_error(), "");
  CHECK(qm_last_error_status() == QM_OK);
  CHECK_STR(qm_last_error_message(), "");
  CHECK_STR(qm_last_error_pointer(), "");
  CHECK(qm_last_error_line() == 0 && qm_last_error_column() == 0);
  CHECK(qm_last_error_more_count() == 0);
  CHECK(qm_last_error_more(0) == NULL);

  CHECK_STATUS(qm_engine_new(NULL, NULL), QM_E_NULL_ARGUMENT);
  CHECK(contains(qm_last_error(), "NULL"));
  CHECK(contains(qm_last_error_message(), "NULL"));
  /* a success clears it */
  CHECK_STATUS(qm_engine_new(&engine, NULL), QM_OK);
  CHECK_STR(qm_last_error(), "");
  CHECK_STATUS(qm_engine_new(NULL, NULL), QM_E_NULL_ARGUMENT);
  qm_clear_error();
  CHECK(qm_last_error_status() == QM_OK);
  CHECK_STR(qm_last_error(), "");
  qm_engine_free(engine);
}

static void test_engine(void) {
  qm_engine_options opts = QM_ENGINE_OPTIONS_INIT;
  qm_engine_options filled;
  qm_engine *engine = JUNK(qm_engine);

  CHECK(opts.version == QM_ENGINE_OPTIONS_VERSION && opts.trace == 1 && opts.threads == 0);
  memset(&filled, 0xAB, sizeof filled);
  CHECK_STATUS(qm_engine_options_init(&filled, QM_ENGINE_OPTIONS_VERSION), QM_OK);
  CHECK(filled.version == opts.version && filled.trace == opts.trace && filled.threads == opts.threads);
  CHECK_STATUS(qm_engine_options_init(NULL, QM_ENGINE_OPTIONS_VERSION), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_engine_options_init(&filled, 0), QM_E_INVALID_ARGUMENT);
  CHECK_STATUS(qm_engine_options_init(&filled, QM_ENGINE_OPTIONS_VERSION + 1), QM_E_INVALID_ARGUMENT);

  CHECK_STATUS(qm_engine_new(&engine, &opts), QM_OK);
  CHECK(engine != NULL);
  qm_engine_free(engine);

  opts.version = 0; /* not initialised with QM_ENGINE_OPTIONS_INIT */
  engine = JUNK(qm_engine);
  CHECK_STATUS(qm_engine_new(&engine, &opts), QM_E_INVALID_ARGUMENT);
  CHECK(engine == NULL);
  CHECK(contains(qm_last_error(), "QM_ENGINE_OPTIONS_INIT"));
  opts.version = 99;
  CHECK_STATUS(qm_engine_new(&engine, &opts), QM_E_INVALID_ARGUMENT);
  qm_engine_free(NULL);
}

static void test_builtins(qm_engine *engine) {
  size_t n = qm_builtin_framework_count(), i;
  CHECK(n >= 3);
  for (i = 0; i < n; ++i) {
    const char *id = qm_builtin_framework_id(i);
    qm_framework *fw = NULL;
    CHECK(id != NULL);
    if (i > 0) CHECK(strcmp(qm_builtin_framework_id(i - 1), id) < 0); /* sorted */
    CHECK_STATUS(qm_framework_builtin(engine, id, &fw), QM_OK);
    CHECK_STR(qm_framework_id(fw), id);
    qm_framework_free(fw);
  }
  qm_clear_error();
  CHECK(qm_builtin_framework_id(n) == NULL);
  CHECK(qm_last_error_status() == QM_E_OUT_OF_RANGE);
  CHECK(qm_builtin_framework_id((size_t)-1) == NULL);
}

static void test_framework(qm_engine *engine) {
  qm_framework *fw = NULL, *reloaded = NULL, *bad = JUNK(qm_framework);
  char *json = JUNK(char), *again = NULL;
  size_t len = 12345, again_len = 0, nodes, i;
  const char *audit_text;

  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &fw), QM_OK);
  CHECK_STR(qm_framework_id(fw), "bury-iqm");
  CHECK(qm_framework_version(fw) != NULL && qm_framework_version(fw)[0] != '\0');
  CHECK(contains(qm_framework_title(fw), "Inclusion Quality Mark"));
  CHECK(qm_framework_overlay_id(fw) == NULL);
  CHECK(qm_framework_overlay_version(fw) == NULL);
  nodes = qm_framework_node_count(fw);
  CHECK(nodes > 53);
  for (i = 0; i < nodes; ++i) CHECK(qm_framework_node_id(fw, i) != NULL);
  CHECK_STR(qm_framework_node_id(fw, 0), "WSA");
  qm_clear_error();
  CHECK(qm_framework_node_id(fw, nodes) == NULL);
  CHECK(qm_last_error_status() == QM_E_OUT_OF_RANGE);

  /* NULL handles: accessors give NULL / 0 and say why */
  qm_clear_error();
  CHECK(qm_framework_id(NULL) == NULL);
  CHECK(qm_last_error_status() == QM_E_NULL_ARGUMENT);
  CHECK(qm_framework_version(NULL) == NULL);
  CHECK(qm_framework_title(NULL) == NULL);
  CHECK(qm_framework_overlay_id(NULL) == NULL);
  CHECK(qm_framework_overlay_version(NULL) == NULL);
  CHECK(qm_framework_node_count(NULL) == 0);
  CHECK(qm_framework_node_id(NULL, 0) == NULL);
  CHECK(qm_last_error_status() == QM_E_NULL_ARGUMENT);

  /* built-in: every error path */
  CHECK_STATUS(qm_framework_builtin(NULL, "bury-iqm", &bad), QM_E_NULL_ARGUMENT);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_framework_builtin(engine, NULL, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", NULL), QM_E_NULL_ARGUMENT);
  bad = JUNK(qm_framework);
  CHECK_STATUS(qm_framework_builtin(engine, "no-such-framework", &bad), QM_E_UNKNOWN_FRAMEWORK);
  CHECK(bad == NULL);
  CHECK(contains(qm_last_error(), "no-such-framework") && contains(qm_last_error(), "bury-iqm"));
  CHECK_STATUS(qm_framework_builtin(engine, "", &bad), QM_E_UNKNOWN_FRAMEWORK);
  CHECK_STATUS(qm_framework_builtin(engine, "bury\xff\xfeiqm", &bad), QM_E_INVALID_UTF8);
  CHECK_STATUS(qm_framework_builtin(engine, "\xed\xa0\x80", &bad), QM_E_INVALID_UTF8); /* a surrogate */
  CHECK_STATUS(qm_framework_builtin(engine, "\xc0\xaf", &bad), QM_E_INVALID_UTF8);     /* overlong */
  CHECK(is_utf8(qm_last_error()));

  /* to_json and back: the same document */
  CHECK_STATUS(qm_framework_to_json(fw, &json, &len), QM_OK);
  CHECK(json != NULL && len == strlen(json) && json[len - 1] == '\n');
  CHECK(contains(json, "\"qmark\": \"framework/1\""));
  CHECK_STATUS(qm_framework_load_json(engine, json, len, &reloaded), QM_OK);
  CHECK_STR(qm_framework_id(reloaded), "bury-iqm");
  CHECK_STATUS(qm_framework_to_json(reloaded, &again, NULL), QM_OK);
  CHECK_STR(again, json);
  qm_string_free(again);
  qm_framework_free(reloaded);
  reloaded = NULL;
  CHECK_STATUS(qm_framework_load_json(engine, json, QM_NUL_TERMINATED, &reloaded), QM_OK);
  qm_framework_free(reloaded);

  again_len = 99;
  CHECK_STATUS(qm_framework_to_json(NULL, &again, &again_len), QM_E_NULL_ARGUMENT);
  CHECK(again == NULL && again_len == 0);
  CHECK_STATUS(qm_framework_to_json(fw, NULL, NULL), QM_E_NULL_ARGUMENT);

  /* load: every error path */
  bad = JUNK(qm_framework);
  CHECK_STATUS(qm_framework_load_json(NULL, json, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_framework_load_json(engine, NULL, 10, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_load_json(engine, json, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_load_json(engine, json, 0, &bad), QM_E_MALFORMED_JSON); /* len 0: empty text */
  CHECK_STATUS(qm_framework_load_json(engine, "", QM_NUL_TERMINATED, &bad), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_framework_load_json(engine, json, len / 2, &bad), QM_E_MALFORMED_JSON); /* truncated */
  CHECK_STATUS(qm_framework_load_json(engine, "{\n  \"qmark\": ,\n}", QM_NUL_TERMINATED, &bad),
               QM_E_MALFORMED_JSON);
  CHECK(qm_last_error_line() == 2 && qm_last_error_column() > 0);
  CHECK(contains(qm_last_error(), "line 2"));
  CHECK(bad == NULL);
  CHECK_STATUS(qm_framework_load_json(engine, "{\"qmark\": \"framework/1\", \"id\": \"\xff\"}", QM_NUL_TERMINATED, &bad),
               QM_E_MALFORMED_JSON); /* invalid UTF-8 in a string */
  CHECK(is_utf8(qm_last_error()) && is_utf8(qm_last_error_message()));
  CHECK_STATUS(qm_framework_load_json(engine, "\xfe\xff{}", 4, &bad), QM_E_MALFORMED_JSON);
  CHECK(is_utf8(qm_last_error()));
  {
    static const char with_nul[] = "{\"qmark\": \"framework/1\"}\0garbage";
    CHECK_STATUS(qm_framework_load_json(engine, with_nul, sizeof with_nul - 1, &bad),
                 QM_E_MALFORMED_JSON); /* an embedded NUL is not the end of the text */
    CHECK(qm_last_error_line() == 1 && qm_last_error_column() == 25);
  }
  CHECK_STATUS(qm_framework_load_json(engine, "{\"qmark\": \"framework/9\"}", QM_NUL_TERMINATED, &bad),
               QM_E_UNSUPPORTED_VERSION);
  CHECK_STR(qm_last_error_pointer(), "/qmark");
  CHECK_STATUS(qm_framework_load_json(engine, "[1, 2]", QM_NUL_TERMINATED, &bad), QM_E_WRONG_FORMAT);
  /* the wrong kind of document: an audit */
  audit_text = audit_with("");
  CHECK_STATUS(qm_framework_load_json(engine, audit_text, strlen(audit_text), &bad), QM_E_WRONG_FORMAT);
  CHECK_STR(qm_last_error_pointer(), "/qmark");
  CHECK(contains(qm_last_error(), "audit/1") && contains(qm_last_error(), "(at /qmark)"));
  /* every problem is reported: the first in the error, the rest in "more" */
  CHECK(qm_framework_load_json(engine, "{\"qmark\": \"framework/1\"}", QM_NUL_TERMINATED, &bad) < 0);
  CHECK(bad == NULL);
  CHECK(qm_last_error_more_count() >= 1);
  for (i = 0; i < qm_last_error_more_count(); ++i) CHECK(qm_last_error_more(i) != NULL);
  CHECK(qm_last_error_more(qm_last_error_more_count()) == NULL);
  {
    /* deeper than the documented nesting limit */
    char deep[600];
    memset(deep, '[', 300);
    memset(deep + 300, ']', 300);
    CHECK_STATUS(qm_framework_load_json(engine, deep, sizeof deep, &bad), QM_E_LIMIT_EXCEEDED);
  }

  qm_string_free(json);
  qm_string_free(NULL);
  qm_framework_free(fw);
  qm_framework_free(NULL);
}

static void test_overlays(qm_engine *engine) {
  size_t len = 0, klen = 0, olen = 0;
  char *text = read_file("examples/overlays/bury-la-example.json", &len);
  char *kcc_text = read_file("examples/overlays/kcc-drop-deleted-areas.json", &klen);
  char *out = NULL;
  qm_framework *bury = NULL, *kcc = NULL, *overlaid = NULL, *overlaid2 = NULL, *bad = JUNK(qm_framework);
  qm_overlay *overlay = NULL, *bad_overlay = JUNK(qm_overlay);
  char *a = NULL, *b = NULL;

  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &bury), QM_OK);
  CHECK_STATUS(qm_framework_builtin(engine, "kcc-inclusive-practice", &kcc), QM_OK);

  CHECK_STATUS(qm_overlay_load_json(text, len, &overlay), QM_OK);
  CHECK_STR(qm_overlay_id(overlay), "bury-la-example");
  CHECK_STR(qm_overlay_version(overlay), "2026.1");
  CHECK_STR(qm_overlay_base(overlay), "bury-iqm");
  CHECK_STATUS(qm_overlay_to_json(overlay, &out, &olen), QM_OK);
  CHECK(contains(out, "\"qmark\": \"overlay/1\"") && olen == strlen(out));
  qm_string_free(out);

  CHECK_STATUS(qm_framework_with_overlay(bury, overlay, &overlaid), QM_OK);
  CHECK_STR(qm_framework_id(overlaid), "bury-iqm");
  CHECK_STR(qm_framework_overlay_id(overlaid), "bury-la-example");
  CHECK_STR(qm_framework_overlay_version(overlaid), "2026.1");
  CHECK(qm_framework_overlay_id(bury) == NULL); /* the base is unchanged */
  CHECK_STATUS(qm_framework_with_overlay_json(bury, text, len, &overlaid2), QM_OK);
  CHECK_STR(qm_framework_overlay_id(overlaid2), "bury-la-example");
  CHECK_STATUS(qm_framework_to_json(overlaid, &a, NULL), QM_OK);
  CHECK_STATUS(qm_framework_to_json(overlaid2, &b, NULL), QM_OK);
  CHECK_STR(a, b);
  qm_string_free(a);
  qm_string_free(b);

  /* errors */
  CHECK_STATUS(qm_overlay_load_json(NULL, 3, &bad_overlay), QM_E_NULL_ARGUMENT);
  CHECK(bad_overlay == NULL);
  CHECK_STATUS(qm_overlay_load_json(text, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_overlay_load_json(text, 0, &bad_overlay), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_overlay_load_json("{\"qmark\": \"overlay/1\", \"id\": \"\xc3\x28\"}", QM_NUL_TERMINATED, &bad_overlay),
               QM_E_MALFORMED_JSON);
  CHECK(is_utf8(qm_last_error()));
  CHECK_STATUS(qm_overlay_load_json(audit_with(""), QM_NUL_TERMINATED, &bad_overlay), QM_E_WRONG_FORMAT);
  CHECK_STATUS(qm_overlay_to_json(NULL, &out, NULL), QM_E_NULL_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(qm_overlay_to_json(overlay, NULL, NULL), QM_E_NULL_ARGUMENT);
  qm_clear_error();
  CHECK(qm_overlay_id(NULL) == NULL && qm_overlay_version(NULL) == NULL && qm_overlay_base(NULL) == NULL);
  CHECK(qm_last_error_status() == QM_E_NULL_ARGUMENT);

  CHECK_STATUS(qm_framework_with_overlay(NULL, overlay, &bad), QM_E_NULL_ARGUMENT);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_framework_with_overlay(bury, NULL, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_with_overlay(bury, overlay, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_with_overlay(kcc, overlay, &bad), QM_E_OVERLAY_MISMATCH); /* made for bury-iqm */
  CHECK_STATUS(qm_framework_with_overlay_json(NULL, text, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_with_overlay_json(bury, NULL, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_with_overlay_json(bury, text, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_framework_with_overlay_json(bury, text, 0, &bad), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_framework_with_overlay_json(bury, kcc_text, klen, &bad), QM_E_OVERLAY_MISMATCH);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_framework_with_overlay_json(bury, "{\"qmark\": \"overlay/1\", \"id\": \"x\", \"version\": \"1\","
                                                    " \"base\": \"bury-iqm\", \"limiting\": [\"NO.SUCH.NODE\"]}",
                                              QM_NUL_TERMINATED, &bad),
               QM_E_UNKNOWN_NODE);
  CHECK(contains(qm_last_error(), "NO.SUCH.NODE"));
  CHECK_STATUS(qm_framework_with_overlay_json(kcc, kcc_text, klen, &bad), QM_OK);
  qm_framework_free(bad);

  qm_overlay_free(overlay);
  qm_overlay_free(NULL);
  qm_framework_free(overlaid);
  qm_framework_free(overlaid2);
  qm_framework_free(bury);
  qm_framework_free(kcc);
  free(text);
  free(kcc_text);
}

/* The decision's accessors agree with its JSON document. */
static void check_decision_matches_json(const qm_decision *d, const char *json) {
  char expect[512];
  const char *outcome = qm_decision_outcome(d), *award = qm_decision_award(d);
  size_t i, n;
  snprintf(expect, sizeof expect, "\"outcome\": \"%s\"", outcome ? outcome : "?");
  CHECK(outcome ? contains(json, expect) : contains(json, "\"outcome\": null"));
  snprintf(expect, sizeof expect, "\"award\": \"%s\"", award ? award : "?");
  CHECK(award ? contains(json, expect) : contains(json, "\"award\": null"));
  snprintf(expect, sizeof expect, "\"decided_by\": \"%s\"", qm_decision_decided_by(d));
  CHECK(contains(json, expect));
  CHECK(contains(json, qm_decision_is_final(d) ? "\"final\": true" : "\"final\": false"));
  snprintf(expect, sizeof expect, "\"decided_on\": \"%s\"", qm_decision_decided_on(d));
  CHECK(contains(json, expect));
  snprintf(expect, sizeof expect, "\"assessed_on\": \"%s\"", qm_decision_assessed_on(d));
  CHECK(contains(json, expect));
  if (qm_decision_valid_until(d)) {
    snprintf(expect, sizeof expect, "\"valid_until\": \"%s\"", qm_decision_valid_until(d));
    CHECK(contains(json, expect));
  } else {
    CHECK(contains(json, "\"valid_until\": null"));
  }
  if (qm_decision_reapply_from(d)) {
    snprintf(expect, sizeof expect, "\"reapply_from\": \"%s\"", qm_decision_reapply_from(d));
    CHECK(contains(json, expect));
  } else {
    CHECK(contains(json, "\"reapply_from\": null"));
  }
  n = qm_decision_limiting_failure_count(d);
  if (n == 0) CHECK(contains(json, "\"limiting_failures\": []"));
  for (i = 0; i < n; ++i) {
    snprintf(expect, sizeof expect, "\"%s\"", qm_decision_limiting_failure(d, i));
    CHECK(contains(strstr(json, "\"limiting_failures\""), expect));
  }
  n = qm_decision_finding_count(d);
  if (n == 0) CHECK(contains(json, "\"findings\": []"));
  for (i = 0; i < n; ++i) {
    const char *sev = qm_decision_finding_severity(d, i);
    snprintf(expect, sizeof expect, "\"code\": \"%s\"", qm_decision_finding_code(d, i));
    CHECK(contains(json, expect));
    CHECK(sev && (strcmp(sev, "must") == 0 || strcmp(sev, "should") == 0));
    CHECK(qm_decision_finding_message(d, i) != NULL);
    if (qm_decision_finding_node(d, i)) {
      snprintf(expect, sizeof expect, "\"node\": \"%s\"", qm_decision_finding_node(d, i));
      CHECK(contains(json, expect));
    }
    if (qm_decision_finding_evidence(d, i)) {
      snprintf(expect, sizeof expect, "\"evidence\": \"%s\"", qm_decision_finding_evidence(d, i));
      CHECK(contains(json, expect));
    }
  }
  if (qm_decision_next_target(d)) {
    snprintf(expect, sizeof expect, "\"target\": \"%s\"", qm_decision_next_target(d));
    CHECK(contains(json, expect));
    for (i = 0; i < qm_decision_next_need_count(d); ++i) {
      snprintf(expect, sizeof expect, "\"%s\"", qm_decision_next_need(d, i));
      CHECK(contains(strstr(json, "\"next_level\""), expect));
    }
  } else {
    CHECK(contains(json, "\"next_level\": []"));
    CHECK(qm_decision_next_need_count(d) == 0);
  }
}

static void test_audits_and_decisions(qm_engine *engine) {
  size_t len = 0, nlen = 0, jlen = 0, i;
  char *accredited = read_file("examples/audits/bury-accredited.json", &len);
  char *not_yet = read_file("examples/audits/bury-not-yet-accredited.json", &nlen);
  char *kcc_audit_text;
  size_t klen = 0;
  qm_framework *bury = NULL, *kcc = NULL, *bury2 = NULL;
  qm_audit *audit = NULL, *bad_audit = JUNK(qm_audit);
  qm_decision *d1 = NULL, *d2 = NULL, *d3 = NULL, *bad = JUNK(qm_decision);
  char *json = NULL, *json2 = NULL, *out = JUNK(char), *text = NULL;
  const char *level = JUNK(const char);

  kcc_audit_text = read_file("examples/audits/kcc-advanced.json", &klen);
  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &bury), QM_OK);
  CHECK_STATUS(qm_framework_builtin(engine, "kcc-inclusive-practice", &kcc), QM_OK);

  /* routing: which framework does an audit name? */
  CHECK_STATUS(qm_audit_framework_of_json(accredited, len, &out), QM_OK);
  CHECK_STR(out, "bury-iqm");
  qm_string_free(out);
  out = JUNK(char);
  CHECK_STATUS(qm_audit_framework_of_json(NULL, len, &out), QM_E_NULL_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(qm_audit_framework_of_json(accredited, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_audit_framework_of_json(accredited, 0, &out), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_audit_framework_of_json("{\"qmark\": \"audit/1\"}", QM_NUL_TERMINATED, &out),
               QM_E_INVALID_DOCUMENT);
  CHECK_STR(qm_last_error_pointer(), "/framework");
  CHECK_STATUS(qm_audit_framework_of_json("{\"qmark\": \"plan/1\"}", QM_NUL_TERMINATED, &out), QM_E_WRONG_FORMAT);

  /* read, then assess */
  CHECK_STATUS(qm_audit_load_json(bury, accredited, len, &audit), QM_OK);
  CHECK_STR(qm_audit_school_id(audit), "URN:100001");
  CHECK_STATUS(qm_audit_to_json(audit, &out, &jlen), QM_OK);
  CHECK(contains(out, "\"qmark\": \"audit/1\"") && jlen == strlen(out));
  qm_string_free(out);
  CHECK_STATUS(qm_assess(bury, audit, &d1), QM_OK);
  CHECK_STATUS(qm_assess_json(bury, accredited, len, &d2), QM_OK);
  CHECK_STATUS(qm_decision_to_json(d1, &json, &jlen), QM_OK);
  CHECK(jlen == strlen(json) && json[jlen - 1] == '\n');
  CHECK_STATUS(qm_decision_to_json(d2, &json2, NULL), QM_OK);
  CHECK_STR(json, json2); /* deterministic: same input, same bytes */
  CHECK(contains(json, "\"qmark\": \"decision/1\""));
  CHECK_STR(qm_decision_outcome(d1), "accredited");
  CHECK_STR(qm_decision_award(d1), "accredited");
  CHECK_STR(qm_decision_framework_id(d1), "bury-iqm");
  CHECK_STR(qm_decision_school_id(d1), "URN:100001");
  CHECK_STR(qm_decision_assessed_on(d1), "2026-06-30");
  CHECK_STR(qm_decision_decided_on(d1), "2026-06-30");
  CHECK(qm_decision_valid_until(d1) == NULL && qm_decision_reapply_from(d1) == NULL);
  CHECK(qm_decision_is_final(d1) == 0);
  CHECK(qm_decision_limiting_failure_count(d1) == 0);
  CHECK(qm_decision_next_target(d1) == NULL);
  check_decision_matches_json(d1, json);
  qm_string_free(json);
  qm_string_free(json2);
  json = json2 = NULL;

  /* a decision outlives the framework and audit it came from */
  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &bury2), QM_OK);
  CHECK_STATUS(qm_assess_json(bury2, not_yet, nlen, &d3), QM_OK);
  qm_framework_free(bury2);
  qm_audit_free(audit);
  audit = NULL;
  CHECK_STR(qm_decision_outcome(d3), "not_yet_accredited");
  CHECK(qm_decision_award(d3) == NULL);
  CHECK(qm_decision_limiting_failure_count(d3) == 2);
  CHECK_STR(qm_decision_limiting_failure(d3, 0), "EHW.RES.7");
  CHECK_STR(qm_decision_limiting_failure(d3, 1), "PI.STAKE.6");
  qm_clear_error();
  CHECK(qm_decision_limiting_failure(d3, 2) == NULL);
  CHECK(qm_last_error_status() == QM_E_OUT_OF_RANGE);
  CHECK_STR(qm_decision_next_target(d3), "accredited");
  CHECK(qm_decision_next_need_count(d3) == 2);
  CHECK_STR(qm_decision_next_need(d3, 0), "EHW.RES.7");
  CHECK(qm_decision_next_need(d3, 2) == NULL);
  CHECK(qm_decision_finding_count(d3) >= 1);
  CHECK_STR(qm_decision_finding_code(d3, 0), "fact_overrides_claim");
  CHECK_STR(qm_decision_finding_node(d3, 0), "EHW.RES.7");
  CHECK_STR(qm_decision_finding_severity(d3, 0), "must");
  CHECK(qm_decision_finding_message(d3, 0) != NULL && qm_decision_finding_message(d3, 0)[0] != '\0');
  CHECK(qm_decision_finding_evidence(d3, 0) == NULL);
  i = qm_decision_finding_count(d3);
  qm_clear_error();
  CHECK(qm_decision_finding_code(d3, i) == NULL && qm_last_error_status() == QM_E_OUT_OF_RANGE);
  CHECK(qm_decision_finding_node(d3, i) == NULL && qm_decision_finding_severity(d3, i) == NULL);
  CHECK(qm_decision_finding_message(d3, i) == NULL && qm_decision_finding_evidence(d3, i) == NULL);
  CHECK_STATUS(qm_decision_effective_level(d3, "EHW.RES.7", &level), QM_OK);
  CHECK_STR(level, "not_met");
  CHECK_STATUS(qm_decision_claimed_level(d3, "EHW.RES.7", &level), QM_OK);
  CHECK_STR(level, "met");
  CHECK_STATUS(qm_decision_basis(d3, "EHW.RES.7", &level), QM_OK);
  CHECK_STR(level, "fact");
  CHECK_STATUS(qm_decision_effective_level(d3, "WSA.ETHOS.1", &level), QM_OK);
  CHECK_STR(level, "met");
  CHECK_STATUS(qm_decision_effective_level(d3, "WSA", &level), QM_OK); /* a section: counts only */
  CHECK(level == NULL);
  CHECK_STATUS(qm_decision_basis(d3, "WSA", &level), QM_OK);
  CHECK_STR(level, "aggregate");
  CHECK_STATUS(qm_decision_claimed_level(d3, "WSA", &level), QM_OK);
  CHECK(level == NULL);
  CHECK_STATUS(qm_decision_to_json(d3, &json, NULL), QM_OK);
  check_decision_matches_json(d3, json);
  qm_string_free(json);
  CHECK_STATUS(qm_decision_to_text(d3, 0, &text, &jlen), QM_OK);
  CHECK(contains(text, "Outcome:") && !contains(text, "Trace:") && jlen == strlen(text));
  qm_string_free(text);
  CHECK_STATUS(qm_decision_to_text(d3, 1, &text, NULL), QM_OK);
  CHECK(contains(text, "Trace:"));
  qm_string_free(text);

  /* decision accessors: error paths */
  level = JUNK(const char);
  CHECK_STATUS(qm_decision_effective_level(d3, "NO.SUCH.NODE", &level), QM_E_UNKNOWN_NODE);
  CHECK(level == NULL);
  CHECK(contains(qm_last_error(), "NO.SUCH.NODE"));
  CHECK_STATUS(qm_decision_effective_level(d3, NULL, &level), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_effective_level(d3, "EHW.RES.7", NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_effective_level(NULL, "EHW.RES.7", &level), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_effective_level(d3, "EHW\xff", &level), QM_E_INVALID_UTF8);
  CHECK_STATUS(qm_decision_claimed_level(NULL, "EHW.RES.7", &level), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_claimed_level(d3, "nope", &level), QM_E_UNKNOWN_NODE);
  CHECK_STATUS(qm_decision_basis(NULL, "EHW.RES.7", &level), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_basis(d3, "\xc3", &level), QM_E_INVALID_UTF8);
  CHECK_STATUS(qm_decision_to_json(NULL, &json, &jlen), QM_E_NULL_ARGUMENT);
  CHECK(json == NULL && jlen == 0);
  CHECK_STATUS(qm_decision_to_json(d3, NULL, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_to_text(NULL, 0, &text, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_decision_to_text(d3, 0, NULL, NULL), QM_E_NULL_ARGUMENT);
  qm_clear_error();
  CHECK(qm_decision_outcome(NULL) == NULL);
  CHECK(qm_last_error_status() == QM_E_NULL_ARGUMENT);
  CHECK(qm_decision_award(NULL) == NULL && qm_decision_decided_by(NULL) == NULL);
  CHECK(qm_decision_is_final(NULL) == 0);
  CHECK(qm_decision_framework_id(NULL) == NULL && qm_decision_school_id(NULL) == NULL);
  CHECK(qm_decision_assessed_on(NULL) == NULL && qm_decision_decided_on(NULL) == NULL);
  CHECK(qm_decision_valid_until(NULL) == NULL && qm_decision_reapply_from(NULL) == NULL);
  CHECK(qm_decision_limiting_failure_count(NULL) == 0 && qm_decision_limiting_failure(NULL, 0) == NULL);
  CHECK(qm_decision_finding_count(NULL) == 0 && qm_decision_finding_code(NULL, 0) == NULL);
  CHECK(qm_decision_finding_node(NULL, 0) == NULL && qm_decision_finding_severity(NULL, 0) == NULL);
  CHECK(qm_decision_finding_message(NULL, 0) == NULL && qm_decision_finding_evidence(NULL, 0) == NULL);
  CHECK(qm_decision_next_target(NULL) == NULL && qm_decision_next_need_count(NULL) == 0);
  CHECK(qm_decision_next_need(NULL, 0) == NULL);
  CHECK(qm_last_error_status() == QM_E_NULL_ARGUMENT);

  /* audits: every error path */
  CHECK_STATUS(qm_audit_load_json(NULL, accredited, len, &bad_audit), QM_E_NULL_ARGUMENT);
  CHECK(bad_audit == NULL);
  CHECK_STATUS(qm_audit_load_json(bury, NULL, len, &bad_audit), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_audit_load_json(bury, accredited, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_audit_load_json(bury, accredited, 0, &bad_audit), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_audit_load_json(kcc, accredited, len, &bad_audit), QM_E_OVERLAY_MISMATCH);
  CHECK_STR(qm_last_error_pointer(), "/framework");
  CHECK_STATUS(qm_audit_to_json(NULL, &out, NULL), QM_E_NULL_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(qm_audit_to_json(audit, NULL, NULL), QM_E_NULL_ARGUMENT);
  qm_clear_error();
  CHECK(qm_audit_school_id(NULL) == NULL && qm_last_error_status() == QM_E_NULL_ARGUMENT);

  /* assessing: every error path */
  CHECK_STATUS(qm_assess_json(NULL, accredited, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_assess_json(bury, NULL, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess_json(bury, accredited, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess_json(bury, accredited, 0, &bad), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_assess_json(bury, "{", 1, &bad), QM_E_MALFORMED_JSON);
  CHECK(qm_last_error_line() == 1);
  CHECK_STATUS(qm_assess_json(bury, "{\"qmark\": \"audit/1\", \"framework\": \"b\xffury\"}", QM_NUL_TERMINATED, &bad),
               QM_E_MALFORMED_JSON);
  CHECK(is_utf8(qm_last_error()));
  CHECK_STATUS(qm_assess_json(bury, "null", 4, &bad), QM_E_WRONG_FORMAT);
  {
    size_t flen = 0;
    char *framework_text = NULL;
    CHECK_STATUS(qm_framework_to_json(bury, &framework_text, &flen), QM_OK);
    CHECK_STATUS(qm_assess_json(bury, framework_text, flen, &bad), QM_E_WRONG_FORMAT); /* the wrong kind */
    qm_string_free(framework_text);
  }
  CHECK_STATUS(qm_assess_json(kcc, accredited, len, &bad), QM_E_OVERLAY_MISMATCH);
  CHECK_STATUS(qm_assess_json(bury, kcc_audit_text, klen, &bad), QM_E_OVERLAY_MISMATCH);
  CHECK_STATUS(qm_assess_json(bury, "{\"qmark\": \"audit/2\"}", QM_NUL_TERMINATED, &bad), QM_E_UNSUPPORTED_VERSION);
  text = audit_with("\"NO.SUCH.NODE\": \"met\"");
  CHECK_STATUS(qm_assess_json(bury, text, strlen(text), &bad), QM_E_UNKNOWN_NODE);
  CHECK_STR(qm_last_error_pointer(), "/judgements/NO.SUCH.NODE");
  CHECK(contains(qm_last_error(), "(at /judgements/NO.SUCH.NODE)"));
  text = audit_with("\"WSA.ETHOS.1\": \"splendid\"");
  CHECK_STATUS(qm_assess_json(bury, text, strlen(text), &bad), QM_E_UNKNOWN_LEVEL);
  CHECK(contains(qm_last_error_pointer(), "/judgements/WSA.ETHOS.1"));
  text = audit_with("\"WSA\": \"met\"");
  CHECK_STATUS(qm_assess_json(bury, text, strlen(text), &bad), QM_E_NOT_JUDGEABLE);
  text = audit_with("");
  {
    char dated[1024];
    const char *at = strstr(text, "2026-06-30");
    size_t prefix = (size_t)(at - text);
    memcpy(dated, text, prefix);
    snprintf(dated + prefix, sizeof dated - prefix, "2026-02-30%s", at + 10);
    CHECK_STATUS(qm_assess_json(bury, dated, strlen(dated), &bad), QM_E_INVALID_DATE);
    CHECK_STR(qm_last_error_pointer(), "/assessed_on");
  }
  CHECK(bad == NULL);

  CHECK_STATUS(qm_audit_load_json(bury, accredited, len, &audit), QM_OK);
  CHECK_STATUS(qm_assess(NULL, audit, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess(bury, NULL, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess(bury, audit, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess(kcc, audit, &bad), QM_E_INVALID_ARGUMENT); /* read against another framework */
  CHECK(bad == NULL);
  {
    /* a handle sharing the compiled framework is the same framework */
    qm_framework *same = NULL;
    qm_decision *d = NULL;
    CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &same), QM_OK);
    CHECK_STATUS(qm_assess(same, audit, &d), QM_OK);
    qm_decision_free(d);
    qm_framework_free(same);
  }
  qm_audit_free(audit);
  qm_audit_free(NULL);

  qm_decision_free(d1);
  qm_decision_free(d2);
  qm_decision_free(d3);
  qm_decision_free(NULL);
  qm_framework_free(bury);
  qm_framework_free(kcc);
  free(accredited);
  free(not_yet);
  free(kcc_audit_text);
}

static void test_trace_option(void) {
  qm_engine_options opts = QM_ENGINE_OPTIONS_INIT;
  qm_engine *engine = NULL;
  qm_framework *fw = NULL;
  qm_decision *d = NULL;
  size_t len = 0;
  char *audit = read_file("examples/audits/bury-accredited.json", &len), *json = NULL;
  opts.trace = 0;
  CHECK_STATUS(qm_engine_new(&engine, &opts), QM_OK);
  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &fw), QM_OK);
  qm_engine_free(engine); /* frameworks keep the engine's options */
  CHECK_STATUS(qm_assess_json(fw, audit, len, &d), QM_OK);
  CHECK_STATUS(qm_decision_to_json(d, &json, NULL), QM_OK);
  CHECK(contains(json, "\"trace\": []"));
  qm_string_free(json);
  qm_decision_free(d);
  qm_framework_free(fw);
  free(audit);
}

static void test_batch(qm_engine *engine) {
  size_t len0 = 0, len1 = 0, i;
  char *a0 = read_file("examples/audits/bury-accredited.json", &len0);
  char *a1 = read_file("examples/audits/bury-not-yet-accredited.json", &len1);
  enum { N = 7 };
  const char *docs[N];
  size_t lens[N];
  qm_decision *decisions[N];
  qm_status statuses[N];
  char *messages[N];
  qm_framework *fw = NULL;
  char *one = NULL, *many = NULL;
  uint32_t threads;

  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &fw), QM_OK);
  docs[0] = a0, lens[0] = len0;
  docs[1] = a1, lens[1] = len1;
  docs[2] = "{", lens[2] = 1;
  docs[3] = NULL, lens[3] = 0;
  docs[4] = a0, lens[4] = 0;
  docs[5] = audit_with("\"NO.SUCH.NODE\": \"met\""), lens[5] = strlen(docs[5]);
  docs[6] = a1, lens[6] = len1;

  for (threads = 0; threads <= 8; threads += 4) {
    CHECK_STATUS(qm_assess_batch_json(fw, docs, lens, N, threads, decisions, statuses, messages),
                 QM_E_MALFORMED_JSON); /* the first failed audit's status */
    CHECK(contains(qm_last_error(), "audit 2: "));
    CHECK(statuses[0] == QM_OK && statuses[1] == QM_OK && statuses[6] == QM_OK);
    CHECK(statuses[2] == QM_E_MALFORMED_JSON && statuses[3] == QM_E_NULL_ARGUMENT);
    CHECK(statuses[4] == QM_E_MALFORMED_JSON && statuses[5] == QM_E_UNKNOWN_NODE);
    for (i = 0; i < N; ++i) {
      CHECK((decisions[i] != NULL) == (statuses[i] == QM_OK));
      CHECK((messages[i] == NULL) == (statuses[i] == QM_OK));
    }
    CHECK(contains(messages[5], "/judgements/NO.SUCH.NODE"));
    CHECK(contains(messages[3], "NULL"));
    CHECK_STR(qm_decision_outcome(decisions[0]), "accredited");
    CHECK_STR(qm_decision_outcome(decisions[1]), "not_yet_accredited");
    {
      qm_decision *single = NULL;
      CHECK_STATUS(qm_assess_json(fw, a1, len1, &single), QM_OK);
      CHECK_STATUS(qm_decision_to_json(single, &one, NULL), QM_OK);
      CHECK_STATUS(qm_decision_to_json(decisions[6], &many, NULL), QM_OK);
      CHECK_STR(many, one);
      qm_string_free(one);
      qm_string_free(many);
      qm_decision_free(single);
    }
    for (i = 0; i < N; ++i) {
      qm_decision_free(decisions[i]);
      qm_string_free(messages[i]);
    }
  }

  /* all good, NUL-terminated (lens NULL), no statuses or messages wanted */
  docs[2] = a0;
  docs[3] = a1;
  docs[4] = a0;
  docs[5] = a1;
  CHECK_STATUS(qm_assess_batch_json(fw, docs, NULL, N, 3, decisions, NULL, NULL), QM_OK);
  for (i = 0; i < N; ++i) {
    CHECK_STR(qm_decision_outcome(decisions[i]), docs[i] == a0 ? "accredited" : "not_yet_accredited");
    qm_decision_free(decisions[i]);
  }
  CHECK_STATUS(qm_assess_batch_json(fw, docs, lens, 2, 1, decisions, statuses, NULL), QM_OK);
  qm_decision_free(decisions[0]);
  qm_decision_free(decisions[1]);

  /* argument errors: nothing is assessed, every slot says so */
  CHECK_STATUS(qm_assess_batch_json(NULL, docs, lens, N, 2, decisions, statuses, messages), QM_E_NULL_ARGUMENT);
  for (i = 0; i < N; ++i) CHECK(decisions[i] == NULL && statuses[i] == QM_E_NULL_ARGUMENT && messages[i] == NULL);
  CHECK_STATUS(qm_assess_batch_json(fw, NULL, lens, N, 2, decisions, statuses, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess_batch_json(fw, docs, lens, N, 2, NULL, statuses, NULL), QM_E_NULL_ARGUMENT);
  CHECK(statuses[0] == QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_assess_batch_json(fw, NULL, NULL, 0, 0, NULL, NULL, NULL), QM_OK); /* nothing to do */

  qm_framework_free(fw);
  free(a0);
  free(a1);
}

static void test_plans(qm_engine *engine) {
  size_t len = 0, flen = 0, i, n;
  char *plan_text = read_file("examples/plans/plan-compliant.json", &len);
  char *failing = read_file("examples/plans/plan-fails-consulted.json", &flen);
  qm_plan *plan = NULL, *bad_plan = JUNK(qm_plan);
  qm_compliance *c = NULL, *c2 = NULL, *bad = JUNK(qm_compliance);
  qm_framework *sdp = NULL, *bury = NULL;
  char *json = JUNK(char), *json2 = NULL;
  size_t jlen = 0;
  const char *sdp_id = NULL;

  /* the built-in framework that carries plan rules */
  for (i = 0; i < qm_builtin_framework_count(); ++i)
    if (strcmp(qm_builtin_framework_id(i), "wales-school-improvement") == 0) sdp_id = qm_builtin_framework_id(i);
  CHECK(sdp_id != NULL);
  CHECK_STATUS(qm_framework_builtin(engine, sdp_id ? sdp_id : "?", &sdp), QM_OK);
  CHECK_STATUS(qm_framework_builtin(engine, "bury-iqm", &bury), QM_OK);

  CHECK_STATUS(qm_plan_load_json(plan_text, len, &plan), QM_OK);
  CHECK_STATUS(qm_plan_to_json(plan, &json, &jlen), QM_OK);
  CHECK(contains(json, "plan/1") && jlen == strlen(json));
  qm_string_free(json);
  CHECK_STATUS(qm_check_plan(sdp, plan, &c), QM_OK);
  CHECK_STR(qm_compliance_verdict(c), "compliant");
  n = qm_compliance_rule_count(c);
  CHECK(n >= 16);
  for (i = 0; i < n; ++i) {
    const char *result = qm_compliance_rule_result(c, i), *severity = qm_compliance_rule_severity(c, i);
    CHECK(qm_compliance_rule_id(c, i) != NULL && qm_compliance_rule_message(c, i) != NULL);
    CHECK(result && (!strcmp(result, "pass") || !strcmp(result, "fail") || !strcmp(result, "not_applicable")));
    CHECK(severity && (!strcmp(severity, "must") || !strcmp(severity, "should")));
  }
  CHECK_STR(qm_compliance_rule_id(c, 0), "SDP.COVERS_3_YEARS");
  qm_clear_error();
  CHECK(qm_compliance_rule_id(c, n) == NULL && qm_last_error_status() == QM_E_OUT_OF_RANGE);
  CHECK(qm_compliance_rule_severity(c, n) == NULL && qm_compliance_rule_result(c, n) == NULL);
  CHECK(qm_compliance_rule_message(c, n) == NULL);
  CHECK_STATUS(qm_compliance_to_json(c, &json, &jlen), QM_OK);
  CHECK(contains(json, "compliance/1") && jlen == strlen(json) && json[jlen - 1] == '\n');
  CHECK_STATUS(qm_check_plan_json(sdp, plan_text, len, &c2), QM_OK);
  CHECK_STATUS(qm_compliance_to_json(c2, &json2, NULL), QM_OK);
  CHECK_STR(json, json2);
  qm_string_free(json);
  qm_string_free(json2);
  qm_compliance_free(c2);
  c2 = NULL;

  CHECK_STATUS(qm_check_plan_json(sdp, failing, flen, &c2), QM_OK);
  CHECK_STR(qm_compliance_verdict(c2), "non_compliant");
  for (i = 0; i < qm_compliance_rule_count(c2); ++i)
    if (!strcmp(qm_compliance_rule_id(c2, i), "SDP.CONSULTED")) CHECK_STR(qm_compliance_rule_result(c2, i), "fail");
  qm_compliance_free(c2);

  /* errors */
  CHECK_STATUS(qm_plan_load_json(NULL, len, &bad_plan), QM_E_NULL_ARGUMENT);
  CHECK(bad_plan == NULL);
  CHECK_STATUS(qm_plan_load_json(plan_text, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_plan_load_json(plan_text, 0, &bad_plan), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_plan_load_json("{\"qmark\": \"plan/1\", \"x\": \"\xf8\"}", QM_NUL_TERMINATED, &bad_plan),
               QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_plan_load_json(audit_with(""), QM_NUL_TERMINATED, &bad_plan), QM_E_WRONG_FORMAT);
  CHECK_STATUS(qm_plan_load_json("{\"qmark\": \"plan/7\"}", QM_NUL_TERMINATED, &bad_plan), QM_E_UNSUPPORTED_VERSION);
  CHECK_STATUS(qm_plan_to_json(NULL, &json, NULL), QM_E_NULL_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(qm_plan_to_json(plan, NULL, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan(NULL, plan, &bad), QM_E_NULL_ARGUMENT);
  CHECK(bad == NULL);
  CHECK_STATUS(qm_check_plan(sdp, NULL, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan(sdp, plan, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan(bury, plan, &bad), QM_E_INVALID_ARGUMENT); /* no plan rules */
  CHECK_STATUS(qm_check_plan_json(NULL, plan_text, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan_json(sdp, NULL, len, &bad), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan_json(sdp, plan_text, len, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_check_plan_json(sdp, plan_text, 0, &bad), QM_E_MALFORMED_JSON);
  CHECK_STATUS(qm_check_plan_json(sdp, audit_with(""), QM_NUL_TERMINATED, &bad), QM_E_WRONG_FORMAT);
  CHECK_STATUS(qm_compliance_to_json(NULL, &json, NULL), QM_E_NULL_ARGUMENT);
  CHECK_STATUS(qm_compliance_to_json(c, NULL, NULL), QM_E_NULL_ARGUMENT);
  qm_clear_error();
  CHECK(qm_compliance_verdict(NULL) == NULL && qm_last_error_status() == QM_E_NULL_ARGUMENT);
  CHECK(qm_compliance_rule_count(NULL) == 0 && qm_compliance_rule_id(NULL, 0) == NULL);
  CHECK(qm_compliance_rule_severity(NULL, 0) == NULL && qm_compliance_rule_result(NULL, 0) == NULL);
  CHECK(qm_compliance_rule_message(NULL, 0) == NULL);

  qm_compliance_free(c);
  qm_compliance_free(NULL);
  qm_plan_free(plan);
  qm_plan_free(NULL);
  qm_framework_free(sdp);
  qm_framework_free(bury);
  free(plan_text);
  free(failing);
}

int main(int argc, char **argv) {
  qm_engine *engine = NULL;
  if (argc != 2) {
    fprintf(stderr, "usage: %s SOURCE_DIR\n", argv[0]);
    return 2;
  }
  source_dir = argv[1];

  test_versions_and_names();
  test_error_channel();
  test_engine();
  CHECK_STATUS(qm_engine_new(&engine, NULL), QM_OK);
  test_builtins(engine);
  test_framework(engine);
  test_overlays(engine);
  test_audits_and_decisions(engine);
  test_trace_option();
  test_batch(engine);
  test_plans(engine);
  qm_engine_free(engine);

  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
