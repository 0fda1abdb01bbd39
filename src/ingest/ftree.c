/* Export file trees (ftree.h): the choice between a folder and a zip
 * archive by the file's first bytes, the calls every backend answers, and
 * the folder backend. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest/ftree.h"

/* ================================================================ dispatch */

int kith__ftree_is_zip(const kith_ftree *t)
{
    return t->is_zip;
}

const char *kith__ftree_path(const kith_ftree *t)
{
    return t->path;
}

int kith__ftree_has(const kith_ftree *t, const char *rel)
{
    return t->ops->has(t, rel);
}

void kith__ftree_display(const kith_ftree *t, const char *rel, char *out, size_t n)
{
    t->ops->display(t, rel, out, n);
}

uint64_t kith__ftree_bytes(const kith_ftree *t)
{
    return t->bytes;
}

kith_code kith__ftree_list(const kith_ftree *t, const char *dir, kith_ftree_keep_fn keep,
                           char ***names, size_t *n, kith_error *err)
{
    *names = NULL;
    *n = 0;
    return t->ops->list(t, dir, keep, names, n, err);
}

kith_code kith__ftree_read(kith_ftree *t, const char *rel, char **data, size_t *len,
                           kith_error *err)
{
    *data = NULL;
    *len = 0;
    return t->ops->read(t, rel, data, len, err);
}

void kith__ftree_close(kith_ftree *t)
{
    if (t)
        t->ops->close(t);
}

void kith__ftree_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

kith_code kith__ftree_names_add(char ***names, size_t *n, size_t *cap, const char *name,
                                kith_error *err)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        char **p = realloc(*names, c * sizeof *p);
        if (!p)
            return kith_error_set(err, KITH_ENOMEM, "out of memory");
        *names = p;
        *cap = c;
    }
    char *dup = strdup(name);
    if (!dup)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    (*names)[(*n)++] = dup;
    return KITH_OK;
}

/* ================================================================ folder */

static void dir_display(const kith_ftree *t, const char *rel, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", t->path, rel);
}

static int dir_has(const kith_ftree *t, const char *rel)
{
    char p[4608];
    struct stat sb;
    dir_display(t, rel, p, sizeof p);
    return stat(p, &sb) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static kith_code dir_list(const kith_ftree *t, const char *dir, kith_ftree_keep_fn keep,
                          char ***names, size_t *n, kith_error *err)
{
    char p[4608];
    dir_display(t, dir, p, sizeof p);
    DIR *d = opendir(p);
    if (!d)
        return errno == ENOENT ? KITH_OK
                               : kith_error_set(err, KITH_EIO, "%s: cannot read: %s", p,
                                                strerror(errno));
    size_t cap = 0;
    kith_code rc = KITH_OK;
    struct dirent *e;
    while (rc == KITH_OK && (e = readdir(d)) != NULL)
        if (keep(e->d_name))
            rc = kith__ftree_names_add(names, n, &cap, e->d_name, err);
    closedir(d);
    if (rc == KITH_OK && *n > 1)
        qsort(*names, *n, sizeof **names, by_name);
    return rc;
}

static kith_code dir_read(kith_ftree *t, const char *rel, char **data, size_t *len,
                          kith_error *err)
{
    char p[4608];
    dir_display(t, rel, p, sizeof p);
    FILE *f = fopen(p, "rb");
    if (!f)
        return kith_error_set(err, KITH_EIO, "%s: cannot open: %s", p, strerror(errno));
    size_t cap = 65536, got = 0;
    char *buf = malloc(cap);
    while (buf) {
        got += fread(buf + got, 1, cap - got - 1, f);
        if (got < cap - 1)
            break;
        char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf)
        return kith_error_set(err, KITH_ENOMEM, "%s: out of memory", p);
    if (failed) {
        free(buf);
        return kith_error_set(err, KITH_EIO, "%s: cannot read", p);
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return KITH_OK;
}

static void dir_close(kith_ftree *t)
{
    free(t);
}

static const kith_ftree_ops dir_ops = {dir_has, dir_display, dir_list, dir_read,
                                       dir_close};

/* Bytes of the files in the folder and one level of sub-folders (an
 * export's channel folders), for progress. */
static uint64_t dir_bytes(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    uint64_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[4608];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth == 0)
            sum += dir_bytes(p, 1);
        else if (S_ISREG(sb.st_mode))
            sum += (uint64_t)sb.st_size;
    }
    closedir(d);
    return sum;
}

static kith_code open_dir(const char *path, kith_ftree **out, kith_error *err)
{
    kith_ftree *t = calloc(1, sizeof *t);
    if (!t)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    t->ops = &dir_ops;
    snprintf(t->path, sizeof t->path, "%s", path);
    for (size_t n = strlen(t->path); n > 1 && t->path[n - 1] == '/'; n--)
        t->path[n - 1] = '\0';
    t->bytes = dir_bytes(t->path, 0);
    *out = t;
    return KITH_OK;
}

/* ================================================================ open */

/* 1 if the file starts like a zip archive: a local file header, or the
 * end record of an empty archive. */
static int zip_magic(const char *path)
{
    unsigned char m[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(m, 1, sizeof m, f);
    fclose(f);
    return got == 4 && m[0] == 'P' && m[1] == 'K' &&
           ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6));
}

kith_code kith__ftree_open(const char *path, const char *what, const char *const *markers,
                           kith_ftree **out, kith_error *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return kith_error_set(err, KITH_EIO, "%s: cannot open: %s", path,
                              strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return open_dir(path, out, err);
    if (S_ISREG(sb.st_mode) && zip_magic(path))
        return kith__ftree_open_zip(path, KITH_FTREE_ENTRY_MAX, markers, out, err);
    size_t n = strlen(path);
    if (n > 4 && strcasecmp(path + n - 4, ".zip") == 0)
        return kith_error_set_at(err, KITH_EINPUT, path, 0,
                                 "not a zip archive (it does not start like one): "
                                 "download the export again, or unzip it with another "
                                 "tool and import the folder");
    return kith_error_set_at(err, KITH_EINPUT, path, 0,
                             "expected %s: a folder, or the .zip archive of one", what);
}
