/* Login rate limits of kith serve: failed logins counted per account
 * (the email tried) and per client address over a window; past the limit
 * a login is refused (429, Retry-After) without checking the password,
 * until the window that began with the first failure ends. In memory: a
 * restart forgets the counts. The table is bounded (oldest windows go
 * first). */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

#define MAX_KEYS 4096

typedef struct slot {
    char key[280]; /* "a:<email>" or "i:<address>" */
    int64_t start; /* first failure of the window */
    int fails;
} slot;

struct srv_limiter {
    pthread_mutex_t lock;
    int max_account, max_address, window;
    slot s[MAX_KEYS];
    size_t n;
};

srv_limiter *srv_limiter_new(int max_account, int max_address, int window)
{
    srv_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    if (pthread_mutex_init(&l->lock, NULL) != 0) {
        free(l);
        return NULL;
    }
    l->max_account = max_account;
    l->max_address = max_address;
    l->window = window;
    return l;
}

void srv_limiter_free(srv_limiter *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l);
}

static void make_key(char *out, char kind, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n > 270)
        n = 270;
    out[0] = kind;
    out[1] = ':';
    for (size_t i = 0; i < n; i++)
        out[2 + i] = (char)tolower((unsigned char)v[i]);
    out[2 + n] = '\0';
}

static slot *find(srv_limiter *l, const char *key, int64_t now, int create)
{
    size_t oldest = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->s[i].key, key)) {
            if (now - l->s[i].start >= l->window) {
                l->s[i].start = now;
                l->s[i].fails = 0;
            }
            return &l->s[i];
        }
        if (l->s[i].start < l->s[oldest].start)
            oldest = i;
    }
    if (!create)
        return NULL;
    size_t at = l->n < MAX_KEYS ? l->n++ : oldest;
    memcpy(l->s[at].key, key, strlen(key) + 1);
    l->s[at].start = now;
    l->s[at].fails = 0;
    return &l->s[at];
}

/* Seconds until a key at its limit may try again (0: not at it). */
static int wait_of(const srv_limiter *l, const slot *s, int max, int64_t now)
{
    if (!s || s->fails < max)
        return 0;
    int64_t left = s->start + l->window - now;
    return left > 0 ? (int)left : 0;
}

int srv_limiter_check(srv_limiter *l, const char *account, const char *address,
                      int64_t now)
{
    char ka[280], ki[280];
    make_key(ka, 'a', account);
    make_key(ki, 'i', address);
    pthread_mutex_lock(&l->lock);
    int a = wait_of(l, find(l, ka, now, 0), l->max_account, now);
    int i = wait_of(l, find(l, ki, now, 0), l->max_address, now);
    pthread_mutex_unlock(&l->lock);
    return a > i ? a : i;
}

void srv_limiter_failed(srv_limiter *l, const char *account, const char *address,
                        int64_t now)
{
    char ka[280], ki[280];
    make_key(ka, 'a', account);
    make_key(ki, 'i', address);
    pthread_mutex_lock(&l->lock);
    slot *s = find(l, ka, now, 1);
    s->fails++;
    s = find(l, ki, now, 1);
    s->fails++;
    pthread_mutex_unlock(&l->lock);
}

void srv_limiter_succeeded(srv_limiter *l, const char *account)
{
    char ka[280];
    make_key(ka, 'a', account);
    pthread_mutex_lock(&l->lock);
    slot *s = find(l, ka, 0, 0);
    if (s)
        s->fails = 0;
    pthread_mutex_unlock(&l->lock);
}
