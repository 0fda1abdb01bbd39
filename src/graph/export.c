/* Writing the graph for Gephi and friends (kith graph export): GraphML
 * through igraph's writer with node and edge attributes, GEXF 1.3 and a
 * pair of CSV tables (edges, nodes), written here. Names are made valid
 * UTF-8 without control characters first: XML 1.0 cannot hold those, and
 * igraph's GraphML writer refuses them. */
#include <errno.h>
#include <igraph.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "graph/graph_int.h"

static kith_code io_fail(kith_error *err, const char *path, const char *what)
{
    kith_code rc =
        kith_error_set(err, KITH_EIO, "%s: cannot %s: %s", path, what, strerror(errno));
    if (err)
        err->cause = errno;
    return rc;
}

static kith_code write_file(const char *path, const kith_buf *b, kith_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return io_fail(err, path, "write the file");
    size_t n = b->len;
    int bad = fwrite(b->data ? b->data : "", 1, n, f) != n;
    if (fclose(f) != 0 || bad)
        return io_fail(err, path, "write the file");
    return KITH_OK;
}

/* ------------------------------------------------------------ GraphML */

static kith_code ig_fail(kith_error *err, const char *step, igraph_error_t e)
{
    if (e == IGRAPH_ENOMEM)
        return kith_error_set(err, KITH_ENOMEM, "out of memory (igraph, %s)", step);
    return kith_error_set(err, KITH_EINTERNAL, "igraph failed in %s: %s", step,
                          igraph_strerror(e));
}

typedef struct node_attr {
    const char *name;
    int kind; /* 0 double, 1 int64 */
    size_t off;
} node_attr;

#define NA_D(f)                                                                          \
    {                                                                                    \
#f, 0, offsetof(struct kith_graph, f)                                            \
    }
#define NA_I(f)                                                                          \
    {                                                                                    \
#f, 1, offsetof(struct kith_graph, f)                                            \
    }

/* The node attributes every format writes, in this order. */
static const node_attr attrs[] = {
    {"member_id", 1, offsetof(struct kith_graph, member_id)},
    {"in_degree", 1, offsetof(struct kith_graph, indeg)},
    {"out_degree", 1, offsetof(struct kith_graph, outdeg)},
    {"degree", 1, offsetof(struct kith_graph, deg)},
    {"in_strength", 0, offsetof(struct kith_graph, instr)},
    {"out_strength", 0, offsetof(struct kith_graph, outstr)},
    {"strength", 0, offsetof(struct kith_graph, str)},
    NA_D(pagerank),
    NA_D(betweenness),
    NA_D(constraint),
    NA_I(coreness),
    NA_I(community),
    NA_I(rank_reach),
    NA_I(rank_brokerage),
    NA_I(rank_betweenness)};
#define NATTRS (sizeof attrs / sizeof attrs[0])

static double attr_value(const kith_graph *g, const node_attr *a, size_t i)
{
    const char *base = (const char *)g + a->off;
    if (a->kind == 0)
        return (*(double *const *)(const void *)base)[i];
    return (double)(*(int64_t *const *)(const void *)base)[i];
}

static kith_code graphml(const kith_graph *g, const char *path, kith_error *err)
{
    kith__graph_igraph_setup();
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t gr;
    igraph_vector_int_t edges;
    igraph_vector_t v;
    igraph_strvector_t names;
    int has_gr = 0, has_e = 0, has_v = 0, has_n = 0;
    kith_code rc = KITH_OK;
    igraph_error_t e = igraph_vector_int_init(&edges, 2 * (igraph_integer_t)g->e.n);
    has_e = e == IGRAPH_SUCCESS;
    if (e == IGRAPH_SUCCESS && (e = igraph_vector_init(&v, 0)) == IGRAPH_SUCCESS)
        has_v = 1;
    if (e == IGRAPH_SUCCESS &&
        (e = igraph_strvector_init(&names, (igraph_integer_t)g->n)) == IGRAPH_SUCCESS)
        has_n = 1;
    for (size_t i = 0; e == IGRAPH_SUCCESS && i < g->e.n; i++) {
        VECTOR(edges)[2 * i] = g->e.a[i];
        VECTOR(edges)[2 * i + 1] = g->e.b[i];
    }
    if (e == IGRAPH_SUCCESS &&
        (e = igraph_create(&gr, &edges, (igraph_integer_t)g->n, 1)) == IGRAPH_SUCCESS)
        has_gr = 1;
    for (size_t i = 0; e == IGRAPH_SUCCESS && i < g->n; i++) {
        char *label = kith__text_label(kith__graph_name(g, i));
        e = label ? igraph_strvector_set(&names, (igraph_integer_t)i, label)
                  : IGRAPH_ENOMEM;
        free(label);
    }
    if (e == IGRAPH_SUCCESS)
        e = igraph_cattribute_VAS_setv(&gr, "label", &names);
    for (size_t k = 0; e == IGRAPH_SUCCESS && k < NATTRS; k++) {
        e = igraph_vector_resize(&v, (igraph_integer_t)g->n);
        for (size_t i = 0; e == IGRAPH_SUCCESS && i < g->n; i++)
            VECTOR(v)[i] = attr_value(g, &attrs[k], i);
        if (e == IGRAPH_SUCCESS)
            e = igraph_cattribute_VAN_setv(&gr, attrs[k].name, &v);
    }
    if (e == IGRAPH_SUCCESS)
        e = igraph_vector_resize(&v, (igraph_integer_t)g->e.n);
    for (size_t i = 0; e == IGRAPH_SUCCESS && i < g->e.n; i++)
        VECTOR(v)[i] = g->e.w[i];
    if (e == IGRAPH_SUCCESS)
        e = igraph_cattribute_EAN_setv(&gr, "weight", &v);
    for (size_t i = 0; e == IGRAPH_SUCCESS && i < g->e.n; i++)
        VECTOR(v)[i] = g->ecount[i];
    if (e == IGRAPH_SUCCESS)
        e = igraph_cattribute_EAN_setv(&gr, "interactions", &v);
    if (e != IGRAPH_SUCCESS) {
        rc = ig_fail(err, "graphml", e);
    } else {
        FILE *f = fopen(path, "wb");
        if (!f) {
            rc = io_fail(err, path, "write the file");
        } else {
            e = igraph_write_graph_graphml(&gr, f, 0);
            int closed = fclose(f);
            if (e != IGRAPH_SUCCESS)
                rc = ig_fail(err, "write_graph_graphml", e);
            else if (closed != 0)
                rc = io_fail(err, path, "write the file");
        }
    }
    if (has_gr)
        igraph_destroy(&gr);
    if (has_n)
        igraph_strvector_destroy(&names);
    if (has_v)
        igraph_vector_destroy(&v);
    if (has_e)
        igraph_vector_int_destroy(&edges);
    igraph_set_attribute_table(old);
    return rc;
}

/* ------------------------------------------------------------ GEXF */

static kith_code gexf(const kith_graph *g, kith_buf *b)
{
    char from[32], to[32];
    kith_code rc = kith__buf_printf(
        b,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
        "  <meta><creator>kith</creator><description>interaction graph %s to %s, "
        "weights %s</description></meta>\n"
        "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
        "    <attributes class=\"node\">\n",
        kith__time_local_date(g->s.from, g->s.timezone, from),
        kith__time_local_date(g->s.to, g->s.timezone, to),
        g->s.weights == KITH_GRAPH_COUNT ? "count" : "decayed");
    for (size_t k = 0; k < NATTRS && rc == KITH_OK; k++)
        rc = kith__buf_printf(b,
                              "      <attribute id=\"%zu\" title=\"%s\" type=\"%s\"/>\n",
                              k, attrs[k].name, attrs[k].kind ? "long" : "double");
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "    </attributes>\n"
                               "    <attributes class=\"edge\">\n"
                               "      <attribute id=\"0\" title=\"interactions\" "
                               "type=\"double\"/>\n"
                               "    </attributes>\n    <nodes>\n");
    for (size_t i = 0; i < g->n && rc == KITH_OK; i++) {
        rc = kith__buf_printf(b, "      <node id=\"%lld\" label=\"",
                              (long long)g->member_id[i]);
        if (rc == KITH_OK)
            rc = kith__buf_xml(b, kith__graph_name(g, i));
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "\"><attvalues>");
        for (size_t k = 0; k < NATTRS && rc == KITH_OK; k++)
            rc = kith__buf_printf(b, "<attvalue for=\"%zu\" value=\"%.17g\"/>", k,
                                  attr_value(g, &attrs[k], i));
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</attvalues></node>\n");
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "    </nodes>\n    <edges>\n");
    for (size_t i = 0; i < g->e.n && rc == KITH_OK; i++)
        rc =
            kith__buf_printf(b,
                             "      <edge id=\"%zu\" source=\"%lld\" target=\"%lld\" "
                             "weight=\"%.17g\"><attvalues><attvalue for=\"0\" "
                             "value=\"%.17g\"/></attvalues></edge>\n",
                             i, (long long)g->member_id[g->e.a[i]],
                             (long long)g->member_id[g->e.b[i]], g->e.w[i], g->ecount[i]);
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "    </edges>\n  </graph>\n</gexf>\n");
    return rc;
}

/* ------------------------------------------------------------ CSV */

static kith_code csv_text(kith_buf *b, const char *s)
{
    char *c = kith__text_label(s);
    if (!c)
        return KITH_ENOMEM;
    kith_code rc = KITH_OK;
    if (!strpbrk(c, ",\"")) {
        rc = kith__buf_puts(b, c);
    } else {
        rc = kith__buf_putc(b, '"');
        for (const char *p = c; *p && rc == KITH_OK; p++)
            rc = *p == '"' ? kith__buf_puts(b, "\"\"") : kith__buf_putc(b, *p);
        if (rc == KITH_OK)
            rc = kith__buf_putc(b, '"');
    }
    free(c);
    return rc;
}

/* Edges, as Gephi's edge table reads them. */
static kith_code csv_edges(const kith_graph *g, kith_buf *b)
{
    kith_code rc = kith__buf_puts(b, "Source,Target,Type,Weight,interactions\r\n");
    for (size_t i = 0; i < g->e.n && rc == KITH_OK; i++)
        rc = kith__buf_printf(
            b, "%lld,%lld,Directed,%.17g,%.17g\r\n", (long long)g->member_id[g->e.a[i]],
            (long long)g->member_id[g->e.b[i]], g->e.w[i], g->ecount[i]);
    return rc;
}

static kith_code csv_nodes(const kith_graph *g, kith_buf *b)
{
    kith_code rc = kith__buf_puts(b, "Id,Label");
    for (size_t k = 0; k < NATTRS && rc == KITH_OK; k++)
        rc = kith__buf_printf(b, ",%s", attrs[k].name);
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "\r\n");
    for (size_t i = 0; i < g->n && rc == KITH_OK; i++) {
        rc = kith__buf_printf(b, "%lld,", (long long)g->member_id[i]);
        if (rc == KITH_OK)
            rc = csv_text(b, kith__graph_name(g, i));
        for (size_t k = 0; k < NATTRS && rc == KITH_OK; k++)
            rc = kith__buf_printf(b, ",%.17g", attr_value(g, &attrs[k], i));
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "\r\n");
    }
    return rc;
}

/* The nodes' file beside path: "x.csv" -> "x-nodes.csv", else path +
 * "-nodes.csv". */
static char *nodes_path(const char *path)
{
    size_t n = strlen(path);
    int ext = n >= 4 && !strcmp(path + n - 4, ".csv");
    char *p = malloc(n + 16);
    if (p)
        snprintf(p, n + 16, "%.*s-nodes.csv", (int)(ext ? n - 4 : n), path);
    return p;
}

static kith_code export_unlocked(const kith_graph *g, const char *format,
                                 const char *path, char **extra, kith_error *err)
{
    if (extra)
        *extra = NULL;
    if (!format || !path || !*path)
        return kith_error_set(err, KITH_EUSAGE, "give a format and a file");
    if (!strcmp(format, "graphml"))
        return graphml(g, path, err);
    int is_gexf = !strcmp(format, "gexf");
    if (!is_gexf && strcmp(format, "csv"))
        return kith_error_set(err, KITH_EUSAGE, "--format '%s': use graphml, gexf or csv",
                              format);
    kith_buf b;
    kith__buf_init(&b, 0);
    kith_code rc = is_gexf ? gexf(g, &b) : csv_edges(g, &b);
    if (rc != KITH_OK)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory writing %s", path);
    else
        rc = write_file(path, &b, err);
    if (rc == KITH_OK && !is_gexf) {
        char *np = nodes_path(path);
        kith__buf_reset(&b);
        if (!np || csv_nodes(g, &b) != KITH_OK)
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory writing the nodes");
        else
            rc = write_file(np, &b, err);
        if (rc == KITH_OK && extra)
            *extra = np;
        else
            free(np);
    }
    kith__buf_free(&b);
    return rc;
}

kith_code kith_graph_export(const kith_graph *g, const char *format, const char *path,
                            char **extra, kith_error *err)
{
    kith__igraph_lock(); /* igraph is not thread-safe (analyze.c) */
    kith_code rc = export_unlocked(g, format, path, extra, err);
    kith__igraph_unlock();
    return rc;
}
