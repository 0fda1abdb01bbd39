/* Merging and unmerging members by hand: each a transaction around the
 * store's logged merge. */
#include "ingest/ingest_int.h"

kith_code kith_members_merge(kith_store *st, int64_t org_id, int64_t keep, int64_t drop,
                             const char *reason, int64_t *merge_id, kith_error *err)
{
    kith_code rc = kith__st_begin(st, err);
    if (rc != KITH_OK)
        return rc;
    rc = kith__st_merge(st, org_id, keep, drop, reason && *reason ? reason : "by hand",
                        1.0, 0, 0, merge_id, err);
    if (rc == KITH_OK)
        rc = kith__st_commit(st, err);
    if (rc != KITH_OK)
        kith__st_rollback(st);
    return rc;
}

kith_code kith_members_unmerge(kith_store *st, int64_t org_id, int64_t merge_id,
                               kith_error *err)
{
    kith_code rc = kith__st_begin(st, err);
    if (rc != KITH_OK)
        return rc;
    rc = kith__st_unmerge(st, org_id, merge_id, err);
    if (rc == KITH_OK)
        rc = kith__st_commit(st, err);
    if (rc != KITH_OK)
        kith__st_rollback(st);
    return rc;
}
