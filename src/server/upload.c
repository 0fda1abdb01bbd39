/* Uploads of kith serve: the body of POST /api/v1/imports/{format}, raw
 * or as the field "file" of a multipart/form-data form (libmicrohttpd's
 * post processor parses the form), written to a file of its own in a
 * fresh folder under $TMPDIR (the importers read paths). The file keeps
 * the client's name, cleaned, so that the import history and the default
 * source read as they would for 'kith import FORMAT NAME'. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/timeparse.h"
#include "server/srv_mhd.h"

/* name's last path component with only [A-Za-z0-9._ -] kept (others
 * become _), no leading dot, at most 100 bytes; "upload" when empty. */
static void clean_name(const char *name, char out[128])
{
    const char *base = name ? name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0;
    for (const char *p = base; *p && n < 100; p++) {
        unsigned char c = (unsigned char)*p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == ' ';
        if (n == 0 && (c == '.' || c == ' '))
            continue;
        out[n++] = (char)(ok ? c : '_');
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    if (!n)
        snprintf(out, 128, "upload");
}

static int open_file(srv_upload *u)
{
    if (u->f || u->path[0])
        return 0;
    snprintf(u->path, sizeof u->path, "%s/%s", u->dir, u->name);
    u->f = fopen(u->path, "wb");
    if (!u->f) {
        u->path[0] = '\0';
        u->failed = 1;
        snprintf(u->why, sizeof u->why, "cannot write the upload: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static void write_bytes(srv_upload *u, const char *data, size_t size)
{
    if (u->failed || u->too_big)
        return;
    u->bytes += size;
    if (u->bytes > u->max) {
        u->too_big = 1;
        return;
    }
    if (open_file(u) == 0 && size && fwrite(data, 1, size, u->f) != size) {
        u->failed = 1;
        snprintf(u->why, sizeof u->why, "cannot write the upload: %s", strerror(errno));
    }
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
    srv_upload *u = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    (void)off;
    if (!key || strcmp(key, "file") != 0)
        return MHD_YES; /* other fields are ignored */
    if (!u->got_file) {
        u->got_file = 1;
        if (!u->name[0])
            clean_name(filename, u->name);
    }
    write_bytes(u, data, size);
    return MHD_YES;
}

int srv_upload_begin(srv_upload *u, struct MHD_Connection *c, const char *name_hint,
                     uint64_t max)
{
    memset(u, 0, sizeof *u);
    u->max = max;
    if (name_hint)
        clean_name(name_hint, u->name);
    char tmp[1024]; /* read under the lock of the TZ switches (core/timeparse.h) */
    kith__env_get("TMPDIR", tmp, sizeof tmp);
    snprintf(u->dir, sizeof u->dir, "%s/kith-upload-XXXXXX", tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(u->dir)) {
        u->dir[0] = '\0';
        snprintf(u->why, sizeof u->why, "cannot make a folder for the upload: %s",
                 strerror(errno));
        return -1;
    }
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
        u->multipart = 1;
        u->pp = MHD_create_post_processor(c, (size_t)64 * 1024, on_field, u);
        if (!u->pp) {
            snprintf(u->why, sizeof u->why, "a multipart form needs its boundary");
            return -1;
        }
        return 0;
    }
    if (!u->name[0])
        clean_name(NULL, u->name);
    return open_file(u);
}

void srv_upload_data(srv_upload *u, const char *data, size_t size)
{
    if (u->pp) {
        if (!u->failed && !u->too_big && MHD_post_process(u->pp, data, size) != MHD_YES &&
            !u->failed) {
            u->failed = 2;
            snprintf(u->why, sizeof u->why, "a malformed multipart form");
        }
        return;
    }
    write_bytes(u, data, size);
}

int srv_upload_end(srv_upload *u, int *status)
{
    *status = 0;
    if (u->pp) {
        /* MHD_NO: the form ended before its closing boundary. */
        if (MHD_destroy_post_processor(u->pp) != MHD_YES && !u->failed && !u->too_big) {
            u->failed = 2;
            snprintf(u->why, sizeof u->why,
                     "the upload is truncated: the multipart form has no closing "
                     "boundary");
        }
        u->pp = NULL;
        if (!u->failed && !u->too_big && !u->got_file) {
            u->failed = 2;
            snprintf(u->why, sizeof u->why, "the form has no field named 'file'");
        }
    }
    if (u->f && fclose(u->f) != 0 && !u->failed) {
        u->failed = 1;
        snprintf(u->why, sizeof u->why, "cannot write the upload: %s", strerror(errno));
    }
    u->f = NULL;
    if (u->too_big)
        *status = 413;
    else if (u->failed)
        *status = u->failed == 2 ? 400 : 500;
    else if (!u->path[0] && open_file(u) != 0) /* an empty body: an empty file */
        *status = 500;
    if (u->f) {
        fclose(u->f);
        u->f = NULL;
    }
    return *status ? -1 : 0;
}

void srv_upload_cleanup(srv_upload *u)
{
    if (u->pp) {
        MHD_destroy_post_processor(u->pp);
        u->pp = NULL;
    }
    if (u->f) {
        fclose(u->f);
        u->f = NULL;
    }
    if (u->path[0])
        unlink(u->path);
    if (u->dir[0])
        rmdir(u->dir);
    u->path[0] = u->dir[0] = '\0';
}
