/* Test helpers (see testutil.h). Uses sqlite3 directly so that checks read
 * the database independently of the store code under test. */
#include "testutil.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void tu_fixture(const char *rel, char *out, size_t n)
{
    const char *base = getenv("KITH_FIXTURES");
    snprintf(out, n, "%s/%s", base ? base : "tests/fixtures", rel);
}

void tu_shared(const char *rel, char *out, size_t n)
{
    const char *base = getenv("KITH_SHARED");
    snprintf(out, n, "%s/%s", base ? base : "../shared", rel);
}

void tu_tmpdir(char *out, size_t n)
{
    char tmpl[] = "/tmp/kith-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    snprintf(out, n, "%s", d);
}

kith_store *tu_store_new(char *dbpath, size_t n, int64_t *org)
{
    char dir[256];
    tu_tmpdir(dir, sizeof dir);
    snprintf(dbpath, n, "%s/kith.db", dir);
    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(dbpath, &st, &err), KITH_OK);
    assert_int_equal(kith_org_create(st, "test", "UTC", "EUR", org, &err), KITH_OK);
    return st;
}

int64_t tu_sql_int(const char *dbpath, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "tu_sql_int: %s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

char *tu_sql_text(const char *dbpath, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "tu_sql_text: %s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
        assert_non_null(*buf);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* Appends every row of the prepared statement s as "v|v|...|\n". */
static void append_rows(sqlite3_stmt *s, char **buf, size_t *len, size_t *cap)
{
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            append(buf, len, cap, v ? v : "NULL");
            append(buf, len, cap, "|");
        }
        append(buf, len, cap, "\n");
    }
}

/* Every table but those in skip, rows sorted. map: write batch columns
 * equal to from as to, and leave out when merges ran. */
static char *dump(const char *dbpath, const char *const *skip, int map, int64_t from,
                  int64_t to)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "");
    sqlite3_stmt *t = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_schema WHERE type='table'"
                           " ORDER BY name",
                           -1, &t, NULL),
        SQLITE_OK);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        int skipped = 0;
        for (int i = 0; skip && skip[i]; i++)
            skipped |= strcmp(skip[i], name) == 0;
        if (skipped)
            continue;
        /* The columns, with the batch ones mapped. */
        char cols[4096] = "";
        sqlite3_stmt *c = NULL;
        char sql[4600];
        snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid",
                 name);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
        while (sqlite3_step(c) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(c, 0);
            size_t l = strlen(cols);
            /* When a merge ran is a clock reading, not data. */
            if (!map)
                snprintf(cols + l, sizeof cols - l, "%s\"%s\"", l ? ", " : "", col);
            else if (!strcmp(name, "merge_log") && !strcmp(col, "created_at"))
                snprintf(cols + l, sizeof cols - l, "%s'(time)'", l ? ", " : "");
            else if (!strcmp(col, "batch_id") || !strcmp(col, "created_batch"))
                snprintf(cols + l, sizeof cols - l,
                         "%sCASE WHEN \"%s\"=%lld THEN %lld ELSE \"%s\" END",
                         l ? ", " : "", col, (long long)from, (long long)to, col);
            else
                snprintf(cols + l, sizeof cols - l, "%s\"%s\"", l ? ", " : "", col);
        }
        sqlite3_finalize(c);
        snprintf(sql, sizeof sql, "SELECT %s FROM \"%s\" ORDER BY 1,2,3", cols, name);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
            snprintf(sql, sizeof sql, "SELECT %s FROM \"%s\" ORDER BY 1", cols, name);
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        }
        append(&buf, &len, &cap, "== ");
        append(&buf, &len, &cap, name);
        append(&buf, &len, &cap, "\n");
        append_rows(s, &buf, &len, &cap);
        sqlite3_finalize(s);
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    return buf;
}

char *tu_db_dump_except(const char *dbpath, const char *const *skip)
{
    return dump(dbpath, skip, 0, 0, 0);
}

char *tu_db_dump_batch(const char *dbpath, const char *const *skip, int64_t from,
                       int64_t to)
{
    return dump(dbpath, skip, 1, from, to);
}

char *tu_db_dump(const char *dbpath)
{
    return tu_db_dump_except(dbpath, NULL);
}

char *tu_sql_rows(const char *dbpath, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "tu_sql_rows: %s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "");
    append_rows(s, &buf, &len, &cap);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return buf;
}

void tu_sql_exec(const char *dbpath, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "tu_sql_exec: %s: %s\n", sql, msg);
        sqlite3_free(msg);
        fail();
    }
    sqlite3_close(db);
}

void tu_file(const char *dir, const char *name, const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", dir, name);
    tu_write_file(out, text);
}

kith_code tu_import(kith_store *st, int64_t org, const char *format, const char *path,
                    const char *reject_file, kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.reject_file = reject_file;
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
}

void tu_expect_refused(kith_store *st, int64_t org, const char *format, const char *db,
                       const char *path, const char *where, const char *msg)
{
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, format, path, NULL, &res, &err), KITH_EINPUT);
    if (strcmp(err.where, where) != 0 || !strstr(err.msg, msg))
        fprintf(stderr, "got %s: %s\n", err.where, err.msg);
    assert_string_equal(err.where, where);
    assert_non_null(strstr(err.msg, msg));
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

int tu_close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

int64_t tu_time(const char *s)
{
    int64_t v = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time("--test", s, &v, &err), KITH_OK);
    return v;
}

void tu_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

char *tu_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

void tu_assert_same_at(const char *got, const char *want, const char *file, int line)
{
    if (strcmp(got, want) == 0)
        return;
    const char *g = got, *w = want;
    int n = 1;
    for (;;) {
        const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
        size_t gl = ge ? (size_t)(ge - g) : strlen(g),
               wl = we ? (size_t)(we - w) : strlen(w);
        if (gl != wl || strncmp(g, w, gl) != 0 || !ge || !we) {
            fprintf(stderr,
                    "%s:%d: texts differ at line %d\n  got:  %.*s\n  want: %.*s\n", file,
                    line, n, (int)gl, g, (int)wl, w);
            break;
        }
        g = ge + 1;
        w = we + 1;
        n++;
    }
    fail_msg("%s:%d: texts differ", file, line);
}

void tu_rows_eq(const char *dbpath, const char *sql, const char *want)
{
    char *got = tu_sql_rows(dbpath, sql);
    tu_assert_same(got, want);
    free(got);
}
