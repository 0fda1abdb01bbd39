/* Helpers shared by the unit tests: fixture paths, temporary databases,
 * running SQL for independent checks. Include after <cmocka.h>'s needs. */
#ifndef KITH_TESTUTIL_H
#define KITH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kith/kith.h"

/* Path of a fixture file: $KITH_FIXTURES/rel, in a static-free buffer. */
void tu_fixture(const char *rel, char *out, size_t n);
/* Path under ../shared: $KITH_SHARED/rel. */
void tu_shared(const char *rel, char *out, size_t n);
/* A fresh temporary directory (created); caller-owned buffer. */
void tu_tmpdir(char *out, size_t n);
/* Open a fresh store in a temp dir with one org "test"; returns org id. */
kith_store *tu_store_new(char *dbpath, size_t n, int64_t *org);
/* Evaluate SQL returning one integer against the database file (opened
 * separately with sqlite3, an independent reader). */
int64_t tu_sql_int(const char *dbpath, const char *sql);
/* Evaluate SQL returning one text (malloc'ed; caller frees; NULL on none). */
char *tu_sql_text(const char *dbpath, const char *sql);
/* A canonical dump of every table of the database (rows sorted), for
 * "unchanged" comparisons. malloc'ed; caller frees. */
char *tu_db_dump(const char *dbpath);
/* Write text to a file (overwrites). */
void tu_write_file(const char *path, const char *text);
/* Read a whole file (malloc'ed, NUL-terminated; NULL if missing). */
char *tu_read_file(const char *path);

#endif
