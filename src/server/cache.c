/* The answer cache of kith serve: the bodies of SRV_CACHED routes keyed
 * by route, org, role and query, valid while the store's revision is the
 * one they were computed at (kith_store_revision). Each entry holds the
 * prepared responses (plain and gzip'ed) that libmicrohttpd sends to many
 * connections at once; a hit costs a lookup under a mutex. Least recently
 * used entries go first when the count or the bytes run over. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv_mhd.h"

typedef struct entry {
    char *key;
    uint64_t hash;
    int64_t rev;
    struct MHD_Response *plain, *gz; /* gz NULL when not smaller */
    char etag[48];
    size_t bytes;
    uint64_t used;
} entry;

struct srv_cache {
    pthread_mutex_t lock;
    entry *e;
    size_t n, max, bytes, max_bytes;
    uint64_t clock;
};

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

srv_cache *srv_cache_new(size_t max_entries, size_t max_bytes)
{
    srv_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->e = calloc(max_entries ? max_entries : 1, sizeof *c->e);
    if (!c->e || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->e);
        free(c);
        return NULL;
    }
    c->max = max_entries ? max_entries : 1;
    c->max_bytes = max_bytes;
    return c;
}

static void drop(srv_cache *c, size_t i)
{
    entry *x = &c->e[i];
    /* libmicrohttpd frees a response once the last connection sending it
     * is done: destroying here only gives up the cache's reference. */
    MHD_destroy_response(x->plain);
    if (x->gz)
        MHD_destroy_response(x->gz);
    free(x->key);
    c->bytes -= x->bytes;
    c->e[i] = c->e[--c->n];
}

void srv_cache_free(srv_cache *c)
{
    if (!c)
        return;
    while (c->n)
        drop(c, c->n - 1);
    pthread_mutex_destroy(&c->lock);
    free(c->e);
    free(c);
}

static long find(srv_cache *c, const char *key, uint64_t h)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].hash == h && !strcmp(c->e[i].key, key))
            return (long)i;
    return -1;
}

/* Answer from entry x (under the lock: the responses stay alive). */
static int serve(entry *x, int gz, struct MHD_Connection *conn, int tls)
{
    if (srv_etag_matches(conn, x->etag))
        return srv_queue_304(conn, x->etag, tls) == MHD_YES ? 1 : -1;
    struct MHD_Response *r = gz && x->gz ? x->gz : x->plain;
    return MHD_queue_response(conn, MHD_HTTP_OK, r) == MHD_YES ? 1 : -1;
}

int srv_cache_serve(srv_cache *c, const char *key, int64_t rev, int gz,
                    struct MHD_Connection *conn, int tls)
{
    uint64_t h = hash_key(key);
    int rc = 0;
    pthread_mutex_lock(&c->lock);
    long i = find(c, key, h);
    if (i >= 0 && c->e[i].rev == rev) {
        c->e[i].used = ++c->clock;
        rc = serve(&c->e[i], gz, conn, tls);
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int srv_cache_put(srv_cache *c, const char *key, int64_t rev, const char *body,
                  size_t len, const char *type, int tls, char etag[48])
{
    if (!type)
        type = "application/json; charset=utf-8";
    entry x;
    memset(&x, 0, sizeof x);
    x.key = strdup(key);
    x.hash = hash_key(key);
    x.rev = rev;
    srv_etag(body, len, x.etag);
    memcpy(etag, x.etag, sizeof x.etag);
    int used_gz = 0;
    x.plain = srv_response(body, len, type, RESP_API_CACHED, x.etag, 0, tls, NULL);
    if (len >= SRV_GZIP_MIN) {
        x.gz = srv_response(body, len, type, RESP_API_CACHED, x.etag, SRV_GZ_KEPT, tls,
                            &used_gz);
        if (x.gz && !used_gz) {
            MHD_destroy_response(x.gz);
            x.gz = NULL;
        }
    }
    /* Every answer from the cache says so (the tests read it). */
    int ok = x.key && x.plain &&
             MHD_add_response_header(x.plain, "X-Kith-Cache", "hit") == MHD_YES &&
             (!x.gz || MHD_add_response_header(x.gz, "X-Kith-Cache", "hit") == MHD_YES);
    if (!ok) {
        free(x.key);
        if (x.plain)
            MHD_destroy_response(x.plain);
        if (x.gz)
            MHD_destroy_response(x.gz);
        return -1;
    }
    x.bytes = len * 2 + strlen(key) + sizeof x;
    pthread_mutex_lock(&c->lock);
    long i = find(c, key, x.hash);
    if (i >= 0)
        drop(c, (size_t)i);
    while (c->n && (c->n >= c->max || c->bytes + x.bytes > c->max_bytes)) {
        size_t old = 0;
        for (size_t k = 1; k < c->n; k++)
            if (c->e[k].used < c->e[old].used)
                old = k;
        drop(c, old);
    }
    x.used = ++c->clock;
    c->e[c->n++] = x;
    c->bytes += x.bytes;
    pthread_mutex_unlock(&c->lock);
    return 0;
}
