/* Shared by the import fuzz targets: one store per process in a scratch
 * folder, and the invariant every import must keep: a refused import
 * leaves the data exactly as it was. Included by fz_*.c only. */
#ifndef KITH_FUZZ_STORE_H
#define KITH_FUZZ_STORE_H

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kith/kith.h"

typedef struct fuzz_store {
    char dir[64];
    char db[128];
    kith_store *st;
    int64_t org;
} fuzz_store;

/* Remove path and, for a folder, everything under it. */
static void fuzz_rm(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            fuzz_rm(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static fuzz_store fuzz_the_store;

static void fuzz_store_cleanup(void)
{
    kith_store_close(fuzz_the_store.st);
    fuzz_the_store.st = NULL;
    fuzz_rm(fuzz_the_store.dir);
}

/* Create the scratch folder and store on first use (removed at exit); aborts if it
 * cannot, as a fuzzer without a store tests nothing. */
static fuzz_store *fuzz_store_get(void)
{
    fuzz_store *fs = &fuzz_the_store;
    if (fs->st)
        return fs;
    snprintf(fs->dir, sizeof fs->dir, "%s/kith-fuzz-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(fs->dir))
        abort();
    atexit(fuzz_store_cleanup);
    snprintf(fs->db, sizeof fs->db, "%s/fuzz.db", fs->dir);
    kith_error err;
    kith_error_clear(&err);
    if (kith_store_open(fs->db, &fs->st, &err) != KITH_OK ||
        kith_org_create(fs->st, "fuzz", "UTC", "EUR", &fs->org, &err) != KITH_OK)
        abort();
    return fs;
}

/* Rows of every table, read through a second connection: a refused
 * import must leave each as it was, whichever tables its format writes
 * (initiatives, ideas, social posts and web sessions have their own). */
static long long fuzz_rows(const fuzz_store *fs)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    long long n = -1;
    if (sqlite3_open_v2(fs->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_schema WHERE type='table' AND name"
                           " NOT LIKE 'sqlite%'",
                           -1, &s, NULL) == SQLITE_OK) {
        n = 0;
        while (n >= 0 && sqlite3_step(s) == SQLITE_ROW) {
            char sql[256];
            sqlite3_stmt *c = NULL;
            snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"",
                     (const char *)sqlite3_column_text(s, 0));
            if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) == SQLITE_OK &&
                sqlite3_step(c) == SQLITE_ROW)
                n += sqlite3_column_int64(c, 0);
            else
                n = -1;
            sqlite3_finalize(c);
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
}

/* Import path with format (include_private for discord); a failed import
 * must change nothing and must not be an internal error. A successful one
 * that wrote something is undone (kith_import_undo), which must leave
 * every table as before but for the import's own history row, and
 * imported again, which must write as much as the first time. */
static void fuzz_import_opts(fuzz_store *fs, const char *format, const char *path,
                             int include_private)
{
    long long before = fuzz_rows(fs);
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.include_private = include_private;
    kith_error err;
    kith_error_clear(&err);
    kith_import_result res, again;
    kith_code rc = kith_import(fs->st, fs->org, path, &o, &res, &err);
    if (rc == KITH_EINTERNAL || rc == KITH_EDB) {
        fprintf(stderr, "unexpected %d: %s: %s\n", (int)rc, err.where, err.msg);
        abort();
    }
    if (rc != KITH_OK && (before < 0 || fuzz_rows(fs) != before))
        abort();
    if (rc != KITH_OK || (res.rows_imported == 0 && res.members_created == 0))
        return;
    /* Counts in the import's own units add up. */
    if (res.read[0] + res.read[1] != res.rows_read ||
        res.skipped + res.rows_rejected > res.rows_read)
        abort();
    kith_undo_result u;
    if (kith_import_undo(fs->st, fs->org, res.batch_id, &u, &err) != KITH_OK) {
        fprintf(stderr, "undo: %s\n", err.msg);
        abort();
    }
    if (fuzz_rows(fs) != before + 1 || u.members_kept != 0 || u.members_left != 0)
        abort();
    kith_error_clear(&err);
    rc = kith_import(fs->st, fs->org, path, &o, &again, &err);
    if (rc != KITH_OK || again.rows_imported != res.rows_imported ||
        again.members_created != res.members_created || again.merges != res.merges) {
        fprintf(stderr, "import after undo: %d %s\n", (int)rc, err.msg);
        abort();
    }
}

static void fuzz_import(fuzz_store *fs, const char *format, const char *path)
{
    fuzz_import_opts(fs, format, path, 0);
}

#endif
