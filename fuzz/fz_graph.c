/* Fuzz target: the graph module on any edge list. The input is read as
 * a node count (first byte, 1..64) then triples (from, to, weight byte);
 * weights are 1/16 .. 16. The graph is measured and rendered (JSON, SVG)
 * and the invariants are checked: every number finite, PageRank sums to
 * 1, out-degrees sum to the edges and strengths to twice the weight,
 * strong + weak = ties, community sizes sum to the nodes, constraint and
 * betweenness >= 0, coreness >= 1 (0 in a cut analysis) and ranks a
 * permutation. A graph without
 * ties must be refused with KITH_ENODATA. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void invariants(const kith_graph *g)
{
    const kith_graph_summary *s = kith_graph_summary_of(g);
    size_t n = kith_graph_nnodes(g);
    double pr = 0, wsum = 0, ssum = 0;
    int64_t out = 0, sizes = 0;
    uint8_t *seen = calloc(n + 1, 1);
    check(seen != NULL);
    for (size_t i = 0; i < g->e.n; i++)
        wsum += g->e.w[i];
    for (size_t i = 0; i < n; i++) {
        kith_graph_node nd;
        kith_graph_node_at(g, i, &nd);
        check(isfinite(nd.pagerank) && nd.pagerank > 0);
        check(isfinite(nd.betweenness) && nd.betweenness >= 0);
        check(isfinite(nd.constraint) && nd.constraint >= 0);
        check(isfinite(nd.strength) && nd.degree >= 1);
        check(s->partial ? nd.coreness == 0 : nd.coreness >= 1);
        check(nd.community >= 0 && nd.community < s->communities);
        check(nd.rank_reach >= 1 && (size_t)nd.rank_reach <= n && !seen[nd.rank_reach]);
        seen[nd.rank_reach] = 1;
        pr += nd.pagerank;
        out += nd.out_degree;
        ssum += nd.strength;
    }
    check(fabs(pr - 1) < 1e-9);
    check(out == s->edges);
    check(fabs(ssum - 2 * wsum) <= 1e-9 * fmax(1, wsum));
    check(s->strong_ties + s->weak_ties == s->ties);
    check(isfinite(s->density) && isfinite(s->reciprocity) && isfinite(s->modularity));
    check(s->density > 0 && s->density <= 1 && s->reciprocity >= 0 &&
          s->reciprocity <= 1);
    for (size_t c = 0; c < kith_graph_ncommunities(g); c++) {
        kith_graph_community cm;
        kith_graph_community_at(g, c, &cm);
        check(cm.size >= 1 && (c == 0 || cm.size <= g->comm_size[c - 1]));
        sizes += cm.size;
    }
    check(sizes == (int64_t)n);
    free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 3 * 512 + 1)
        return 0;
    size_t n = (size_t)(data[0] % 64) + 1, m = (size - 1) / 3;
    int32_t *a = malloc((m ? m : 1) * sizeof *a), *b = malloc((m ? m : 1) * sizeof *b);
    double *w = malloc((m ? m : 1) * sizeof *w);
    kith_graph *g = kith__graph_new();
    if (!a || !b || !w || !g)
        abort();
    for (size_t i = 0; i < m; i++) {
        a[i] = (int32_t)(data[1 + 3 * i] % n);
        b[i] = (int32_t)(data[2 + 3 * i] % n);
        w[i] = pow(2, (double)(data[3 + 3 * i] % 9) - 4);
    }
    kith_error err;
    kith_error_clear(&err);
    check(kith__graph_from_edges(g, n, NULL, a, b, w, NULL, m, &err) == KITH_OK);
    kith__graph_params p = {.resolution = 1.0,
                            .runs = 2,
                            .strong_quantile = KITH_GRAPH_STRONG_QUANTILE,
                            .exact_work = KITH_GRAPH_EXACT_WORK,
                            .sources = KITH_GRAPH_SOURCES};
    /* Odd inputs estimate betweenness from a few sources instead. */
    if (data[0] & 0x80) {
        p.exact_work = 1;
        p.sources = 3;
    }
    /* Others get the report's cut (whole-graph figures and PageRank). */
    if (data[0] & 0x40)
        p.full_max_ties = 1;
    kith_code rc = kith__graph_analyze(g, &p, &err);
    if (g->e.n == 0) {
        check(rc == KITH_ENODATA);
    } else {
        check(rc == KITH_OK);
        invariants(g);
        char *text = NULL;
        check(kith_graph_render_json(g, "fuzz", &text, &err) == KITH_OK);
        check(strstr(text, "NaN") == NULL && strstr(text, "nan") == NULL);
        free(text);
        size_t len = 0;
        check(kith_graph_svg(g, 0, &text, &len, &err) == KITH_OK && len > 0);
        check(strstr(text, "nan") == NULL && strstr(text, "inf") == NULL);
        free(text);
    }
    kith_graph_free(g);
    free(a);
    free(b);
    free(w);
    return 0;
}
