/* The zip archive backend of export file trees (ftree.h), on libzip: the
 * archive is checked whole when opened (damage, encryption, unsafe or
 * repeated names), its entries are kept as a sorted name index, and a file
 * is inflated into memory on demand, never beyond its declared size nor
 * KITH_FTREE_ENTRY_MAX. Nothing is ever written to disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "ingest/ftree.h"

typedef struct zentry {
    char *name; /* as in the archive, '\' read as '/' */
    zip_uint64_t index;
    uint64_t size; /* uncompressed, as declared */
    int has_size;
} zentry;

typedef struct ztree {
    kith_ftree base; /* first: the handle callers hold */
    zip_t *za;
    zentry *ents; /* files only (no directory entries), by name */
    size_t nents;
    char prefix[1024]; /* "" or the one top folder with its '/' */
    uint64_t entry_max;
} ztree;

/* ================================================================ lookup */

static int by_entry_name(const void *a, const void *b)
{
    return strcmp(((const zentry *)a)->name, ((const zentry *)b)->name);
}

/* The entry with the full name, or NULL. O(log n). */
static const zentry *find(const ztree *z, const char *name)
{
    zentry key;
    key.name = (char *)name;
    return bsearch(&key, z->ents, z->nents, sizeof *z->ents, by_entry_name);
}

/* The first entry whose name is >= name. */
static size_t lower_bound(const ztree *z, const char *name)
{
    size_t lo = 0, hi = z->nents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(z->ents[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void zip_display(const kith_ftree *t, const char *rel, char *out, size_t n)
{
    const ztree *z = (const ztree *)t;
    snprintf(out, n, "%s/%s%s", t->path, z->prefix, rel);
}

static int zip_has(const kith_ftree *t, const char *rel)
{
    const ztree *z = (const ztree *)t;
    char full[4096];
    snprintf(full, sizeof full, "%s%s", z->prefix, rel);
    return find(z, full) != NULL;
}

static kith_code zip_list(const kith_ftree *t, const char *dir, kith_ftree_keep_fn keep,
                          char ***names, size_t *n, kith_error *err)
{
    const ztree *z = (const ztree *)t;
    char pre[4096];
    int plen = snprintf(pre, sizeof pre, "%s%s/", z->prefix, dir);
    if (plen < 0 || (size_t)plen >= sizeof pre)
        return KITH_OK; /* no entry has so long a name */
    size_t cap = 0;
    kith_code rc = KITH_OK;
    /* The names under dir are one run of the sorted index, itself sorted. */
    for (size_t i = lower_bound(z, pre); i < z->nents && rc == KITH_OK; i++) {
        const char *name = z->ents[i].name;
        if (strncmp(name, pre, (size_t)plen) != 0)
            break;
        const char *rest = name + plen;
        if (!strchr(rest, '/') && keep(rest))
            rc = kith__ftree_names_add(names, n, &cap, rest, err);
    }
    return rc;
}

/* ================================================================ read */

/* Refusals name the archive (FILE: reason) and, in the reason, the entry
 * when there is one. */
static kith_code too_big(const ztree *z, const zentry *e, uint64_t size, kith_error *err)
{
    return kith_error_set_at(err, KITH_EINPUT, z->base.path, 0,
                             "entry '%.200s' is %llu bytes uncompressed, over the limit "
                             "of %llu MiB for one file of an export (a damaged archive "
                             "or a zip bomb): check the archive, or unzip it and import "
                             "the folder",
                             e->name, (unsigned long long)size,
                             (unsigned long long)(z->entry_max >> 20));
}

static kith_code damaged(const ztree *z, const zentry *e, const char *why,
                         kith_error *err)
{
    return kith_error_set_at(err, KITH_EINPUT, z->base.path, 0,
                             "damaged or unreadable zip archive (%s%s%.200s%s): download "
                             "the export again, or unzip it with another tool and "
                             "import the folder",
                             why, e ? ", entry '" : "", e ? e->name : "", e ? "'" : "");
}

/* Inflate entry e into a buffer that grows as data comes, to at most
 * limit + 1 bytes: one byte past the limit tells that the data is longer
 * than the archive says (or than kith reads). */
static kith_code inflate_entry(ztree *z, const zentry *e, const char *display,
                               uint64_t limit, char **data, size_t *len, kith_error *err)
{
    zip_file_t *zf = zip_fopen_index(z->za, e->index, 0);
    if (!zf)
        return damaged(z, e, zip_strerror(z->za), err);
    kith_code rc = KITH_OK;
    size_t cap = limit < 65536 ? (size_t)limit + 2 : 65536, got = 0;
    char *buf = malloc(cap);
    while (buf) {
        zip_int64_t r = zip_fread(zf, buf + got, cap - 1 - got);
        if (r < 0) {
            rc = damaged(z, e, zip_file_strerror(zf), err);
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got > limit)
            break;
        if (got == cap - 1) {
            size_t want = cap * 2 > limit + 2 ? (size_t)limit + 2 : cap * 2;
            char *bigger = realloc(buf, want);
            if (!bigger)
                free(buf);
            buf = bigger;
            cap = want;
        }
    }
    zip_fclose(zf);
    if (!buf)
        return kith_error_set(err, KITH_ENOMEM, "%s: out of memory", display);
    if (rc == KITH_OK && got > limit)
        rc = got > z->entry_max
                 ? too_big(z, e, got, err)
                 : damaged(z, e, "more data than the archive declares", err);
    if (rc == KITH_OK && e->has_size && got != e->size)
        rc = damaged(z, e, "less data than the archive declares", err);
    if (rc != KITH_OK) {
        free(buf);
        return rc;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return KITH_OK;
}

static kith_code zip_read(kith_ftree *t, const char *rel, char **data, size_t *len,
                          kith_error *err)
{
    ztree *z = (ztree *)t;
    char full[4096], display[4608];
    snprintf(full, sizeof full, "%s%s", z->prefix, rel);
    zip_display(t, rel, display, sizeof display);
    const zentry *e = find(z, full);
    if (!e)
        return kith_error_set(err, KITH_EIO, "%s: cannot open: not in the archive",
                              display);
    if (e->has_size && e->size > z->entry_max)
        return too_big(z, e, e->size, err);
    uint64_t limit = e->has_size ? e->size : z->entry_max;
    if (limit > SIZE_MAX - 2)
        return kith_error_set(err, KITH_ENOMEM, "%s: out of memory", display);
    return inflate_entry(z, e, display, limit, data, len, err);
}

static void zip_free(kith_ftree *t)
{
    ztree *z = (ztree *)t;
    if (!z)
        return;
    for (size_t i = 0; i < z->nents; i++)
        free(z->ents[i].name);
    free(z->ents);
    if (z->za)
        zip_discard(z->za);
    free(z);
}

static const kith_ftree_ops zip_ops = {zip_has, zip_display, zip_list, zip_read,
                                       zip_free};

/* ================================================================ open */

/* An entry name that would leave the folder it is extracted to: absolute
 * ("/x", "C:x") or with a ".." component. kith never extracts, but such an
 * archive was not made by an export tool. */
static int unsafe_name(const char *s)
{
    if (!*s || s[0] == '/' ||
        (((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') && s[1] == ':'))
        return 1;
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n;
        if (*p == '/')
            p++;
    }
    return 0;
}

/* Read every entry's name, size and encryption into z->ents (sorted),
 * refusing the archive on the first bad one. */
static kith_code index_entries(ztree *z, kith_error *err)
{
    const char *path = z->base.path;
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    if (n < 0)
        return damaged(z, NULL, "no entries", err);
    z->ents = calloc(n ? (size_t)n : 1, sizeof *z->ents);
    z->nents = 0; /* counts the entries filled below */
    if (!z->ents)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_NAME))
            return damaged(z, NULL, zip_strerror(z->za), err);
        char *name = strdup(st.name);
        if (!name)
            return kith_error_set(err, KITH_ENOMEM, "out of memory");
        for (char *p = name; *p; p++)
            if (*p == '\\')
                *p = '/';
        int bad = unsafe_name(name);
        if (bad || ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                    st.encryption_method != ZIP_EM_NONE)) {
            kith_code rc =
                bad ? kith_error_set_at(err, KITH_EINPUT, path, 0,
                                        "unsafe entry name '%.200s' (an absolute path or "
                                        "'..'): not an export as a tool writes it; "
                                        "refused whole",
                                        st.name)
                    : kith_error_set_at(err, KITH_EINPUT, path, 0,
                                        "entry '%.200s' is encrypted: kith does not read "
                                        "password-protected archives; unzip it with the "
                                        "password and import the folder",
                                        st.name);
            free(name);
            return rc;
        }
        size_t len = strlen(name);
        if (name[len - 1] == '/') { /* a directory entry: names say it all */
            free(name);
            continue;
        }
        zentry *e = &z->ents[z->nents++];
        e->name = name;
        e->index = (zip_uint64_t)i;
        e->has_size = (st.valid & ZIP_STAT_SIZE) != 0;
        e->size = e->has_size ? st.size : 0;
    }
    if (z->nents > 1)
        qsort(z->ents, z->nents, sizeof *z->ents, by_entry_name);
    for (size_t i = 1; i < z->nents; i++)
        if (strcmp(z->ents[i - 1].name, z->ents[i].name) == 0)
            return kith_error_set_at(err, KITH_EINPUT, path, 0,
                                     "entry '%.200s' is in the archive twice: unzip it, "
                                     "check which one is right and import the folder",
                                     z->ents[i].name);
    return KITH_OK;
}

static int is_marker(const char *name, const char *const *markers)
{
    for (int i = 0; markers && markers[i]; i++)
        if (strcmp(name, markers[i]) == 0)
            return 1;
    return 0;
}

/* The files are at the top of the archive when one of the markers is;
 * else in the one top folder that holds a marker (the way "Compress
 * folder" zips an unzipped export). */
static kith_code find_prefix(ztree *z, const char *const *markers, kith_error *err)
{
    for (int i = 0; markers && markers[i]; i++)
        if (find(z, markers[i]))
            return KITH_OK;
    const char *top = NULL;
    size_t toplen = 0;
    for (size_t i = 0; i < z->nents; i++) {
        const char *name = z->ents[i].name;
        const char *slash = strchr(name, '/');
        if (!slash || strchr(slash + 1, '/') || !is_marker(slash + 1, markers))
            continue;
        size_t len = (size_t)(slash - name);
        if (top && (len != toplen || strncmp(top, name, len) != 0))
            return kith_error_set_at(err, KITH_EINPUT, z->base.path, 0,
                                     "several exports in one archive ('%.*s/' and "
                                     "'%.*s/'): zip one export folder at a time",
                                     (int)toplen, top, (int)len, name);
        top = name;
        toplen = len;
    }
    if (top && toplen + 2 <= sizeof z->prefix)
        snprintf(z->prefix, sizeof z->prefix, "%.*s/", (int)toplen, top);
    return KITH_OK;
}

static uint64_t prefix_bytes(const ztree *z)
{
    uint64_t sum = 0;
    size_t plen = strlen(z->prefix);
    for (size_t i = 0; i < z->nents; i++)
        if (strncmp(z->ents[i].name, z->prefix, plen) == 0)
            sum +=
                z->ents[i].size > UINT64_MAX - sum ? UINT64_MAX - sum : z->ents[i].size;
    return sum;
}

/* Why libzip could not open the archive, as kith's error. */
static kith_code open_failed(const char *path, int zerr, kith_error *err)
{
    if (zerr == ZIP_ER_EXISTS) /* libzip's own check of repeated names */
        return kith_error_set_at(err, KITH_EINPUT, path, 0,
                                 "an entry name is in the archive twice: unzip it, check "
                                 "which one is right and import the folder");
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    kith_code rc;
    if (zerr == ZIP_ER_MEMORY)
        rc = kith_error_set(err, KITH_ENOMEM, "%s: out of memory", path);
    else if (zerr == ZIP_ER_OPEN)
        rc = kith_error_set(err, KITH_EIO, "%s: cannot open: %s", path,
                            zip_error_strerror(&ze));
    else
        rc = kith_error_set_at(err, KITH_EINPUT, path, 0,
                               "not a readable zip archive (%s): it may be truncated or "
                               "damaged; download the export again",
                               zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

kith_code kith__ftree_open_zip(const char *path, uint64_t entry_max,
                               const char *const *markers, kith_ftree **out,
                               kith_error *err)
{
    *out = NULL;
    ztree *z = calloc(1, sizeof *z);
    if (!z)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    z->base.ops = &zip_ops;
    z->base.is_zip = 1;
    z->entry_max = entry_max;
    snprintf(z->base.path, sizeof z->base.path, "%s", path);
    kith_code rc = KITH_OK;
    int zerr = 0;
    z->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!z->za) {
        rc = open_failed(path, zerr, err);
        goto done;
    }
    rc = index_entries(z, err);
    if (rc == KITH_OK)
        rc = find_prefix(z, markers, err);
    z->base.bytes = prefix_bytes(z);
done:
    if (rc != KITH_OK) {
        zip_free(&z->base);
        return rc;
    }
    *out = &z->base;
    return KITH_OK;
}
