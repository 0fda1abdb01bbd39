/* What makes one import undoable, and the undo itself: the rows an import
 * changed are kept as they were before (member_before, initiative_before),
 * an earlier import of the same file is found by its digest, and
 * kith__st_import_undo takes out everything the import added, in the
 * reverse order of the import: its merges (unmerged exactly, through the
 * merge log), its activities and other records, the identities and members
 * it created that nothing else uses, the rows it changed (put back), and
 * the initiatives it created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/st_stmt.h"

/* ================================================================ import side */

#define MEMBER_COLS                                                                      \
    "display_name, kinds, flags, first_seen, location, postcode, lat, lon,"              \
    " interests, expertise, employed_from, employed_to, attributes, consent"

#define INITIATIVE_COLS                                                                  \
    "name, kind, channel, starts_at, ends_at, cost, in_kind_cost, volunteer_hours,"      \
    " codes, utm_campaign"

/* Run the cached statement sid (sql) with ?1 = batch, ?2 = row: the
 * number of rows it changed, or -1 (err set, naming what). */
static int kept_row(kith_store *st, kith_stmt_id sid, const char *sql, int64_t batch,
                    int64_t row, const char *what, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(st, sid, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, row);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        kith__st_fail(st, err, what);
        return -1;
    }
    return sqlite3_changes(st->db);
}

/* A row this import created has no "before": undo removes it. */
kith_code kith__st_member_before(kith_store *st, int64_t batch, int64_t member,
                                 kith_error *err)
{
    return kept_row(
               st, ST_MEMBER_BEFORE,
               "INSERT OR IGNORE INTO member_before(batch_id, member_id, " MEMBER_COLS
               ") SELECT ?1, id, " MEMBER_COLS
               " FROM member WHERE id=?2 AND created_batch IS NOT ?1",
               batch, member, "keep member row", err) < 0
               ? KITH_EDB
               : KITH_OK;
}

int kith__st_member_before_prune(kith_store *st, int64_t batch, int64_t member,
                                 kith_error *err)
{
    int n =
        kept_row(st, ST_MEMBER_BEFORE_PRUNE,
                 "DELETE FROM member_before WHERE batch_id=?1 AND member_id=?2 AND"
                 " (" MEMBER_COLS ") IS (SELECT " MEMBER_COLS " FROM member WHERE id=?2)",
                 batch, member, "forget member row", err);
    return n < 0 ? -1 : n > 0;
}

kith_code kith__st_initiative_before(kith_store *st, int64_t batch, int64_t initiative,
                                     kith_error *err)
{
    return kept_row(st, ST_INITIATIVE_BEFORE,
                    "INSERT OR IGNORE INTO initiative_before(batch_id, "
                    "initiative_id, " INITIATIVE_COLS ") SELECT ?1, id, " INITIATIVE_COLS
                    " FROM initiative WHERE id=?2 AND created_batch IS NOT ?1",
                    batch, initiative, "keep initiative row", err) < 0
               ? KITH_EDB
               : KITH_OK;
}

kith_code kith__st_initiative_before_prune(kith_store *st, int64_t batch,
                                           int64_t initiative, kith_error *err)
{
    return kept_row(st, ST_INITIATIVE_BEFORE_PRUNE,
                    "DELETE FROM initiative_before WHERE batch_id=?1 AND initiative_id=?2"
                    " AND (" INITIATIVE_COLS ") IS (SELECT " INITIATIVE_COLS
                    " FROM initiative WHERE id=?2)",
                    batch, initiative, "forget initiative row", err) < 0
               ? KITH_EDB
               : KITH_OK;
}

kith_code kith__st_batch_same_file(kith_store *st, int64_t org, const char *sha256,
                                   const char *format, int64_t self, const char *options,
                                   int64_t *id, char **prev_options, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    *prev_options = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, coalesce(options, '') FROM import_batch"
                           " WHERE org_id=?1 AND sha256=?2 AND format=?3 AND id<>?4"
                           " AND status<>'undone' AND (rows_imported>0 OR"
                           " members_created>0)"
                           " ORDER BY coalesce(options, '') IS NOT ?5 DESC, id DESC"
                           " LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, format, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, self);
    sqlite3_bind_text(s, 5, options ? options : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    kith_code code = KITH_ENOTFOUND;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        *prev_options = strdup((const char *)sqlite3_column_text(s, 1));
        code =
            *prev_options ? KITH_OK : kith_error_set(err, KITH_ENOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        code = kith__st_fail(st, err, "find earlier import");
    }
    sqlite3_finalize(s);
    return code;
}

/* ================================================================ undo */

/* Run sql with ?1 = batch, ?2 = org (when used). With out: the first
 * column of its first row (0 when none); with changes: += the rows it
 * changed. Either may be NULL. */
static kith_code run_sql(kith_store *st, const char *sql, int64_t batch, int64_t org,
                         int64_t *out, int64_t *changes, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (out)
        *out = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, batch);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, org);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && out)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return kith__st_fail(st, err, "undo import");
    if (changes)
        *changes += sqlite3_changes(st->db);
    return KITH_OK;
}

static kith_code run(kith_store *st, const char *sql, int64_t batch, int64_t org,
                     int64_t *changes, kith_error *err)
{
    return run_sql(st, sql, batch, org, NULL, changes, err);
}

static kith_code one(kith_store *st, const char *sql, int64_t batch, int64_t org,
                     int64_t *out, kith_error *err)
{
    return run_sql(st, sql, batch, org, out, NULL, err);
}

/* The import's merges, newest first, after checking that no later merge
 * (of another import, or by hand) is built on one of them. */
static kith_code undo_merges(kith_store *st, int64_t org, int64_t batch,
                             kith_undo_result *c, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT l.id, m.id, m.batch_id FROM merge_log m"
                           " JOIN merge_log l ON l.batch_id=?1 AND l.undone_at IS NULL"
                           " WHERE m.org_id=?2 AND m.id>l.id AND m.undone_at IS NULL"
                           " AND m.batch_id IS NOT ?1 AND (m.kept_id IN (l.kept_id,"
                           " l.merged_id) OR m.merged_id IN (l.kept_id, l.merged_id))"
                           " ORDER BY m.id DESC LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, org);
    kith_code code = KITH_OK;
    if (sqlite3_step(s) == SQLITE_ROW) {
        int64_t mine = sqlite3_column_int64(s, 0), later = sqlite3_column_int64(s, 1);
        if (sqlite3_column_type(s, 2) == SQLITE_NULL)
            code = kith_error_set(err, KITH_ESTATE,
                                  "import %lld merged members (merge #%lld) that were "
                                  "merged again by hand later (merge #%lld); undo that "
                                  "first: kith members unmerge %lld",
                                  (long long)batch, (long long)mine, (long long)later,
                                  (long long)later);
        else
            code = kith_error_set(
                err, KITH_ESTATE,
                "import %lld merged members (merge #%lld) that import %lld merged "
                "again later (merge #%lld); undo that import first: kith imports undo "
                "%lld",
                (long long)batch, (long long)mine, (long long)sqlite3_column_int64(s, 2),
                (long long)later, (long long)sqlite3_column_int64(s, 2));
    }
    sqlite3_finalize(s);
    s = NULL;
    if (code != KITH_OK)
        return code;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id FROM merge_log WHERE batch_id=?1 AND org_id=?2"
                           " AND undone_at IS NULL ORDER BY id DESC",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, org);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *p = realloc(ids, cap * sizeof *p);
            if (!p) {
                code = kith_error_set(err, KITH_ENOMEM, "out of memory");
                break;
            }
            ids = p;
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (code == KITH_OK && rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "read merge log");
    for (size_t i = 0; i < n && code == KITH_OK; i++) {
        code = kith__st_unmerge(st, org, ids[i], err);
        if (code == KITH_OK)
            c->merges_undone++;
    }
    free(ids);
    if (code != KITH_OK)
        return code;
    /* Gone from the log too: the database is as before the import, and a
     * later import of the same people merges them again (an unmerge left
     * in the log would keep them apart). */
    const char *const forget[] = {
        "DELETE FROM merge_moved WHERE merge_id IN (SELECT id FROM merge_log"
        " WHERE batch_id=?1 AND org_id=?2)",
        "DELETE FROM merge_kept WHERE merge_id IN (SELECT id FROM merge_log"
        " WHERE batch_id=?1 AND org_id=?2)",
        "DELETE FROM merge_log WHERE batch_id=?1 AND org_id=?2"};
    for (size_t i = 0; i < 3 && code == KITH_OK; i++)
        code = run(st, forget[i], batch, org, NULL, err);
    return code;
}

/* A member the import created is still needed when anything outside the
 * import names it. */
#define MEMBER_USED(m)                                                                   \
    "(EXISTS(SELECT 1 FROM activity a WHERE a.member_id=" m ")"                          \
    " OR EXISTS(SELECT 1 FROM activity a WHERE a.target_member_id=" m ")"                \
    " OR EXISTS(SELECT 1 FROM idea d WHERE d.origin_member_id=" m ")"                    \
    " OR EXISTS(SELECT 1 FROM identity i WHERE i.member_id=" m                           \
    "  AND i.batch_id IS NOT ?1)"                                                        \
    " OR EXISTS(SELECT 1 FROM merge_log g WHERE g.kept_id=" m " OR g.merged_id=" m ")"   \
    " OR EXISTS(SELECT 1 FROM member_before b WHERE b.member_id=" m                      \
    "  AND b.batch_id<>?1)"                                                              \
    " OR EXISTS(SELECT 1 FROM member x WHERE x.merged_into=" m "))"

/* A row the import changed is put back unless a later import (not undone)
 * changed it again or merged it: its own record of the row then holds
 * this import's changes, and putting them back here would break undoing
 * that one. */
#define CHANGED_LATER(m)                                                                 \
    "(EXISTS(SELECT 1 FROM member_before b2 JOIN import_batch ib ON ib.id=b2.batch_id"   \
    "  WHERE b2.member_id=" m " AND b2.batch_id>?1 AND ib.status<>'undone')"             \
    " OR EXISTS(SELECT 1 FROM merge_log g WHERE (g.kept_id=" m " OR g.merged_id=" m ")"  \
    "  AND g.undone_at IS NULL AND (g.batch_id>?1 OR (g.batch_id IS NULL AND"            \
    "  g.created_at>=(SELECT finished_at FROM import_batch WHERE id=?1)))))"

kith_code kith__st_import_undo(kith_store *st, int64_t org, int64_t batch,
                               kith_undo_result *c, kith_error *err)
{
    memset(c, 0, sizeof *c);
    int64_t found = 0;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT status FROM import_batch WHERE id=?1 AND org_id=?2",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, org);
    char status[16] = "";
    if (sqlite3_step(s) == SQLITE_ROW) {
        found = 1;
        snprintf(status, sizeof status, "%s", sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    if (!found)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "no import %lld in this organisation (see 'kith imports')",
                              (long long)batch);
    if (strcmp(status, "undone") == 0)
        return kith_error_set(err, KITH_ESTATE, "import %lld was already undone",
                              (long long)batch);
    int64_t n = 0;
    kith_code code =
        one(st,
            "SELECT count(*) FROM idea WHERE batch_id IS NOT ?1 AND org_id=?2 AND"
            " origin_activity_id IN (SELECT id FROM activity WHERE batch_id=?1)",
            batch, org, &n, err);
    if (code == KITH_OK && n > 0)
        code = kith_error_set(err, KITH_ESTATE,
                              "%lld idea(s) imported later name an activity of import "
                              "%lld as their origin; undo the import of those ideas "
                              "first (kith imports)",
                              (long long)n, (long long)batch);
    if (code == KITH_OK)
        code = undo_merges(st, org, batch, c, err);

    /* The records the import wrote. */
    if (code == KITH_OK)
        code = run(st, "DELETE FROM idea WHERE batch_id=?1 AND org_id=?2", batch, org,
                   &c->ideas, err);
    if (code == KITH_OK)
        code = run(st, "DELETE FROM activity WHERE batch_id=?1 AND org_id=?2", batch, org,
                   &c->activities, err);
    if (code == KITH_OK)
        code = run(st, "DELETE FROM social_post WHERE batch_id=?1 AND org_id=?2", batch,
                   org, &c->social_posts, err);
    if (code == KITH_OK)
        code = run(st, "DELETE FROM web_sessions WHERE batch_id=?1 AND org_id=?2", batch,
                   org, &c->web_sessions, err);
    /* Exchange rates it wrote go; those it replaced come back, unless a
     * later import has written the same rate since. */
    if (code == KITH_OK)
        code = run(st, "DELETE FROM fx_rate WHERE batch_id=?1 AND org_id=?2", batch, org,
                   &c->rates, err);
    if (code == KITH_OK)
        code =
            run(st,
                "INSERT OR IGNORE INTO fx_rate(org_id, base, currency, valid_from, rate,"
                " batch_id) SELECT org_id, base, currency, valid_from, rate, old_batch"
                " FROM fx_rate_before WHERE batch_id=?1 AND org_id=?2",
                batch, org, &c->rates_restored, err);
    if (code == KITH_OK)
        code = run(st, "DELETE FROM fx_rate_before WHERE batch_id=?1 AND org_id=?2",
                   batch, org, NULL, err);

    /* Members it created: gone with their identities when nothing else
     * uses them; kept (with every identity) when something does. */
    if (code == KITH_OK)
        code = run(st, "DROP TABLE IF EXISTS temp.undo_members", batch, org, NULL, err);
    if (code == KITH_OK)
        code =
            run(st,
                "CREATE TEMP TABLE undo_members AS SELECT m.id FROM member m"
                " WHERE m.org_id=?2 AND m.created_batch=?1 AND NOT " MEMBER_USED("m.id"),
                batch, org, NULL, err);
    if (code == KITH_OK)
        code = one(st,
                   "SELECT count(*) FROM member WHERE org_id=?2 AND created_batch=?1 AND"
                   " id NOT IN (SELECT id FROM temp.undo_members)",
                   batch, org, &c->members_kept, err);
    /* Identities it added: those of the members it removes, and those it
     * added to members it did not create. */
    if (code == KITH_OK)
        code = run(st,
                   "DELETE FROM identity WHERE batch_id=?1 AND org_id=?2 AND"
                   " (member_id IN (SELECT id FROM temp.undo_members) OR member_id IN"
                   "  (SELECT id FROM member WHERE created_batch IS NOT ?1))",
                   batch, org, &c->identities_removed, err);
    if (code == KITH_OK)
        code =
            run(st, "DELETE FROM member WHERE id IN (SELECT id FROM temp.undo_members)",
                batch, org, &c->members_removed, err);
    if (code == KITH_OK)
        code = run(st, "DROP TABLE temp.undo_members", batch, org, NULL, err);

    /* Members it changed: back as they were, unless changed again later. */
    if (code == KITH_OK)
        code = one(st,
                   "SELECT count(*) FROM member_before b WHERE b.batch_id=?1 AND"
                   " " CHANGED_LATER("b.member_id"),
                   batch, org, &c->members_left, err);
    if (code == KITH_OK)
        code = run(st,
                   "UPDATE member SET (" MEMBER_COLS ") = (SELECT " MEMBER_COLS
                   " FROM member_before b WHERE b.batch_id=?1 AND b.member_id=member.id)"
                   " WHERE id IN (SELECT b.member_id FROM member_before b WHERE"
                   " b.batch_id=?1 AND NOT " CHANGED_LATER("b.member_id") ")",
                   batch, org, &c->members_restored, err);
    if (code == KITH_OK)
        code =
            run(st, "DELETE FROM member_before WHERE batch_id=?1", batch, org, NULL, err);

    /* Initiatives: changed ones put back, created ones removed when no
     * activity, outcome or later import names them. */
    if (code == KITH_OK)
        code =
            run(st,
                "UPDATE initiative SET (" INITIATIVE_COLS ") = (SELECT " INITIATIVE_COLS
                " FROM initiative_before b WHERE b.batch_id=?1 AND"
                " b.initiative_id=initiative.id) WHERE id IN (SELECT b.initiative_id"
                " FROM initiative_before b WHERE b.batch_id=?1 AND NOT EXISTS(SELECT 1"
                " FROM initiative_before b2 JOIN import_batch ib ON ib.id=b2.batch_id"
                " WHERE b2.initiative_id=b.initiative_id AND b2.batch_id>?1 AND"
                " ib.status<>'undone'))",
                batch, org, &c->initiatives_restored, err);
    if (code == KITH_OK)
        code = run(st, "DELETE FROM initiative_before WHERE batch_id=?1", batch, org,
                   NULL, err);
    if (code == KITH_OK)
        code = run(st,
                   "DELETE FROM initiative WHERE org_id=?2 AND created_batch=?1"
                   " AND NOT EXISTS(SELECT 1 FROM activity a WHERE a.initiative_id="
                   "  initiative.id)"
                   " AND NOT EXISTS(SELECT 1 FROM outcome o WHERE o.initiative_id="
                   "  initiative.id)"
                   " AND NOT EXISTS(SELECT 1 FROM initiative_before b WHERE"
                   "  b.initiative_id=initiative.id)",
                   batch, org, &c->initiatives_removed, err);
    return code;
}

kith_code kith__st_batch_undone(kith_store *st, int64_t batch, const char *message,
                                kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "UPDATE import_batch SET status='undone', undone_at=?2,"
                           " message=?3 WHERE id=?1",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, kith__st_now());
    sqlite3_bind_text(s, 3, message, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "record undo");
    return KITH_OK;
}
