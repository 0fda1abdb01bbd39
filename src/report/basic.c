/* The foundation sections of the report: members by kind, activities by
 * type and month in P, and the import history. They are inventory counts
 * (team and bot members included), read with the store's query functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"
#include "store/dataset.h"
#include "store/st_query.h"

/* ------------------------------------------------------------ members */

static kith_code members_section(kith_report *rep, kith_store *st, int64_t org,
                                 kith_error *err)
{
    static const char *const kinds[8] = {"customer", "employee",  "supplier",
                                         "partner",  "local_org", "online",
                                         "other",    "(no kind)"};
    int64_t counts[8], total = 0, team_bot = 0;
    kith_code rc = kith__st_members_by_kind(st, org, counts, &total, &team_bot, err);
    if (rc != KITH_OK)
        return rc;
    rep_section *s = kith__rep_section(rep, "members", "Members");
    kith__rep_metric(rep, s, "members_total", "Members", RU_COUNT,
                     kith_value_of((double)total, total));
    kith__rep_metric(rep, s, "members_team_bot", "Flagged team or bot", RU_COUNT,
                     kith_value_of((double)team_bot, total));
    static const char *const cols[] = {"kind|Kind|text", "members|Members|count"};
    rep_table *t =
        kith__rep_table(rep, s, "members_by_kind",
                        "Members by kind (a member may hold several kinds)", 2, cols);
    for (int k = 0; k < 8; k++) {
        if (!counts[k])
            continue;
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, kinds[k]);
        kith__rep_set_int(t, r, 1, counts[k]);
    }
    return KITH_OK;
}

/* ------------------------------------------------------------ activities */

typedef struct month_acc {
    char month[8];
    int64_t n[KITH_AT__N];
} month_acc;

typedef struct type_month_ctx {
    month_acc *months;
    int nmonths, cap;
    int64_t by_type[KITH_AT__N];
    int failed;
} type_month_ctx;

static void on_type_month(void *ud, const char *type, const char *month, int64_t n)
{
    type_month_ctx *c = ud;
    int ti = kith__at_from_name(type);
    if (ti < 0 || c->failed)
        return;
    if (!c->nmonths || strcmp(c->months[c->nmonths - 1].month, month) != 0) {
        if (c->nmonths == c->cap) {
            int ncap = c->cap ? c->cap * 2 : 32;
            month_acc *p = realloc(c->months, (size_t)ncap * sizeof *p);
            if (!p) {
                c->failed = 1;
                return;
            }
            c->months = p;
            c->cap = ncap;
        }
        month_acc *m = &c->months[c->nmonths++];
        memset(m, 0, sizeof *m);
        snprintf(m->month, sizeof m->month, "%s", month);
    }
    c->months[c->nmonths - 1].n[ti] += n;
    c->by_type[ti] += n;
}

static void activity_tables(kith_report *rep, rep_section *s, type_month_ctx *c)
{
    static const char *const tcols[] = {"type|Type|text", "activities|Activities|count"};
    rep_table *bt =
        kith__rep_table(rep, s, "activities_by_type", "Activities by type", 2, tcols);
    int64_t total = 0;
    for (int ti = 0; ti < KITH_AT__N; ti++) {
        if (!c->by_type[ti])
            continue;
        int r = kith__rep_row(rep, bt);
        kith__rep_set_text(rep, bt, r, 0, kith__at_name(ti));
        kith__rep_set_int(bt, r, 1, c->by_type[ti]);
        total += c->by_type[ti];
    }
    kith__rep_metric(rep, s, "activities_total", "Activities in the period", RU_COUNT,
                     kith_value_of((double)total, total));

    /* Month x type: one column per type that occurs, so the table stays
     * as narrow as the data allows. */
    const char *cols[KITH_AT__N + 2];
    char names[KITH_AT__N][64];
    int type_of_col[KITH_AT__N];
    int nc = 0;
    cols[nc++] = "month|Month|text";
    for (int ti = 0; ti < KITH_AT__N; ti++) {
        if (!c->by_type[ti])
            continue;
        snprintf(names[nc - 1], sizeof names[0], "%s|%s|count", kith__at_name(ti),
                 kith__at_name(ti));
        type_of_col[nc - 1] = ti;
        cols[nc] = names[nc - 1];
        nc++;
    }
    cols[nc++] = "total|Total|count";
    rep_table *mt = kith__rep_table(rep, s, "activities_by_month",
                                    "Activities by month and type", nc, cols);
    for (int m = 0; m < c->nmonths; m++) {
        int r = kith__rep_row(rep, mt);
        kith__rep_set_text(rep, mt, r, 0, c->months[m].month);
        int64_t sum = 0;
        for (int k = 0; k + 2 < nc; k++) {
            kith__rep_set_int(mt, r, k + 1, c->months[m].n[type_of_col[k]]);
            sum += c->months[m].n[type_of_col[k]];
        }
        kith__rep_set_int(mt, r, nc - 1, sum);
    }
}

static kith_code activities_section(kith_report *rep, kith_store *st, int64_t org,
                                    kith_error *err)
{
    type_month_ctx c;
    memset(&c, 0, sizeof c);
    kith_code rc = kith__st_activity_type_months(st, org, rep->from, rep->to, rep->tz,
                                                 on_type_month, &c, err);
    if (rc == KITH_OK && c.failed)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc == KITH_OK) {
        rep_section *s = kith__rep_section(rep, "activities", "Activities");
        activity_tables(rep, s, &c);
    }
    free(c.months);
    return rc;
}

/* ------------------------------------------------------------ imports */

typedef struct batch_ctx {
    kith_report *rep;
    rep_table *t;
} batch_ctx;

static void on_batch(void *ud, const kith__batch_row *b)
{
    batch_ctx *c = ud;
    int r = kith__rep_row(c->rep, c->t);
    kith__rep_set_int(c->t, r, 0, b->id);
    kith__rep_set_text(c->rep, c->t, r, 1, b->file_name);
    kith__rep_set_text(c->rep, c->t, r, 2, b->format);
    kith__rep_set_text(c->rep, c->t, r, 3, b->status);
    kith__rep_set_int(c->t, r, 4, b->rows_read);
    kith__rep_set_int(c->t, r, 5, b->rows_imported);
    kith__rep_set_int(c->t, r, 6, b->rows_duplicate);
    kith__rep_set_int(c->t, r, 7, b->rows_rejected);
    kith__rep_set_int(c->t, r, 8, b->members_created);
    kith__rep_set_int(c->t, r, 9, b->merges);
}

static kith_code imports_section(kith_report *rep, kith_store *st, int64_t org,
                                 kith_error *err)
{
    static const char *const cols[] = {
        "id|#|count",           "file|File|text",      "format|Format|text",
        "status|Status|text",   "read|Read|count",     "imported|Imported|count",
        "duplicate|Dup.|count", "rejected|Rej.|count", "members_created|New|count",
        "merges|Merges|count"};
    /* Ten columns fit the 100-column terminal; 'kith imports' has the dates. */
    rep_section *s = kith__rep_section(rep, "imports", "Import history");
    batch_ctx c = {rep,
                   kith__rep_table(rep, s, "import_history", "Import history", 10, cols)};
    return kith__st_import_batches(st, org, on_batch, &c, err);
}

kith_code kith__rep_build_basic(kith_report *rep, kith_store *st, int64_t org,
                                kith_error *err)
{
    kith_code rc = members_section(rep, st, org, err);
    if (rc == KITH_OK)
        rc = activities_section(rep, st, org, err);
    if (rc == KITH_OK)
        rc = imports_section(rep, st, org, err);
    return rc;
}
