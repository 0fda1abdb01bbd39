/* kith_store_backup: a copy of the database with SQLite's online backup
 * API (sqlite3_backup_*), consistent while other connections write. The
 * source connection holds one read transaction for the whole copy, so in
 * WAL mode every step reads the same committed snapshot: writers go on
 * (WAL readers do not block them) and their commits neither enter the copy
 * nor restart it. The copy goes to a temporary file beside dest and is
 * moved into place when complete. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

#define DEFAULT_STEP_PAGES 1024
#define BUSY_WAIT_MS 30000

/* Remove the temporary copy and any journal SQLite left beside it. */
static void remove_partial(const char *tmp)
{
    static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
    char path[4200];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(path, sizeof path, "%s%s", tmp, suffix[i]);
        unlink(path);
    }
}

/* Refuse a dest that is the database itself, a folder, or (without
 * force) any existing file. */
static kith_code check_dest(kith_store *st, const char *dest, int force, kith_error *err)
{
    struct stat d, s;
    if (stat(dest, &d) != 0)
        return errno == ENOENT ? KITH_OK
                               : kith_error_set(err, KITH_EIO, "%s: cannot check it: %s",
                                                dest, strerror(errno));
    if (S_ISDIR(d.st_mode))
        return kith_error_set(err, KITH_EUSAGE,
                              "%s is a folder: give the name of the backup file, as in "
                              "%s/kith-backup.db",
                              dest, dest);
    if (stat(st->path, &s) == 0 && s.st_dev == d.st_dev && s.st_ino == d.st_ino)
        return kith_error_set(err, KITH_EUSAGE,
                              "%s is the database itself: give another file name", dest);
    if (!force)
        return kith_error_set(err, KITH_ESTATE,
                              "%s exists: kith backup does not overwrite a file; give "
                              "another name, or --force to replace it",
                              dest);
    return KITH_OK;
}

/* A new empty file beside dest: dest.XXXXXX, its name into tmp. */
static kith_code make_partial(const char *dest, char *tmp, size_t n, kith_error *err)
{
    if ((size_t)snprintf(tmp, n, "%s.XXXXXX", dest) >= n)
        return kith_error_set(err, KITH_EUSAGE, "%s: the file name is too long", dest);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return kith_error_set(err, KITH_EIO, "%s: cannot write beside it: %s", dest,
                              strerror(errno));
    close(fd);
    return KITH_OK;
}

/* Make the new name durable: fsync the folder holding dest. */
static void sync_folder(const char *dest)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", dest);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Move the finished copy to dest: link(2) when dest must not exist (it
 * fails if a file appeared there meanwhile), rename(2) with force. */
static kith_code put_in_place(const char *tmp, const char *dest, int force,
                              kith_error *err)
{
    if (force) {
        if (rename(tmp, dest) != 0)
            return kith_error_set(err, KITH_EIO, "%s: cannot move the copy there: %s",
                                  dest, strerror(errno));
        return KITH_OK;
    }
    if (link(tmp, dest) == 0) {
        unlink(tmp);
        return KITH_OK;
    }
    if (errno == EEXIST)
        return kith_error_set(err, KITH_ESTATE,
                              "%s appeared while the copy was made: kith backup does "
                              "not overwrite a file; give another name, or --force",
                              dest);
    /* File systems without hard links: check, then rename (a file created
     * in between would be replaced; nothing better exists there). */
    struct stat sb;
    if (stat(dest, &sb) == 0)
        return kith_error_set(err, KITH_ESTATE,
                              "%s exists: give another name, or --force", dest);
    if (rename(tmp, dest) != 0)
        return kith_error_set(err, KITH_EIO, "%s: cannot move the copy there: %s", dest,
                              strerror(errno));
    return KITH_OK;
}

/* The copy itself, from st's connection into the file tmp. */
static kith_code copy_pages(kith_store *st, const char *tmp, const kith_backup_opts *o,
                            kith_backup_stats *stats, kith_error *err)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    int in_txn = 0;
    kith_code code = KITH_OK;
    int rc =
        sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        code = kith_error_set(err, rc == SQLITE_NOMEM ? KITH_ENOMEM : KITH_EDB,
                              "%s: cannot open the copy: %s", tmp,
                              dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        goto done;
    }
    /* One read transaction on the source for the whole copy: a snapshot
     * (unless the caller is inside a transaction already). */
    sqlite3_busy_timeout(st->db, BUSY_WAIT_MS);
    if (st->txn_depth == 0) {
        code = kith__st_exec(st, "BEGIN; SELECT count(*) FROM sqlite_schema;", err);
        if (code != KITH_OK)
            goto done;
        in_txn = 1;
    }
    b = sqlite3_backup_init(dst, "main", st->db, "main");
    if (!b) {
        code = kith_error_set(err, KITH_EDB, "%s: cannot start the backup: %s", tmp,
                              sqlite3_errmsg(dst));
        goto done;
    }
    int step = o->step_pages > 0 ? o->step_pages : DEFAULT_STEP_PAGES;
    do {
        rc = sqlite3_backup_step(b, step);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
        else if (o->progress) {
            uint64_t total = (uint64_t)sqlite3_backup_pagecount(b);
            o->progress(o->progress_ud, total - (uint64_t)sqlite3_backup_remaining(b),
                        total);
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    if (stats)
        stats->pages = (uint64_t)sqlite3_backup_pagecount(b);
    rc = sqlite3_backup_finish(b);
    b = NULL;
    if (rc != SQLITE_OK) {
        code = kith_error_set(err, (rc & 0xff) == SQLITE_NOMEM ? KITH_ENOMEM : KITH_EDB,
                              "%s: the backup failed: %s", st->path, sqlite3_errstr(rc));
        goto done;
    }
done:
    if (b)
        sqlite3_backup_finish(b);
    if (in_txn)
        kith__st_exec(st, "COMMIT", NULL);
    sqlite3_busy_timeout(st->db, 5000);
    if (dst && sqlite3_close(dst) != SQLITE_OK && code == KITH_OK)
        code = kith_error_set(err, KITH_EIO, "%s: cannot close the copy", tmp);
    return code;
}

kith_code kith_store_backup(kith_store *st, const char *dest,
                            const kith_backup_opts *opts, kith_backup_stats *stats,
                            kith_error *err)
{
    kith_backup_opts none;
    memset(&none, 0, sizeof none);
    const kith_backup_opts *o = opts ? opts : &none;
    if (stats)
        memset(stats, 0, sizeof *stats);
    char tmp[4096];
    tmp[0] = '\0';
    kith_code code = check_dest(st, dest, o->force, err);
    if (code == KITH_OK)
        code = make_partial(dest, tmp, sizeof tmp, err);
    if (code == KITH_OK)
        code = copy_pages(st, tmp, o, stats, err);
    if (code == KITH_OK) {
        /* The copy reached the disk (the backup commits with the default
         * synchronous=FULL); now its name. */
        code = put_in_place(tmp, dest, o->force, err);
    }
    if (code == KITH_OK) {
        sync_folder(dest);
        struct stat sb;
        if (stats && stat(dest, &sb) == 0)
            stats->bytes = (uint64_t)sb.st_size;
    }
    if (tmp[0])
        remove_partial(tmp);
    return code;
}
