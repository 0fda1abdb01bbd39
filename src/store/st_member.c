/* Members and identities in the store, and the merge log: merge moves rows
 * from one member to another and records each moved row, so that unmerge
 * puts back exactly what was there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/st_stmt.h"

sqlite3_stmt *kith__st_stmt(kith_store *st, kith_stmt_id id, const char *sql,
                            kith_error *err)
{
    sqlite3_stmt *s = st->stmts[id];
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) !=
        SQLITE_OK) {
        kith__st_fail(st, err, "prepare");
        return NULL;
    }
    st->stmts[id] = s;
    return s;
}

void kith__st_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

/* ------------------------------------------------------------ identities */

kith_code kith__st_identity_find(kith_store *st, int64_t org, const char *kind,
                                 const char *value, int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_IDENTITY_FIND,
        "SELECT member_id FROM identity WHERE org_id=? AND kind=? AND value=?", err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        return KITH_OK;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return KITH_ENOTFOUND;
    return kith__st_fail(st, err, "find identity");
}

kith_code kith__st_identity_insert(kith_store *st, int64_t org, int64_t member,
                                   const char *kind, const char *value,
                                   const char *source, int64_t batch, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_IDENTITY_INSERT,
        "INSERT INTO identity(org_id, member_id, kind, value, source, batch_id)"
        " VALUES(?,?,?,?,?,?)",
        err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, member);
    sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, value, -1, SQLITE_STATIC);
    kith__st_bind_text(s, 5, source);
    if (batch)
        sqlite3_bind_int64(s, 6, batch);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert identity");
    return KITH_OK;
}

int kith__st_row_exists(kith_store *st, int initiative, int64_t id, kith_error *err)
{
    sqlite3_stmt *s =
        initiative
            ? kith__st_stmt(st, ST_INITIATIVE_EXISTS,
                            "SELECT 1 FROM initiative WHERE id=?", err)
            : kith__st_stmt(st, ST_MEMBER_EXISTS, "SELECT 1 FROM member WHERE id=?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    kith__st_fail(st, err, "check reference");
    return -1;
}

kith_code kith__st_foreign_keys(kith_store *st, int on, kith_error *err)
{
    return kith__st_exec(st, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
                         err);
}

kith_code kith__st_identity_max_id(kith_store *st, int64_t *max, kith_error *err)
{
    return kith__st_query_int(st, "SELECT coalesce(max(id), 0) FROM identity", max, err);
}

kith_code kith__st_identity_each(kith_store *st, int64_t org,
                                 void (*fn)(void *ud, const char *kind,
                                            const char *value),
                                 void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    /* Covered by the UNIQUE(org_id, kind, value) index: a sequential read. */
    if (sqlite3_prepare_v2(st->db, "SELECT kind, value FROM identity WHERE org_id=?", -1,
                           &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        fn(ud, (const char *)sqlite3_column_text(s, 0),
           (const char *)sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "read identities");
    return KITH_OK;
}

/* ------------------------------------------------------------ members */

static void bind_member_fields(sqlite3_stmt *s, int base, const kith_member_rec *r)
{
    char kinds[128], flags[64];
    kith__kinds_format(r->kinds, kinds, sizeof kinds);
    kith__flags_format(r->flags, flags, sizeof flags);
    kith__st_bind_text(s, base + 0, r->display_name);
    sqlite3_bind_text(s, base + 1, kinds, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, base + 2, flags, -1, SQLITE_TRANSIENT);
    if (r->has_first_seen)
        sqlite3_bind_int64(s, base + 3, r->first_seen);
    else
        sqlite3_bind_null(s, base + 3);
    kith__st_bind_text(s, base + 4, r->location);
    kith__st_bind_text(s, base + 5, r->postcode);
    if (r->has_latlon) {
        sqlite3_bind_double(s, base + 6, r->lat);
        sqlite3_bind_double(s, base + 7, r->lon);
    } else {
        sqlite3_bind_null(s, base + 6);
        sqlite3_bind_null(s, base + 7);
    }
    kith__st_bind_text(s, base + 8, r->interests);
    kith__st_bind_text(s, base + 9, r->expertise);
    if (r->has_employed_from)
        sqlite3_bind_int64(s, base + 10, r->employed_from);
    else
        sqlite3_bind_null(s, base + 10);
    if (r->has_employed_to)
        sqlite3_bind_int64(s, base + 11, r->employed_to);
    else
        sqlite3_bind_null(s, base + 11);
    kith__st_bind_text(s, base + 12, r->attributes_json);
    kith__st_bind_text(s, base + 13, r->consent_json);
}

kith_code kith__st_member_insert(kith_store *st, int64_t org, const kith_member_rec *rec,
                                 int64_t batch, int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_MEMBER_INSERT,
        "INSERT INTO member(org_id, created_batch, display_name, kinds, flags,"
        " first_seen, location, postcode, lat, lon, interests, expertise,"
        " employed_from, employed_to, attributes, consent)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,coalesce(?,'{}'),coalesce(?,'{}'))",
        err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    if (batch)
        sqlite3_bind_int64(s, 2, batch);
    bind_member_fields(s, 3, rec);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "insert member");
    *id = sqlite3_last_insert_rowid(st->db);
    return KITH_OK;
}

kith_code kith__st_member_update(kith_store *st, int64_t id, const kith_member_rec *rec,
                                 kith_error *err)
{
    unsigned kinds = 0;
    kith_code code = kith__st_member_kinds(st, id, &kinds, err);
    if (code != KITH_OK)
        return code;
    kith_member_rec r = *rec;
    r.kinds |= kinds;
    /* Flags are united in SQL by rewriting the list; kinds in C above. */
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_MEMBER_UPDATE,
        "UPDATE member SET"
        " display_name=coalesce(?1, display_name),"
        " kinds=?2,"
        " flags=CASE WHEN ?3='' THEN flags WHEN flags='' THEN ?3"
        "  WHEN instr(','||flags||',', ','||?3||',')>0 THEN flags"
        "  ELSE flags||','||?3 END,"
        " first_seen=CASE WHEN ?4 IS NULL THEN first_seen"
        "  WHEN first_seen IS NULL OR ?4<first_seen THEN ?4 ELSE first_seen END,"
        " location=coalesce(?5, location), postcode=coalesce(?6, postcode),"
        " lat=coalesce(?7, lat), lon=coalesce(?8, lon),"
        " interests=coalesce(?9, interests), expertise=coalesce(?10, expertise),"
        " employed_from=coalesce(?11, employed_from),"
        " employed_to=coalesce(?12, employed_to),"
        " attributes=CASE WHEN ?13 IS NULL THEN attributes"
        "  ELSE json_patch(attributes, ?13) END,"
        " consent=CASE WHEN ?14 IS NULL THEN consent"
        "  ELSE json_patch(consent, ?14) END"
        " WHERE id=?15",
        err);
    if (!s)
        return KITH_EDB;
    bind_member_fields(s, 1, &r);
    sqlite3_bind_int64(s, 15, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "update member");
    return KITH_OK;
}

kith_code kith__st_member_kinds(kith_store *st, int64_t id, unsigned *kinds,
                                kith_error *err)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_MEMBER_KINDS, "SELECT kinds FROM member WHERE id=?", err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    *kinds = 0;
    if (rc == SQLITE_ROW)
        kith__kinds_parse((const char *)sqlite3_column_text(s, 0), kinds, NULL);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return kith__st_fail(st, err, "read member kinds");
    return KITH_OK;
}

kith_code kith__st_member_add_kinds(kith_store *st, int64_t id, unsigned kinds,
                                    kith_error *err)
{
    unsigned have = 0;
    kith_code code = kith__st_member_kinds(st, id, &have, err);
    if (code != KITH_OK || (have | kinds) == have)
        return code;
    char buf[128];
    kith__kinds_format(have | kinds, buf, sizeof buf);
    sqlite3_stmt *s = kith__st_stmt(st, ST_MEMBER_SET_KINDS,
                                    "UPDATE member SET kinds=? WHERE id=?", err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_text(s, 1, buf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "update member kinds");
    return KITH_OK;
}

int kith__st_keep_apart(kith_store *st, int64_t a, int64_t b)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_KEEP_APART,
                      "SELECT 1 FROM merge_log WHERE undone_at IS NOT NULL AND"
                      " ((kept_id=?1 AND merged_id=?2) OR (kept_id=?2 AND merged_id=?1))",
                      NULL);
    if (!s)
        return 0;
    sqlite3_bind_int64(s, 1, a);
    sqlite3_bind_int64(s, 2, b);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return found;
}

/* ------------------------------------------------------------ merge */

/* Run sql with ?1..?n bound to the int64 values given; -1 ends the list. */
static kith_code exec_ints(kith_store *st, const char *sql, kith_error *err, int n,
                           const int64_t *v)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    for (int i = 0; i < n; i++)
        sqlite3_bind_int64(s, i + 1, v[i]);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return kith__st_fail(st, err, "merge");
    return KITH_OK;
}

/* Every (table, column) that points at a member and moves with a merge. */
static const struct {
    const char *tbl, *col;
} member_refs[] = {
    {"identity", "member_id"},
    {"activity", "member_id"},
    {"activity", "target_member_id"},
    {"idea", "origin_member_id"},
};

#define MEMBER_COLS                                                                      \
    "display_name, kinds, flags, first_seen, location, postcode, lat, lon,"              \
    " interests, expertise, employed_from, employed_to, attributes, consent"

kith_code kith__st_merge(kith_store *st, int64_t org, int64_t keep, int64_t drop,
                         const char *reason, double score, int automatic, int64_t batch,
                         int64_t *merge_id, kith_error *err)
{
    if (keep == drop)
        return kith_error_set(err, KITH_EUSAGE, "cannot merge member %lld with itself",
                              (long long)keep);
    /* Moving a member's activities needs the activity_member index. */
    kith_code code = kith__st_bulk_end(st, 0, err);
    if (code != KITH_OK)
        return code;
    sqlite3_stmt *s = NULL;
    /* Both must be live members of this org. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT count(*) FROM member WHERE org_id=? AND"
                           " id IN (?,?) AND merged_into IS NULL",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, keep);
    sqlite3_bind_int64(s, 3, drop);
    int live = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    s = NULL;
    if (live != 2)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "member %lld or %lld does not exist in this "
                              "organisation or was already merged",
                              (long long)keep, (long long)drop);

    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO merge_log(org_id, kept_id, merged_id,"
                           " reason, score, automatic, batch_id, created_at)"
                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, keep);
    sqlite3_bind_int64(s, 3, drop);
    sqlite3_bind_text(s, 4, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 5, score);
    sqlite3_bind_int(s, 6, automatic ? 1 : 0);
    if (batch)
        sqlite3_bind_int64(s, 7, batch);
    sqlite3_bind_int64(s, 8, kith__st_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return kith__st_fail(st, err, "write merge log");
    int64_t mid = sqlite3_last_insert_rowid(st->db);
    int64_t vk[] = {mid, keep};
    code = exec_ints(st,
                     "INSERT INTO merge_kept(merge_id, " MEMBER_COLS ")"
                     " SELECT ?1, " MEMBER_COLS " FROM member WHERE id=?2",
                     err, 2, vk);
    if (code != KITH_OK)
        return code;

    for (size_t i = 0; i < sizeof member_refs / sizeof member_refs[0]; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO merge_moved(merge_id, tbl, col, row_id)"
                 " SELECT ?1, '%s', '%s', id FROM %s WHERE %s=?2",
                 member_refs[i].tbl, member_refs[i].col, member_refs[i].tbl,
                 member_refs[i].col);
        int64_t v1[] = {mid, drop};
        code = exec_ints(st, sql, err, 2, v1);
        if (code != KITH_OK)
            return code;
        snprintf(sql, sizeof sql, "UPDATE %s SET %s=?1 WHERE %s=?2", member_refs[i].tbl,
                 member_refs[i].col, member_refs[i].col);
        int64_t v2[] = {keep, drop};
        code = exec_ints(st, sql, err, 2, v2);
        if (code != KITH_OK)
            return code;
    }
    /* The kept member takes what it lacked from the merged one; kinds and
     * flags are united (text lists, so unite through json). */
    int64_t v3[] = {keep, drop};
    code = exec_ints(
        st,
        "UPDATE member SET"
        " display_name=coalesce(display_name,(SELECT display_name FROM member WHERE "
        "id=?2)),"
        " kinds=coalesce((SELECT group_concat(k, ',') FROM (SELECT DISTINCT value AS k "
        "FROM"
        "  json_each('[\"'||replace((SELECT kinds FROM member WHERE id=?1)||','||"
        "  (SELECT kinds FROM member WHERE id=?2), ',', '\",\"')||'\"]')"
        "  WHERE value<>'' ORDER BY CASE value WHEN 'customer' THEN 0"
        "  WHEN 'employee' THEN 1 WHEN 'supplier' THEN 2 WHEN 'partner' THEN 3"
        "  WHEN 'local_org' THEN 4 WHEN 'online' THEN 5 ELSE 6 END)),''),"
        " flags=coalesce((SELECT group_concat(k, ',') FROM (SELECT DISTINCT value AS k "
        "FROM"
        "  json_each('[\"'||replace((SELECT flags FROM member WHERE id=?1)||','||"
        "  (SELECT flags FROM member WHERE id=?2), ',', '\",\"')||'\"]')"
        "  WHERE value<>'' ORDER BY CASE value WHEN 'team' THEN 0 WHEN 'bot' THEN 1"
        "  ELSE 2 END)),''),"
        " first_seen=min(coalesce(first_seen,(SELECT first_seen FROM member WHERE "
        "id=?2)),"
        "  coalesce((SELECT first_seen FROM member WHERE id=?2),first_seen)),"
        " location=coalesce(location,(SELECT location FROM member WHERE id=?2)),"
        " postcode=coalesce(postcode,(SELECT postcode FROM member WHERE id=?2)),"
        " lat=coalesce(lat,(SELECT lat FROM member WHERE id=?2)),"
        " lon=coalesce(lon,(SELECT lon FROM member WHERE id=?2)),"
        " interests=coalesce(interests,(SELECT interests FROM member WHERE id=?2)),"
        " expertise=coalesce(expertise,(SELECT expertise FROM member WHERE id=?2)),"
        " employed_from=coalesce(employed_from,(SELECT employed_from FROM member WHERE "
        "id=?2)),"
        " employed_to=coalesce(employed_to,(SELECT employed_to FROM member WHERE id=?2)),"
        " attributes=json_patch((SELECT attributes FROM member WHERE id=?2), attributes),"
        " consent=json_patch((SELECT consent FROM member WHERE id=?2), consent)"
        " WHERE id=?1",
        err, 2, v3);
    if (code != KITH_OK)
        return code;
    code = exec_ints(st, "UPDATE member SET merged_into=?1 WHERE id=?2", err, 2, v3);
    if (code != KITH_OK)
        return code;
    if (merge_id)
        *merge_id = mid;
    return KITH_OK;
}

kith_code kith__st_unmerge(kith_store *st, int64_t org, int64_t merge_id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code code = KITH_OK;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT kept_id, merged_id, undone_at FROM merge_log"
                           " WHERE id=? AND org_id=?",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, merge_id);
    sqlite3_bind_int64(s, 2, org);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return kith_error_set(err, KITH_ENOTFOUND,
                              "no merge #%lld in this organisation (see "
                              "'kith members merges')",
                              (long long)merge_id);
    }
    int64_t keep = sqlite3_column_int64(s, 0);
    int64_t drop = sqlite3_column_int64(s, 1);
    int undone = sqlite3_column_type(s, 2) != SQLITE_NULL;
    sqlite3_finalize(s);
    if (undone)
        return kith_error_set(err, KITH_ESTATE, "merge #%lld was already undone",
                              (long long)merge_id);
    /* Later merges that touch either member must be undone first: they
     * moved rows this merge's list does not know about. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT max(id) FROM merge_log WHERE id>?1 AND"
                           " undone_at IS NULL AND (kept_id IN (?2,?3) OR"
                           " merged_id IN (?2,?3))",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, merge_id);
    sqlite3_bind_int64(s, 2, keep);
    sqlite3_bind_int64(s, 3, drop);
    int64_t later = 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        later = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (later)
        return kith_error_set(err, KITH_ESTATE,
                              "merge #%lld is followed by merge #%lld of the same "
                              "members; undo #%lld first",
                              (long long)merge_id, (long long)later, (long long)later);

    for (size_t i = 0; i < sizeof member_refs / sizeof member_refs[0]; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "UPDATE %s SET %s=?2 WHERE id IN (SELECT row_id FROM merge_moved"
                 " WHERE merge_id=?1 AND tbl='%s' AND col='%s')",
                 member_refs[i].tbl, member_refs[i].col, member_refs[i].tbl,
                 member_refs[i].col);
        int64_t v[] = {merge_id, drop};
        code = exec_ints(st, sql, err, 2, v);
        if (code != KITH_OK)
            return code;
    }
    int64_t v[] = {merge_id, keep, drop, kith__st_now()};
    code = exec_ints(st,
                     "UPDATE member SET (" MEMBER_COLS ") = (SELECT " MEMBER_COLS
                     " FROM merge_kept WHERE merge_id=?1) WHERE id=?2",
                     err, 2, v);
    if (code != KITH_OK)
        return code;
    code = exec_ints(st, "UPDATE member SET merged_into=NULL WHERE id=?3", err, 3, v);
    if (code != KITH_OK)
        return code;
    return exec_ints(st, "UPDATE merge_log SET undone_at=?4 WHERE id=?1", err, 4, v);
}
