/* The stakeholder map: groups with power and interest (0-10), legitimacy
 * and urgency; the power/interest grid quadrant (Mendelow 1991), the
 * salience class (Mitchell, Agle & Wood 1997), and for groups that are a
 * kind of member an interest suggested from their measured engagement,
 * with how it was got (the person decides). Written as JSON, a table or
 * the grid as SVG. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "json/jv.h"
#include "store/st_impact.h"
#include "store/store_int.h"

#define HIGH 5.0 /* power or interest of 5 or more is high on the 0-10 scale */

const char *kith_stakeholder_quadrant(double power, double interest)
{
    int p = power >= HIGH, i = interest >= HIGH;
    return p && i ? "manage closely"
           : p    ? "keep satisfied"
           : i    ? "keep informed"
                  : "monitor";
}

const char *kith_stakeholder_salience(int power, int legitimacy, int urgency)
{
    static const char *const cls[8] = {
        "non-stakeholder", /* none */
        "dormant",         /* power */
        "discretionary",   /* legitimacy */
        "dominant",        /* power + legitimacy */
        "demanding",       /* urgency */
        "dangerous",       /* power + urgency */
        "dependent",       /* legitimacy + urgency */
        "definitive",      /* all three */
    };
    return cls[(power != 0) | (legitimacy != 0) << 1 | (urgency != 0) << 2];
}

/* ================================================================ input */

static const char *const kinds[] = {"customer",  "employee", "supplier", "partner",
                                    "local_org", "online",   "other",    NULL};

const char *kith__stakeholder_kind_guess(const char *group)
{
    static const struct {
        const char *word, *kind;
    } words[] = {
        {"customer", "customer"},        {"client", "customer"},
        {"employee", "employee"},        {"staff", "employee"},
        {"supplier", "supplier"},        {"partner", "partner"},
        {"local org", "local_org"},      {"local_org", "local_org"},
        {"local business", "local_org"},
    };
    char low[128];
    size_t n = 0;
    for (; group && group[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)group[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(low, words[i].word))
            return words[i].kind;
    return NULL;
}

static int parse_score(const char *s, double *out)
{
    char *end = NULL;
    while (s && isspace((unsigned char)*s))
        s++;
    if (!s || !*s)
        return -1;
    double v = strtod(s, &end);
    while (end && isspace((unsigned char)*end))
        end++;
    if (!end || *end || !isfinite(v) || v < 0 || v > 10)
        return -1;
    *out = v;
    return 0;
}

static int parse_flag(const char *s, int *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1", NULL};
    static const char *const no[] = {"no", "n", "false", "0", NULL};
    for (int i = 0; yes[i]; i++)
        if (!strcasecmp(s, yes[i])) {
            *out = 1;
            return 0;
        }
    for (int i = 0; no[i]; i++)
        if (!strcasecmp(s, no[i])) {
            *out = 0;
            return 0;
        }
    return -1;
}

/* Apply the given fields of t onto r (strings into the caller's buffers). */
static kith_code apply(const kith_stakeholder_text *t, kith__stakeholder_row *r,
                       int adding, kith_error *err)
{
    if (t->power && parse_score(t->power, &r->power))
        return kith_error_set(err, KITH_EINPUT,
                              "--power '%s': a number from 0 (none) to 10 (decisive)",
                              t->power);
    if (adding && !t->power)
        return kith_error_set(err, KITH_EINPUT,
                              "--power is required: how much the group can affect the "
                              "business, 0-10");
    if (t->interest && !*t->interest) {
        r->has_interest = 0;
    } else if (t->interest) {
        if (parse_score(t->interest, &r->interest))
            return kith_error_set(err, KITH_EINPUT,
                                  "--interest '%s': a number from 0 (none) to 10 (very "
                                  "high), or \"\" to leave it to decide",
                                  t->interest);
        r->has_interest = 1;
    }
    if (t->legitimacy && parse_flag(t->legitimacy, &r->legitimacy))
        return kith_error_set(err, KITH_EINPUT, "--legitimacy '%s': yes or no",
                              t->legitimacy);
    if (t->urgency && parse_flag(t->urgency, &r->urgency))
        return kith_error_set(err, KITH_EINPUT, "--urgency '%s': yes or no", t->urgency);
    if (t->kind) {
        int ok = !*t->kind;
        for (int i = 0; kinds[i] && !ok; i++)
            ok = !strcmp(t->kind, kinds[i]);
        if (!ok)
            return kith_error_set(err, KITH_EINPUT,
                                  "--kind '%s': a member kind (customer, employee, "
                                  "supplier, partner, local_org, online, other) or \"\"",
                                  t->kind);
        r->member_kind = *t->kind ? t->kind : NULL;
    } else if (adding) {
        r->member_kind = kith__stakeholder_kind_guess(t->group);
    }
    if (t->notes)
        r->notes = *t->notes ? t->notes : NULL;
    return KITH_OK;
}

static kith_code check_group(const char *group, kith_error *err)
{
    if (!group || !*group)
        return kith_error_set(err, KITH_EINPUT, "give the stakeholder group's name");
    if (strlen(group) >= 128)
        return kith_error_set(err, KITH_EINPUT,
                              "a stakeholder group's name is at most 127 bytes");
    return KITH_OK;
}

kith_code kith_stakeholder_add(kith_store *st, int64_t org_id,
                               const kith_stakeholder_text *t, kith_error *err)
{
    kith__stakeholder_row r;
    memset(&r, 0, sizeof r);
    r.group = t->group;
    kith_code rc = check_group(t->group, err);
    if (rc == KITH_OK)
        rc = apply(t, &r, 1, err);
    int64_t id = 0;
    return rc == KITH_OK ? kith__st_stakeholder_insert(st, org_id, &r, &id, err) : rc;
}

/* The stored row copied out of the store's callback. */
typedef struct one_ctx {
    kith__stakeholder_row r;
    char group[128], kind[16], notes[1024];
} one_ctx;

static kith_code on_one(void *ud, const kith__stakeholder_row *r, kith_error *err)
{
    one_ctx *c = ud;
    (void)err;
    c->r = *r;
    snprintf(c->group, sizeof c->group, "%s", r->group ? r->group : "");
    snprintf(c->kind, sizeof c->kind, "%s", r->member_kind ? r->member_kind : "");
    snprintf(c->notes, sizeof c->notes, "%s", r->notes ? r->notes : "");
    c->r.group = c->group;
    c->r.member_kind = r->member_kind ? c->kind : NULL;
    c->r.notes = r->notes ? c->notes : NULL;
    return KITH_OK;
}

static kith_code not_found(const char *group, kith_error *err)
{
    return kith_error_set(
        err, KITH_ENOTFOUND,
        "no stakeholder group '%s' ('kith stakeholders list' shows them)", group);
}

kith_code kith_stakeholder_set(kith_store *st, int64_t org_id,
                               const kith_stakeholder_text *t, kith_error *err)
{
    one_ctx c;
    memset(&c, 0, sizeof c);
    kith_code rc = check_group(t->group, err);
    if (rc == KITH_OK)
        rc = kith__st_stakeholders(st, org_id, t->group, on_one, &c, err);
    if (rc == KITH_ENOTFOUND)
        return not_found(t->group, err);
    if (rc == KITH_OK)
        rc = apply(t, &c.r, 0, err);
    if (rc == KITH_OK)
        rc = kith__st_stakeholder_update(st, org_id, &c.r, err);
    return rc;
}

kith_code kith_stakeholder_remove(kith_store *st, int64_t org_id, const char *group,
                                  kith_error *err)
{
    kith_code rc = check_group(group, err);
    if (rc == KITH_OK)
        rc = kith__st_stakeholder_delete(st, org_id, group, err);
    return rc == KITH_ENOTFOUND ? not_found(group, err) : rc;
}

/* ================================================================ the map */

typedef struct build_ctx {
    kith__stakeholders *s;
    size_t cap;
} build_ctx;

static kith_code on_group(void *ud, const kith__stakeholder_row *r, kith_error *err)
{
    build_ctx *c = ud;
    if (kith__imp_grow((void **)&c->s->g, &c->cap, c->s->n, sizeof *c->s->g))
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__stakeholder *g = &c->s->g[c->s->n++];
    memset(g, 0, sizeof *g);
    g->id = r->id;
    snprintf(g->group, sizeof g->group, "%s", r->group ? r->group : "");
    snprintf(g->kind, sizeof g->kind, "%s", r->member_kind ? r->member_kind : "");
    snprintf(g->notes, sizeof g->notes, "%s", r->notes ? r->notes : "");
    g->power = r->power;
    g->interest = r->interest;
    g->has_interest = r->has_interest;
    g->legitimacy = r->legitimacy;
    g->urgency = r->urgency;
    return KITH_OK;
}

/* The suggested interest of a member-kind group and how it was got:
 * 10 x the mean of a = share active in P, e = mean engagement score /
 * the participant score (at most 1) and s = mean |VADER compound| of
 * their texts in P (when scored). */
static void suggest(const kith_metrics *m, kith_window p, const char *tz,
                    kith__stakeholder *g)
{
    char a_txt[64], b_txt[64];
    g->eng = kith_metric_group_engagement(m, p, g->kind);
    if (!g->eng.share_active.ok) {
        snprintf(g->how, sizeof g->how, "no suggestion: %s", g->eng.share_active.why);
        return;
    }
    double a = g->eng.share_active.v;
    double e = g->eng.participant_score > 0
                   ? fmin(1.0, g->eng.mean_love.v / g->eng.participant_score)
                   : 0;
    double sum = a + e;
    int parts = 2;
    int has_s = g->eng.sentiment_strength.ok;
    if (has_s) {
        sum += g->eng.sentiment_strength.v;
        parts++;
    }
    g->has_suggestion = 1;
    g->suggested = round(100.0 * sum / parts) / 10.0;
    int k = snprintf(g->how, sizeof g->how,
                     "%lld %s members from %s to %s: %.1f%% active (a = %.3f); mean "
                     "engagement score %.2f against the participant score %g (e = %.3f)",
                     (long long)g->eng.members, g->kind,
                     kith__time_local_date(p.from, tz, a_txt),
                     kith__time_local_date(p.to - 1, tz, b_txt), a * 100, a,
                     g->eng.mean_love.v, g->eng.participant_score, e);
    if (k < 0 || (size_t)k >= sizeof g->how)
        return;
    if (has_s)
        snprintf(
            g->how + k, sizeof g->how - (size_t)k,
            "; mean strength of sentiment |compound| %.3f over %lld texts (s = %.3f); "
            "interest = 10 x (a + e + s) / 3 = %.1f",
            g->eng.sentiment_strength.v, (long long)g->eng.sentiment_strength.n,
            g->eng.sentiment_strength.v, g->suggested);
    else
        snprintf(g->how + k, sizeof g->how - (size_t)k,
                 "; no sentiment (%s); interest = 10 x (a + e) / 2 = %.1f",
                 g->eng.sentiment.why, g->suggested);
}

kith_code kith__stakeholders_build(const kith_metrics *m, kith_store *st, int64_t org,
                                   kith__stakeholders *out, kith_error *err)
{
    memset(out, 0, sizeof *out);
    build_ctx c = {out, 0};
    kith_code rc = kith__st_stakeholders(st, org, NULL, on_group, &c, err);
    if (rc != KITH_OK) {
        kith__stakeholders_free(out);
        return rc;
    }
    out->period = kith__imp_period(m);
    kith_org o;
    rc = kith__st_org_by_id(st, org, &o, err);
    if (rc != KITH_OK) {
        kith__stakeholders_free(out);
        return rc;
    }
    snprintf(out->tz, sizeof out->tz, "%s", o.timezone);
    out->sentiment_loaded = kith_metrics_has_texts(m);
    for (size_t i = 0; i < out->n; i++) {
        kith__stakeholder *g = &out->g[i];
        g->salience =
            kith_stakeholder_salience(g->power >= HIGH, g->legitimacy, g->urgency);
        g->quadrant =
            g->has_interest ? kith_stakeholder_quadrant(g->power, g->interest) : NULL;
        if (g->kind[0])
            suggest(m, out->period, out->tz, g);
    }
    return KITH_OK;
}

void kith__stakeholders_free(kith__stakeholders *s)
{
    free(s->g);
    s->g = NULL;
    s->n = 0;
}

/* ================================================================ output */

static json_t *group_json(const kith__stakeholder *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "group", kith__jv_text(g->group));
    json_object_set_new(o, "power", kith__jv_real(g->power));
    json_object_set_new(o, "interest",
                        g->has_interest ? kith__jv_real(g->interest) : json_null());
    json_object_set_new(o, "legitimacy", json_boolean(g->legitimacy));
    json_object_set_new(o, "urgency", json_boolean(g->urgency));
    json_object_set_new(o, "kind", g->kind[0] ? json_string(g->kind) : json_null());
    json_object_set_new(o, "notes", g->notes[0] ? kith__jv_text(g->notes) : json_null());
    json_object_set_new(o, "quadrant",
                        g->quadrant ? json_string(g->quadrant) : json_null());
    json_object_set_new(o, "salience", json_string(g->salience));
    json_object_set_new(o, "suggested_interest",
                        g->has_suggestion ? kith__jv_real(g->suggested) : json_null());
    if (g->kind[0]) {
        json_t *s = json_object();
        json_object_set_new(s, "members", json_integer(g->eng.members));
        json_object_set_new(s, "share_active", kith__jv_value(&g->eng.share_active));
        json_object_set_new(s, "mean_engagement", kith__jv_value(&g->eng.mean_love));
        json_object_set_new(s, "participant_score",
                            kith__jv_real(g->eng.participant_score));
        json_object_set_new(s, "mean_sentiment", kith__jv_value(&g->eng.sentiment));
        json_object_set_new(s, "sentiment_strength",
                            kith__jv_value(&g->eng.sentiment_strength));
        json_object_set_new(s, "how", kith__jv_text(g->how));
        json_object_set_new(o, "suggestion", s);
    } else {
        json_object_set_new(o, "suggestion", json_null());
    }
    return o;
}

static kith_code write_json(const kith__stakeholders *s, char **out, kith_error *err)
{
    json_t *root = json_object(), *p = json_object(), *arr = json_array();
    json_object_set_new(p, "from", kith__imp_json_date(s->period.from, s->tz));
    json_object_set_new(p, "to", kith__imp_json_date(s->period.to, s->tz));
    json_object_set_new(root, "period", p);
    json_object_set_new(root, "sentiment_scored", json_boolean(s->sentiment_loaded));
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(arr, group_json(&s->g[i]));
    json_object_set_new(root, "groups", arr);
    json_object_set_new(root, "note", s->note[0] ? json_string(s->note) : json_null());
    return kith__jv_dump(root, out, err);
}

static kith_code write_table(const kith__stakeholders *s, char **out, kith_error *err)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    kith_code rc = kith__buf_printf(&b, "%-22s %5s %8s %4s %4s %-10s %-15s %-14s %9s\n",
                                    "group", "power", "interest", "leg.", "urg.", "kind",
                                    "quadrant", "salience", "suggested");
    for (size_t i = 0; i < s->n && rc == KITH_OK; i++) {
        const kith__stakeholder *g = &s->g[i];
        char in[16] = "-", sg[16] = "-";
        if (g->has_interest)
            snprintf(in, sizeof in, "%.1f", g->interest);
        if (g->has_suggestion)
            snprintf(sg, sizeof sg, "%.1f", g->suggested);
        rc = kith__buf_printf(&b, "%-22.22s %5.1f %8s %4s %4s %-10s %-15s %-14s %9s\n",
                              g->group, g->power, in, g->legitimacy ? "yes" : "no",
                              g->urgency ? "yes" : "no", g->kind[0] ? g->kind : "-",
                              g->quadrant ? g->quadrant : "(set interest)", g->salience,
                              sg);
    }
    for (size_t i = 0; i < s->n && rc == KITH_OK; i++)
        if (s->g[i].kind[0])
            rc = kith__buf_printf(&b, "\n%s: %s", s->g[i].group, s->g[i].how);
    if (rc == KITH_OK)
        rc = kith__buf_puts(&b, "\n");
    if (rc == KITH_OK && !s->n)
        rc = kith__buf_puts(&b, "(no stakeholder groups: 'kith stakeholders add GROUP "
                                "--power N --interest N')\n");
    return kith__imp_buf_done(&b, rc, out, err);
}

kith_code kith__stakeholders_svg(const kith__stakeholders *s, kith_buf *b)
{
    const int W = 520, H = 520, x0 = 60, y0 = 40, side = 420;
    kith_code rc = kith__svg_open(b, "chart-stakeholders", W, H,
                                  "Stakeholder map: power and interest");
    /* The grid: quadrants split at 5, labels in their corners. */
    static const struct {
        const char *label;
        int right, upper;
    } q[] = {{"keep satisfied", 0, 1},
             {"manage closely", 1, 1},
             {"monitor", 0, 0},
             {"keep informed", 1, 0}};
    for (int i = 0; i < 4 && rc == KITH_OK; i++) {
        int x = x0 + (q[i].right ? side / 2 : 0), y = y0 + (q[i].upper ? 0 : side / 2);
        rc = kith__buf_printf(b,
                              "<rect class=\"quadrant\" x=\"%d\" y=\"%d\" width=\"%d\" "
                              "height=\"%d\" fill=\"%s\" stroke=\"#999\"/>"
                              "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#777\">%s"
                              "</text>",
                              x, y, side / 2, side / 2,
                              q[i].right && q[i].upper ? "#fbeee9" : "#f7f7f7", x + 6,
                              y + 14, q[i].label);
    }
    if (rc == KITH_OK)
        rc =
            kith__buf_printf(b,
                             "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                             "font-size=\"12\">interest (0-10)</text><text x=\"18\" "
                             "y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                             "transform=\"rotate(-90 18 %d)\">power (0-10)</text>",
                             x0 + side / 2, y0 + side + 34, y0 + side / 2, y0 + side / 2);
    for (int t = 0; t <= 10 && rc == KITH_OK; t += 5)
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
                              "text-anchor=\"middle\">%d</text><text x=\"%d\" y=\"%d\" "
                              "font-size=\"10\" text-anchor=\"end\">%d</text>",
                              x0 + side * t / 10, y0 + side + 14, t, x0 - 4,
                              y0 + side - side * t / 10 + 3, t);
    int shown = 0;
    for (size_t i = 0; i < s->n && rc == KITH_OK; i++) {
        const kith__stakeholder *g = &s->g[i];
        if (!g->has_interest && !g->has_suggestion)
            continue;
        shown++;
        double in = g->has_interest ? g->interest : g->suggested;
        double cx = x0 + side * in / 10.0, cy = y0 + side - side * g->power / 10.0;
        rc = kith__buf_printf(b,
                              "<circle class=\"group\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" "
                              "fill=\"%s\" stroke=\"#3b7dd8\" stroke-width=\"2\"><title>",
                              cx, cy, g->has_interest ? "#3b7dd8" : "none");
        if (rc == KITH_OK)
            rc = kith__buf_xml(b, g->group);
        if (rc == KITH_OK)
            rc = kith__buf_printf(b,
                                  ": %s</title></circle><text x=\"%.1f\" y=\"%.1f\" "
                                  "font-size=\"10\">",
                                  g->salience, cx + 8, cy - 6);
        if (rc == KITH_OK)
            rc = kith__buf_xml(b, g->group);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, g->has_interest ? "</text>" : " (suggested)</text>");
    }
    if (rc == KITH_OK && !shown)
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                              "fill=\"#999\">n/a: no group with an interest yet</text>",
                              x0 + side / 2, y0 + side / 2);
    if (rc == KITH_OK)
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">"
                              "filled: interest set; hollow: suggested from engagement"
                              "</text>",
                              x0, H - 8);
    return rc == KITH_OK ? kith__svg_close(b) : rc;
}

kith_code kith__stakeholders_write(const kith__stakeholders *s, kith_impact_format fmt,
                                   char **out, kith_error *err)
{
    if (fmt == KITH_IMPACT_JSON)
        return write_json(s, out, err);
    if (fmt == KITH_IMPACT_TABLE)
        return write_table(s, out, err);
    kith_buf b;
    kith__buf_init(&b, 0);
    return kith__imp_buf_done(&b, kith__stakeholders_svg(s, &b), out, err);
}

kith_code kith_stakeholders_render(kith_store *st, int64_t org_id,
                                   const kith_impact_opts *opts, kith_impact_format fmt,
                                   char **out, kith_error *err)
{
    *out = NULL;
    kith_metrics *m = NULL;
    kith__stakeholders s;
    memset(&s, 0, sizeof s);
    kith_code rc = kith__imp_metrics(st, org_id, opts ? opts->as_of : 0, &m, err);
    char why[600] = "";
    if (rc == KITH_OK) {
        /* Sentiment is one of the three measures; without a lexicon the
         * suggestion uses the other two and says so. */
        kith_error e2;
        kith_error_clear(&e2);
        if (kith_metrics_load_texts(m, st, org_id, opts ? opts->lexicon : NULL, &e2) !=
            KITH_OK) {
            if (e2.code == KITH_ENOMEM)
                rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            snprintf(why, sizeof why, "texts not scored: %s", e2.msg);
        }
    }
    if (rc == KITH_OK)
        rc = kith__stakeholders_build(m, st, org_id, &s, err);
    if (rc == KITH_OK && why[0])
        snprintf(s.note, sizeof s.note, "%s", why);
    if (rc == KITH_OK)
        rc = kith__stakeholders_write(&s, fmt, out, err);
    kith__stakeholders_free(&s);
    kith_metrics_close(m);
    return rc;
}

kith_code kith_stakeholders_json(kith_store *st, int64_t org_id,
                                 const kith_impact_opts *opts, char **out,
                                 kith_error *err)
{
    return kith_stakeholders_render(st, org_id, opts, KITH_IMPACT_JSON, out, err);
}
