/* Reading members for people: list, show, the merge log, and merge
 * suggestions (likely duplicates that identity keys did not merge). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/ingest.h"
#include "kith/members.h"
#include "store/st_stmt.h"

static void col_text(sqlite3_stmt *s, int i, char *dst, size_t n)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The columns every member query selects, in this order. */
#define MEMBER_COLS                                                                      \
    "m.id, m.display_name, m.kinds, m.flags, m.postcode, m.location, "                   \
    "(SELECT value FROM identity i WHERE i.member_id = m.id AND i.kind = 'email' "       \
    " ORDER BY i.id LIMIT 1), coalesce(m.first_seen, 0), coalesce(m.merged_into, 0), "   \
    "(SELECT count(*) FROM activity a WHERE a.member_id = m.id), "                       \
    "coalesce((SELECT max(occurred_at) FROM activity a WHERE a.member_id = m.id), 0)"

static void member_from_row(sqlite3_stmt *s, kith_member_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    col_text(s, 1, r->name, sizeof r->name);
    col_text(s, 2, r->kinds, sizeof r->kinds);
    col_text(s, 3, r->flags, sizeof r->flags);
    col_text(s, 4, r->postcode, sizeof r->postcode);
    col_text(s, 5, r->location, sizeof r->location);
    col_text(s, 6, r->email, sizeof r->email);
    r->first_seen = sqlite3_column_int64(s, 7);
    r->merged_into = sqlite3_column_int64(s, 8);
    r->n_activities = sqlite3_column_int64(s, 9);
    r->last_activity = sqlite3_column_int64(s, 10);
}

/* The conditions of a kith_member_filter: ?2 include_merged, ?3 kind, ?4
 * search (after m.org_id = ?1). */
#define MEMBER_FILTER                                                                    \
    " AND (?2 OR m.merged_into IS NULL)"                                                 \
    " AND (?3 IS NULL OR ',' || m.kinds || ',' LIKE '%,' || ?3 || ',%')"                 \
    " AND (?4 IS NULL OR m.display_name LIKE '%' || ?4 || '%'"                           \
    "      OR EXISTS(SELECT 1 FROM identity i WHERE i.member_id = m.id"                  \
    "                AND i.value LIKE '%' || ?4 || '%'))"

kith_code kith_members_list(kith_store *st, int64_t org_id, const kith_member_filter *f,
                            kith_member_cb cb, void *ud, kith_error *err)
{
    kith_member_filter none;
    memset(&none, 0, sizeof none);
    if (!f)
        f = &none;
    sqlite3_stmt *s = NULL;
    /* The page's ids first (the index member_org(org_id, merged_into) holds
     * live members in id order, so LIMIT stops the scan early), then the
     * per-member counts for those rows only: a page costs the same wherever
     * it is. With merged members too, ids come from the org's index and are
     * sorted. */
#define MEMBER_PAGE(LIVE)                                                                \
    "SELECT " MEMBER_COLS " FROM member m WHERE m.id IN (SELECT id FROM member"          \
    " WHERE org_id = ?1" LIVE                                                            \
    " AND (?3 IS NULL OR ',' || kinds || ',' LIKE '%,' || ?3 || ',%')"                   \
    " AND (?4 IS NULL OR display_name LIKE '%' || ?4 || '%'"                             \
    "      OR EXISTS(SELECT 1 FROM identity i WHERE i.member_id = member.id"             \
    "                AND i.value LIKE '%' || ?4 || '%'))"                                \
    " AND id > ?6 ORDER BY id LIMIT ?5) ORDER BY m.id"
    /* Cached: kith serve lists members on every page of the dashboard. */
    s = f->include_merged ? kith__st_stmt(st, ST_MEMBERS_PAGE_ALL, MEMBER_PAGE(""), err)
                          : kith__st_stmt(st, ST_MEMBERS_PAGE_LIVE,
                                          MEMBER_PAGE(" AND merged_into IS NULL"), err);
#undef MEMBER_PAGE
    if (!s)
        return err ? err->code : KITH_EDB;
    sqlite3_bind_int64(s, 1, org_id);
    kith__st_bind_text(s, 3, f->kind);
    kith__st_bind_text(s, 4, f->search);
    sqlite3_bind_int64(s, 5, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(s, 6, f->after > 0 ? f->after : 0);
    int rc;
    kith_member_row r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        member_from_row(s, &r);
        if (cb(ud, &r))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "list members");
    sqlite3_reset(s);
    return code;
}

kith_code kith_members_count(kith_store *st, int64_t org_id, const kith_member_filter *f,
                             int64_t *n, kith_error *err)
{
    kith_member_filter none;
    memset(&none, 0, sizeof none);
    if (!f)
        f = &none;
    sqlite3_stmt *s = NULL;
    *n = 0;
    const char *sql = "SELECT count(*) FROM member m WHERE m.org_id = ?1" MEMBER_FILTER;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org_id);
    sqlite3_bind_int(s, 2, f->include_merged != 0);
    kith__st_bind_text(s, 3, f->kind);
    kith__st_bind_text(s, 4, f->search);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? KITH_OK : kith__st_fail(st, err, "count members");
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

kith_code kith_member_find(kith_store *st, int64_t org_id, const char *key,
                           kith_member_row *row, kith_error *err)
{
    if (!key || !*key)
        return kith_error_set(err, KITH_EUSAGE,
                              "name a member by id, email, phone or handle");
    sqlite3_stmt *s = NULL;
    /* An id, else an identity value as stored (emails are kept lowercased,
     * handles lowercased, phones as digits with the country code). */
    const char *sql =
        "SELECT " MEMBER_COLS
        " FROM member m WHERE m.org_id = ?1 AND (m.id = ?2 OR m.id IN"
        " (SELECT member_id FROM identity WHERE org_id = ?1 AND (value = lower(trim(?3))"
        "  OR value = ?4))) ORDER BY m.id = ?2 DESC LIMIT 1";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org_id);
    sqlite3_bind_int64(s, 2, all_digits(key) && strlen(key) < 12 ? atoll(key) : -1);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
    char digits[64];
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < sizeof digits; p++)
        if (isdigit((unsigned char)*p))
            digits[n++] = *p;
    digits[n] = 0;
    sqlite3_bind_text(s, 4, digits, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW)
        member_from_row(s, row);
    else if (rc == SQLITE_DONE)
        code = kith_error_set(
            err, KITH_ENOTFOUND,
            "no member '%s' (give an id from 'kith members list', an email,"
            " a phone or a handle)",
            key);
    else
        code = kith__st_fail(st, err, "find member");
    sqlite3_finalize(s);
    return code;
}

kith_code kith_member_identities(kith_store *st, int64_t member_id, kith_identity_cb cb,
                                 void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT kind, value, coalesce(source, '') FROM identity"
                           " WHERE member_id = ? ORDER BY kind, value",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    kith_identity_row r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        col_text(s, 0, r.kind, sizeof r.kind);
        col_text(s, 1, r.value, sizeof r.value);
        col_text(s, 2, r.source, sizeof r.source);
        if (cb(ud, &r))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "identities");
    sqlite3_finalize(s);
    return code;
}

kith_code kith_member_activity_types(kith_store *st, int64_t member_id,
                                     kith_type_count_cb cb, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT type, count(*), min(occurred_at), max(occurred_at),"
                           " coalesce(sum(value), 0), CASE WHEN type IN ('purchase',"
                           " 'refund','donation','supply') THEN"
                           " upper(trim(coalesce(currency, ''))) ELSE '' END cur"
                           " FROM activity WHERE member_id = ?"
                           " GROUP BY type, cur ORDER BY count(*) DESC, type, cur",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    kith_type_count r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        col_text(s, 0, r.type, sizeof r.type);
        r.n = sqlite3_column_int64(s, 1);
        r.first = sqlite3_column_int64(s, 2);
        r.last = sqlite3_column_int64(s, 3);
        r.value_sum = sqlite3_column_double(s, 4);
        col_text(s, 5, r.currency, sizeof r.currency);
        if (cb(ud, &r))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "activity types");
    sqlite3_finalize(s);
    return code;
}

kith_code kith_member_timeline(kith_store *st, int64_t member_id, int64_t limit,
                               kith_timeline_cb cb, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, occurred_at, type, coalesce(channel, ''), source,"
                           " coalesce(currency, ''), value, coalesce(initiative_id, 0)"
                           " FROM activity WHERE member_id = ?"
                           " ORDER BY occurred_at DESC, id DESC LIMIT ?",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, member_id);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_timeline_row r;
        r.id = sqlite3_column_int64(s, 0);
        r.at = sqlite3_column_int64(s, 1);
        r.type = (const char *)sqlite3_column_text(s, 2);
        r.channel = (const char *)sqlite3_column_text(s, 3);
        r.source = (const char *)sqlite3_column_text(s, 4);
        r.currency = (const char *)sqlite3_column_text(s, 5);
        r.has_value = sqlite3_column_type(s, 6) != SQLITE_NULL;
        r.value = sqlite3_column_double(s, 6);
        r.initiative_id = sqlite3_column_int64(s, 7);
        if (cb(ud, &r))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "timeline");
    sqlite3_finalize(s);
    return code;
}

kith_code kith_merges_list(kith_store *st, int64_t org_id, int64_t member_id,
                           kith_merge_cb cb, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT id, kept_id, merged_id, reason, coalesce(score, 1),"
            " automatic, created_at, coalesce(undone_at, 0) FROM merge_log"
            " WHERE org_id = ?1 AND (?2 <= 0 OR kept_id = ?2 OR merged_id = ?2)"
            " ORDER BY id DESC",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org_id);
    sqlite3_bind_int64(s, 2, member_id);
    int rc;
    kith_merge_row r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        r.id = sqlite3_column_int64(s, 0);
        r.kept_id = sqlite3_column_int64(s, 1);
        r.merged_id = sqlite3_column_int64(s, 2);
        col_text(s, 3, r.reason, sizeof r.reason);
        r.score = sqlite3_column_double(s, 4);
        r.automatic = sqlite3_column_int(s, 5);
        r.created_at = sqlite3_column_int64(s, 6);
        r.undone_at = sqlite3_column_int64(s, 7);
        if (cb(ud, &r))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "merge log");
    sqlite3_finalize(s);
    return code;
}

/* ------------------------------------------------------------ suggestions */

/* The rules, strongest first. Each is one SQL query yielding candidate
 * pairs (a < b, both live members of the org) with a reason; a pair found
 * by several rules keeps the highest score. Groups larger than
 * SUGGEST_MAX_GROUP (generic names or addresses such as "info@") are
 * skipped: a suggestion must be worth a person's look. */
#define SUGGEST_MAX_GROUP 6

static const struct {
    double score;
    const char *sql; /* ?1 = org; yields a, b, reason */
} RULES[] = {
    {0.9, "WITH g AS (SELECT id, lower(trim(display_name)) n, upper(replace(postcode, ' "
          "', '')) p"
          "  FROM member WHERE org_id = ?1 AND merged_into IS NULL AND "
          "trim(display_name) <> ''"
          "  AND trim(coalesce(postcode, '')) <> ''),"
          " big AS (SELECT n, p FROM g GROUP BY n, p HAVING count(*) > "
          "6"
          ")"
          " SELECT x.id, y.id, 'same name ''' || (SELECT display_name FROM member WHERE "
          "id = x.id)"
          "  || ''' and postcode ' || (SELECT postcode FROM member WHERE id = x.id)"
          " FROM g x JOIN g y ON x.n = y.n AND x.p = y.p AND x.id < y.id"
          " WHERE NOT EXISTS(SELECT 1 FROM big WHERE big.n = x.n AND big.p = x.p)"},
    {0.7,
     "WITH e AS (SELECT i.member_id id, i.value v,"
     "  replace(substr(i.value, 1, instr(i.value, '@') - 1), '.', '') lp"
     "  FROM identity i JOIN member m ON m.id = i.member_id"
     "  WHERE i.org_id = ?1 AND i.kind = 'email' AND m.merged_into IS NULL),"
     " e2 AS (SELECT id, v, CASE WHEN instr(lp, '+') > 0 THEN substr(lp, 1, instr(lp, "
     "'+') - 1)"
     "  ELSE lp END lp FROM e),"
     " big AS (SELECT lp FROM e2 GROUP BY lp HAVING count(DISTINCT id) > 6 OR length(lp) "
     "< 5)"
     " SELECT x.id, y.id, 'same email name ''' || x.lp || ''' (' || x.v || ', ' || y.v "
     "|| ')'"
     " FROM e2 x JOIN e2 y ON x.lp = y.lp AND x.id < y.id"
     " WHERE x.lp NOT IN (SELECT lp FROM big) AND x.lp NOT IN ('info', 'sales', 'orders',"
     "  'hello', 'contact', 'admin', 'office', 'support', 'enquiries', 'accounts', "
     "'billing',"
     "  'noreply', 'bookings', 'events', 'trade', 'team', 'shop', 'mail')"},
    {0.6,
     "WITH g AS (SELECT id, lower(trim(display_name)) n, lower(trim(location)) l"
     "  FROM member WHERE org_id = ?1 AND merged_into IS NULL AND trim(display_name) "
     "LIKE '% %'"
     "  AND trim(coalesce(location, '')) <> '' AND trim(coalesce(postcode, '')) = ''),"
     " big AS (SELECT n, l FROM g GROUP BY n, l HAVING count(*) > 6)"
     " SELECT x.id, y.id, 'same full name ''' || (SELECT display_name FROM member WHERE "
     "id = x.id)"
     "  || ''' in ' || (SELECT location FROM member WHERE id = x.id) || ', no postcode'"
     " FROM g x JOIN g y ON x.n = y.n AND x.l = y.l AND x.id < y.id"
     " WHERE NOT EXISTS(SELECT 1 FROM big WHERE big.n = x.n AND big.l = x.l)"},
};

static int cmp_sugg(const void *a, const void *b)
{
    const kith_merge_suggestion *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

kith_code kith_members_suggest_merges(kith_store *st, int64_t org_id, double min_score,
                                      kith_merge_suggestion **out, size_t *n,
                                      kith_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0, len = 0;
    kith_merge_suggestion *v = NULL;
    kith_code code = KITH_OK;
    for (size_t r = 0; r < sizeof RULES / sizeof RULES[0] && code == KITH_OK; r++) {
        if (RULES[r].score < min_score)
            continue;
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, RULES[r].sql, -1, &s, NULL) != SQLITE_OK) {
            code = kith__st_fail(st, err, "prepare suggestions");
            break;
        }
        sqlite3_bind_int64(s, 1, org_id);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t a = sqlite3_column_int64(s, 0), b = sqlite3_column_int64(s, 1);
            if (kith__st_keep_apart(st, a, b))
                continue;
            /* Seen by a stronger rule already? (rules run strongest first) */
            int seen = 0;
            for (size_t k = 0; k < len && !seen; k++)
                seen = v[k].a == a && v[k].b == b;
            if (seen)
                continue;
            if (len == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                kith_merge_suggestion *nv = realloc(v, ncap * sizeof *v);
                if (!nv) {
                    code = kith_error_set(err, KITH_ENOMEM, "out of memory");
                    break;
                }
                v = nv;
                cap = ncap;
            }
            v[len].a = a;
            v[len].b = b;
            v[len].score = RULES[r].score;
            col_text(s, 2, v[len].reason, sizeof v[len].reason);
            len++;
        }
        if (code == KITH_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
            code = kith__st_fail(st, err, "suggestions");
        sqlite3_finalize(s);
    }
    if (code != KITH_OK) {
        free(v);
        return code;
    }
    if (len)
        qsort(v, len, sizeof *v, cmp_sugg);
    *out = v;
    *n = len;
    return KITH_OK;
}
