/* The measures of src/graph/ on three graphs worked out by hand (the
 * working is below each test; python3-igraph 0.10.2 gives the same
 * numbers), the edge bookkeeping (self-loops dropped, repeated pairs
 * summed, members without a tie left out), the sampled betweenness
 * estimate's scale (all n sources = exact), and a graph without ties. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"
#include "testutil.h"

#define EPS 1e-12

static kith__graph_params params(void)
{
    kith__graph_params p;
    memset(&p, 0, sizeof p);
    p.resolution = 1;
    p.runs = 0;
    p.strong_quantile = KITH_GRAPH_STRONG_QUANTILE;
    p.exact_work = KITH_GRAPH_EXACT_WORK;
    p.sources = KITH_GRAPH_SOURCES;
    return p;
}

/* A graph over n nodes from directed edges (weight 1 each). */
static kith_graph *graph_of(size_t n, const int32_t *a, const int32_t *b, size_t m,
                            const kith__graph_params *p)
{
    double *w = malloc(m * sizeof *w);
    for (size_t i = 0; i < m; i++)
        w[i] = 1;
    kith_graph *g = kith__graph_new();
    assert_non_null(g);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith__graph_from_edges(g, n, NULL, a, b, w, NULL, m, &err), KITH_OK);
    free(w);
    kith_code rc = kith__graph_analyze(g, p, &err);
    if (rc != KITH_OK)
        fail_msg("analyze: %s", err.msg);
    return g;
}

static kith_graph_node node(const kith_graph *g, size_t i)
{
    kith_graph_node nd;
    kith_graph_node_at(g, i, &nd);
    return nd;
}

/* Star: leaves 1..4 each reply to the centre 0 (member ids 1..5).
 * Degree: centre in 4, out 0; leaves out 1. PageRank (damping 0.85, the
 * dangling centre's mass spread evenly): leaf x = 0.15/5 + 0.85 y/5, centre
 * y = 1 - 4x -> y = 0.88/1.68 = 11/21, x = 5/42. Betweenness: the centre is
 * on the path of each of the C(4,2) = 6 leaf pairs -> 6; leaves 0.
 * Constraint: a leaf's one contact has p = 1 -> 1; the centre's four
 * contacts p = 1/4 each, unconnected -> 4/16 = 0.25. Coreness 1 for all.
 * Density 4 / (5 x 4) = 0.2; reciprocity 0; one component. */
static void test_star(void **state)
{
    (void)state;
    int32_t a[] = {1, 2, 3, 4}, b[] = {0, 0, 0, 0};
    kith__graph_params p = params();
    kith_graph *g = graph_of(5, a, b, 4, &p);
    const kith_graph_summary *s = kith_graph_summary_of(g);
    assert_int_equal(s->nodes, 5);
    assert_int_equal(s->edges, 4);
    assert_int_equal(s->ties, 4);
    assert_true(fabs(s->density - 0.2) < EPS);
    assert_true(fabs(s->reciprocity) < EPS);
    assert_int_equal(s->components, 1);
    assert_true(s->betweenness_exact);
    kith_graph_node c = node(g, 0);
    assert_int_equal(c.in_degree, 4);
    assert_int_equal(c.out_degree, 0);
    assert_int_equal(c.degree, 4);
    assert_true(fabs(c.in_strength - 4) < EPS);
    assert_true(fabs(c.pagerank - 11.0 / 21) < 1e-12);
    assert_true(fabs(c.betweenness - 6) < EPS);
    assert_true(fabs(c.constraint - 0.25) < EPS);
    assert_int_equal(c.coreness, 1);
    assert_int_equal(c.rank_reach, 1);
    assert_int_equal(c.rank_brokerage, 1);
    for (size_t i = 1; i < 5; i++) {
        kith_graph_node l = node(g, i);
        assert_int_equal(l.member_id, (int64_t)i + 1);
        assert_int_equal(l.out_degree, 1);
        assert_int_equal(l.in_degree, 0);
        assert_true(fabs(l.pagerank - 5.0 / 42) < 1e-12);
        assert_true(fabs(l.betweenness) < EPS);
        assert_true(fabs(l.constraint - 1) < EPS);
        assert_int_equal(l.coreness, 1);
    }
    /* No reciprocated tie: none is strong. */
    assert_int_equal(s->strong_ties, 0);
    assert_int_equal(s->weak_ties, 4);
    kith_graph_free(g);
}

/* Path 0-1-2-3, each tie replied both ways (weight 1 each direction, 2 as
 * an undirected tie). PageRank by symmetry a (ends), b (middle), 2a + 2b =
 * 1: a = 0.0375 + 0.85 b/2 -> b = 0.925/2.85 = 37/114, a = 10/57.
 * Betweenness: 1 is on (0,2), (0,3); 2 on (0,3), (1,3) -> 2 each. Constraint:
 * ends 1; middles two unconnected contacts of p = 1/2 -> 0.5. Coreness 1.
 * Reciprocity 1, density 6/12 = 0.5. */
static void test_path(void **state)
{
    (void)state;
    int32_t a[] = {0, 1, 1, 2, 2, 3}, b[] = {1, 0, 2, 1, 3, 2};
    kith__graph_params p = params();
    kith_graph *g = graph_of(4, a, b, 6, &p);
    const kith_graph_summary *s = kith_graph_summary_of(g);
    assert_int_equal(s->edges, 6);
    assert_int_equal(s->ties, 3);
    assert_true(fabs(s->reciprocity - 1) < EPS);
    assert_true(fabs(s->density - 0.5) < EPS);
    double pr[] = {10.0 / 57, 37.0 / 114, 37.0 / 114, 10.0 / 57};
    double bt[] = {0, 2, 2, 0}, cs[] = {1, 0.5, 0.5, 1};
    for (size_t i = 0; i < 4; i++) {
        kith_graph_node n = node(g, i);
        assert_true(fabs(n.pagerank - pr[i]) < 1e-12);
        assert_true(fabs(n.betweenness - bt[i]) < EPS);
        assert_true(fabs(n.constraint - cs[i]) < EPS);
        assert_int_equal(n.coreness, 1);
        assert_true(fabs(n.strength - (i == 0 || i == 3 ? 2 : 4)) < EPS);
    }
    /* Equal weights: the 75% quantile is 2, every reciprocated tie strong. */
    assert_int_equal(s->strong_ties, 3);
    kith_graph_free(g);
}

/* Two triangles {0,1,2} and {3,4,5} joined by the tie 2-3, every tie both
 * ways. Betweenness: 2 is on the 2 x 3 paths from {0,1} to {3,4,5}, 3 on
 * the 3 x 2 from {0,1,2} to {4,5} -> 6 each, others 0. Coreness 2 for all.
 * Constraint of 0 (contacts 1, 2 at 1/2; 1's contacts 0, 2 at 1/2; 2's
 * contacts 0, 1, 3 at 1/3): (1/2 + 1/2 x 1/3)^2 + (1/2 + 1/2 x 1/2)^2 =
 * 4/9 + 9/16 = 145/144; of 2: (1/3 + 1/3 x 1/2)^2 x 2 + (1/3)^2 = 11/18.
 * Communities: the two triangles; modularity with 7 ties: 2 x (3/7 -
 * (7/14)^2) = 5/14. One bridging tie, bridge members 2 and 3 (ranked by
 * betweenness, equal, then constraint, equal, then member id). */
static void test_two_triangles(void **state)
{
    (void)state;
    int32_t a[] = {0, 1, 1, 2, 0, 2, 3, 4, 4, 5, 3, 5, 2, 3},
            b[] = {1, 0, 2, 1, 2, 0, 4, 3, 5, 4, 5, 3, 3, 2};
    kith__graph_params p = params();
    kith_graph *g = graph_of(6, a, b, 14, &p);
    const kith_graph_summary *s = kith_graph_summary_of(g);
    assert_int_equal(s->ties, 7);
    double bt[] = {0, 0, 6, 6, 0, 0};
    double cs[] = {145.0 / 144, 145.0 / 144, 11.0 / 18,
                   11.0 / 18,   145.0 / 144, 145.0 / 144};
    for (size_t i = 0; i < 6; i++) {
        kith_graph_node n = node(g, i);
        assert_true(fabs(n.betweenness - bt[i]) < EPS);
        assert_true(fabs(n.constraint - cs[i]) < EPS);
        assert_int_equal(n.coreness, 2);
        assert_int_equal(n.bridge, i == 2 || i == 3);
        assert_int_equal(n.community,
                         i < 3 ? node(g, 0).community : node(g, 5).community);
    }
    assert_int_not_equal(node(g, 0).community, node(g, 5).community);
    assert_int_equal(s->communities, 2);
    assert_true(fabs(s->modularity - 5.0 / 14) < EPS);
    assert_int_equal(s->bridging_ties, 1);
    assert_int_equal(s->bridge_members, 2);
    size_t *idx = NULL, n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_graph_bridges(g, 0, &idx, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(idx[0], 2);
    assert_int_equal(idx[1], 3);
    free(idx);
    kith_graph_community cm;
    kith_graph_community_at(g, 0, &cm);
    assert_int_equal(cm.size, 3);
    /* The profile of node 2: its strongest ties (all weight 2, so by member
     * id: 1, 2, 4), the bridging one flagged. */
    kith_graph_profile pf;
    assert_int_equal(kith_graph_profile_of(g, 3, &pf, &err), KITH_OK);
    assert_int_equal(pf.nties, 3);
    assert_int_equal(node(g, pf.ties[0].other).member_id, 1);
    assert_int_equal(node(g, pf.ties[2].other).member_id, 4);
    assert_true(pf.ties[2].bridging);
    assert_false(pf.ties[0].bridging);
    assert_int_equal(pf.community_size, 3);
    kith_graph_free(g);
}

/* The estimate from sampled sources, scaled by n / k, equals the exact
 * betweenness when every node is a source (k = n). */
static void test_sampled_scale(void **state)
{
    (void)state;
    int32_t a[] = {0, 1, 2, 0, 3, 4, 5, 3, 2, 6, 6},
            b[] = {1, 2, 0, 3, 4, 5, 3, 6, 6, 1, 5};
    kith__graph_params p = params();
    kith_graph *exact = graph_of(7, a, b, 11, &p);
    p.exact_work = 1;
    p.sources = 7;
    kith_graph *est = graph_of(7, a, b, 11, &p);
    assert_true(kith_graph_summary_of(exact)->betweenness_exact);
    assert_false(kith_graph_summary_of(est)->betweenness_exact);
    assert_int_equal(kith_graph_summary_of(est)->sources, 7);
    double any = 0;
    for (size_t i = 0; i < 7; i++) {
        double x = node(exact, i).betweenness, y = node(est, i).betweenness;
        assert_true(fabs(x - y) < 1e-9 * fmax(1, fabs(x)));
        any += x;
    }
    assert_true(any > 0);
    kith_graph_free(exact);
    kith_graph_free(est);
}

/* Self-loops are dropped, repeated pairs summed (weights and counts), and
 * a node with only a self-loop is not in the graph. Node 2 replies to
 * itself; 0 -> 1 three times with weights 1, 2.5, 0.5; 1 -> 0 once. */
static void test_bookkeeping(void **state)
{
    (void)state;
    int32_t a[] = {2, 0, 0, 1, 0}, b[] = {2, 1, 1, 0, 1};
    double w[] = {9, 1, 2.5, 1, 0.5};
    int64_t ids[] = {10, 20, 30};
    kith_graph *g = kith__graph_new();
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith__graph_from_edges(g, 3, ids, a, b, w, NULL, 5, &err), KITH_OK);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->member_id[0], 10);
    assert_int_equal(g->member_id[1], 20);
    assert_int_equal(g->e.n, 2);
    assert_true(fabs(g->e.w[0] - 4) < EPS); /* 10 -> 20 */
    assert_true(fabs(g->ecount[0] - 3) < EPS);
    assert_true(fabs(g->e.w[1] - 1) < EPS); /* 20 -> 10 */
    assert_int_equal(g->u.n, 1);
    assert_true(fabs(g->u.w[0] - 5) < EPS);
    kith_graph_free(g);
}

/* A graph without ties is refused with KITH_ENODATA, never measured. */
static void test_edgeless(void **state)
{
    (void)state;
    int32_t a[] = {0, 1}, b[] = {0, 1};
    double w[] = {1, 1};
    kith_graph *g = kith__graph_new();
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith__graph_from_edges(g, 2, NULL, a, b, w, NULL, 2, &err), KITH_OK);
    assert_int_equal(g->n, 0);
    kith__graph_params p = params();
    assert_int_equal(kith__graph_analyze(g, &p, &err), KITH_ENODATA);
    assert_non_null(strstr(err.msg, "no ties"));
    kith_graph_free(g);
}

/* The report's cut (full_max_ties, docs/graph.md "The report"): the star
 * above (4 ties) with a limit of 3 keeps the whole-graph figures and
 * PageRank (11/21 for the centre, as worked out above) and computes no
 * betweenness (0), coreness (0) or communities (one, modularity 0); with
 * a limit of 4 the star is measured in full (betweenness 6, coreness 1). */
static void test_report_cut(void **state)
{
    (void)state;
    int32_t a[] = {1, 2, 3, 4}, b[] = {0, 0, 0, 0};
    kith__graph_params p = params();
    p.full_max_ties = 3;
    kith_graph *g = graph_of(5, a, b, 4, &p);
    const kith_graph_summary *s = kith_graph_summary_of(g);
    assert_int_equal(s->partial, 1);
    assert_int_equal(s->nodes, 5);
    assert_int_equal(s->ties, 4);
    assert_true(fabs(s->density - 0.2) < EPS);
    assert_int_equal(s->components, 1);
    assert_int_equal(s->communities, 1);
    assert_true(fabs(s->modularity) < EPS);
    assert_true(fabs(node(g, 0).pagerank - 11.0 / 21) < 1e-12);
    assert_true(fabs(node(g, 0).betweenness) < EPS);
    assert_int_equal(node(g, 0).coreness, 0);
    kith_graph_free(g);
    p.full_max_ties = 4;
    g = graph_of(5, a, b, 4, &p);
    assert_int_equal(kith_graph_summary_of(g)->partial, 0);
    assert_true(fabs(node(g, 0).betweenness - 6) < EPS);
    assert_int_equal(node(g, 0).coreness, 1);
    kith_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_star),          cmocka_unit_test(test_path),
        cmocka_unit_test(test_two_triangles), cmocka_unit_test(test_sampled_scale),
        cmocka_unit_test(test_bookkeeping),   cmocka_unit_test(test_edgeless),
        cmocka_unit_test(test_report_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
