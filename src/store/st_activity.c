/* Activities, initiatives, ideas, social posts, web sessions and import
 * batches in the store. Inserts are idempotent by their natural keys. */
#include <stdio.h>
#include <string.h>

#include "store/st_stmt.h"

static void bind_opt_double(sqlite3_stmt *s, int i, int has, double v)
{
    if (has)
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static void bind_opt_id(sqlite3_stmt *s, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

kith_code kith__st_activity_insert(kith_store *st, int64_t org,
                                   const kith_activity_rec *r, int *inserted,
                                   kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_ACTIVITY_INSERT,
        "INSERT INTO activity(org_id, member_id, type, subtype, channel, source,"
        " external_id, occurred_at, value, currency, text, target_member_id,"
        " initiative_id, code, thread_id, parent_external_id, url, attributes,"
        " batch_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(org_id, source, external_id) DO NOTHING",
        err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, r->member_id);
    sqlite3_bind_text(s, 3, r->type, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 4, r->subtype);
    kith__st_bind_text(s, 5, r->channel);
    sqlite3_bind_text(s, 6, r->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, r->external_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, r->occurred_at);
    bind_opt_double(s, 9, r->has_value, r->value);
    kith__st_bind_text(s, 10, r->currency);
    kith__st_bind_text(s, 11, r->text);
    bind_opt_id(s, 12, r->target_member_id);
    bind_opt_id(s, 13, r->initiative_id);
    kith__st_bind_text(s, 14, r->code);
    kith__st_bind_text(s, 15, r->thread_id);
    kith__st_bind_text(s, 16, r->parent_external_id);
    kith__st_bind_text(s, 17, r->url);
    kith__st_bind_text(s, 18, r->attributes_json);
    bind_opt_id(s, 19, r->batch_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert activity");
    *inserted = sqlite3_changes(st->db) > 0;
    return KITH_OK;
}

/* Column col (0: id, 1: member_id) of the activity (source, external_id). */
static kith_code activity_by_key(kith_store *st, int64_t org, const char *source,
                                 const char *external_id, int col, int64_t *out,
                                 kith_error *err)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_ACTIVITY_FIND,
                      "SELECT id, member_id FROM activity WHERE org_id=? AND"
                      " source=? AND external_id=?",
                      err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, external_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, col);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KITH_OK;
    if (rc == SQLITE_DONE)
        return KITH_ENOTFOUND;
    return kith__st_fail(st, err, "find activity");
}

kith_code kith__st_activity_find(kith_store *st, int64_t org, const char *source,
                                 const char *external_id, int64_t *id, kith_error *err)
{
    return activity_by_key(st, org, source, external_id, 0, id, err);
}

kith_code kith__st_activity_member(kith_store *st, int64_t org, const char *source,
                                   const char *external_id, int64_t *member,
                                   kith_error *err)
{
    return activity_by_key(st, org, source, external_id, 1, member, err);
}

/* ------------------------------------------------------------ initiatives */

kith_code kith__st_initiative_by_name(kith_store *st, int64_t org, const char *name,
                                      int create, int64_t batch, int64_t *id,
                                      kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_INITIATIVE_FIND,
        "SELECT id FROM initiative WHERE org_id=? AND name=? COLLATE NOCASE", err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KITH_OK;
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "find initiative");
    if (!create)
        return KITH_ENOTFOUND;
    kith_initiative_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.name = name;
    int ins = 0;
    kith_code code = kith__st_initiative_upsert(st, org, &rec, batch, &ins, err);
    if (code != KITH_OK)
        return code;
    return kith__st_initiative_by_name(st, org, name, 0, 0, id, err);
}

kith_code kith__st_initiative_by_code(kith_store *st, int64_t org, const char *code,
                                      int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_INITIATIVE_FIND_CODE,
        "SELECT id FROM initiative WHERE org_id=?1 AND"
        " (instr(','||upper(replace(codes,' ',''))||',', ','||upper(?2)||',')>0"
        "  OR upper(utm_campaign)=upper(?2)) ORDER BY id LIMIT 1",
        err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KITH_OK;
    if (rc == SQLITE_DONE)
        return KITH_ENOTFOUND;
    return kith__st_fail(st, err, "find initiative by code");
}

kith_code kith__st_initiative_upsert(kith_store *st, int64_t org,
                                     const kith_initiative_rec *r, int64_t batch,
                                     int *inserted, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO initiative(org_id, name, kind, channel, starts_at, ends_at,"
            " cost, in_kind_cost, volunteer_hours, codes, utm_campaign, created_batch)"
            " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,coalesce(?10,''),?11,?12)"
            " ON CONFLICT(org_id, name) DO UPDATE SET"
            " kind=coalesce(excluded.kind, kind), channel=coalesce(excluded.channel, "
            "channel),"
            " starts_at=coalesce(excluded.starts_at, starts_at),"
            " ends_at=coalesce(excluded.ends_at, ends_at),"
            " cost=excluded.cost, in_kind_cost=excluded.in_kind_cost,"
            " volunteer_hours=excluded.volunteer_hours,"
            " codes=CASE WHEN excluded.codes='' THEN codes ELSE excluded.codes END,"
            " utm_campaign=coalesce(excluded.utm_campaign, utm_campaign)",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    int64_t dummy = 0;
    int exists =
        kith__st_initiative_by_name(st, org, r->name, 0, 0, &dummy, NULL) == KITH_OK;
    /* An import that changes an initiative it did not create keeps the row
     * as it was, for kith_import_undo. */
    if (exists && batch) {
        kith_code kept = kith__st_initiative_before(st, batch, dummy, err);
        if (kept != KITH_OK) {
            sqlite3_finalize(s);
            return kept;
        }
    }
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, r->name, -1, SQLITE_STATIC);
    /* Names match without regard to case: an update of "spring fair" goes
     * to the stored "Spring Fair" (the UNIQUE constraint alone is
     * case-sensitive). */
    sqlite3_stmt *q = NULL;
    if (exists && sqlite3_prepare_v2(st->db, "SELECT name FROM initiative WHERE id=?", -1,
                                     &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, dummy);
        if (sqlite3_step(q) == SQLITE_ROW)
            sqlite3_bind_text(s, 2, (const char *)sqlite3_column_text(q, 0), -1,
                              SQLITE_TRANSIENT);
    }
    sqlite3_finalize(q);
    kith__st_bind_text(s, 3, r->kind);
    kith__st_bind_text(s, 4, r->channel);
    if (r->has_starts_at)
        sqlite3_bind_int64(s, 5, r->starts_at);
    if (r->has_ends_at)
        sqlite3_bind_int64(s, 6, r->ends_at);
    sqlite3_bind_double(s, 7, r->cost);
    sqlite3_bind_double(s, 8, r->in_kind_cost);
    sqlite3_bind_double(s, 9, r->volunteer_hours);
    kith__st_bind_text(s, 10, r->codes);
    kith__st_bind_text(s, 11, r->utm_campaign);
    if (batch)
        sqlite3_bind_int64(s, 12, batch);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "write initiative");
    /* An update that changed nothing (a re-import) leaves no kept row. */
    if (exists && batch) {
        kith_code kept = kith__st_initiative_before_prune(st, batch, dummy, err);
        if (kept != KITH_OK)
            return kept;
    }
    *inserted = !exists;
    return KITH_OK;
}

/* ------------------------------------------------------------ ideas etc. */

kith_code kith__st_idea_insert(kith_store *st, int64_t org, const kith_idea_rec *r,
                               int *inserted, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t act = 0;
    if (r->origin_activity_source && r->origin_activity_external_id) {
        kith_code c = kith__st_activity_find(st, org, r->origin_activity_source,
                                             r->origin_activity_external_id, &act, err);
        if (c == KITH_EDB)
            return c;
    }
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO idea(org_id, external_id, title, origin_member_id,"
            " origin_activity_id, status, proposed_at, status_changed_at,"
            " shipped_at, batch_id) VALUES(?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(org_id, external_id) DO NOTHING",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, r->external_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->title, -1, SQLITE_STATIC);
    bind_opt_id(s, 4, r->origin_member_id);
    bind_opt_id(s, 5, act);
    sqlite3_bind_text(s, 6, r->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, r->proposed_at);
    if (r->has_status_changed_at)
        sqlite3_bind_int64(s, 8, r->status_changed_at);
    if (r->has_shipped_at)
        sqlite3_bind_int64(s, 9, r->shipped_at);
    bind_opt_id(s, 10, r->batch_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert idea");
    *inserted = sqlite3_changes(st->db) > 0;
    return KITH_OK;
}

kith_code kith__st_social_post_insert(kith_store *st, int64_t org,
                                      const kith_social_post_rec *r, int *inserted,
                                      kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO social_post(org_id, channel, external_id, published_at,"
            " reach, impressions, reactions, comments, shares, saves, batch_id)"
            " VALUES(?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(org_id, channel, external_id) DO NOTHING",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, r->channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->external_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, r->published_at);
    sqlite3_bind_int64(s, 5, r->reach);
    sqlite3_bind_int64(s, 6, r->impressions);
    sqlite3_bind_int64(s, 7, r->reactions);
    sqlite3_bind_int64(s, 8, r->comments);
    sqlite3_bind_int64(s, 9, r->shares);
    sqlite3_bind_int64(s, 10, r->saves);
    bind_opt_id(s, 11, r->batch_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert social post");
    *inserted = sqlite3_changes(st->db) > 0;
    return KITH_OK;
}

kith_code kith__st_web_session_insert(kith_store *st, int64_t org,
                                      const kith_web_session_rec *r, int *inserted,
                                      kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO web_sessions(org_id, day, source, medium, campaign, region,"
            " city, sessions, conversions, batch_id) VALUES(?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(org_id, day, source, medium, campaign, region, city)"
            " DO NOTHING",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, r->day);
    sqlite3_bind_text(s, 3, r->source ? r->source : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, r->medium ? r->medium : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, r->campaign ? r->campaign : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, r->region ? r->region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, r->city ? r->city : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, r->sessions);
    sqlite3_bind_int64(s, 9, r->conversions);
    bind_opt_id(s, 10, r->batch_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert web sessions");
    *inserted = sqlite3_changes(st->db) > 0;
    return KITH_OK;
}

/* ------------------------------------------------------------ batches */

kith_code kith__st_batch_start(kith_store *st, int64_t org, const char *file,
                               const char *sha256, const char *format, const char *source,
                               int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO import_batch(org_id, file_name, sha256,"
                           " format, source, started_at, status)"
                           " VALUES(?,?,?,?,?,?,'running')",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, format, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 5, source);
    sqlite3_bind_int64(s, 6, kith__st_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "record import");
    *id = sqlite3_last_insert_rowid(st->db);
    return KITH_OK;
}

kith_code kith__st_batch_finish(kith_store *st, int64_t id, const char *sha256,
                                const kith_batch_counts *c, const char *status,
                                const char *message, const char *options,
                                const char *details, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "UPDATE import_batch SET rows_read=?, rows_imported=?,"
                           " rows_duplicate=?, rows_rejected=?, members_created=?,"
                           " merges=?, finished_at=?, status=?, message=?,"
                           " sha256=coalesce(?, sha256), options=?12, details=?13"
                           " WHERE id=?11",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, c->rows_read);
    sqlite3_bind_int64(s, 2, c->rows_imported);
    sqlite3_bind_int64(s, 3, c->rows_duplicate);
    sqlite3_bind_int64(s, 4, c->rows_rejected);
    sqlite3_bind_int64(s, 5, c->members_created);
    sqlite3_bind_int64(s, 6, c->merges);
    sqlite3_bind_int64(s, 7, kith__st_now());
    sqlite3_bind_text(s, 8, status, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 9, message);
    kith__st_bind_text(s, 10, sha256);
    sqlite3_bind_int64(s, 11, id);
    kith__st_bind_text(s, 12, options);
    kith__st_bind_text(s, 13, details);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "record import");
    return KITH_OK;
}
