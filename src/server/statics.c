/* The dashboard's static files: a fixed set listed in web/manifest.txt
 * ("URL-PATH CONTENT-TYPE FILE" per line), read into memory at start with
 * their gzip'ed form and ETag. A request is answered only when its path is
 * one of the listed URL paths, exactly: a path is never joined to a
 * folder, so "..", encoded slashes and the like find nothing (404). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server/srv_mhd.h"

#define MAX_FILES 256
#define MAX_FILE_BYTES (16u << 20)

typedef struct sfile {
    char *url;
    char etag[48];
    struct MHD_Response *plain, *gz;
} sfile;

struct srv_statics {
    sfile f[MAX_FILES];
    size_t n;
};

void srv_statics_free(srv_statics *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->f[i].url);
        MHD_destroy_response(s->f[i].plain);
        if (s->f[i].gz)
            MHD_destroy_response(s->f[i].gz);
    }
    free(s);
}

static kith_code read_all(const char *path, char **out, size_t *len, kith_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "%s: cannot read the dashboard file: %s (install kith with "
                              "cmake --install, run scripts/setup.sh, or set "
                              "KITH_DATA_DIR)",
                              path, strerror(errno));
    struct stat sb;
    kith_code rc = KITH_OK;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 || sb.st_size > MAX_FILE_BYTES) {
        rc = kith_error_set(err, KITH_EINPUT, "%s: not a file of at most 16 MiB", path);
    } else {
        char *b = malloc((size_t)sb.st_size + 1);
        if (!b)
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        else if (fread(b, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
            free(b);
            rc = kith_error_set(err, KITH_EIO, "%s: read error", path);
        } else {
            *out = b;
            *len = (size_t)sb.st_size;
        }
    }
    fclose(f);
    return rc;
}

/* A manifest field may not climb out of its folder or be absolute. */
static int safe_rel(const char *p)
{
    if (!*p || p[0] == '/' || strstr(p, "\\"))
        return 0;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if ((n == 2 && !strncmp(s, "..", 2)) || (n == 1 && s[0] == '.') || n == 0)
            return 0;
        s += n;
        if (*s == '/')
            s++;
    }
    return 1;
}

/* The file of a manifest entry. */
static kith_code file_path(const char *web_dir, const char *rel, char *out, size_t n,
                           kith_error *err)
{
    if (web_dir) {
        if ((size_t)snprintf(out, n, "%s/%s", web_dir, rel) >= n)
            return kith_error_set(err, KITH_EUSAGE, "path too long: %s/%s", web_dir, rel);
        return KITH_OK;
    }
    char name[1024];
    snprintf(name, sizeof name, "web/%s", rel);
    return kith_data_path(name, out, n, err);
}

static kith_code add_file(srv_statics *s, const char *web_dir, const char *url,
                          const char *type, const char *rel, int tls, kith_error *err)
{
    char path[4096];
    char *body = NULL;
    size_t len = 0;
    kith_code rc = file_path(web_dir, rel, path, sizeof path, err);
    if (rc == KITH_OK)
        rc = read_all(path, &body, &len, err);
    if (rc != KITH_OK)
        return rc;
    sfile f;
    memset(&f, 0, sizeof f);
    srv_etag(body, len, f.etag);
    int used = 0;
    f.url = strdup(url);
    f.plain = srv_response(body, len, type, RESP_STATIC, f.etag, 0, tls, NULL);
    f.gz = len >= SRV_GZIP_MIN ? srv_response(body, len, type, RESP_STATIC, f.etag,
                                              SRV_GZ_KEPT, tls, &used)
                               : NULL;
    if (f.gz && !used) {
        MHD_destroy_response(f.gz);
        f.gz = NULL;
    }
    free(body);
    if (!f.url || !f.plain) {
        free(f.url);
        if (f.plain)
            MHD_destroy_response(f.plain);
        if (f.gz)
            MHD_destroy_response(f.gz);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    /* Only a complete entry joins the set. */
    s->f[s->n++] = f;
    return KITH_OK;
}

kith_code srv_statics_load(const char *web_dir, int tls, srv_statics **out,
                           kith_error *err)
{
    char mpath[4096];
    *out = NULL;
    kith_code rc = file_path(web_dir, "manifest.txt", mpath, sizeof mpath, err);
    if (rc != KITH_OK)
        return rc;
    FILE *m = fopen(mpath, "r");
    if (!m)
        return kith_error_set(
            err, KITH_ENOTFOUND,
            "%s: cannot read the dashboard's manifest: %s (install kith "
            "with cmake --install, or set KITH_DATA_DIR)",
            mpath, strerror(errno));
    srv_statics *s = calloc(1, sizeof *s);
    if (!s) {
        fclose(m);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    char line[2048];
    long lineno = 0;
    while (rc == KITH_OK && fgets(line, sizeof line, m)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char url[512], type[128], rel[1024];
        if (line[0] == '#' || strspn(line, " \t") == strlen(line))
            continue;
        if (sscanf(line, "%511s %127s %1023s", url, type, rel) != 3 || url[0] != '/' ||
            strstr(url, "..") || !safe_rel(rel) || !strchr(type, '/'))
            rc = kith_error_set_at(err, KITH_EINPUT, mpath, lineno,
                                   "expected 'URL-PATH CONTENT-TYPE FILE' with a path "
                                   "starting with / and a FILE inside the folder");
        else if (s->n == MAX_FILES)
            rc = kith_error_set_at(err, KITH_EINPUT, mpath, lineno, "more than %d files",
                                   MAX_FILES);
        else if (srv_statics_find(s, url, 0, NULL))
            rc = kith_error_set_at(err, KITH_EINPUT, mpath, lineno, "%s listed twice",
                                   url);
        else {
            char full[160];
            /* Text types say their encoding. */
            snprintf(full, sizeof full, "%s%s", type,
                     !strncmp(type, "text/", 5) || strstr(type, "javascript") ||
                             strstr(type, "json") || strstr(type, "svg")
                         ? "; charset=utf-8"
                         : "");
            rc = add_file(s, web_dir, url, full, rel, tls, err);
        }
    }
    fclose(m);
    if (rc != KITH_OK) {
        srv_statics_free(s);
        return rc;
    }
    *out = s;
    return KITH_OK;
}

struct MHD_Response *srv_statics_find(const srv_statics *s, const char *path, int gz,
                                      const char **etag)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (!strcmp(s->f[i].url, path)) {
            if (etag)
                *etag = s->f[i].etag;
            return gz && s->f[i].gz ? s->f[i].gz : s->f[i].plain;
        }
    return NULL;
}
