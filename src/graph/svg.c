/* The picture of the network (kith graph --svg, the report's network
 * section): an igraph layout (Fruchterman-Reingold up to SVG_FR_MAX nodes,
 * DrL above; seeded, so the same graph gives the same picture) drawn as
 * SVG: nodes sized by reach (area proportional to PageRank), coloured by
 * community (the 9 largest; the rest grey), bridge members outlined, ties
 * as lines whose width grows with the weight. Large graphs show the
 * members of highest reach (at most max_nodes) and the ties among them. */
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

#define SVG_W 900
#define SVG_H 720
#define SVG_MAX_TIES 8000
#define SVG_FR_MAX 1000

static const char *const palette[10] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                        "#9467bd", "#8c564b", "#e377c2", "#17becf",
                                        "#bcbd22", "#7f7f7f"};

static const char *colour(int64_t community)
{
    return community >= 0 && community < 9 ? palette[community] : "#b0b0b0";
}

static kith_code ig_fail(kith_error *err, const char *step, igraph_error_t e)
{
    if (e == IGRAPH_ENOMEM)
        return kith_error_set(err, KITH_ENOMEM, "out of memory (igraph, %s)", step);
    return kith_error_set(err, KITH_EINTERNAL, "igraph failed in %s: %s", step,
                          igraph_strerror(e));
}

typedef struct tie_ref {
    double w;
    size_t t;
} tie_ref;

static int cmp_tie(const void *x, const void *y)
{
    const tie_ref *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return (a->t > b->t) - (a->t < b->t);
}

/* The layout of the drawn nodes (sel[0..k), positions into xy[2k]), from
 * the ties among them (ties[0..nt)). */
static kith_code layout(const kith_graph *g, const int32_t *pos, size_t k,
                        const tie_ref *ties, size_t nt, double *xy, kith_error *err)
{
    kith__graph_igraph_setup();
    igraph_t gr;
    igraph_vector_int_t e;
    igraph_vector_t w;
    igraph_matrix_t m;
    int has_g = 0;
    igraph_error_t ie = igraph_vector_int_init(&e, 2 * (igraph_integer_t)nt);
    if (ie != IGRAPH_SUCCESS)
        return ig_fail(err, "layout", ie);
    ie = igraph_vector_init(&w, (igraph_integer_t)nt);
    if (ie != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&e);
        return ig_fail(err, "layout", ie);
    }
    ie = igraph_matrix_init(&m, 0, 0);
    if (ie != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&w);
        igraph_vector_int_destroy(&e);
        return ig_fail(err, "layout", ie);
    }
    double mean = 0;
    for (size_t i = 0; i < nt; i++)
        mean += ties[i].w;
    mean = nt ? mean / (double)nt : 1;
    for (size_t i = 0; i < nt; i++) {
        size_t t = ties[i].t;
        VECTOR(e)[2 * i] = pos[g->u.a[t]];
        VECTOR(e)[2 * i + 1] = pos[g->u.b[t]];
        /* Attraction grows with the weight, tempered so that one very
         * strong tie does not collapse the picture. */
        VECTOR(w)[i] = sqrt(ties[i].w / mean);
    }
    ie = igraph_create(&gr, &e, (igraph_integer_t)k, 0);
    has_g = ie == IGRAPH_SUCCESS;
    if (ie == IGRAPH_SUCCESS)
        ie = igraph_rng_seed(igraph_rng_default(), 42);
    if (ie == IGRAPH_SUCCESS && k <= SVG_FR_MAX) {
        ie = igraph_layout_fruchterman_reingold(&gr, &m, 0, 300, sqrt((double)k),
                                                IGRAPH_LAYOUT_AUTOGRID, &w, NULL, NULL,
                                                NULL, NULL);
    } else if (ie == IGRAPH_SUCCESS) {
        igraph_layout_drl_options_t o;
        ie = igraph_layout_drl_options_init(&o, IGRAPH_LAYOUT_DRL_DEFAULT);
        if (ie == IGRAPH_SUCCESS)
            ie = igraph_layout_drl(&gr, &m, 0, &o, &w);
    }
    for (size_t i = 0; ie == IGRAPH_SUCCESS && i < k; i++) {
        xy[2 * i] = MATRIX(m, i, 0);
        xy[2 * i + 1] = MATRIX(m, i, 1);
    }
    kith_code rc = ie == IGRAPH_SUCCESS ? KITH_OK : ig_fail(err, "layout", ie);
    if (has_g)
        igraph_destroy(&gr);
    igraph_matrix_destroy(&m);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&e);
    return rc;
}

static kith_code draw(const kith_graph *g, const size_t *sel, size_t k,
                      const tie_ref *ties, size_t nt, const int32_t *pos, double *xy,
                      kith_buf *b)
{
    /* Fit the layout into the picture, 30 px margin, legend below. */
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < k; i++) {
        x0 = fmin(x0, xy[2 * i]);
        x1 = fmax(x1, xy[2 * i]);
        y0 = fmin(y0, xy[2 * i + 1]);
        y1 = fmax(y1, xy[2 * i + 1]);
    }
    double sx = x1 > x0 ? (SVG_W - 60) / (x1 - x0) : 1,
           sy = y1 > y0 ? (SVG_H - 120) / (y1 - y0) : 1;
    for (size_t i = 0; i < k; i++) {
        xy[2 * i] = x1 > x0 ? 30 + (xy[2 * i] - x0) * sx : SVG_W / 2.0;
        xy[2 * i + 1] = y1 > y0 ? 30 + (xy[2 * i + 1] - y0) * sy : (SVG_H - 60) / 2.0;
    }
    double prmax = 0, wmax = 0;
    for (size_t i = 0; i < k; i++)
        prmax = fmax(prmax, g->pagerank[sel[i]]);
    for (size_t i = 0; i < nt; i++)
        wmax = fmax(wmax, ties[i].w);
    kith_code rc = kith__buf_printf(
        b,
        "<svg id=\"network\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"The community "
        "network: members sized by reach, coloured by community, bridge members "
        "outlined\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<g class=\"ties\" "
        "stroke=\"#999\" stroke-opacity=\"0.35\">",
        SVG_W, SVG_H, SVG_W, SVG_H, SVG_W, SVG_H);
    /* Weakest first, so strong ties are drawn on top. */
    for (size_t q = nt; q > 0 && rc == KITH_OK; q--) {
        size_t t = ties[q - 1].t;
        size_t a = (size_t)pos[g->u.a[t]], c = (size_t)pos[g->u.b[t]];
        rc = kith__buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke-width=\"%.2f\"/>",
                              xy[2 * a], xy[2 * a + 1], xy[2 * c], xy[2 * c + 1],
                              0.4 + 2.6 * sqrt(ties[q - 1].w / (wmax > 0 ? wmax : 1)));
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</g>\n<g class=\"members\">");
    /* Smallest first, so the members of most reach are on top. */
    for (size_t q = k; q > 0 && rc == KITH_OK; q--) {
        size_t i = sel[q - 1];
        double r = 2.0 + 12.0 * sqrt(g->pagerank[i] / (prmax > 0 ? prmax : 1));
        rc = kith__buf_printf(b,
                              "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
                              "fill=\"%s\"%s><title>",
                              g->bridge[i] ? "member bridge" : "member", xy[2 * (q - 1)],
                              xy[2 * (q - 1) + 1], r, colour(g->community[i]),
                              g->bridge[i] ? " stroke=\"#000\" stroke-width=\"2\"" : "");
        if (rc == KITH_OK)
            rc = kith__buf_xml(b, kith__graph_name(g, i));
        if (rc == KITH_OK)
            rc = kith__buf_printf(b,
                                  " (member %lld): community %lld, reach rank %lld%s"
                                  "</title></circle>",
                                  (long long)g->member_id[i], (long long)g->community[i],
                                  (long long)g->rank_reach[i],
                                  g->bridge[i] ? ", bridge member" : "");
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</g>\n<g class=\"legend\" font-size=\"11\">");
    int shown = 0;
    for (size_t c = 0; c < g->ncomm && c < 9 && rc == KITH_OK; c++, shown++)
        rc = kith__buf_printf(b,
                              "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>"
                              "<text x=\"%d\" y=\"%d\">community %zu (%lld)</text>",
                              40 + (shown % 5) * 170, SVG_H - 70 + (shown / 5) * 18,
                              palette[c], 50 + (shown % 5) * 170,
                              SVG_H - 66 + (shown / 5) * 18, c,
                              (long long)g->comm_size[c]);
    if (rc == KITH_OK)
        rc = kith__buf_printf(
            b,
            "<text x=\"30\" y=\"%d\">Size: reach (PageRank). Outlined: bridge members. "
            "Grey: smaller communities.%s</text>",
            SVG_H - 20,
            k < g->n ? " Showing the members of highest reach and the ties among them."
                     : "");
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</g></svg>\n");
    return rc;
}

static kith_code svg_unlocked(const kith_graph *g, size_t max_nodes, char **out,
                              size_t *len, kith_error *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    size_t *sel = NULL, k = 0;
    kith_code rc = kith_graph_top(
        g, KITH_RANK_REACH, max_nodes ? max_nodes : KITH_GRAPH_SVG_NODES, &sel, &k, err);
    if (rc != KITH_OK)
        return rc;
    int32_t *pos = malloc((g->n ? g->n : 1) * sizeof *pos);
    tie_ref *ties = malloc((g->u.n ? g->u.n : 1) * sizeof *ties);
    double *xy = malloc((k ? k : 1) * 2 * sizeof *xy);
    kith_buf b;
    kith__buf_init(&b, 0);
    if (!pos || !ties || !xy) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory drawing the graph");
        goto done;
    }
    for (size_t i = 0; i < g->n; i++)
        pos[i] = -1;
    for (size_t q = 0; q < k; q++)
        pos[sel[q]] = (int32_t)q;
    size_t nt = 0;
    for (size_t t = 0; t < g->u.n; t++)
        if (pos[g->u.a[t]] >= 0 && pos[g->u.b[t]] >= 0) {
            ties[nt].w = g->u.w[t];
            ties[nt].t = t;
            nt++;
        }
    qsort(ties, nt, sizeof *ties, cmp_tie);
    if (nt > SVG_MAX_TIES)
        nt = SVG_MAX_TIES;
    rc = layout(g, pos, k, ties, nt, xy, err);
    if (rc == KITH_OK && draw(g, sel, k, ties, nt, pos, xy, &b) != KITH_OK)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory drawing the graph");
    if (rc == KITH_OK) {
        *out = b.data;
        if (len)
            *len = b.len;
        b.data = NULL;
    }
done:
    kith__buf_free(&b);
    free(pos);
    free(ties);
    free(xy);
    free(sel);
    return rc;
}

kith_code kith_graph_svg(const kith_graph *g, size_t max_nodes, char **out, size_t *len,
                         kith_error *err)
{
    kith__igraph_lock(); /* igraph is not thread-safe (analyze.c) */
    kith_code rc = svg_unlocked(g, max_nodes, out, len, err);
    kith__igraph_unlock();
    return rc;
}
