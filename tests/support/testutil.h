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
/* As tu_db_dump, leaving out the tables named in skip (NULL-terminated). */
char *tu_db_dump_except(const char *dbpath, const char *const *skip);
/* Every row of a query as "v1|v2|...|\n" lines (NULL as "NULL"), in the
 * order the query gives. malloc'ed; caller frees. */
char *tu_sql_rows(const char *dbpath, const char *sql);
/* Run SQL that returns nothing (test setup) on the database file. */
void tu_sql_exec(const char *dbpath, const char *sql);
/* Write text to dir/name and put that path into out. */
void tu_file(const char *dir, const char *name, const char *text, char *out, size_t n);
/* Import path with the given format (and reject file, may be NULL); err is
 * cleared first. */
kith_code tu_import(kith_store *st, int64_t org, const char *format, const char *path,
                    const char *reject_file, kith_import_result *res, kith_error *err);
/* Import path with format: it must be refused with KITH_EINPUT, err.where
 * equal to where, a message containing msg, and the database exactly as
 * before (a full dump compared). */
void tu_expect_refused(kith_store *st, int64_t org, const char *format, const char *db,
                       const char *path, const char *where, const char *msg);
/* 1 when a and b agree to 1e-9 relative (1e-9 absolute below 1). */
int tu_close_to(double a, double b);
/* A date or time as the CLI reads --as-of (UTC); fails the test on error. */
int64_t tu_time(const char *s);
/* Write text to a file (overwrites). */
void tu_write_file(const char *path, const char *text);
/* Read a whole file (malloc'ed, NUL-terminated; NULL if missing). */
char *tu_read_file(const char *path);

#endif
