/* Reading the rows of the interaction graph (st_graph.h): one scan of the
 * org's members, then the interactions and attendances of the period
 * through the (org_id, type, occurred_at) index. A reply without a target
 * names its parent's author through the UNIQUE(org_id, source,
 * external_id) index. */
#include "store/st_graph.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/timeparse.h"
#include "store/records.h"
#include "store/st_query.h"
#include "store/store_int.h"

/* Member ids of the org (live and merged) -> live member index. Ids are
 * dense in practice (one table for every org), so a direct table over
 * [lo, hi] is used when it is at most 8 entries a member; else a sorted
 * array is searched. */
typedef struct idx_map {
    int64_t lo, hi;
    int32_t *dense; /* hi - lo + 1 entries, -1 = none */
    int64_t *ids;   /* sorted, when not dense */
    int32_t *to;    /* live index of ids[k] */
    size_t n;
} idx_map;

static int32_t map_get(const idx_map *m, int64_t id)
{
    if (m->dense)
        return id >= m->lo && id <= m->hi ? m->dense[id - m->lo] : -1;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->ids[lo] == id ? m->to[lo] : -1;
}

int32_t kith__grows_member(const kith__grows *r, int64_t id)
{
    size_t lo = 0, hi = r->nmembers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->members[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nmembers && r->members[lo].id == id ? (int32_t)lo : -1;
}

const char *kith__grows_str(const kith__grows *r, size_t off)
{
    return r->strings.data ? r->strings.data + off : "";
}

/* ------------------------------------------------------------ members */

static kith_code load_members(kith_store *st, int64_t org, int profile, kith__grows *r,
                              idx_map *map, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    const char *sql = profile ? "SELECT id, merged_into, flags, display_name, first_seen,"
                                " interests, expertise FROM member WHERE +org_id=?"
                                " ORDER BY id"
                              : "SELECT id, merged_into, flags, display_name"
                                " FROM member WHERE +org_id=? ORDER BY id";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    size_t cap = 0, acap = 0, n = 0;
    int64_t *all = NULL, *into = NULL;
    size_t icap = 0;
    kith_code rc = KITH_OK;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (kith__grow((void **)&all, &acap, n + 1, sizeof *all) ||
            kith__grow((void **)&into, &icap, n + 1, sizeof *into)) {
            rc = KITH_ENOMEM;
            break;
        }
        all[n] = id;
        into[n++] =
            sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 1);
        if (into[n - 1])
            continue;
        if (kith__grow((void **)&r->members, &cap, r->nmembers + 1, sizeof *r->members)) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__gmember *m = &r->members[r->nmembers++];
        memset(m, 0, sizeof *m);
        m->id = id;
        const char *f = (const char *)sqlite3_column_text(s, 2);
        kith__flags_parse(f ? f : "", &m->flags, NULL);
        m->name = kith__buf_intern(&r->strings, (const char *)sqlite3_column_text(s, 3),
                                   0, &rc);
        if (profile) {
            m->first_seen = sqlite3_column_int64(s, 4);
            m->interests = kith__buf_intern(
                &r->strings, (const char *)sqlite3_column_text(s, 5), 0, &rc);
            m->expertise = kith__buf_intern(
                &r->strings, (const char *)sqlite3_column_text(s, 6), 0, &rc);
        }
        if (rc != KITH_OK)
            break;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "load members");
    sqlite3_finalize(s);
    int32_t *live = rc == KITH_OK && n ? malloc(n * sizeof *live) : NULL;
    if (rc == KITH_OK && n && !live)
        rc = KITH_ENOMEM;
    if (rc == KITH_OK && n) {
        /* Live members take their own index; a merged one follows
         * merged_into to the live member (at most 64 hops, as the snapshot
         * loader does), else it is unknown (-1). */
        int32_t next = 0;
        for (size_t k = 0; k < n; k++)
            live[k] = into[k] ? -1 : next++;
        for (size_t k = 0; k < n; k++) {
            int64_t id = into[k];
            for (int hop = 0; id && live[k] < 0 && hop < 64; hop++) {
                size_t lo = 0, hi = n;
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (all[mid] < id)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo == n || all[lo] != id)
                    break;
                live[k] = into[lo] ? -1 : live[lo];
                id = into[lo];
            }
        }
        map->lo = all[0];
        map->hi = all[n - 1];
        map->n = n;
        uint64_t span = (uint64_t)(map->hi - map->lo) + 1;
        if (span <= (uint64_t)n * 8 + 4096) {
            map->dense = malloc(span * sizeof *map->dense);
            if (!map->dense)
                rc = KITH_ENOMEM;
            for (uint64_t k = 0; map->dense && k < span; k++)
                map->dense[k] = -1;
            for (size_t k = 0; map->dense && k < n; k++)
                map->dense[all[k] - map->lo] = live[k];
        } else {
            map->ids = all;
            map->to = live;
            all = NULL;
            live = NULL;
        }
    }
    free(live);
    free(all);
    free(into);
    return rc == KITH_ENOMEM ? kith_error_set(err, KITH_ENOMEM, "out of memory") : rc;
}

/* ------------------------------------------------------------ interactions */

static kith_code load_interactions(kith_store *st, int64_t org, int64_t from, int64_t to,
                                   kith__grows *r, const idx_map *map, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    /* The parent is looked up only for a reply without a target. */
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT a.member_id, a.target_member_id, a.occurred_at, p.member_id"
            " FROM activity a LEFT JOIN activity p"
            "  ON a.target_member_id IS NULL AND a.type='reply'"
            "  AND p.org_id=a.org_id AND p.source=a.source"
            "  AND p.external_id=a.parent_external_id"
            " WHERE a.org_id=?1 AND a.type IN ('reply','mention','reaction','referral')"
            "  AND a.occurred_at>=?2 AND a.occurred_at<?3",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    size_t c1 = 0, c2 = 0, c3 = 0;
    kith_code rc = KITH_OK;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (kith__grow((void **)&r->src, &c1, r->n + 1, sizeof *r->src) ||
            kith__grow((void **)&r->dst, &c2, r->n + 1, sizeof *r->dst) ||
            kith__grow((void **)&r->t, &c3, r->n + 1, sizeof *r->t)) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            break;
        }
        int64_t target = sqlite3_column_type(s, 1) != SQLITE_NULL
                             ? sqlite3_column_int64(s, 1)
                             : sqlite3_column_int64(s, 3);
        r->src[r->n] = map_get(map, sqlite3_column_int64(s, 0));
        r->dst[r->n] = target ? map_get(map, target) : -1;
        r->t[r->n] = sqlite3_column_int64(s, 2);
        r->n++;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "load interactions");
    sqlite3_finalize(s);
    return rc;
}

/* ------------------------------------------------------------ attendances */

/* The local day of t in tz, as the instant of the next local midnight;
 * the last day seen is cached (rows come ordered by time within a type,
 * and a zone lookup per row would dominate). */
typedef struct day_cache {
    const char *tz;
    int64_t lo, hi; /* [lo, hi) is the cached day; hi its key */
} day_cache;

static int64_t local_day(day_cache *c, int64_t t)
{
    if (t >= c->lo && t < c->hi)
        return c->hi;
    int y;
    unsigned m, d;
    kith__time_local_civil(t, c->tz, &y, &m, &d);
    c->lo = kith__time_local_midnight(y, m, d, c->tz);
    c->hi = kith__time_local_midnight_after(t, c->tz);
    if (c->lo > t) /* a day starting at the end of a DST gap */
        c->lo = t;
    return c->hi;
}

static kith_code load_attendances(kith_store *st, int64_t org, int64_t from, int64_t to,
                                  const char *tz, kith__grows *r, const idx_map *map,
                                  kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT member_id, occurred_at, initiative_id, source, thread_id"
            " FROM activity WHERE org_id=?1"
            " AND type IN ('event_attend','workshop')"
            " AND occurred_at>=?2 AND occurred_at<?3"
            " AND (thread_id IS NOT NULL OR initiative_id IS NOT NULL)",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    kith_strmap events;
    kith__strmap_init(&events);
    day_cache dc = {tz, 1, 0};
    size_t c1 = 0, c2 = 0, c3 = 0;
    kith_code rc = KITH_OK;
    int step;
    char key[600];
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t t = sqlite3_column_int64(s, 1);
        const char *thread = (const char *)sqlite3_column_text(s, 4);
        if (thread && *thread)
            snprintf(key, sizeof key, "t\x1f%s\x1f%s", sqlite3_column_text(s, 3), thread);
        else if (sqlite3_column_type(s, 2) != SQLITE_NULL)
            snprintf(key, sizeof key, "i\x1f%lld\x1f%lld",
                     (long long)sqlite3_column_int64(s, 2), (long long)local_day(&dc, t));
        else
            continue; /* an empty thread id and no initiative: no event */
        int64_t ev;
        if (!kith__strmap_get(&events, key, &ev)) {
            ev = (int64_t)r->nevents++;
            if (kith__strmap_put(&events, key, ev) != KITH_OK) {
                rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
                break;
            }
        }
        if (kith__grow((void **)&r->att_member, &c1, r->natt + 1,
                       sizeof *r->att_member) ||
            kith__grow((void **)&r->att_event, &c2, r->natt + 1, sizeof *r->att_event) ||
            kith__grow((void **)&r->att_t, &c3, r->natt + 1, sizeof *r->att_t)) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            break;
        }
        r->att_member[r->natt] = map_get(map, sqlite3_column_int64(s, 0));
        r->att_event[r->natt] = (int32_t)ev;
        r->att_t[r->natt] = t;
        r->natt++;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(st, err, "load attendances");
    sqlite3_finalize(s);
    kith__strmap_free(&events);
    return rc;
}

/* ------------------------------------------------------------ entry */

kith_code kith__st_graph_rows(kith_store *st, int64_t org, int64_t from, int64_t to,
                              const char *tz, int profile, kith__grows *out,
                              kith_error *err)
{
    memset(out, 0, sizeof *out);
    kith__buf_init(&out->strings, 0);
    idx_map map;
    memset(&map, 0, sizeof map);
    kith_code rc = kith__buf_putc(&out->strings, '\0');
    if (rc != KITH_OK)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc == KITH_OK)
        rc = kith__st_bulk_read(st, err);
    /* One read transaction: a consistent snapshot even while an import runs. */
    if (rc == KITH_OK)
        rc = kith__st_exec(st, "BEGIN", err);
    if (rc != KITH_OK)
        goto done;
    rc = load_members(st, org, profile, out, &map, err);
    if (rc == KITH_OK)
        rc = load_interactions(st, org, from, to, out, &map, err);
    if (rc == KITH_OK)
        rc = load_attendances(st, org, from, to, tz, out, &map, err);
    kith__st_exec(st, "COMMIT", NULL);
done:
    free(map.dense);
    free(map.ids);
    free(map.to);
    if (rc != KITH_OK)
        kith__grows_free(out);
    return rc;
}

void kith__grows_free(kith__grows *r)
{
    if (!r)
        return;
    free(r->members);
    kith__buf_free(&r->strings);
    free(r->src);
    free(r->dst);
    free(r->t);
    free(r->att_member);
    free(r->att_event);
    free(r->att_t);
    memset(r, 0, sizeof *r);
}
