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
/* assert_string_equal for long texts (database dumps): on a difference,
 * prints the first line that differs on each side with its number, then
 * fails (cmocka cuts long messages short). */
#define tu_assert_same(got, want) tu_assert_same_at((got), (want), __FILE__, __LINE__)
void tu_assert_same_at(const char *got, const char *want, const char *file, int line);
/* As tu_db_dump_except, with the import a row belongs to (columns batch_id
 * and created_batch) written as `to` where it is `from`, and the time a
 * merge ran (merge_log.created_at) left out: to compare the tables an
 * import made with those a later import of the same file made. */
char *tu_db_dump_batch(const char *dbpath, const char *const *skip, int64_t from,
                       int64_t to);
/* Every row of a query as "v1|v2|...|\n" lines (NULL as "NULL"), in the
 * order the query gives. malloc'ed; caller frees. */
char *tu_sql_rows(const char *dbpath, const char *sql);
/* tu_sql_rows(dbpath, sql) must be want (tu_assert_same). */
void tu_rows_eq(const char *dbpath, const char *sql, const char *want);
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
