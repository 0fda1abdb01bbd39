/* kith_import_undo: one import taken out again, in one transaction, and
 * recorded on its import_batch row (store side: st_undo.c). */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest_int.h"

kith_code kith_import_undo(kith_store *st, int64_t org_id, int64_t batch_id,
                           kith_undo_result *res, kith_error *err)
{
    kith_undo_result c;
    memset(&c, 0, sizeof c);
    if (res)
        memset(res, 0, sizeof *res);
    kith_code rc = kith__st_begin(st, err);
    if (rc != KITH_OK)
        return rc;
    rc = kith__st_import_undo(st, org_id, batch_id, &c, err);
    if (rc == KITH_OK) {
        char msg[400];
        snprintf(msg, sizeof msg,
                 "undone: %lld activities, %lld ideas, %lld social posts, %lld web "
                 "session rows, %lld members and %lld identities removed, %lld merges "
                 "undone, %lld members put back as they were",
                 (long long)c.activities, (long long)c.ideas, (long long)c.social_posts,
                 (long long)c.web_sessions, (long long)c.members_removed,
                 (long long)c.identities_removed, (long long)c.merges_undone,
                 (long long)c.members_restored);
        rc = kith__st_batch_undone(st, batch_id, msg, err);
    }
    if (rc == KITH_OK)
        rc = kith__st_commit(st, err);
    if (rc != KITH_OK) {
        kith__st_rollback(st);
        return rc;
    }
    if (res)
        *res = c;
    return KITH_OK;
}
