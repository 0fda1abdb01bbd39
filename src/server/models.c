/* The models a member profile reads (the network, the CLV and the churn
 * models), kept per organisation and data version: a profile would
 * otherwise build the graph and fit both models again for every member
 * opened (seconds each; tests/api/data.py compares the profile with the
 * CLI's).
 *
 * A small table of slots, one per organisation, each holding the models
 * of one store revision with a reference count: a request keeps its
 * models while a newer revision replaces them in the slot. Builds are
 * serialised by their own lock, so that a second request for the same
 * revision waits for the first build instead of repeating it, while
 * requests for models already built are never held up by a build. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/churn.h"
#include "kith/clv.h"
#include "kith/graph.h"
#include "server/srv.h"

#define SLOTS 8

struct srv_models_cache {
    pthread_mutex_t lock;  /* the slots and the reference counts */
    pthread_mutex_t build; /* one build at a time */
    srv_models *slot[SLOTS];
    unsigned next; /* the slot replaced when all are taken */
};

srv_models_cache *srv_models_cache_new(void)
{
    srv_models_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    pthread_mutex_init(&c->build, NULL);
    return c;
}

static void models_free(srv_models *m)
{
    if (!m)
        return;
    kith_graph_free(m->graph);
    kith_clv_close(m->clv);
    kith_churn_close(m->churn);
    free(m);
}

void srv_models_cache_free(srv_models_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < SLOTS; i++)
        models_free(c->slot[i]);
    pthread_mutex_destroy(&c->lock);
    pthread_mutex_destroy(&c->build);
    free(c);
}

/* With c->lock held: the slot's models for (org, rev) with a reference
 * taken, or NULL. */
static srv_models *hit(srv_models_cache *c, int64_t org, int64_t rev)
{
    for (int i = 0; i < SLOTS; i++)
        if (c->slot[i] && c->slot[i]->org == org && c->slot[i]->rev == rev) {
            c->slot[i]->refs++;
            return c->slot[i];
        }
    return NULL;
}

static int fatal(kith_code rc)
{
    return rc == KITH_ENOMEM || rc == KITH_EDB || rc == KITH_EINTERNAL;
}

/* Build the three models; a model that cannot be made for want of data
 * keeps its reason. Returns KITH_OK or a fatal code (err set). */
static kith_code build(kith_store *st, int64_t org, srv_models *m, kith_error *err)
{
    kith_error local;
    kith_error_clear(&local);
    kith_code rc = kith_graph_build(st, org, NULL, &m->graph, &local);
    if (fatal(rc))
        goto fail;
    if (rc != KITH_OK && rc != KITH_ENODATA)
        snprintf(m->graph_why, sizeof m->graph_why, "%s", local.msg);
    kith_error_clear(&local);
    rc = kith_clv_open(st, org, NULL, &m->clv, &local);
    if (rc == KITH_ENOMEM || rc == KITH_EDB)
        goto fail;
    if (rc != KITH_OK)
        snprintf(m->clv_why, sizeof m->clv_why, "%s", local.msg);
    kith_error_clear(&local);
    rc = kith_churn_open(st, org, NULL, &m->churn, &local);
    if (rc == KITH_ENOMEM || rc == KITH_EDB)
        goto fail;
    if (rc != KITH_OK)
        snprintf(m->churn_why, sizeof m->churn_why, "%s", local.msg);
    return KITH_OK;
fail:
    if (err)
        *err = local;
    return rc;
}

kith_code srv_models_get(srv_models_cache *c, kith_store *st, int64_t org, int64_t rev,
                         srv_models **out, kith_error *err)
{
    *out = NULL;
    pthread_mutex_lock(&c->lock);
    srv_models *m = hit(c, org, rev);
    pthread_mutex_unlock(&c->lock);
    if (m) {
        *out = m;
        return KITH_OK;
    }
    pthread_mutex_lock(&c->build);
    pthread_mutex_lock(&c->lock);
    m = hit(c, org, rev); /* built while this request waited */
    pthread_mutex_unlock(&c->lock);
    kith_code rc = KITH_OK;
    int fresh = 0;
    if (!m) {
        m = calloc(1, sizeof *m);
        rc = m ? build(st, org, m, err)
               : kith_error_set(err, KITH_ENOMEM, "out of memory");
        if (rc != KITH_OK) {
            models_free(m);
            m = NULL;
        }
        fresh = m != NULL;
    }
    if (fresh) { /* into the organisation's slot */
        m->org = org;
        m->rev = rev;
        m->refs = 2; /* the slot's and the caller's */
        pthread_mutex_lock(&c->lock);
        int at = -1;
        for (int i = 0; i < SLOTS && at < 0; i++)
            if (c->slot[i] && c->slot[i]->org == org)
                at = i;
        for (int i = 0; i < SLOTS && at < 0; i++)
            if (!c->slot[i])
                at = i;
        if (at < 0)
            at = (int)(c->next++ % SLOTS);
        srv_models *old = c->slot[at];
        c->slot[at] = m;
        if (old && --old->refs == 0)
            models_free(old);
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_unlock(&c->build);
    *out = m;
    return rc;
}

void srv_models_release(srv_models_cache *c, srv_models *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&c->lock);
    int last = --m->refs == 0;
    pthread_mutex_unlock(&c->lock);
    if (last)
        models_free(m);
}
