/* The measures of the graph, all computed by igraph (docs/graph.md
 * "Measures"): degree and strength and PageRank (PRPACK) on the directed
 * graph; betweenness (distance = 1/weight), Burt's constraint, coreness and
 * Leiden communities (modularity objective) on the undirected graph whose
 * tie weights sum both directions; weak components, reciprocity and
 * density. igraph's errors come back as codes (never abort) and become
 * KITH_EINTERNAL / KITH_ENOMEM naming the step. */
#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

/* libgomp, igraph's OpenMP runtime: PRPACK's PageRank runs an OpenMP
 * loop whose threads spin on a busy machine (0.3-0.6 s on 2 cores against
 * 2 ms on one thread, VALIDATION.md); kith runs it on one thread. */
void omp_set_num_threads(int n);
int omp_get_max_threads(void);

#define LEIDEN_MAX_ITER 100
#define LEIDEN_BETA 0.01

void kith__graph_igraph_setup(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

/* KITH_OK, or the error of igraph code e in step. */
static kith_code ig(kith_error *err, const char *step, igraph_error_t e)
{
    if (e == IGRAPH_SUCCESS)
        return KITH_OK;
    if (e == IGRAPH_ENOMEM)
        return kith_error_set(err, KITH_ENOMEM, "out of memory (igraph, %s)", step);
    kith_error_set(err, KITH_EINTERNAL, "igraph failed in %s: %s", step,
                   igraph_strerror(e));
    if (err)
        err->cause = (int)e;
    return KITH_EINTERNAL;
}

/* The graphs and vectors of one analysis; every member is initialised
 * (empty) before any igraph call, so cleanup is unconditional. */
typedef struct work {
    igraph_t gd, gu;
    int has_gd, has_gu;
    igraph_vector_int_t edges, memb, best, prev, csize, sample;
    igraph_vector_t wd, wu, dist, nodew, res;
    int inited;
} work;

static kith_code work_init(work *w, kith_error *err)
{
    memset(w, 0, sizeof *w);
    igraph_vector_int_t *vi[] = {&w->edges, &w->memb,  &w->best,
                                 &w->prev,  &w->csize, &w->sample};
    igraph_vector_t *vr[] = {&w->wd, &w->wu, &w->dist, &w->nodew, &w->res};
    for (size_t i = 0; i < sizeof vi / sizeof vi[0]; i++)
        if (igraph_vector_int_init(vi[i], 0) != IGRAPH_SUCCESS)
            return ig(err, "init", IGRAPH_ENOMEM);
        else
            w->inited++;
    for (size_t i = 0; i < sizeof vr / sizeof vr[0]; i++)
        if (igraph_vector_init(vr[i], 0) != IGRAPH_SUCCESS)
            return ig(err, "init", IGRAPH_ENOMEM);
        else
            w->inited++;
    return KITH_OK;
}

static void work_free(work *w)
{
    igraph_vector_int_t *vi[] = {&w->edges, &w->memb,  &w->best,
                                 &w->prev,  &w->csize, &w->sample};
    igraph_vector_t *vr[] = {&w->wd, &w->wu, &w->dist, &w->nodew, &w->res};
    int k = 0;
    for (size_t i = 0; i < sizeof vi / sizeof vi[0] && k < w->inited; i++, k++)
        igraph_vector_int_destroy(vi[i]);
    for (size_t i = 0; i < sizeof vr / sizeof vr[0] && k < w->inited; i++, k++)
        igraph_vector_destroy(vr[i]);
    if (w->has_gd)
        igraph_destroy(&w->gd);
    if (w->has_gu)
        igraph_destroy(&w->gu);
}

/* An igraph graph over n nodes from an edge list, and its weights. */
static kith_code make_graph(work *w, igraph_t *gr, int *has, const kith__edges *e,
                            size_t n, int directed, igraph_vector_t *weights,
                            kith_error *err)
{
    kith_code rc = ig(err, "resize",
                      igraph_vector_int_resize(&w->edges, 2 * (igraph_integer_t)e->n));
    if (rc == KITH_OK)
        rc = ig(err, "resize", igraph_vector_resize(weights, (igraph_integer_t)e->n));
    if (rc != KITH_OK)
        return rc;
    for (size_t i = 0; i < e->n; i++) {
        VECTOR(w->edges)[2 * i] = e->a[i];
        VECTOR(w->edges)[2 * i + 1] = e->b[i];
        VECTOR(*weights)[i] = e->w[i];
    }
    rc = ig(err, "create", igraph_create(gr, &w->edges, (igraph_integer_t)n, directed));
    if (rc == KITH_OK)
        *has = 1;
    return rc;
}

/* Leiden with the modularity objective on the undirected graph: node
 * weights = strengths, resolution parameter gamma / (2 W). Each of `runs`
 * runs is seeded (seed = run + 1) and iterated until the partition stops
 * changing (one iteration per call: igraph 0.10.2's n_iterations = -1
 * stops after one, its issue 2798). The run of highest modularity (at
 * gamma) is kept in w->best; ties keep the earlier run. */
static kith_code leiden(kith_graph *g, work *w, double gamma, int runs, kith_error *err)
{
    double total = 0;
    for (size_t i = 0; i < g->u.n; i++)
        total += g->u.w[i];
    kith_code rc =
        ig(err, "strength",
           igraph_strength(&w->gu, &w->nodew, igraph_vss_all(), IGRAPH_ALL, 1, &w->wu));
    double bestq = -INFINITY;
    for (int r = 0; r < runs && rc == KITH_OK; r++) {
        igraph_integer_t nb = 0;
        igraph_real_t q = 0;
        rc = ig(err, "seed", igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)r + 1));
        if (rc == KITH_OK)
            rc =
                ig(err, "leiden",
                   igraph_community_leiden(&w->gu, &w->wu, &w->nodew, gamma / (2 * total),
                                           LEIDEN_BETA, 0, 1, &w->memb, &nb, &q));
        int it = 1;
        while (rc == KITH_OK && it < LEIDEN_MAX_ITER) {
            rc = ig(err, "copy", igraph_vector_int_update(&w->prev, &w->memb));
            if (rc == KITH_OK)
                rc = ig(err, "leiden",
                        igraph_community_leiden(&w->gu, &w->wu, &w->nodew,
                                                gamma / (2 * total), LEIDEN_BETA, 1, 1,
                                                &w->memb, &nb, &q));
            it++;
            if (rc == KITH_OK && igraph_vector_int_all_e(&w->prev, &w->memb))
                break;
        }
        if (rc == KITH_OK)
            rc = ig(err, "modularity",
                    igraph_modularity(&w->gu, &w->memb, &w->wu, gamma, 0, &q));
        if (rc == KITH_OK && q > bestq) {
            bestq = q;
            g->s.best_run = r;
            g->s.iterations = it;
            rc = ig(err, "copy", igraph_vector_int_update(&w->best, &w->memb));
        }
    }
    g->s.runs = runs;
    igraph_real_t q1 = 0;
    if (rc == KITH_OK)
        rc = ig(err, "modularity",
                igraph_modularity(&w->gu, &w->best, &w->wu, 1.0, 0, &q1));
    g->s.modularity = q1;
    for (size_t i = 0; rc == KITH_OK && i < g->n; i++)
        g->community[i] = VECTOR(w->best)[i];
    return rc;
}

/* Betweenness on the undirected graph, distance = 1 / weight: exact when
 * nodes x ties <= exact_work (or exact_work < 0), else estimated from
 * `sources` sources sampled uniformly without replacement (seed 1):
 * their dependencies summed, times n / sources (Brandes & Pich 2007). */
static kith_code betweenness(kith_graph *g, work *w, const kith__graph_params *p,
                             kith_error *err)
{
    kith_code rc =
        ig(err, "resize", igraph_vector_resize(&w->dist, (igraph_integer_t)g->u.n));
    for (size_t i = 0; rc == KITH_OK && i < g->u.n; i++)
        VECTOR(w->dist)[i] = 1.0 / g->u.w[i];
    double work_size = (double)g->n * (double)g->u.n;
    int exact =
        p->exact_work < 0 || work_size <= p->exact_work || (size_t)p->sources > g->n;
    g->s.betweenness_exact = exact;
    g->s.sources = exact ? 0 : p->sources;
    if (rc != KITH_OK)
        return rc;
    if (exact) {
        rc = ig(err, "betweenness",
                igraph_betweenness(&w->gu, &w->res, igraph_vss_all(), 0, &w->dist));
    } else {
        rc = ig(err, "seed", igraph_rng_seed(igraph_rng_default(), 1));
        if (rc == KITH_OK)
            rc = ig(err, "sample",
                    igraph_random_sample(&w->sample, 0, (igraph_integer_t)g->n - 1,
                                         p->sources));
        if (rc == KITH_OK)
            rc = ig(err, "betweenness",
                    igraph_betweenness_subset(&w->gu, &w->res, igraph_vss_all(), 0,
                                              igraph_vss_vector(&w->sample),
                                              igraph_vss_all(), &w->dist));
    }
    /* igraph's subset betweenness over all n sources is the exact value
     * (tested: test_sampled_scale), so k sources are scaled by n / k. */
    double scale = exact ? 1.0 : (double)g->n / (double)p->sources;
    for (size_t i = 0; rc == KITH_OK && i < g->n; i++)
        g->betweenness[i] = VECTOR(w->res)[i] * scale;
    return rc;
}

static kith_code per_node(kith_graph *g, work *w, igraph_neimode_t mode, double *real,
                          int64_t *count, kith_error *err)
{
    kith_code rc = KITH_OK;
    if (count) {
        igraph_vector_int_t d;
        rc = ig(err, "degree", igraph_vector_int_init(&d, 0));
        if (rc != KITH_OK)
            return rc;
        rc = ig(err, "degree", igraph_degree(&w->gd, &d, igraph_vss_all(), mode, 0));
        for (size_t i = 0; rc == KITH_OK && i < g->n; i++)
            count[i] = VECTOR(d)[i];
        igraph_vector_int_destroy(&d);
    }
    if (rc == KITH_OK && real) {
        rc = ig(err, "strength",
                igraph_strength(&w->gd, &w->res, igraph_vss_all(), mode, 0, &w->wd));
        for (size_t i = 0; rc == KITH_OK && i < g->n; i++)
            real[i] = VECTOR(w->res)[i];
    }
    return rc;
}

static kith_code analyze_unlocked(kith_graph *g, const kith__graph_params *p,
                                  kith_error *err)
{
    if (g->n < 2 || g->e.n == 0)
        return kith_error_set(err, KITH_ENODATA,
                              "the graph has no ties, so there is nothing to measure");
    kith__graph_igraph_setup();
    work w;
    kith_code rc = work_init(&w, err);
    if (rc == KITH_OK)
        rc = make_graph(&w, &w.gd, &w.has_gd, &g->e, g->n, 1, &w.wd, err);
    if (rc == KITH_OK)
        rc = make_graph(&w, &w.gu, &w.has_gu, &g->u, g->n, 0, &w.wu, err);
    /* Degree and strength (directed graph). */
    if (rc == KITH_OK)
        rc = per_node(g, &w, IGRAPH_IN, g->instr, g->indeg, err);
    if (rc == KITH_OK)
        rc = per_node(g, &w, IGRAPH_OUT, g->outstr, g->outdeg, err);
    if (rc == KITH_OK)
        rc = per_node(g, &w, IGRAPH_ALL, g->str, g->deg, err);
    /* PageRank: directed, weighted, damping 0.85, PRPACK, one thread. */
    if (rc == KITH_OK) {
        int threads = omp_get_max_threads();
        omp_set_num_threads(1);
        rc = ig(err, "pagerank",
                igraph_pagerank(&w.gd, IGRAPH_PAGERANK_ALGO_PRPACK, &w.res, NULL,
                                igraph_vss_all(), 1, 0.85, &w.wd, NULL));
        omp_set_num_threads(threads);
        for (size_t i = 0; rc == KITH_OK && i < g->n; i++)
            g->pagerank[i] = VECTOR(w.res)[i];
    }
    /* Above full_max_ties only the figures above and below are computed
     * (the report on large graphs): one community, no betweenness,
     * constraint or coreness. */
    int full = !p->full_max_ties || g->u.n <= p->full_max_ties;
    g->s.partial = !full;
    if (rc == KITH_OK && full)
        rc = betweenness(g, &w, p, err);
    /* Burt's constraint and coreness (undirected graph). */
    if (rc == KITH_OK && full)
        rc = ig(err, "constraint",
                igraph_constraint(&w.gu, &w.res, igraph_vss_all(), &w.wu));
    for (size_t i = 0; rc == KITH_OK && full && i < g->n; i++)
        g->constraint[i] = VECTOR(w.res)[i];
    if (rc == KITH_OK && full)
        rc = ig(err, "coreness", igraph_coreness(&w.gu, &w.memb, IGRAPH_ALL));
    for (size_t i = 0; rc == KITH_OK && full && i < g->n; i++)
        g->coreness[i] = VECTOR(w.memb)[i];
    /* Whole graph. */
    igraph_integer_t ncomp = 0;
    if (rc == KITH_OK)
        rc = ig(
            err, "components",
            igraph_connected_components(&w.gd, &w.memb, &w.csize, &ncomp, IGRAPH_WEAK));
    if (rc == KITH_OK) {
        g->s.components = ncomp;
        g->s.largest_component = igraph_vector_int_max(&w.csize);
        g->s.largest_share = (double)g->s.largest_component / (double)g->n;
    }
    igraph_real_t x = 0;
    if (rc == KITH_OK)
        rc = ig(err, "reciprocity",
                igraph_reciprocity(&w.gd, &x, 1, IGRAPH_RECIPROCITY_DEFAULT));
    g->s.reciprocity = x;
    if (rc == KITH_OK)
        rc = ig(err, "density", igraph_density(&w.gd, &x, 0));
    g->s.density = x;
    /* Several seeded runs; on large graphs their results differ little and
     * each costs seconds, so fewer are run (docs/graph.md). */
    int runs = p->runs > 0                                    ? p->runs
               : g->u.n <= (size_t)KITH_GRAPH_RUNS_LARGE_TIES ? KITH_GRAPH_RUNS
                                                              : KITH_GRAPH_RUNS_LARGE;
    if (rc == KITH_OK && full)
        rc = leiden(g, &w, p->resolution, runs, err);
    work_free(&w);
    if (rc == KITH_OK)
        rc = kith__graph_classify(g, p->strong_quantile, err);
    return rc;
}

/* igraph 0.10 as Debian builds it is not thread-safe (IGRAPH_THREAD_SAFE
 * is 0: its error stack, RNG and handlers are global), and kith serve's
 * workers may build graphs at once (the report's network section and a
 * member profile). Every call into igraph runs under this one lock. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

void kith__igraph_lock(void)
{
    pthread_mutex_lock(&igraph_lock);
}

void kith__igraph_unlock(void)
{
    pthread_mutex_unlock(&igraph_lock);
}

kith_code kith__graph_analyze(kith_graph *g, const kith__graph_params *p, kith_error *err)
{
    kith__igraph_lock();
    kith_code rc = analyze_unlocked(g, p, err);
    kith__igraph_unlock();
    return rc;
}
