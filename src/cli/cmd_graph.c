/* kith graph: the community network (summary, communities, bridge members,
 * ties), its JSON (kith_graph_json's text), its picture (--svg) and its
 * export for Gephi (kith graph export). The options shared with kith
 * match and kith members top --by reach|brokerage|betweenness live here
 * too (cli_graph_opt). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* ------------------------------------------------------------ shared options */

int cli_graph_opt(cli_graph_args *a, int c, const char *arg, const char *cmd)
{
    char *end = NULL;
    switch (c) {
    case CLI_GOPT_FROM:
        a->from = arg;
        return 0;
    case CLI_GOPT_TO:
        a->to = arg;
        return 0;
    case CLI_GOPT_AS_OF:
        a->as_of = arg;
        return 0;
    case CLI_GOPT_WEIGHTS:
        if (!strcmp(arg, "decayed"))
            a->o.weights = KITH_GRAPH_DECAYED;
        else if (!strcmp(arg, "count"))
            a->o.weights = KITH_GRAPH_COUNT;
        else
            return cli_usage(cmd, "--weights '%s': use decayed or count", arg);
        return 0;
    case CLI_GOPT_RESOLUTION:
        a->o.resolution = strtod(arg, &end);
        if (!end || end == arg || *end)
            return cli_usage(cmd, "--resolution '%s': give a number > 0 (default 1)",
                             arg);
        a->o.has_resolution = 1;
        return 0;
    case CLI_GOPT_STRONG:
        a->o.strong_quantile = strtod(arg, &end);
        if (!end || end == arg || *end || !(a->o.strong_quantile > 0) ||
            !(a->o.strong_quantile < 1))
            return cli_usage(cmd,
                             "--strong-quantile '%s': give a number between 0 and 1 "
                             "(default 0.75, the top quartile)",
                             arg);
        return 0;
    case CLI_GOPT_TEAM:
        a->o.include_team = 1;
        return 0;
    case CLI_GOPT_EXACT:
        a->o.exact_work = -1;
        return 0;
    case CLI_GOPT_RUNS: {
        int64_t runs = 0;
        if (cli_parse_i64(arg, &runs) || runs > 1000)
            return cli_usage(cmd, "--runs '%s': give a whole number from 1 to 1000", arg);
        a->o.runs = (int)runs;
        return 0;
    }
    default:
        return -1;
    }
}

int cli_graph_dates(cli_graph_args *a, const char *tz, const char *cmd)
{
    kith_error err;
    kith_error_clear(&err);
    const char *raw[3] = {a->from, a->to, a->as_of};
    const char *flag[3] = {"--from", "--to", "--as-of"};
    int64_t *dst[3] = {&a->o.from, &a->o.to, &a->o.as_of};
    int *has[3] = {&a->o.has_from, &a->o.has_to, &a->o.has_as_of};
    for (int i = 0; i < 3; i++) {
        if (!raw[i])
            continue;
        /* A date without a time is 00:00 in the org's time zone. */
        if (kith_report_parse_time_tz(flag[i], raw[i], tz, dst[i], &err) != KITH_OK)
            return cli_usage(cmd, "%s", err.msg);
        *has[i] = 1;
    }
    return 0;
}

const char *cli_graph_help(void)
{
    return "  --from DATE, --to DATE  the period [from, to) (default: the 365 days\n"
           "                     before as-of, config period_days)\n"
           "  --as-of DATE       end of the analysis (default: after the latest "
           "activity)\n"
           "  --weights W        decayed (default: each interaction x "
           "0.5^(age/half_life))\n"
           "                     or count (plain number of interactions)\n"
           "  --resolution R     Leiden resolution, > 0 (default 1; lower: fewer, "
           "larger\n"
           "                     communities)\n"
           "  --strong-quantile Q  strong ties: reciprocated and weight in the top\n"
           "                     (1 - Q) of ties (default 0.75, the top quartile)\n"
           "  --include-team     keep members flagged team or bot\n"
           "  --runs N           seeded Leiden runs, the best kept (default 10; 3 above\n"
           "                     100,000 ties)\n"
           "  --exact-betweenness  exact betweenness whatever the size (default: exact\n"
           "                     up to nodes x ties = 1e8, else 256 sampled sources)\n";
}

/* ------------------------------------------------------------ table */

static void print_node_row(const kith_graph *gr, size_t i)
{
    kith_graph_node nd;
    kith_graph_node_at(gr, i, &nd);
    printf("  %8lld  %-26.26s %5lld %9.5f %11.1f %10.4f %6lld %9lld\n",
           (long long)nd.member_id, nd.name[0] ? nd.name : "(no name)",
           (long long)nd.degree, nd.pagerank, nd.betweenness, nd.constraint,
           (long long)nd.coreness, (long long)nd.community);
}

static void print_nodes_header(void)
{
    printf("  %8s  %-26s %5s %9s %11s %10s %6s %9s\n", "member", "name", "deg.", "reach",
           "betweenness", "constraint", "core", "community");
}

static int print_table(const kith_graph *gr, const char *org)
{
    const kith_graph_summary *s = kith_graph_summary_of(gr);
    char f[32], t[32], a[32];
    kith_error err;
    kith_error_clear(&err);
    printf("Network of %s, %s to %s (as of %s), weights %s", org,
           kith_time_date(s->from, s->timezone, f), kith_time_date(s->to, s->timezone, t),
           kith_time_date(s->as_of, s->timezone, a),
           s->weights == KITH_GRAPH_COUNT ? "count" : "decayed");
    if (s->weights == KITH_GRAPH_DECAYED)
        printf(" (half-life %g days)", s->half_life);
    printf("\n\n");
    printf("  members (nodes)  %-10lld directed edges %-10lld ties (pairs) %lld\n",
           (long long)s->nodes, (long long)s->edges, (long long)s->ties);
    printf("  interactions     %-10lld events with ties %lld", (long long)s->interactions,
           (long long)s->events);
    if (s->events_skipped)
        printf(" (%lld skipped: over %d attendees, largest %lld)",
               (long long)s->events_skipped, KITH_GRAPH_MAX_ATTENDEES,
               (long long)s->largest_skipped);
    printf("\n  density          %-10.4g reciprocity    %.3f\n", s->density,
           s->reciprocity);
    printf("  components       %-10lld largest        %lld (%.1f%%)\n",
           (long long)s->components, (long long)s->largest_component,
           100 * s->largest_share);
    printf("  communities      %-10lld modularity     %.4f (Leiden, best of %d runs, "
           "resolution %g)\n",
           (long long)s->communities, s->modularity, s->runs, s->resolution);
    printf(
        "  ties             strong %lld, weak %lld, bridging %lld (strong: reciprocated "
        "and weight >= %.3g)\n",
        (long long)s->strong_ties, (long long)s->weak_ties, (long long)s->bridging_ties,
        s->strong_threshold);
    if (s->betweenness_exact)
        printf("  betweenness      exact\n");
    else
        printf("  betweenness      estimated from %d sampled sources (graph too large "
               "for exact)\n",
               s->sources);
    printf("\ncommunities (largest 10; top members by reach)\n");
    size_t nc = kith_graph_ncommunities(gr);
    for (size_t c = 0; c < nc && c < 10; c++) {
        kith_graph_community cm;
        kith_graph_community_at(gr, c, &cm);
        printf("  %3lld  %6lld members  ", (long long)cm.id, (long long)cm.size);
        for (int k = 0; k < cm.ntop && k < 3; k++) {
            kith_graph_node nd;
            kith_graph_node_at(gr, cm.top[k], &nd);
            printf("%s%.24s", k ? ", " : "", nd.name[0] ? nd.name : "(no name)");
        }
        printf("\n");
    }
    if (nc > 10)
        printf("  ... and %zu smaller communities\n", nc - 10);
    size_t *idx = NULL, n = 0;
    if (kith_graph_bridges(gr, 10, &idx, &n, &err) != KITH_OK)
        return cli_fail(&err);
    printf("\nbridge members (%lld; by betweenness, then lowest constraint)\n",
           (long long)s->bridge_members);
    if (n)
        print_nodes_header();
    for (size_t k = 0; k < n; k++)
        print_node_row(gr, idx[k]);
    free(idx);
    if (kith_graph_top(gr, KITH_RANK_REACH, 10, &idx, &n, &err) != KITH_OK)
        return cli_fail(&err);
    printf("\ntop members by reach (PageRank)\n");
    print_nodes_header();
    for (size_t k = 0; k < n; k++)
        print_node_row(gr, idx[k]);
    free(idx);
    return 0;
}

/* ------------------------------------------------------------ commands */

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith graph [OPTIONS] [--format table|json] [--svg FILE]\n"
        "       kith graph export --format graphml|gexf|csv FILE [OPTIONS]\n"
        "\n"
        "The community network: members tied by replies, mentions, reactions and\n"
        "referrals, and by attending the same event. Summary, communities (Leiden),\n"
        "bridge members, strong/weak/bridging ties, and per member: degree, strength,\n"
        "reach (PageRank), betweenness, constraint (brokerage), coreness. The rules\n"
        "and sizes are in docs/graph.md.\n"
        "\n%s"
        "  --svg FILE         also draw the network as SVG into FILE\n"
        "  export             write the graph for Gephi: graphml, gexf, or csv (edges\n"
        "                     to FILE, nodes to FILE-nodes.csv)\n",
        cli_graph_help());
}

static int do_export(cli_global *g, int argc, char **argv)
{
    cli_graph_args a;
    memset(&a, 0, sizeof a);
    const char *fmt = NULL;
    static const struct option opts[] = {CLI_GRAPH_LONGOPTS,
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'F') {
            fmt = optarg;
        } else if (c == 'h') {
            help(stdout);
            return 0;
        } else {
            int r = cli_graph_opt(&a, c, optarg, "graph export");
            if (r)
                return 1;
        }
    }
    if (argc - optind != 1)
        return cli_usage("graph export", "give one output FILE");
    if (!fmt)
        return cli_usage("graph export", "give --format graphml, gexf or csv");
    if (strcmp(fmt, "graphml") && strcmp(fmt, "gexf") && strcmp(fmt, "csv"))
        return cli_usage("graph export", "--format '%s': use graphml, gexf or csv", fmt);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if ((rc = cli_graph_dates(&a, org.timezone, "graph export")) != 0) {
        kith_store_close(st);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_graph *gr = NULL;
    char *extra = NULL;
    if (kith_graph_build(st, org.id, &a.o, &gr, &err) != KITH_OK ||
        kith_graph_export(gr, fmt, argv[optind], &extra, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else if (!g->quiet) {
        const kith_graph_summary *s = kith_graph_summary_of(gr);
        printf("wrote %s (%lld members, %lld directed edges)%s%s\n", argv[optind],
               (long long)s->nodes, (long long)s->edges, extra ? " and " : "",
               extra ? extra : "");
    }
    free(extra);
    kith_graph_free(gr);
    kith_store_close(st);
    return rc;
}

static int write_svg(const kith_graph *gr, const char *path)
{
    kith_error err;
    kith_error_clear(&err);
    char *svg = NULL;
    size_t len = 0;
    if (kith_graph_svg(gr, 0, &svg, &len, &err) != KITH_OK)
        return cli_fail(&err);
    FILE *f = fopen(path, "wb");
    int bad = !f || fwrite(svg, 1, len, f) != len;
    if (f && fclose(f) != 0)
        bad = 1;
    free(svg);
    if (bad) {
        fprintf(stderr, "kith: %s: cannot write the picture\n", path);
        return kith_exit_code(KITH_EIO);
    }
    return 0;
}

int cmd_graph(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "export"))
        return do_export(g, argc - 1, argv + 1);
    if (cli_take_format(g, &argc, argv))
        return 1;
    cli_graph_args a;
    memset(&a, 0, sizeof a);
    const char *svg = NULL;
    static const struct option opts[] = {CLI_GRAPH_LONGOPTS,
                                         {"svg", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'S') {
            svg = optarg;
        } else if (c == 'h') {
            help(stdout);
            return 0;
        } else if (cli_graph_opt(&a, c, optarg, "graph") != 0) {
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("graph", "unexpected argument '%s'", argv[optind]);
    int json = g->format && !strcmp(g->format, "json");
    if (g->format && !json && strcmp(g->format, "table"))
        return cli_usage("graph",
                         "--format '%s': use table or json (kith graph export "
                         "writes graphml, gexf or csv)",
                         g->format);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if ((rc = cli_graph_dates(&a, org.timezone, "graph")) != 0) {
        kith_store_close(st);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_graph *gr = NULL;
    if (kith_graph_build(st, org.id, &a.o, &gr, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else if (json) {
        char *text = NULL;
        if (kith_graph_render_json(gr, org.name, &text, &err) != KITH_OK)
            rc = cli_fail(&err);
        else
            fputs(text, stdout);
        free(text);
    } else {
        rc = print_table(gr, org.name);
    }
    if (rc == 0 && svg)
        rc = write_svg(gr, svg);
    kith_graph_free(gr);
    kith_store_close(st);
    return rc;
}
