/* The report's stakeholder map, when the org has stakeholder groups: each
 * group's power and interest, grid quadrant and salience class, and the
 * interest suggested from engagement for member kinds, with the grid as a
 * chart in the HTML page (src/impact/stakeholders.c). */
#include <stdio.h>
#include <string.h>

#include "impact/impact_int.h"
#include "report/report_int.h"

void kith__rep_build_stakeholders(kith_report *rep, const kith_metrics *m, kith_store *st,
                                  int64_t org)
{
    kith__stakeholders x;
    kith_error err;
    kith_error_clear(&err);
    if (kith__stakeholders_build(m, st, org, &x, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        return;
    }
    if (!x.n) {
        kith__stakeholders_free(&x);
        return;
    }
    rep_section *s = kith__rep_section(rep, "stakeholders", "Stakeholder map");
    kith__rep_section_note(
        rep, s,
        "power and interest 0-10 (5 or more is high); salience after "
        "Mitchell, Agle & Wood (1997); suggested interest from measured "
        "engagement (docs/impact.md)");
    static const char *const cols[] = {
        "group|Group|text",        "power|Power|score",
        "interest|Interest|score", "legitimacy|Legitimate|text",
        "urgency|Urgent|text",     "quadrant|Quadrant|text",
        "salience|Salience|text",  "suggested|Suggested interest|score",
        "how|How suggested|text"};
    rep_table *t = kith__rep_table(rep, s, "stakeholders", "Stakeholder groups", 9, cols);
    for (size_t i = 0; i < x.n; i++) {
        const kith__stakeholder *g = &x.g[i];
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, g->group);
        kith__rep_set_real(t, r, 1, g->power);
        if (g->has_interest)
            kith__rep_set_real(t, r, 2, g->interest);
        else
            kith__rep_set_na(rep, t, r, 2, "not decided yet");
        kith__rep_set_text(rep, t, r, 3, g->legitimacy ? "yes" : "no");
        kith__rep_set_text(rep, t, r, 4, g->urgency ? "yes" : "no");
        if (g->quadrant)
            kith__rep_set_text(rep, t, r, 5, g->quadrant);
        else
            kith__rep_set_na(rep, t, r, 5, "interest not decided");
        kith__rep_set_text(rep, t, r, 6, g->salience);
        if (g->has_suggestion)
            kith__rep_set_real(t, r, 7, g->suggested);
        else
            kith__rep_set_na(rep, t, r, 7, g->kind[0] ? g->how : "not a member kind");
        kith__rep_set_text(rep, t, r, 8, g->kind[0] ? g->how : "");
    }
    kith_buf b;
    kith__buf_init(&b, 0);
    if (kith__stakeholders_svg(&x, &b) == KITH_OK)
        kith__rep_section_svg(rep, s, kith__buf_str(&b));
    else
        rep->oom = 1;
    kith__buf_free(&b);
    kith__stakeholders_free(&x);
}
