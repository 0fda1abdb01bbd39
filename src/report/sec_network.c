/* The report's network section: the interaction graph of P (src/graph/,
 * docs/graph.md) as headline figures (members with ties, ties, density,
 * reciprocity, components, communities and modularity, strong / weak /
 * bridging ties, bridge members), the communities with their top members,
 * the members of highest reach with their gravity (love x reach x
 * members, METRICS.md), the bridge members, and for the HTML page the
 * picture (kith_graph_svg). A period without ties gives the section with
 * every figure n/a and the reason; the rest of the report is unaffected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/graph.h"
#include "report/findings_int.h"
#include "report/report_int.h"

#define TOP_MEMBERS 10
#define TOP_COMMUNITIES 10
/* The report's lighter analysis (kith report is benchmarked; kith graph
 * gives the full one): 3 Leiden runs, betweenness exact up to nodes x ties
 * = 1e6 else from 64 sampled sources, a picture of 200 members. */
#define REPORT_RUNS 3
#define REPORT_EXACT_WORK 1e6
#define REPORT_SOURCES 64
#define REPORT_SVG_NODES 200
/* Above this many ties (the demo at scale 14 and more in a year), the
 * section keeps the figures that stay cheap (members, ties, density,
 * reciprocity, components, strong / weak ties, reach and gravity) and
 * leaves communities, brokers and the picture to kith graph: at scale 100
 * they would double the report's time. */
#define REPORT_FULL_TIES 100000

static void headline(kith_report *rep, rep_section *s, const kith_graph_summary *g,
                     const char *why)
{
    char cut[200];
    snprintf(cut, sizeof cut,
             "not computed in the report above %d ties (%lld here): run kith graph",
             REPORT_FULL_TIES, g ? (long long)g->ties : 0LL);
    const struct {
        const char *id, *label;
        rep_unit unit;
        double v;
    } rows[] = {
        {"network_members", "Members with ties", RU_COUNT, g ? (double)g->nodes : 0},
        {"network_ties", "Ties (pairs of members)", RU_COUNT, g ? (double)g->ties : 0},
        {"network_density", "Density (directed)", RU_NONE, g ? g->density : 0},
        {"network_reciprocity", "Reciprocity", RU_RATIO, g ? g->reciprocity : 0},
        {"network_components", "Connected groups (weak components)", RU_COUNT,
         g ? (double)g->components : 0},
        {"network_largest_share", "Largest group, share of members", RU_RATIO,
         g ? g->largest_share : 0},
        {"network_communities", "Communities (Leiden)", RU_COUNT,
         g ? (double)g->communities : 0},
        {"network_modularity", "Modularity", RU_NONE, g ? g->modularity : 0},
        {"network_strong_ties", "Strong ties", RU_COUNT, g ? (double)g->strong_ties : 0},
        {"network_weak_ties", "Weak ties", RU_COUNT, g ? (double)g->weak_ties : 0},
        {"network_bridging_ties", "Bridging ties (between communities)", RU_COUNT,
         g ? (double)g->bridging_ties : 0},
        {"network_bridge_members", "Bridge members", RU_COUNT,
         g ? (double)g->bridge_members : 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        /* What needs the communities is left out of a cut analysis. */
        int cut_out = g && g->partial &&
                      (!strcmp(rows[i].id, "network_communities") ||
                       !strcmp(rows[i].id, "network_modularity") ||
                       !strcmp(rows[i].id, "network_bridging_ties") ||
                       !strcmp(rows[i].id, "network_bridge_members"));
        kith__rep_metric(rep, s, rows[i].id, rows[i].label, rows[i].unit,
                         !g        ? kith_value_na("%s", why)
                         : cut_out ? kith_value_na("%s", cut)
                                   : kith_value_of(rows[i].v, g->nodes));
    }
}

/* Love at as_of by member id: the engine's list sorted by id. */
typedef struct love_map {
    kith_member_score *s;
    size_t n;
} love_map;

static int cmp_id_love(const void *x, const void *y)
{
    const kith_member_score *a = x, *b = y;
    return (a->member_id > b->member_id) - (a->member_id < b->member_id);
}

static double love_of(const love_map *lm, int64_t id)
{
    size_t lo = 0, hi = lm->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lm->s[mid].member_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lm->n && lm->s[lo].member_id == id ? lm->s[lo].love : 0;
}

static void communities(kith_report *rep, rep_section *s, const kith_graph *g)
{
    static const char *const cols[] = {"community|Community|count", "size|Members|count",
                                       "weight|Weight inside|score",
                                       "top|Top members by reach|text"};
    rep_table *t = kith__rep_table(rep, s, "network_communities",
                                   "Communities (largest first)", 4, cols);
    size_t nc = kith_graph_ncommunities(g);
    for (size_t c = 0; c < nc && c < TOP_COMMUNITIES; c++) {
        kith_graph_community cm;
        kith_graph_community_at(g, c, &cm);
        char top[400] = "";
        size_t len = 0;
        for (int k = 0; k < cm.ntop && k < 3 && len < sizeof top; k++) {
            kith_graph_node nd;
            kith_graph_node_at(g, cm.top[k], &nd);
            len += (size_t)snprintf(top + len, sizeof top - len, "%s%s", k ? ", " : "",
                                    nd.name[0] ? nd.name : "(no name)");
        }
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, cm.id);
        kith__rep_set_int(t, r, 1, cm.size);
        kith__rep_set_real(t, r, 2, cm.internal_weight);
        kith__rep_set_text(rep, t, r, 3, top);
    }
    if (nc > TOP_COMMUNITIES) {
        char note[120];
        snprintf(note, sizeof note, "and %zu smaller communities (kith graph)",
                 nc - TOP_COMMUNITIES);
        kith__rep_table_note(rep, t, note);
    }
}

static void members(kith_report *rep, rep_section *s, const kith_graph *g,
                    const kith_metrics *m, const char *note)
{
    static const char *const cols[] = {"member|Member|",
                                       "name|Name|text",
                                       "reach|Reach (PageRank)|",
                                       "gravity|Gravity|score",
                                       "betweenness|Betweenness|score",
                                       "constraint|Constraint|",
                                       "community|Community|"};
    rep_table *t =
        kith__rep_table(rep, s, "network_reach", "Members of highest reach", 7, cols);
    kith__rep_table_note(rep, t, note);
    love_map lm;
    memset(&lm, 0, sizeof lm);
    kith_error err;
    kith_error_clear(&err);
    int loved = kith_metric_love_top(m, kith_metrics_as_of(m), -1, 0, &lm.s, &lm.n,
                                     &err) == KITH_OK;
    if (loved)
        qsort(lm.s, lm.n, sizeof *lm.s, cmp_id_love);
    size_t *idx = NULL, n = 0;
    if (kith_graph_top(g, KITH_RANK_REACH, TOP_MEMBERS, &idx, &n, &err) != KITH_OK)
        rep->oom = 1;
    double nodes = (double)kith_graph_nnodes(g);
    for (size_t k = 0; k < n; k++) {
        kith_graph_node nd;
        kith_graph_node_at(g, idx[k], &nd);
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, nd.member_id);
        kith__rep_set_text(rep, t, r, 1, nd.name[0] ? nd.name : "(no name)");
        kith__rep_set_real(t, r, 2, nd.pagerank);
        /* Gravity = love x reach x members: the mean member is 1 x love. */
        if (loved)
            kith__rep_set_real(t, r, 3, love_of(&lm, nd.member_id) * nd.pagerank * nodes);
        else
            kith__rep_set_na(rep, t, r, 3, err.msg);
        if (kith_graph_summary_of(g)->partial) {
            kith__rep_set_na(rep, t, r, 4, "kith graph");
            kith__rep_set_na(rep, t, r, 5, "kith graph");
            kith__rep_set_na(rep, t, r, 6, "kith graph");
        } else {
            kith__rep_set_real(t, r, 4, nd.betweenness);
            kith__rep_set_real(t, r, 5, nd.constraint);
            kith__rep_set_int(t, r, 6, nd.community);
        }
    }
    free(idx);
    free(lm.s);
}

static void bridges(kith_report *rep, rep_section *s, const kith_graph *g)
{
    static const char *const cols[] = {
        "member|Member|",         "name|Name|text",       "betweenness|Betweenness|score",
        "constraint|Constraint|", "community|Community|", "degree|Ties|count"};
    rep_table *t = kith__rep_table(
        rep, s, "network_bridges",
        "Bridge members (ties into other communities; by betweenness, then "
        "lowest constraint)",
        6, cols);
    size_t *idx = NULL, n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_graph_bridges(g, TOP_MEMBERS, &idx, &n, &err) != KITH_OK)
        rep->oom = 1;
    for (size_t k = 0; k < n; k++) {
        kith_graph_node nd;
        kith_graph_node_at(g, idx[k], &nd);
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, nd.member_id);
        kith__rep_set_text(rep, t, r, 1, nd.name[0] ? nd.name : "(no name)");
        kith__rep_set_real(t, r, 2, nd.betweenness);
        kith__rep_set_real(t, r, 3, nd.constraint);
        kith__rep_set_int(t, r, 4, nd.community);
        kith__rep_set_int(t, r, 5, nd.degree);
    }
    free(idx);
}

void kith__rep_build_network(kith_report *rep, const kith_metrics *m, kith_store *st,
                             int64_t org, int include_team)
{
    rep_section *s = kith__rep_section(rep, "network", "Community network");
    kith_graph_opts o;
    memset(&o, 0, sizeof o);
    o.from = rep->from;
    o.to = rep->to;
    o.as_of = rep->as_of;
    o.has_from = o.has_to = o.has_as_of = 1;
    o.include_team = include_team;
    o.runs = REPORT_RUNS;
    o.exact_work = REPORT_EXACT_WORK;
    o.sources = REPORT_SOURCES;
    o.full_max_ties = REPORT_FULL_TIES;
    kith_graph *g = NULL;
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_graph_build(st, org, &o, &g, &err);
    if (rc == KITH_ENOMEM)
        rep->oom = 1;
    if (rc != KITH_OK) {
        headline(rep, s, NULL, err.msg);
        return;
    }
    const kith_graph_summary *sum = kith_graph_summary_of(g);
    headline(rep, s, sum, "");
    char note[400];
    snprintf(note, sizeof note,
             "ties from replies, mentions, reactions, referrals and shared events, "
             "weights decayed (half-life %g days); %lld events over %d attendees make no "
             "ties; betweenness %s; reach = PageRank, gravity = love x reach x %lld "
             "members; a lighter analysis than kith graph (%d Leiden runs; "
             "docs/graph.md)",
             sum->half_life, (long long)sum->events_skipped, KITH_GRAPH_MAX_ATTENDEES,
             sum->betweenness_exact ? "exact" : "estimated from 64 sampled sources",
             (long long)sum->nodes, REPORT_RUNS);
    if (sum->partial) {
        snprintf(
            note, sizeof note,
            "reach = PageRank, gravity = love x reach x %lld members; with %lld ties "
            "the report leaves communities, betweenness, constraint and the "
            "picture to kith graph (over %d ties; docs/graph.md)",
            (long long)sum->nodes, (long long)sum->ties, REPORT_FULL_TIES);
        members(rep, s, g, m, note);
        kith_graph_free(g);
        return;
    }
    communities(rep, s, g);
    members(rep, s, g, m, note);
    bridges(rep, s, g);
    char *svg = NULL;
    if (kith_graph_svg(g, REPORT_SVG_NODES, &svg, NULL, &err) == KITH_OK)
        kith__rep_section_svg_take(s, svg);
    else if (err.code == KITH_ENOMEM)
        rep->oom = 1;
    kith_graph_free(g);
}

/* The network finding (docs/findings.md, rule network_bridges): the first
 * bridge member of the section's table, when the network has at least two
 * communities and someone ties them together. Watch: the community leans
 * on that member to reach across its groups. */
void kith__find_network(kith__find_ctx *c)
{
    const rep_metric *comm = kith__find_metric(c, "network", "network_communities");
    const rep_metric *nb = kith__find_metric(c, "network", "network_bridge_members");
    const rep_table *t = kith__find_table(c, "network", "network_bridges");
    double b = 0, con = 0, id = 0;
    if (!comm || !nb || !t || !comm->cur.ok || !nb->cur.ok || comm->cur.v < 2 ||
        nb->cur.v < 1 || t->nrows < 1 || !kith__find_cell_num(t, 0, "member", &id) ||
        !kith__find_cell_num(t, 0, "betweenness", &b))
        return;
    kith__find_cell_num(t, 0, "constraint", &con);
    const char *name = kith__find_cell_text(t, 0, "name");
    char k[64], g[64], w[64], page[64];
    snprintf(page, sizeof page, "#/network?member=%lld", (long long)id);
    rep_finding *f = kith__find_add(
        c, "network_bridges", RF_WATCH, "network", page,
        "%s is the main bridge between the %s groups of the community (betweenness %s), "
        "first of %s bridge member%s",
        name, kith__find_whole(comm->cur.v, g), kith__find_whole(b, w),
        kith__find_whole(nb->cur.v, k), kith__find_s(nb->cur.v));
    kith__find_num(c, f, "member", id, RU_NONE);
    kith__find_num(c, f, "betweenness", b, RU_SCORE);
    kith__find_num(c, f, "constraint", con, RU_SCORE);
    kith__find_num(c, f, "communities", comm->cur.v, RU_COUNT);
    kith__find_num(c, f, "bridge_members", nb->cur.v, RU_COUNT);
    kith__find_item(c, f, name);
    kith__find_metric_ref(c, f, "network_communities");
    kith__find_metric_ref(c, f, "network_bridge_members");
    kith__find_table_ref(c, f, "network_bridges");
}
