/* Building libmicrohttpd responses: gzip (zlib), ETags, the headers every
 * answer carries, 304 Not Modified. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "server/srv_mhd.h"

int srv_gzip(const char *body, size_t len, int level, char **out, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    *out = NULL;
    *out_len = 0;
    /* windowBits 15 + 16: a gzip wrapper, as Content-Encoding: gzip wants. */
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong cap = deflateBound(&z, (uLong)len);
    char *buf = malloc(cap ? cap : 1);
    int rc = -1;
    if (buf) {
        z.next_in = (Bytef *)(uintptr_t)body;
        z.avail_in = (uInt)len;
        z.next_out = (Bytef *)buf;
        z.avail_out = (uInt)cap;
        if (len <= UINT32_MAX && deflate(&z, Z_FINISH) == Z_STREAM_END) {
            *out = buf;
            *out_len = z.total_out;
            rc = 0;
        } else {
            free(buf);
        }
    }
    deflateEnd(&z);
    return rc;
}

void srv_etag(const char *body, size_t len, char out[48])
{
    unsigned char h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, 48, "\"%s\"", hex);
}

/* Does the Accept-Encoding list admit token (a q=0 excludes it)? */
static int accepts(const char *list, const char *token)
{
    size_t tl = strlen(token);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        size_t name = strcspn(p, ";, ");
        if (name == tl && !strncasecmp(p, token, tl)) {
            const char *q = memchr(p, ';', n);
            if (!q)
                return 1;
            q++;
            while (*q == ' ')
                q++;
            if (strncasecmp(q, "q=", 2))
                return 1;
            return strtod(q + 2, NULL) > 0;
        }
        p += n;
    }
    return 0;
}

int srv_accepts_gzip(struct MHD_Connection *c)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && accepts(ae, "gzip");
}

int srv_etag_matches(struct MHD_Connection *c, const char *etag)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (!inm || !etag)
        return 0;
    if (!strcmp(inm, "*"))
        return 1;
    size_t el = strlen(etag);
    for (const char *p = inm; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!strncmp(p, "W/", 2))
            p += 2;
        size_t n = strcspn(p, ", ");
        if (n == el && !strncmp(p, etag, el))
            return 1;
        p += n;
    }
    return 0;
}

static int common_headers(struct MHD_Response *r, resp_kind kind, int tls)
{
    int ok = 1;
    ok &= MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES;
    ok &= MHD_add_response_header(r, "Referrer-Policy", "no-referrer") == MHD_YES;
    ok &= MHD_add_response_header(r, "X-Frame-Options", "DENY") == MHD_YES;
    ok &= MHD_add_response_header(r, "Cache-Control",
                                  kind == RESP_API ? "no-store" : "private, no-cache") ==
          MHD_YES;
    if (tls)
        ok &= MHD_add_response_header(r, "Strict-Transport-Security",
                                      "max-age=31536000") == MHD_YES;
    return ok;
}

struct MHD_Response *srv_response(const char *body, size_t len, const char *type,
                                  resp_kind kind, const char *etag, int gz, int tls,
                                  int *gz_done)
{
    char *zbuf = NULL;
    size_t zlen = 0;
    int use_gz = gz > 0 && srv_gzip(body, len, gz, &zbuf, &zlen) == 0 && zlen < len;
    if (gz_done)
        *gz_done = use_gz;
    struct MHD_Response *r =
        use_gz ? MHD_create_response_from_buffer(zlen, zbuf, MHD_RESPMEM_MUST_FREE)
               : MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
                                                 MHD_RESPMEM_MUST_COPY);
    if (!r) {
        free(zbuf);
        return NULL;
    }
    if (!use_gz)
        free(zbuf);
    int ok = common_headers(r, kind, tls);
    ok &= MHD_add_response_header(r, "Content-Type", type) == MHD_YES;
    if (use_gz)
        ok &= MHD_add_response_header(r, "Content-Encoding", "gzip") == MHD_YES;
    if (kind != RESP_API || len >= SRV_GZIP_MIN)
        ok &= MHD_add_response_header(r, "Vary", "Accept-Encoding") == MHD_YES;
    if (etag)
        ok &= MHD_add_response_header(r, "ETag", etag) == MHD_YES;
    if (kind == RESP_STATIC && !strncmp(type, "text/html", 9))
        ok &= MHD_add_response_header(
                  r, "Content-Security-Policy",
                  "default-src 'self'; script-src 'self'; style-src 'self'; "
                  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                  "base-uri 'none'; form-action 'self'") == MHD_YES;
    /* Pages the server writes (the report, the login form): no script at
     * all; the report's own <style> element is allowed. */
    else if (!strncmp(type, "text/html", 9))
        ok &= MHD_add_response_header(
                  r, "Content-Security-Policy",
                  "default-src 'none'; style-src 'self' 'unsafe-inline'; "
                  "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                  "form-action 'self'") == MHD_YES;
    if (!ok) {
        MHD_destroy_response(r);
        return NULL;
    }
    return r;
}

enum MHD_Result srv_queue_304(struct MHD_Connection *c, const char *etag, int tls)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    enum MHD_Result rc = MHD_NO;
    if (common_headers(r, RESP_API_CACHED, tls) &&
        MHD_add_response_header(r, "ETag", etag) == MHD_YES &&
        MHD_add_response_header(r, "Vary", "Accept-Encoding") == MHD_YES)
        rc = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
    MHD_destroy_response(r);
    return rc;
}
