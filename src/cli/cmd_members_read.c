/* kith members list | show | merges | suggest-merges: reading members and
 * the merge log. All data comes from libkith (include/kith/members.h). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kith/members.h"

/* A date as people read it: in the org's time zone tz; "-" for none. */
static const char *day(int64_t t, const char *tz, char buf[32])
{
    return t <= 0 ? "-" : kith_time_date(t, tz, buf);
}

/* What the show and merges tables need: the org's zone for dates and its
 * currency. */
typedef struct show_ctx {
    const char *tz;       /* the org's time zone, for dates */
    const char *currency; /* the org's currency (show_type) */
} show_ctx;

typedef enum { OUT_TABLE, OUT_JSON, OUT_CSV } out_fmt;

static int out_format(cli_global *g, const char *cmd, out_fmt *f)
{
    *f = OUT_TABLE;
    if (!g->format || !strcmp(g->format, "table"))
        *f = OUT_TABLE;
    else if (!strcmp(g->format, "json"))
        *f = OUT_JSON;
    else if (!strcmp(g->format, "csv"))
        *f = OUT_CSV;
    else
        return cli_usage(cmd, "--format must be table, json or csv, not '%s'", g->format);
    return 0;
}

/* members show and merges have no flat form: --format csv is an error
 * rather than the table under another name. */
static int out_format_no_csv(cli_global *g, const char *cmd, out_fmt *f)
{
    int rc = out_format(g, cmd, f);
    if (rc == 0 && *f == OUT_CSV)
        return cli_usage(cmd, "--format csv: use table or json");
    return rc;
}

/* ------------------------------------------------------------ list */

typedef struct list_ctx {
    out_fmt fmt;
    int64_t n;
    const char *tz;
} list_ctx;

static int list_row(void *ud, const kith_member_row *r)
{
    list_ctx *c = ud;
    char b1[32];
    c->n++;
    if (c->fmt == OUT_CSV) {
        printf("%" PRId64 ",", r->id);
        cli_csv_cell(r->name);
        putchar(',');
        cli_csv_cell(r->kinds);
        putchar(',');
        cli_csv_cell(r->flags);
        putchar(',');
        cli_csv_cell(r->email);
        putchar(',');
        cli_csv_cell(r->postcode);
        printf(",%" PRId64 ",%s\n", r->n_activities, day(r->last_activity, c->tz, b1));
    } else {
        printf("%8" PRId64 "  %-24.24s %-18.18s %-32.32s %6" PRId64 "  %s\n", r->id,
               r->name, r->kinds, r->email, r->n_activities,
               day(r->last_activity, c->tz, b1));
    }
    return 0;
}

int cli_members_list(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    kith_member_filter f;
    memset(&f, 0, sizeof f);
    f.limit = 0;
    const char *segment = NULL, *kraw = NULL;
    static const struct option opts[] = {
        {"kind", required_argument, 0, 'k'},    {"search", required_argument, 0, 's'},
        {"limit", required_argument, 0, 'l'},   {"all", no_argument, 0, 'a'},
        {"after", required_argument, 0, 'A'},   {"level", required_argument, 0, 'L'},
        {"segment", required_argument, 0, 'S'}, {"k", required_argument, 0, 'K'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            f.kind = optarg;
            break;
        case 's':
            f.search = optarg;
            break;
        case 'l':
            if (cli_parse_i64(optarg, &f.limit))
                return cli_usage("members list", "--limit must be a whole number > 0");
            break;
        case 'a':
            f.include_merged = 1;
            break;
        case 'A':
            if (cli_parse_i64(optarg, &f.after))
                return cli_usage("members list", "--after must be a member id");
            break;
        case 'L':
            if (strlen(optarg) != 1 || optarg[0] < '0' || optarg[0] > '4')
                return cli_usage("members list", "--level must be 0 to 4");
            f.has_level = 1;
            f.level = optarg[0] - '0';
            break;
        case 'S':
            segment = optarg;
            break;
        case 'K':
            kraw = optarg;
            break;
        case 'h':
            printf(
                "usage: kith members list [--kind K] [--search TEXT] [--level L]\n"
                "                         [--segment S [--k K]] [--limit N] [--after "
                "ID]\n"
                "                         [--all] [--format table|json|csv]\n\n"
                "List members (after identity merge) by id.\n"
                "  --kind K       only members of kind K (customer, employee, supplier,\n"
                "                 partner, local_org, online, other)\n"
                "  --search TEXT  name or any email/phone/handle containing TEXT\n"
                "  --level L      only members at engagement level L (0 inactive .. 4\n"
                "                 champion) at the latest activity\n"
                "  --limit N      at most N members\n"
                "  --after ID     only members with an id above ID (the next page;\n"
                "                 JSON gives it as next_cursor)\n"
                "  --all          also members merged into others\n"
                "  --segment S    only the customers of a segment (docs/segments.md):\n"
                "                 rfm:NAME (rfm:champions, rfm:at_risk, ...) or\n"
                "                 cluster:N (k-means cluster N; --k K for K clusters,\n"
                "                 else k by silhouette)\n");
            return 0;
        default:
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("members list", "unexpected argument '%s'", argv[optind]);
    static const char *const kinds[] = {"customer",  "employee", "supplier", "partner",
                                        "local_org", "online",   "other",    NULL};
    if (f.kind) {
        int ok = 0;
        for (int i = 0; kinds[i]; i++)
            ok |= !strcmp(f.kind, kinds[i]);
        if (!ok)
            return cli_usage("members list",
                             "unknown kind '%s' (customer, employee, supplier, partner,"
                             " local_org, online, other)",
                             f.kind);
    }
    if (f.include_merged && segment)
        return cli_usage("members list", "--all and --segment: merged members have no "
                                         "segment");
    list_ctx ctx = {0};
    int rc = out_format(g, "members list", &ctx.fmt);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    kith_segments *seg = NULL;
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    if (segment || kraw) {
        rc = cli_segment_filter(st, org.id, segment, kraw, &seg, &f.segment);
        if (rc) {
            kith_store_close(st);
            return rc;
        }
        f.segments = seg;
    }
    ctx.tz = org.timezone;
    kith_error err;
    kith_error_clear(&err);
    if (ctx.fmt == OUT_JSON) {
        char *text = NULL;
        rc = cli_print_json(kith_members_json(st, org.id, &f, &text, &err), &text, &err);
        kith_segments_free(seg);
        kith_store_close(st);
        return rc;
    }
    if (ctx.fmt == OUT_CSV)
        printf("id,name,kinds,flags,email,postcode,activities,last_activity\n");
    else
        printf("%8s  %-24s %-18s %-32s %6s  %s\n", "id", "name", "kinds", "email", "acts",
               "last seen");
    if (kith_members_select(st, org.id, &f, list_row, &ctx, &err) != KITH_OK)
        rc = cli_fail(&err);
    else if (ctx.fmt == OUT_TABLE) {
        /* With --limit: how many there are in all (counted in SQL: without
         * the filters on scores and segments, and from the first page). */
        int64_t all = ctx.n;
        int countable = !f.has_level && !f.at_risk && !f.segments && !f.after;
        if (countable && f.limit > 0 && ctx.n == f.limit &&
            kith_members_count(st, org.id, &f, &all, &err) != KITH_OK)
            rc = cli_fail(&err);
        else if (all > ctx.n)
            printf("%" PRId64 " of %" PRId64 " members\n", ctx.n, all);
        else
            printf("%" PRId64 " member%s\n", ctx.n, ctx.n == 1 ? "" : "s");
    }
    kith_segments_free(seg);
    kith_store_close(st);
    return rc;
}

/* ------------------------------------------------------------ show */

static int show_ident(void *ud, const kith_identity_row *r)
{
    (void)ud;
    if (r->source[0])
        printf("  %-20s %s  (from %s)\n", r->kind, r->value, r->source);
    else
        printf("  %-20s %s\n", r->kind, r->value);
    return 0;
}

/* One type (per currency for money types: amounts in different currencies
 * are never added up). */
static int show_type(void *ud, const kith_type_count *r)
{
    const show_ctx *c = ud;
    int money = !strcmp(r->type, "purchase") || !strcmp(r->type, "refund") ||
                !strcmp(r->type, "donation") || !strcmp(r->type, "supply");
    const char *cur = !money ? "" : r->currency[0] ? r->currency : c->currency;
    char b1[32], b2[32];
    printf("  %-18s %6" PRId64 "   %s .. %s   value %.2f%s%s\n", r->type, r->n,
           day(r->first, c->tz, b1), day(r->last, c->tz, b2), r->value_sum,
           money ? " " : "", cur);
    return 0;
}

static int show_merge(void *ud, const kith_merge_row *r)
{
    const show_ctx *c = ud;
    char b1[32];
    printf("  #%-6" PRId64 " %s  %" PRId64 " <- %" PRId64 "  %s%s: %s\n", r->id,
           day(r->created_at, c->tz, b1), r->kept_id, r->merged_id,
           r->automatic ? "automatic" : "by hand", r->undone_at ? " (undone)" : "",
           r->reason);
    return 0;
}

/* ------------------------------------------------------------ texts */

#define SHOW_TEXTS 20

/* The first max bytes of s, cut before a UTF-8 continuation byte. */
static int utf8_prefix(const char *s, int max)
{
    int n = (int)strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* The member's latest texts with their VADER scores. Without a lexicon
 * the rest of the member is still shown, with the reason. */
static int show_texts(kith_store *st, const kith_org *org, int64_t member)
{
    kith_member_text *tx = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    kith_code kc = kith_member_texts(st, org->id, member, SHOW_TEXTS,
                                     getenv("KITH_VADER_LEXICON"), &tx, &n, &err);
    if (kc == KITH_ENOMEM || kc == KITH_EDB)
        return cli_fail(&err);
    if (kc != KITH_OK) {
        printf("\ntexts: not scored: %s\n", err.msg);
        return 0;
    }
    printf("\ntexts (latest %d, VADER compound; blank = unscored)\n", SHOW_TEXTS);
    for (size_t i = 0; i < n; i++) {
        const kith_member_text *t = &tx[i];
        char b1[32], c[16] = "";
        if (t->scored)
            snprintf(c, sizeof c, "%+.4f", t->compound);
        printf("  %s  %-8s %-20.20s %7s  %.*s%s\n", day(t->t, org->timezone, b1), t->type,
               t->channel, c, utf8_prefix(t->text, 60), t->text,
               (int)strlen(t->text) > utf8_prefix(t->text, 60) ? "..." : "");
    }
    if (!n)
        printf("  (none)\n");
    kith_member_texts_free(tx, n);
    return 0;
}

/* ------------------------------------------------------------ network */

/* The member's place in the network of the default period: community,
 * ranks by reach, brokerage and betweenness, strongest ties. A member (or
 * a period) without ties says so; only real failures fail the command. */
static int show_network(kith_store *st, int64_t org, int64_t member)
{
    kith_error err;
    kith_error_clear(&err);
    kith_graph *gr = NULL;
    kith_code kc = kith_graph_build(st, org, NULL, &gr, &err);
    if (kc == KITH_ENOMEM || kc == KITH_EDB || kc == KITH_EINTERNAL)
        return cli_fail(&err);
    kith_graph_profile p;
    if (kc != KITH_OK) {
        printf("\nnetwork: %s\n", err.msg);
    } else if (kith_graph_profile_of(gr, member, &p, NULL) != KITH_OK) {
        char f[32], t[32];
        const kith_graph_summary *s = kith_graph_summary_of(gr);
        printf("\nnetwork: no tie from %s to %s\n",
               kith_time_date(s->from, s->timezone, f),
               kith_time_date(s->to, s->timezone, t));
    } else {
        const kith_graph_summary *s = kith_graph_summary_of(gr);
        kith_graph_node nd;
        kith_graph_node_at(gr, p.node, &nd);
        char f[32], t[32];
        printf("\nnetwork (%s to %s, kith graph)\n",
               kith_time_date(s->from, s->timezone, f),
               kith_time_date(s->to, s->timezone, t));
        printf("  community %lld (%lld members)%s\n", (long long)p.community,
               (long long)p.community_size, nd.bridge ? ", bridge member" : "");
        printf("  reach rank %lld of %lld (PageRank %.5f), brokerage rank %lld "
               "(constraint %.4f), betweenness rank %lld\n",
               (long long)p.rank_reach, (long long)p.nodes, nd.pagerank,
               (long long)p.rank_brokerage, nd.constraint, (long long)p.rank_betweenness);
        printf("  strongest ties:");
        for (int k = 0; k < p.nties; k++) {
            kith_graph_node o;
            kith_graph_node_at(gr, p.ties[k].other, &o);
            printf("%s %s (%lld, %.2f%s%s)", k ? "," : "",
                   o.name[0] ? o.name : "(no name)", (long long)o.member_id,
                   p.ties[k].weight, p.ties[k].strong ? ", strong" : "",
                   p.ties[k].bridging ? ", bridging" : "");
        }
        printf("\n");
    }
    kith_graph_free(gr);
    return 0;
}

/* ------------------------------------------------------------ value */

/* Predicted lifetime value and churn risk (docs/models.md). A member who
 * is no customer, or models that cannot be fitted, leave the reason in
 * place of the figures; the rest of the member is shown anyway. */
static int show_value(kith_store *st, int64_t org, int64_t member)
{
    kith_error err;
    kith_error_clear(&err);
    kith_clv_customer cv;
    kith_code kc = kith_clv_member(st, org, member, &cv, &err);
    if (kc == KITH_ENOMEM || kc == KITH_EDB)
        return cli_fail(&err);
    printf("\nvalue (docs/models.md)\n");
    if (kc != KITH_OK) {
        printf("  lifetime value: n/a: %s\n", err.msg);
    } else {
        printf("  P(alive) %.3f   expected purchases %.2f   predicted CLV ", cv.p_alive,
               cv.expected_purchases);
        if (cv.clv.ok)
            printf("%.2f\n", cv.clv.v);
        else
            printf("n/a: %s\n", cv.clv.why);
    }
    kith_error_clear(&err);
    kith_churn_customer ch;
    kc = kith_churn_member(st, org, member, &ch, &err);
    if (kc == KITH_ENOMEM || kc == KITH_EDB)
        return cli_fail(&err);
    if (kc != KITH_OK) {
        printf("  churn risk: n/a: %s\n", err.msg);
    } else {
        printf("  churn risk %.1f%%", ch.risk * 100);
        for (int i = 0; i < ch.nreasons; i++)
            printf("%s%s", i ? "; " : ": ", ch.reasons[i]);
        printf("\n");
    }
    return 0;
}

int cli_members_show(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith members show MEMBER [--format table|json]\n\n"
               "One member: identities, activities by type, merges, and the latest\n"
               "%d texts (posts, replies, reviews, feedback, ideas, mentions) with\n"
               "their VADER compound, their place in the network of the default\n"
               "period (community, ranks by reach, brokerage and betweenness,\n"
               "strongest ties; kith graph), and for a customer P(alive), the\n"
               "expected purchases and predicted CLV (kith clv) and the churn risk\n"
               "with its reasons (kith churn). MEMBER is an id, an email, a phone\n"
               "number or a platform handle. --format json also gives the timeline\n"
               "(latest activities) and the engagement score, level and at-risk flag.\n",
               SHOW_TEXTS);
        return 0;
    }
    if (argc != 2)
        return cli_usage("members show", "give one member (id, email, phone or handle)");
    out_fmt fmt;
    int rc = out_format_no_csv(g, "members show", &fmt);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (fmt == OUT_JSON) {
        kith_member_view_opts vo;
        memset(&vo, 0, sizeof vo);
        vo.texts = SHOW_TEXTS;
        vo.lexicon = getenv("KITH_VADER_LEXICON");
        char *text = NULL;
        rc = cli_print_json(kith_member_json(st, org.id, argv[1], &vo, &text, &err),
                            &text, &err);
        kith_store_close(st);
        return rc;
    }
    kith_member_row m;
    kith_code kc = kith_member_find(st, org.id, argv[1], &m, &err);
    if (kc == KITH_OK && m.merged_into) {
        int64_t into = m.merged_into;
        printf("member %" PRId64 " was merged into %" PRId64 "; showing %" PRId64 "\n\n",
               m.id, into, into);
        char key[32];
        snprintf(key, sizeof key, "%" PRId64, into);
        kc = kith_member_find(st, org.id, key, &m, &err);
    }
    if (kc != KITH_OK) {
        kith_store_close(st);
        return cli_fail(&err);
    }
    char b1[32];
    printf("%s (member %" PRId64 ")\n", m.name[0] ? m.name : "(no name)", m.id);
    printf("  kinds %s%s%s   first seen %s   postcode %s\n", m.kinds[0] ? m.kinds : "-",
           m.flags[0] ? "   flags " : "", m.flags, day(m.first_seen, org.timezone, b1),
           m.postcode[0] ? m.postcode : "-");
    printf("\nidentities\n");
    show_ctx tc = {org.timezone, org.currency}, mc = {org.timezone, NULL};
    kc = kith_member_identities(st, m.id, show_ident, NULL, &err);
    if (kc == KITH_OK) {
        printf("\nactivities (%" PRId64 ")\n", m.n_activities);
        kc = kith_member_activity_types(st, m.id, show_type, &tc, &err);
    }
    if (kc == KITH_OK) {
        printf("\nmerges\n");
        kc = kith_merges_list(st, org.id, m.id, show_merge, &mc, &err);
    }
    if (kc != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = show_texts(st, &org, m.id);
    if (rc == 0)
        rc = show_network(st, org.id, m.id);
    if (rc == 0)
        rc = show_value(st, org.id, m.id);
    kith_store_close(st);
    return rc;
}

/* ------------------------------------------------------------ merges */

int cli_members_merges(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith members merges [MEMBER] [--format table|json]\n\n"
               "The merge log, newest first: automatic merges made while importing\n"
               "and merges by hand, with the reason. Undo one with\n"
               "'kith members unmerge MERGE_ID'.\n");
        return 0;
    }
    if (argc > 2)
        return cli_usage("members merges", "give at most one member");
    out_fmt fmt;
    int rc = out_format_no_csv(g, "members merges", &fmt);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t who = 0;
    kith_member_row m;
    kith_code kc = KITH_OK;
    if (argc == 2 && (kc = kith_member_find(st, org.id, argv[1], &m, &err)) == KITH_OK)
        who = m.id;
    char *text = NULL;
    show_ctx mc = {org.timezone, NULL};
    if (kc == KITH_OK && fmt == OUT_JSON)
        kc = kith_merges_json(st, org.id, who, &text, &err);
    else if (kc == KITH_OK)
        kc = kith_merges_list(st, org.id, who, show_merge, &mc, &err);
    if (kc != KITH_OK)
        rc = cli_fail(&err);
    else if (text)
        rc = cli_print_json(kc, &text, &err);
    free(text);
    kith_store_close(st);
    return rc;
}

/* ------------------------------------------------------------ suggest */

int cli_members_suggest(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    double min = 0.5;
    static const struct option opts[] = {{"min-score", required_argument, 0, 'm'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': {
            char *end = NULL;
            min = strtod(optarg, &end);
            if (!end || *end || min < 0 || min > 1)
                return cli_usage("members suggest-merges", "--min-score must be 0..1");
            break;
        }
        case 'h':
            printf(
                "usage: kith members suggest-merges [--min-score S] [--format "
                "table|json|csv]\n\n"
                "Likely duplicates that kith did not merge, because nothing is merged\n"
                "on a name alone. Each pair has a score (0..1) and the reason:\n"
                "  0.9  same name and same postcode\n"
                "  0.7  same email name before the @ (dots and +tags ignored), other "
                "domain\n"
                "  0.6  same full name and same town, no postcode\n"
                "Accept one with 'kith members merge A B'. Pairs you unmerged before\n"
                "are not suggested again.\n");
            return 0;
        default:
            return 1;
        }
    }
    out_fmt fmt;
    int rc = out_format(g, "members suggest-merges", &fmt);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (fmt == OUT_JSON) {
        char *text = NULL;
        rc = cli_print_json(kith_merge_suggestions_json(st, org.id, min, &text, &err),
                            &text, &err);
        kith_store_close(st);
        return rc;
    }
    kith_merge_suggestion *v = NULL;
    size_t n = 0;
    if (kith_members_suggest_merges(st, org.id, min, &v, &n, &err) != KITH_OK) {
        kith_store_close(st);
        return cli_fail(&err);
    }
    if (fmt == OUT_CSV)
        printf("a,b,score,reason\n");
    for (size_t i = 0; i < n; i++) {
        if (fmt == OUT_CSV) {
            printf("%" PRId64 ",%" PRId64 ",%.2f,", v[i].a, v[i].b, v[i].score);
            cli_csv_cell(v[i].reason);
            putchar('\n');
        } else
            printf("%8" PRId64 " %8" PRId64 "  %.2f  %s\n", v[i].a, v[i].b, v[i].score,
                   v[i].reason);
    }
    if (fmt == OUT_TABLE)
        printf("%zu suggestion%s%s\n", n, n == 1 ? "" : "s",
               n ? "; accept one with 'kith members merge A B'" : "");
    free(v);
    kith_store_close(st);
    return 0;
}
