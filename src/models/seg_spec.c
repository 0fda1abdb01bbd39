/* A segment named as people write it, "rfm:NAME" or "cluster:N" (kith
 * members list --segment, GET /api/v1/members?segment=): the segments
 * computed and the index of the one named (include/kith/segments.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/segments.h"

/* N of "cluster:N": a whole number from 1 to 64, or -1. */
static int cluster_number(const char *s)
{
    int n = 0;
    if (!*s || strlen(s) > 2)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n >= 1 && n <= 64 ? n : -1;
}

kith_code kith_segments_for_spec(kith_store *st, int64_t org_id, const char *spec, int k,
                                 kith_segments **out, int *seg, kith_error *err)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    *out = NULL;
    *seg = -1;
    int rfm = !strncmp(spec, "rfm:", 4), cluster = !strncmp(spec, "cluster:", 8);
    if ((!rfm && !cluster) || !spec[rfm ? 4 : 8])
        return kith_error_set(err, KITH_EUSAGE,
                              "segment '%s': use rfm:NAME (rfm:champions, rfm:at_risk, "
                              "...) or cluster:N",
                              spec);
    if (k && (!cluster || k < 2 || k > 64))
        return kith_error_set(err, KITH_EUSAGE,
                              cluster ? "k %d: a whole number from 2 to 64"
                                      : "k is for segment cluster:N",
                              k);
    int n = cluster ? cluster_number(spec + 8) : 0;
    if (cluster && n < 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "segment '%s': N is a cluster number from 1", spec);
    o.method = rfm ? KITH_SEG_RFM : KITH_SEG_KMEANS;
    o.k = k;
    kith_code rc = kith_segments_compute(st, org_id, &o, out, err);
    if (rc != KITH_OK)
        return rc;
    char name[48];
    snprintf(name, sizeof name, "cluster %d", n);
    *seg = kith_segments_find(*out, rfm ? spec + 4 : name);
    if (*seg >= 0)
        return KITH_OK;
    if (rfm)
        rc = kith_error_set(err, KITH_EUSAGE,
                            "segment '%s': no such RFM segment; the segments are "
                            "champions, loyal, potential_loyalists, new, promising, "
                            "need_attention, about_to_sleep, at_risk, cannot_lose, "
                            "hibernating, lost",
                            spec);
    else
        rc = kith_error_set(err, KITH_EUSAGE, "segment '%s': there are %d clusters", spec,
                            kith_segments_count(*out));
    kith_segments_free(*out);
    *out = NULL;
    return rc;
}
