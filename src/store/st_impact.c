/* SQL of the impact module: outcomes, stakeholder groups and goals (see
 * st_impact.h). Names of groups, outcomes and initiatives compare without
 * regard to case (the columns are COLLATE NOCASE). */
#include "store/st_impact.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/st_stmt.h"
#include "store/store_int.h"

static const char *col_opt(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL
               ? NULL
               : (const char *)sqlite3_column_text(s, i);
}

static kith_code prepare(kith_store *st, const char *sql, sqlite3_stmt **s,
                         kith_error *err)
{
    *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    return KITH_OK;
}

/* Step a statement that writes; finalizes it. Outside a transaction (a
 * single add, set or remove rather than an import) the write gets one of
 * its own, so that the revision counts it and kith serve's cache of the
 * impact routes does not outlive it (kith_store_revision). *changes (may
 * be NULL): the rows it changed; none, and the write is not counted. */
static kith_code write_counted(kith_store *st, sqlite3_stmt *s, const char *what,
                               int *changes, kith_error *err)
{
    int own = st->txn_depth == 0 && sqlite3_get_autocommit(st->db);
    kith_code out = own ? kith__st_begin(st, err) : KITH_OK;
    if (out == KITH_OK) {
        if (sqlite3_step(s) != SQLITE_DONE)
            out = kith__st_fail(st, err, what);
        else if (changes)
            *changes = sqlite3_changes(st->db);
    }
    sqlite3_finalize(s);
    /* A set or remove that found nothing wrote nothing: not counted. */
    if (own && out == KITH_OK && !(changes && *changes == 0))
        out = kith__st_commit(st, err);
    else if (own)
        kith__st_rollback(st);
    return out;
}

static kith_code run_write(kith_store *st, sqlite3_stmt *s, const char *what,
                           kith_error *err)
{
    return write_counted(st, s, what, NULL, err);
}

/* ================================================================ outcomes */

#define OUTCOME_COLS                                                                     \
    "o.id, o.initiative_id, i.name, o.stakeholder_grp, o.outcome, o.indicator,"          \
    " o.quantity, o.quantity_from, o.proxy_value, o.proxy_source, o.deadweight,"         \
    " o.displacement, o.attribution, o.drop_off, o.duration, o.batch_id"

static void outcome_read(sqlite3_stmt *s, kith__outcome_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    r->initiative_id = sqlite3_column_int64(s, 1);
    r->initiative = col_opt(s, 2);
    r->stakeholder = col_opt(s, 3);
    r->outcome = col_opt(s, 4);
    r->indicator = col_opt(s, 5);
    r->has_quantity = sqlite3_column_type(s, 6) != SQLITE_NULL;
    r->quantity = sqlite3_column_double(s, 6);
    r->quantity_from = col_opt(s, 7);
    r->proxy = sqlite3_column_double(s, 8);
    r->proxy_source = col_opt(s, 9);
    r->deadweight = sqlite3_column_double(s, 10);
    r->displacement = sqlite3_column_double(s, 11);
    r->attribution = sqlite3_column_double(s, 12);
    r->drop_off = sqlite3_column_double(s, 13);
    r->duration = sqlite3_column_int64(s, 14);
    r->batch_id = sqlite3_column_int64(s, 15);
}

static int same_text(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

/* 1 when the stored row holds the same values as r. */
static int outcome_same(const kith__outcome_row *a, const kith__outcome_row *b)
{
    return a->has_quantity == b->has_quantity &&
           (!a->has_quantity || a->quantity == b->quantity) &&
           same_text(a->quantity_from, b->quantity_from) &&
           same_text(a->indicator, b->indicator) &&
           same_text(a->proxy_source, b->proxy_source) && a->proxy == b->proxy &&
           a->deadweight == b->deadweight && a->displacement == b->displacement &&
           a->attribution == b->attribution && a->drop_off == b->drop_off &&
           a->duration == b->duration;
}

kith_code kith__st_outcome_put(kith_store *st, int64_t org, const kith__outcome_row *r,
                               int *status, int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "SELECT " OUTCOME_COLS " FROM outcome o JOIN initiative i"
                           " ON i.id=o.initiative_id WHERE o.org_id=?1"
                           " AND o.initiative_id=?2 AND o.stakeholder_grp=?3"
                           " AND o.outcome=?4",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, r->initiative_id);
    sqlite3_bind_text(s, 3, r->stakeholder, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, r->outcome, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    int64_t old_id = 0;
    int same = 0, this_batch = 0;
    if (step == SQLITE_ROW) {
        kith__outcome_row old;
        outcome_read(s, &old);
        old_id = old.id;
        same = outcome_same(&old, r);
        this_batch = r->batch_id && old.batch_id == r->batch_id;
    }
    sqlite3_finalize(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return kith__st_fail(st, err, "find outcome");
    *status = this_batch ? 3 : old_id ? (same ? 0 : 2) : 1;
    *id = old_id;
    if (this_batch || (same && !r->batch_id))
        return KITH_OK;
    if (old_id && r->batch_id) {
        /* The row as it was before this import, for kith_import_undo. */
        rc = prepare(st,
                     "INSERT OR IGNORE INTO outcome_before(batch_id, "
                     "outcome_id, " KITH__OUTCOME_KEPT
                     ", old_batch) SELECT ?2, id, " KITH__OUTCOME_KEPT
                     ", batch_id FROM outcome WHERE id=?1",
                     &s, err);
        if (rc != KITH_OK)
            return rc;
        sqlite3_bind_int64(s, 1, old_id);
        sqlite3_bind_int64(s, 2, r->batch_id);
        rc = run_write(st, s, "keep outcome row", err);
        if (rc != KITH_OK)
            return rc;
    }
    if (same) {
        /* Unchanged, but seen by this import: a second row of the same
         * outcome in the file is then status 3. */
        rc = prepare(st, "UPDATE outcome SET batch_id=?2 WHERE id=?1", &s, err);
        if (rc != KITH_OK)
            return rc;
        sqlite3_bind_int64(s, 1, old_id);
        sqlite3_bind_int64(s, 2, r->batch_id);
        return run_write(st, s, "write outcome", err);
    }
    rc = prepare(st,
                 old_id ? "UPDATE outcome SET indicator=?5, quantity=?6,"
                          " quantity_from=?7, proxy_value=?8, proxy_source=?9,"
                          " deadweight=?10, displacement=?11, attribution=?12,"
                          " drop_off=?13, duration=?14, batch_id=?15,"
                          " stakeholder_grp=?3, outcome=?4 WHERE id=?16 AND org_id=?1"
                        : "INSERT INTO outcome(org_id, initiative_id, stakeholder_grp,"
                          " outcome, indicator, quantity, quantity_from, proxy_value,"
                          " proxy_source, deadweight, displacement, attribution,"
                          " drop_off, duration, batch_id)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                 &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    if (!old_id)
        sqlite3_bind_int64(s, 2, r->initiative_id);
    sqlite3_bind_text(s, 3, r->stakeholder, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, r->outcome, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 5, r->indicator);
    if (r->has_quantity)
        sqlite3_bind_double(s, 6, r->quantity);
    kith__st_bind_text(s, 7, r->has_quantity ? NULL : r->quantity_from);
    sqlite3_bind_double(s, 8, r->proxy);
    kith__st_bind_text(s, 9, r->proxy_source);
    sqlite3_bind_double(s, 10, r->deadweight);
    sqlite3_bind_double(s, 11, r->displacement);
    sqlite3_bind_double(s, 12, r->attribution);
    sqlite3_bind_double(s, 13, r->drop_off);
    sqlite3_bind_int64(s, 14, r->duration);
    if (r->batch_id)
        sqlite3_bind_int64(s, 15, r->batch_id);
    if (old_id)
        sqlite3_bind_int64(s, 16, old_id);
    rc = run_write(st, s, "write outcome", err);
    if (rc == KITH_OK && !old_id)
        *id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

kith_code kith__st_outcomes(kith_store *st, int64_t org, int64_t initiative_id,
                            kith__outcome_fn fn, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "SELECT " OUTCOME_COLS " FROM outcome o JOIN initiative i"
                           " ON i.id=o.initiative_id WHERE o.org_id=?1"
                           " AND (?2=0 OR o.initiative_id=?2)"
                           " ORDER BY o.initiative_id, o.id",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, initiative_id);
    int step = SQLITE_DONE;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        kith__outcome_row r;
        outcome_read(s, &r);
        rc = fn(ud, &r, err);
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "read outcomes");
    sqlite3_finalize(s);
    return rc;
}

/* Delete by id or name; KITH_ENOTFOUND when nothing was deleted. */
static kith_code delete_one(kith_store *st, const char *sql, int64_t org, int64_t id,
                            const char *name, const char *what, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st, sql, &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    if (name)
        sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(s, 2, id);
    int changed = 0;
    rc = write_counted(st, s, what, &changed, err);
    if (rc == KITH_OK && changed == 0)
        rc = KITH_ENOTFOUND;
    return rc;
}

kith_code kith__st_outcome_delete(kith_store *st, int64_t org, int64_t id,
                                  kith_error *err)
{
    return delete_one(st, "DELETE FROM outcome WHERE org_id=?1 AND id=?2", org, id, NULL,
                      "delete outcome", err);
}

/* ================================================================ stakeholders */

static void bind_stakeholder(sqlite3_stmt *s, const kith__stakeholder_row *r)
{
    sqlite3_bind_text(s, 2, r->group, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, r->power);
    if (r->has_interest)
        sqlite3_bind_double(s, 4, r->interest);
    sqlite3_bind_int(s, 5, r->legitimacy != 0);
    sqlite3_bind_int(s, 6, r->urgency != 0);
    kith__st_bind_text(s, 7, r->member_kind);
    kith__st_bind_text(s, 8, r->notes);
}

kith_code kith__st_stakeholder_insert(kith_store *st, int64_t org,
                                      const kith__stakeholder_row *r, int64_t *id,
                                      kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "INSERT INTO stakeholder(org_id, grp, power, interest,"
                           " legitimacy, urgency, member_kind, notes)"
                           " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    bind_stakeholder(s, r);
    /* As write_counted, telling a group that exists already apart. */
    int own = st->txn_depth == 0 && sqlite3_get_autocommit(st->db);
    if (own && (rc = kith__st_begin(st, err)) != KITH_OK) {
        sqlite3_finalize(s);
        return rc;
    }
    int step = sqlite3_step(s);
    sqlite3_finalize(s);
    if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = kith_error_set(err, KITH_ESTATE,
                            "stakeholder group '%s' exists already; change it with "
                            "'kith stakeholders set'",
                            r->group);
    else if (step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "write stakeholder");
    else
        *id = sqlite3_last_insert_rowid(st->db);
    if (own && rc == KITH_OK)
        rc = kith__st_commit(st, err);
    if (own && rc != KITH_OK)
        kith__st_rollback(st);
    return rc;
}

kith_code kith__st_stakeholder_update(kith_store *st, int64_t org,
                                      const kith__stakeholder_row *r, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "UPDATE stakeholder SET grp=?2, power=?3, interest=?4,"
                           " legitimacy=?5, urgency=?6, member_kind=?7, notes=?8"
                           " WHERE org_id=?1 AND grp=?2",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    bind_stakeholder(s, r);
    int changed = 0;
    rc = write_counted(st, s, "write stakeholder", &changed, err);
    if (rc == KITH_OK && changed == 0)
        rc = KITH_ENOTFOUND;
    return rc;
}

kith_code kith__st_stakeholders(kith_store *st, int64_t org, const char *name,
                                kith__stakeholder_fn fn, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "SELECT id, grp, power, interest, legitimacy, urgency,"
                           " member_kind, notes FROM stakeholder WHERE org_id=?1"
                           " AND (?2 IS NULL OR grp=?2) ORDER BY grp, id",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    if (name)
        sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    int step = SQLITE_DONE, seen = 0;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        kith__stakeholder_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(s, 0);
        r.group = col_opt(s, 1);
        r.power = sqlite3_column_double(s, 2);
        r.has_interest = sqlite3_column_type(s, 3) != SQLITE_NULL;
        r.interest = sqlite3_column_double(s, 3);
        r.legitimacy = sqlite3_column_int(s, 4) != 0;
        r.urgency = sqlite3_column_int(s, 5) != 0;
        r.member_kind = col_opt(s, 6);
        r.notes = col_opt(s, 7);
        seen = 1;
        rc = fn(ud, &r, err);
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "read stakeholders");
    sqlite3_finalize(s);
    if (rc == KITH_OK && name && !seen)
        rc = KITH_ENOTFOUND;
    return rc;
}

kith_code kith__st_stakeholder_delete(kith_store *st, int64_t org, const char *name,
                                      kith_error *err)
{
    return delete_one(st, "DELETE FROM stakeholder WHERE org_id=?1 AND grp=?2", org, 0,
                      name, "delete stakeholder", err);
}

/* ================================================================ goals */

kith_code kith__st_goal_insert(kith_store *st, int64_t org, const kith__goal_row *r,
                               int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "INSERT INTO goal(org_id, metric, segment, target, deadline,"
                           " owner, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7)",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, r->metric, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 3, r->segment);
    sqlite3_bind_double(s, 4, r->target);
    sqlite3_bind_int64(s, 5, r->deadline);
    kith__st_bind_text(s, 6, r->owner);
    sqlite3_bind_int64(s, 7, r->created_at);
    rc = run_write(st, s, "write goal", err);
    if (rc == KITH_OK)
        *id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

kith_code kith__st_goals(kith_store *st, int64_t org, kith__goal_fn fn, void *ud,
                         kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prepare(st,
                           "SELECT id, metric, segment, target, deadline, owner,"
                           " created_at FROM goal WHERE org_id=?1 ORDER BY deadline, id",
                           &s, err);
    if (rc != KITH_OK)
        return rc;
    sqlite3_bind_int64(s, 1, org);
    int step = SQLITE_DONE;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        kith__goal_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(s, 0);
        r.metric = col_opt(s, 1);
        r.segment = col_opt(s, 2);
        r.target = sqlite3_column_double(s, 3);
        r.deadline = sqlite3_column_int64(s, 4);
        r.owner = col_opt(s, 5);
        r.created_at = sqlite3_column_int64(s, 6);
        rc = fn(ud, &r, err);
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "read goals");
    sqlite3_finalize(s);
    return rc;
}

kith_code kith__st_goal_delete(kith_store *st, int64_t org, int64_t id, kith_error *err)
{
    return delete_one(st, "DELETE FROM goal WHERE org_id=?1 AND id=?2", org, id, NULL,
                      "delete goal", err);
}
