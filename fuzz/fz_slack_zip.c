/* Fuzz target for the slack import of a zipped export. An input that
 * starts with "PK" is the archive itself (libzip's parsing, the entry
 * checks, the size limits); any other is a list of files, NAME NUL CONTENT
 * NUL ..., that the target zips with libzip first, so that mutations reach
 * the names, shapes and contents behind a valid archive (top folder choice,
 * unsafe or repeated names, the adapter) instead of failing CRC checks.
 * Either way the result is written to export.zip and imported. Checks: no
 * crash or sanitizer report, no internal or database error, and a refused
 * import changes nothing (fuzz_store.h). The corpus fuzz/corpus/slack_zip
 * holds small valid exports of both kinds (files at the top, in one top
 * folder with directory entries) and an empty archive. */
#include <stdint.h>
#include <zip.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Zip the NAME NUL CONTENT NUL records of data into path; 0 on success. */
static int zip_records(const char *path, const uint8_t *data, size_t size)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za)
        return -1;
    size_t at = 0;
    while (at < size) {
        const uint8_t *name = data + at;
        const uint8_t *nul = memchr(name, 0, size - at);
        if (!nul)
            break;
        at = (size_t)(nul - data) + 1;
        const uint8_t *body = data + at;
        const uint8_t *end = memchr(body, 0, size - at);
        size_t blen = end ? (size_t)(end - body) : size - at;
        at += blen + 1;
        zip_source_t *src = zip_source_buffer(za, body, blen, 0);
        if (!src)
            break;
        /* A name ending in '/' is a directory entry. */
        size_t nlen = (size_t)(nul - name);
        zip_int64_t rc =
            nlen && name[nlen - 1] == '/'
                ? zip_dir_add(za, (const char *)name, ZIP_FL_ENC_UTF_8)
                : zip_file_add(za, (const char *)name, src, ZIP_FL_ENC_UTF_8);
        if (rc < 0 || (nlen && name[nlen - 1] == '/'))
            zip_source_free(src);
    }
    if (zip_close(za) != 0) {
        zip_discard(za);
        return -1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_store *fs = fuzz_store_get();
    char p[192];
    snprintf(p, sizeof p, "%s/export.zip", fs->dir);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        fuzz_write(p, data, size);
    else if (zip_records(p, data, size) != 0)
        return 0;
    fuzz_import(fs, "slack", p);
    return 0;
}
