/* A tree of export files read in place: a folder, or a zip archive of that
 * folder (never extracted to disk). Adapters of tools whose export is
 * several files (Slack) list and read files by their path relative to the
 * export's top through this one interface, so that parsing is shared by
 * both. Backends: ftree.c (folder, and the choice by the first bytes) and
 * ftree_zip.c (libzip; the only file that includes zip.h). */
#ifndef KITH_INGEST_FTREE_H
#define KITH_INGEST_FTREE_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

typedef struct kith_ftree kith_ftree;

/* Largest file read from an archive: 256 MiB uncompressed. Checked against
 * the size the archive declares before reading, and reading stops there
 * whatever the compressed data would give (zip bombs). */
#define KITH_FTREE_ENTRY_MAX ((uint64_t)256 << 20)

/* A file's name is accepted by the caller (for kith__ftree_list). */
typedef int (*kith_ftree_keep_fn)(const char *name);

/* Open path: a folder, or a zip archive, recognised by its first bytes
 * (PK\3\4, or PK\5\6 for an empty archive). what names the expected input
 * in messages ("a Slack export"). A zip archive is checked whole at open:
 * damaged or truncated, an encrypted entry, an unsafe entry name (an
 * absolute path or a '..' component), the same name twice are each
 * KITH_EINPUT "PATH: reason". The files are those at the top of the archive,
 * or, when the top holds none of the marker names (NULL-terminated,
 * e.g. "users.json"), those of the one top folder that does. Errors:
 * KITH_EIO (cannot open), KITH_EINPUT, KITH_ENOMEM. *out is closed with
 * kith__ftree_close. */
kith_code kith__ftree_open(const char *path, const char *what, const char *const *markers,
                           kith_ftree **out, kith_error *err);
/* Like kith__ftree_open for a zip archive, with another size limit per
 * file (tests). */
kith_code kith__ftree_open_zip(const char *path, uint64_t entry_max,
                               const char *const *markers, kith_ftree **out,
                               kith_error *err);
void kith__ftree_close(kith_ftree *t);

/* 1 for a zip archive, 0 for a folder. */
int kith__ftree_is_zip(const kith_ftree *t);
/* The path given to kith__ftree_open (borrowed). */
const char *kith__ftree_path(const kith_ftree *t);
/* 1 if rel ("users.json", "general/2024-03-04.json") is in the tree. */
int kith__ftree_has(const kith_ftree *t, const char *rel);
/* The name of rel for messages: "FOLDER/rel", or "ARCHIVE.zip/ENTRY" with
 * the entry's name as the archive has it (its top folder included). */
void kith__ftree_display(const kith_ftree *t, const char *rel, char *out, size_t n);
/* Bytes of all files (uncompressed), for progress only. */
uint64_t kith__ftree_bytes(const kith_ftree *t);

/* The names of the files directly in folder dir (no sub-folders) that
 * keep accepts, sorted by strcmp. A missing folder has none. *names (and
 * each name) is malloc'ed: free with kith__ftree_names_free. Errors:
 * KITH_EIO, KITH_ENOMEM. O(n log n) in the folder's files (folder); O(log
 * N + n) in the archive's N entries (zip). */
kith_code kith__ftree_list(const kith_ftree *t, const char *dir, kith_ftree_keep_fn keep,
                           char ***names, size_t *n, kith_error *err);
void kith__ftree_names_free(char **names, size_t n);

/* Read rel whole: *data (malloc'ed, caller frees, with a NUL after the
 * *len bytes). Errors: KITH_EIO (cannot open or read: "DISPLAY: ..."),
 * KITH_EINPUT (archive: over the size limit, damaged data), KITH_ENOMEM. */
kith_code kith__ftree_read(kith_ftree *t, const char *rel, char **data, size_t *len,
                           kith_error *err);

/* ---- backends (ftree.c dispatches to them) ---- */

typedef struct kith_ftree_ops {
    int (*has)(const kith_ftree *t, const char *rel);
    void (*display)(const kith_ftree *t, const char *rel, char *out, size_t n);
    kith_code (*list)(const kith_ftree *t, const char *dir, kith_ftree_keep_fn keep,
                      char ***names, size_t *n, kith_error *err);
    kith_code (*read)(kith_ftree *t, const char *rel, char **data, size_t *len,
                      kith_error *err);
    void (*close)(kith_ftree *t);
} kith_ftree_ops;

/* Every backend's handle starts with this. */
struct kith_ftree {
    const kith_ftree_ops *ops;
    int is_zip;
    uint64_t bytes;
    char path[4096];
};

/* A growing list of names, shared by the backends' list. */
kith_code kith__ftree_names_add(char ***names, size_t *n, size_t *cap, const char *name,
                                kith_error *err);

#endif
