/* The report's goals section, at the top when the org has goals: each
 * goal's latest month against its target, the progress from the baseline
 * and the least-squares trend at the deadline with its 95% interval (the
 * impact module computes them; docs/impact.md). */
#include <stdio.h>
#include <string.h>

#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "report/findings_int.h"
#include "report/report_int.h"

static rep_unit unit_of(const kith__goal *g)
{
    const char *u = g->def ? g->def->unit : "";
    return !strcmp(u, "ratio")   ? RU_RATIO
           : !strcmp(u, "money") ? RU_MONEY
           : !strcmp(u, "hours") ? RU_HOURS
           : !strcmp(u, "count") ? RU_COUNT
                                 : RU_SCORE;
}

void kith__rep_build_goals(kith_report *rep, kith_metrics *m, kith_store *st, int64_t org)
{
    kith__goals g;
    kith_error err;
    kith_error_clear(&err);
    if (kith__goals_build(m, st, org, rep->tz, &g, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        return;
    }
    if (!g.n) {
        kith__goals_free(&g);
        return;
    }
    rep_section *s = kith__rep_section(rep, "goals", "Goals");
    kith__rep_section_note(rep, s,
                           "each goal's metric per calendar month; on track when the "
                           "least-squares trend of the months so far reaches the target "
                           "by the deadline (docs/impact.md)");
    /* Goals mix units (shares, money, counts): values are shown as text in
     * the goal's unit; 'kith goals --format json' has the numbers. */
    static const char *const cols[] = {"goal|Goal|text",
                                       "segment|Segment|text",
                                       "target|Target|text",
                                       "deadline|By|text",
                                       "current|Latest month|text",
                                       "progress|Progress|ratio",
                                       "projected|At deadline (95% interval)|text",
                                       "status|Status|text",
                                       "owner|Owner|text"};
    rep_table *t = kith__rep_table(rep, s, "goals", "Goals and their trend", 9, cols);
    int64_t on = 0, off = 0, done = 0;
    for (size_t i = 0; i < g.n; i++) {
        const kith__goal *x = &g.g[i];
        rep_unit u = unit_of(x);
        int r = kith__rep_row(rep, t);
        char dl[32], a[64], b[64], c[64], proj[200];
        int y;
        unsigned mo, d;
        kith__time_local_civil(x->deadline, rep->tz, &y, &mo, &d);
        snprintf(dl, sizeof dl, "%04d-%02u-%02u", y % 10000, mo % 13u, d % 32u);
        kith__rep_set_text(rep, t, r, 0, x->def ? x->def->label : x->metric);
        kith__rep_set_text(rep, t, r, 1, x->segment[0] ? x->segment : "all");
        kith__rep_set_text(rep, t, r, 2, kith__rep_fmt(rep, u, x->target, a));
        kith__rep_set_text(rep, t, r, 3, dl);
        if (x->current.ok)
            kith__rep_set_text(rep, t, r, 4, kith__rep_fmt(rep, u, x->current.v, a));
        else
            kith__rep_set_na(rep, t, r, 4, x->current.why);
        kith__rep_set_value(rep, t, r, 5, x->progress);
        if (x->has_trend) {
            snprintf(proj, sizeof proj, "%s (%s to %s)",
                     kith__rep_fmt(rep, u, x->projected, a),
                     kith__rep_fmt(rep, u, x->lo, b), kith__rep_fmt(rep, u, x->hi, c));
            kith__rep_set_text(rep, t, r, 6, proj);
        } else {
            kith__rep_set_na(rep, t, r, 6, x->why);
        }
        kith__rep_set_text(rep, t, r, 7, x->status);
        kith__rep_set_text(rep, t, r, 8, x->owner);
        on += !strcmp(x->status, "on track");
        off += !strcmp(x->status, "off track") || !strcmp(x->status, "missed");
        done += !strcmp(x->status, "achieved");
    }
    kith__rep_metric(rep, s, "goals_on_track", "Goals on track", RU_COUNT,
                     kith_value_of((double)on, (int64_t)g.n));
    kith__rep_metric(rep, s, "goals_off_track", "Goals off track or missed", RU_COUNT,
                     kith_value_of((double)off, (int64_t)g.n));
    kith__rep_metric(rep, s, "goals_achieved", "Goals achieved", RU_COUNT,
                     kith_value_of((double)done, (int64_t)g.n));
    kith__rep_section_first(rep, s);
    kith__goals_free(&g);
}

/* The goals rule (docs/findings.md): each goal missed or off track is a
 * bad finding, each achieved a good one, from the goals table as built.
 * "Off track" is the test (the least-squares trend of at least 3
 * months misses the target at the deadline); the sentence quotes the
 * projection with its 95% interval. */
void kith__find_goals(kith__find_ctx *c)
{
    const rep_table *t = kith__find_table(c, "goals", "goals");
    for (int r = 0; t && r < t->nrows; r++) {
        const char *status = kith__find_cell_text(t, r, "status");
        int missed = !strcmp(status, "missed"), off = !strcmp(status, "off track");
        int done = !strcmp(status, "achieved");
        if (!missed && !off && !done)
            continue;
        const char *goal = kith__find_cell_text(t, r, "goal");
        const char *seg = kith__find_cell_text(t, r, "segment");
        char who[300], id[300], sl[200], day[64];
        snprintf(who, sizeof who, "%s%s%s", goal, strcmp(seg, "all") ? " of " : "",
                 strcmp(seg, "all") ? seg : "");
        kith__find_slug(who, sl, sizeof sl);
        snprintf(id, sizeof id, "%s.%s",
                 done     ? "goal_achieved"
                 : missed ? "goal_missed"
                          : "goal_off_track",
                 sl);
        kith__find_day(kith__find_cell_text(t, r, "deadline"), day);
        const char *target = kith__find_cell_text(t, r, "target");
        const char *cur = kith__find_cell_text(t, r, "current");
        rep_finding *f;
        if (done)
            f = kith__find_add(c, id, RF_GOOD, "goals", "#/impact",
                               "Goal achieved: %s reached %s in the latest month "
                               "(target %s by %s)",
                               who, cur, target, day);
        else if (missed)
            f = kith__find_add(c, id, RF_BAD, "goals", "#/impact",
                               "Goal missed: %s was %s in the latest month, short of "
                               "the target %s by %s",
                               who, cur, target, day);
        else {
            /* "88.2% (70.6% to 105.8%)": the projection, then its interval. */
            char proj[200];
            snprintf(proj, sizeof proj, "%s", kith__find_cell_text(t, r, "projected"));
            char *open = strstr(proj, " (");
            const char *iv = "";
            if (open) {
                *open = '\0';
                iv = open + 2;
                size_t len = strlen(iv);
                if (len && iv[len - 1] == ')')
                    open[1 + len] = '\0';
            }
            f = kith__find_add(
                c, id, RF_BAD, "goals", "#/impact",
                "Goal off track: %s is heading for %s by %s (95%% interval "
                "%s), short of the target %s; %s in the latest month",
                who, proj, day, iv, target, cur);
        }
        double progress = 0;
        if (kith__find_cell_num(t, r, "progress", &progress))
            kith__find_num(c, f, "progress", progress, RU_RATIO);
        kith__find_item(c, f, who);
        kith__find_table_ref(c, f, "goals");
    }
}
