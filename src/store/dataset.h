/* The analysis snapshot: one org's rows loaded from the store into plain
 * arrays, so that every metric is a pass over memory instead of a query.
 * Filled by kith__st_load_dataset (st_dataset.c), read by src/metrics/.
 * Member and activity references are array indexes, not database ids. */
#ifndef KITH_STORE_DATASET_H
#define KITH_STORE_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Activity types (the order of kith__at_names). */
typedef enum {
    KITH_AT_PURCHASE,
    KITH_AT_REFUND,
    KITH_AT_EVENT_ATTEND,
    KITH_AT_POST,
    KITH_AT_REPLY,
    KITH_AT_REACTION,
    KITH_AT_MENTION,
    KITH_AT_VOLUNTEER,
    KITH_AT_DONATION,
    KITH_AT_IDEA,
    KITH_AT_FEEDBACK,
    KITH_AT_REVIEW,
    KITH_AT_REFERRAL,
    KITH_AT_SURVEY_RESPONSE,
    KITH_AT_WORKSHOP,
    KITH_AT_SPONSORSHIP_TOUCH,
    KITH_AT_EMAIL_OPEN,
    KITH_AT_EMAIL_CLICK,
    KITH_AT_WEB_VISIT,
    KITH_AT_SUPPLY,
    KITH_AT__N
} kith__atype;

/* Name of a type; type by name (-1 when unknown). */
const char *kith__at_name(int type);
int kith__at_from_name(const char *name);
/* 1 for the community activity types of METRICS.md "Who is who". */
int kith__at_is_community(int type);

enum { KITH_SURVEY_OTHER = 0, KITH_SURVEY_NPS = 1, KITH_SURVEY_ENPS = 2 };

typedef struct kith__act {
    int64_t t;          /* occurred_at, seconds since epoch UTC */
    double value;       /* meaningful when has_value */
    int32_t member;     /* index into members */
    int32_t target;     /* target member index, -1 = none */
    int32_t initiative; /* index into initiatives, -1 = none */
    int32_t parent;     /* the activity this one replies to, -1 = none */
    int32_t channel;    /* index into channels, -1 = none */
    uint8_t type;       /* kith__atype */
    uint8_t survey;     /* KITH_SURVEY_* for survey_response */
    uint8_t has_value;
    uint8_t words8; /* the text has at least 8 words */
} kith__act;

typedef struct kith__mem {
    int64_t id;
    unsigned kinds, flags; /* KITH_KIND_* / KITH_FLAG_* bits (records.h) */
    int64_t employed_from, employed_to;
    uint8_t has_from, has_to;
    size_t name;       /* offset into strings ("" when none) */
    size_t tag;        /* offset into strings; 0 = no tag value */
    int32_t first_act; /* this member's activities are */
    int32_t nact;      /* acts[first_act .. first_act+nact), by time */
} kith__mem;

typedef struct kith__initiative {
    int64_t id;
    size_t name; /* offset into strings */
    double cost, in_kind_cost;
    double volunteer_hours;
    int64_t starts_at, ends_at; /* meaningful when has_starts / has_ends */
    uint8_t has_starts, has_ends;
} kith__initiative;

enum {
    KITH_IDEA_PROPOSED,
    KITH_IDEA_UNDER_REVIEW,
    KITH_IDEA_PLANNED,
    KITH_IDEA_SHIPPED,
    KITH_IDEA_DECLINED,
    KITH_IDEA__N
};

typedef struct kith__idea {
    int64_t proposed_at, shipped_at;
    int32_t origin_member;   /* -1 = none */
    int32_t origin_activity; /* -1 = none */
    uint8_t status;          /* KITH_IDEA_* */
    uint8_t has_shipped;
} kith__idea;

typedef struct kith__post {
    int64_t published_at;
    int32_t channel; /* index into channels */
    int64_t reach, interactions;
    size_t ext; /* offset into strings: the post's external id */
} kith__post;

typedef struct kith__websess {
    int64_t day;
    size_t source, region, city; /* offsets into strings (lowercased) */
    int64_t sessions, conversions;
} kith__websess;

typedef struct kith__dataset {
    kith__mem *members;
    size_t nmembers;
    kith__act *acts;
    size_t nacts;
    kith__initiative *inits;
    size_t ninits;
    kith__idea *ideas;
    size_t nideas;
    kith__post *posts;
    size_t nposts;
    kith__websess *web;
    size_t nweb;
    size_t *channels;
    size_t nchannels; /* offsets into strings */
    kith_buf strings; /* NUL-separated; offset 0 is "" */
    int64_t latest;   /* latest activity time; 0 when none */
} kith__dataset;

/* The string at offset off. */
static inline const char *kith__ds_str(const kith__dataset *ds, size_t off)
{
    return ds->strings.data ? ds->strings.data + off : "";
}
void kith__ds_free(kith__dataset *ds);

#endif
