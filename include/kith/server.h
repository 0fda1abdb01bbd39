/* kith serve: the HTTP server (libmicrohttpd) with the JSON API under
 * /api/v1, the accounts and the dashboard's static files. The routes,
 * limits and the auth model are in docs/server.md; the API itself in
 * docs/api/openapi.yaml. */
#ifndef KITH_SERVER_H
#define KITH_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_server kith_server;

typedef struct kith_server_opts {
    const char *listen;   /* "HOST:PORT" (port 0: a free one); NULL = 127.0.0.1:8080 */
    const char *db;       /* the database file (must exist); required */
    const char *tls_cert; /* PEM files: HTTPS (and Secure cookies) when both */
    const char *tls_key;  /* are given */
    const char *web_dir;  /* the dashboard's files and manifest.txt; NULL =
                             kith_data_path("web") */
    const char *lexicon;  /* VADER lexicon for the sentiment answers; NULL =
                             the org's setting, else the default */
    unsigned threads;     /* worker threads; 0 = 2 per core, at least 4 */
    unsigned max_connections; /* open connections at most; 0 = 512 */
    unsigned timeout;         /* seconds a connection may be idle; 0 = 30 */
    uint64_t max_upload;      /* bytes of an uploaded file; 0 = 1 GiB */
    int trust_proxy;          /* 1: the client address is the last one in
                                 X-Forwarded-For (behind a reverse proxy) */
    int no_cache;             /* 1: compute every answer (benchmarks) */
    /* Where the server reports problems (a worker that cannot open the
     * database, libmicrohttpd's own errors): one line, no newline. NULL =
     * nowhere. Called from worker threads. */
    void (*log)(void *ud, const char *line);
    void *log_ud;
} kith_server_opts;

/* Open the database, load the dashboard's files and start listening. On
 * success *out is owned by the caller (kith_server_stop). Errors:
 * KITH_EUSAGE (bad listen address, only one of the TLS files),
 * KITH_ENOTFOUND (database, web files or TLS files missing), KITH_EIO
 * (cannot listen: the message says why), KITH_EDB, KITH_ENOMEM. */
KITH_API kith_code kith_server_start(const kith_server_opts *opts, kith_server **out,
                                     kith_error *err);
/* "http://HOST:PORT" (https with TLS), the port being the one bound.
 * Borrowed from s. */
KITH_API const char *kith_server_url(const kith_server *s);
/* Stop accepting connections, let the requests in flight finish (at most
 * grace seconds), stop and release everything. s may be NULL. */
KITH_API void kith_server_stop(kith_server *s, unsigned grace);

/* One route of the API (the table the server dispatches by). */
typedef struct kith_route_info {
    const char *method;  /* GET, POST, PUT or DELETE */
    const char *pattern; /* "/api/v1/members/{id}" */
    const char *role;    /* "public", "viewer", "manager" or "owner" */
    const char *params;  /* query parameters, "name:type" separated by spaces */
    const char *summary;
} kith_route_info;
/* Every route, in table order; *n their number. Static. */
KITH_API const kith_route_info *kith_server_routes(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
