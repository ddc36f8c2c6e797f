/* assess.c — assess one audit with qmark's C ABI and print the outcome.
 *
 *   usage: assess AUDIT.json [FRAMEWORK]
 *
 * FRAMEWORK is a built-in framework id (default: bury-iqm). Exit status: 0 when the
 * audit was assessed (whatever the outcome), 2 for invalid input, 1 otherwise. */
#include <qmark.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; returns NULL (with errno set) when it cannot. Free with free(). */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t size = 0, cap = 0, n;
  if (!f) return NULL;
  do {
    if (size == cap) {
      char *grown;
      cap = cap ? 2 * cap : 65536;
      grown = (char *)realloc(text, cap);
      if (!grown) {
        free(text);
        fclose(f);
        return NULL;
      }
      text = grown;
    }
    n = fread(text + size, 1, cap - size, f);
    size += n;
  } while (n > 0);
  if (ferror(f)) {
    free(text);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = size;
  return text;
}

int main(int argc, char **argv) {
  const char *framework_id = argc > 2 ? argv[2] : "bury-iqm";
  qm_engine *engine = NULL;
  qm_framework *framework = NULL;
  qm_decision *decision = NULL;
  qm_status status;
  char *audit;
  size_t len = 0, i, failures;
  const char *outcome, *award;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s AUDIT.json [FRAMEWORK]\n", argv[0]);
    return 2;
  }
  if (strcmp(qm_version(), QM_VERSION_STRING) != 0)
    fprintf(stderr, "assess: warning: built with qmark %s headers, running with library %s\n", QM_VERSION_STRING,
            qm_version());
  audit = read_file(argv[1], &len);
  if (!audit) {
    perror(argv[1]);
    return 1;
  }

  /* Every failing call returns a negative status; qm_last_error() says what and where. */
  status = qm_engine_new(&engine, NULL);
  if (status == QM_OK) status = qm_framework_builtin(engine, framework_id, &framework);
  if (status == QM_OK) status = qm_assess_json(framework, audit, len, &decision);
  if (status != QM_OK) {
    fprintf(stderr, "assess: %s: %s [%s]\n", status == QM_E_UNKNOWN_FRAMEWORK ? framework_id : argv[1],
            qm_last_error(), qm_status_str(status));
  } else {
    /* These strings are borrowed from the decision: valid until qm_decision_free. */
    outcome = qm_decision_outcome(decision);
    award = qm_decision_award(decision);
    printf("framework: %s %s\n", qm_framework_id(framework), qm_framework_version(framework));
    printf("school: %s\n", qm_decision_school_id(decision));
    printf("outcome: %s\n", outcome ? outcome : "(none)");
    printf("award: %s\n", award ? award : "(none)");
    failures = qm_decision_limiting_failure_count(decision);
    printf("limiting failures:");
    for (i = 0; i < failures; ++i) printf(" %s", qm_decision_limiting_failure(decision, i));
    printf("%s\n", failures ? "" : " (none)");
  }

  qm_decision_free(decision); /* each _free accepts NULL */
  qm_framework_free(framework);
  qm_engine_free(engine);
  free(audit);
  return status == QM_OK ? 0 : status == QM_E_OUT_OF_MEMORY || status == QM_E_INTERNAL ? 1 : 2;
}
