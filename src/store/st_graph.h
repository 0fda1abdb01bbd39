/* The rows the interaction graph (src/graph/) is built from: the org's
 * live members and, for a period, its directed interactions (reply,
 * mention, reaction, referral with their target) and its event
 * attendances grouped by event. Member references are indexes into the
 * member array; merges are followed. Only src/store/ runs SQL. */
#ifndef KITH_ST_GRAPH_H
#define KITH_ST_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "kith/error.h"
#include "kith/store.h"

typedef struct kith__gmember {
    int64_t id;
    unsigned flags;     /* KITH_FLAG_* (records.h) */
    int64_t first_seen; /* 0 = unknown */
    size_t name;        /* offsets into strings; 0 = "" */
    size_t interests, expertise;
} kith__gmember;

typedef struct kith__grows {
    kith__gmember *members; /* live members, ascending id */
    size_t nmembers;
    kith_buf strings; /* NUL-separated; offset 0 is "" */
    /* Directed interactions in the period: actor -> target (member
     * indexes; dst = -1 when the target is unknown). */
    int32_t *src, *dst;
    int64_t *t;
    size_t n;
    /* Attendances (event_attend, workshop) in the period: member, time and
     * event (0 .. nevents-1). An event is the activities of one source
     * with the same thread_id, or else of one initiative on one local day
     * (in tz); attendances with neither are not read. */
    int32_t *att_member, *att_event;
    int64_t *att_t;
    size_t natt, nevents;
} kith__grows;

/* Fill rows for org and [from, to). profile = 1 also reads first_seen,
 * interests and expertise (introductions). Errors: KITH_EDB, KITH_ENOMEM.
 * Time: O(members + interactions + attendances) plus one index lookup per
 * reply without a target (its parent's author). */
kith_code kith__st_graph_rows(kith_store *st, int64_t org, int64_t from, int64_t to,
                              const char *tz, int profile, kith__grows *out,
                              kith_error *err);
void kith__grows_free(kith__grows *r);
/* Index of member id in r->members, or -1. */
int32_t kith__grows_member(const kith__grows *r, int64_t id);
/* The string at offset off. */
const char *kith__grows_str(const kith__grows *r, size_t off);

#endif
