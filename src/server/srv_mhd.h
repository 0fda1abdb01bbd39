/* The parts of kith serve that deal with libmicrohttpd objects: building
 * responses (gzip, headers), the answer cache, the static files and
 * uploads. Included by src/server/ files only; microhttpd.h stays here. */
#ifndef KITH_SERVER_SRV_MHD_H
#define KITH_SERVER_SRV_MHD_H

#include <microhttpd.h>
#include <stdint.h>

#include "core/buf.h"
#include "server/srv.h"

/* ------------------------------------------------------------ responses */

/* Kinds of answers, for their headers. */
typedef enum { RESP_API, RESP_API_CACHED, RESP_STATIC } resp_kind;

/* A response for body[0..len) (copied) of content type type, gzip'ed
 * first when gz > 0, at that zlib level (the caller checked the client
 * accepts it and the body is worth it; *gz_done says whether it was
 * smaller and used). Answers kept for many requests (cache, static files)
 * use SRV_GZ_KEPT, answers made for one request SRV_GZ_ONCE. etag may be
 * NULL. tls adds Strict-Transport-Security. NULL when out of memory. */
struct MHD_Response *srv_response(const char *body, size_t len, const char *type,
                                  resp_kind kind, const char *etag, int gz, int tls,
                                  int *gz_done);
/* body gzip'ed at zlib level (1..9) into *out (malloc'ed): 0, or -1
 * (memory, zlib). */
int srv_gzip(const char *body, size_t len, int level, char **out, size_t *out_len);
/* Levels: a kept answer is compressed once, so hard; one made for a
 * single request fast (level 1 costs about a third of level 6 and gives
 * answers some 15% larger). */
#define SRV_GZ_KEPT 9
#define SRV_GZ_ONCE 1
/* The strong ETag of body: a quoted hash. */
void srv_etag(const char *body, size_t len, char out[48]);
/* 1 when the request's Accept-Encoding admits gzip (and not as q=0). */
int srv_accepts_gzip(struct MHD_Connection *c);
/* 1 when If-None-Match names etag (or is *). */
int srv_etag_matches(struct MHD_Connection *c, const char *etag);
/* Queue a 304 Not Modified with the ETag. */
enum MHD_Result srv_queue_304(struct MHD_Connection *c, const char *etag, int tls);

/* Answers above this size are gzip'ed for clients that accept it. */
#define SRV_GZIP_MIN 1024

/* ------------------------------------------------------------ cache */

typedef struct srv_cache srv_cache;
srv_cache *srv_cache_new(size_t max_entries, size_t max_bytes);
void srv_cache_free(srv_cache *c);
/* Answer the request from the cache when key holds revision rev: queue
 * the cached response (gzip'ed when gz), or 304 when If-None-Match names
 * it. 1 served, 0 not there, -1 failed to queue. */
int srv_cache_serve(srv_cache *c, const char *key, int64_t rev, int gz,
                    struct MHD_Connection *conn, int tls);
/* Keep body (of content type type; NULL = JSON) as the answer for key at
 * revision rev (replacing an older one); its ETag into etag. The request that computed it
 * is answered by the caller (X-Kith-Cache: miss; answers from the cache say hit). 0, or
 * -1 when out of memory. */
int srv_cache_put(srv_cache *c, const char *key, int64_t rev, const char *body,
                  size_t len, const char *type, int tls, char etag[48]);

/* ------------------------------------------------------------ static files */

typedef struct srv_statics srv_statics;
/* Load the files the manifest web_dir/manifest.txt lists (or, with
 * web_dir NULL, the installed "web/" files through kith_data_path).
 * Errors: KITH_ENOTFOUND (manifest or a listed file missing), KITH_EINPUT
 * (a malformed manifest line: "manifest.txt:LINE: why"), KITH_ENOMEM. */
kith_code srv_statics_load(const char *web_dir, int tls, srv_statics **out,
                           kith_error *err);
void srv_statics_free(srv_statics *s);
/* The prepared response for path (exact match), or NULL; *etag its ETag. */
struct MHD_Response *srv_statics_find(const srv_statics *s, const char *path, int gz,
                                      const char **etag);

/* ------------------------------------------------------------ uploads */

/* An upload in progress: the raw body or one multipart field "file",
 * written to a temporary file under $TMPDIR in a folder of its own. */
typedef struct srv_upload {
    struct MHD_PostProcessor *pp;
    FILE *f;
    char dir[512];
    char path[768];
    char name[128];
    uint64_t bytes, max;
    int too_big, failed, got_file, multipart;
    char why[160];
} srv_upload;

/* Start: multipart when the Content-Type says so (the part's file name is
 * used when name_hint is NULL). 0, or -1 with why (a 400 or 500). */
int srv_upload_begin(srv_upload *u, struct MHD_Connection *c, const char *name_hint,
                     uint64_t max);
/* More body bytes. */
void srv_upload_data(srv_upload *u, const char *data, size_t size);
/* The body is complete: 0 with u->path holding the file, or -1 with the
 * status to answer (400 truncated or no file, 413 too big, 500). */
int srv_upload_end(srv_upload *u, int *status);
/* Remove the file and its folder. */
void srv_upload_cleanup(srv_upload *u);

/* ------------------------------------------------------------ forms */

/* A plain HTML form's body being decoded into into (form.c). */
typedef struct srv_form {
    struct MHD_PostProcessor *pp;
    srv_args *into;
    char *key;    /* the field being read */
    kith_buf val; /* and its value so far */
    size_t bytes;
    int too_big, failed;
} srv_form;

/* Start: 0, or -1 when the body is not x-www-form-urlencoded (a 415). */
int srv_form_begin(srv_form *f, struct MHD_Connection *c, srv_args *into);
/* More body bytes. */
void srv_form_data(srv_form *f, const char *data, size_t size);
/* The body is complete: 0, or -1 with the status to answer (400, 413). */
int srv_form_end(srv_form *f, int *status);
void srv_form_cleanup(srv_form *f);

#endif
