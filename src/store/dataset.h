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
/* 1 for the types whose value is an amount of money: purchase, refund,
 * donation, supply (METRICS.md "Money"). */
int kith__at_is_money(int type);

enum { KITH_SURVEY_OTHER = 0, KITH_SURVEY_NPS = 1, KITH_SURVEY_ENPS = 2 };

/* Money in the snapshot (METRICS.md "Money"; docs/metrics.md "Money").
 * The value of a money activity (kith__at_is_money) is always in the org's
 * currency here: an amount recorded in the org's currency (or with no
 * currency) as it is (fx KITH_FX_ORG); one in another currency converted
 * with the user's rate in force on its date (KITH_FX_CONVERTED); one with
 * no rate in force left out (KITH_FX_LEFT_OUT): has_value = 0 and value =
 * 0. A left-out purchase is still a purchase (customers, retention,
 * repeat rate count it); only its amount is unknown, so a metric that
 * sums or averages amounts skips it (never counts it as 0) and says so
 * with the kith__fxact entry that names its currency. */
enum { KITH_FX_ORG = 0, KITH_FX_CONVERTED = 1, KITH_FX_LEFT_OUT = 2 };

typedef struct kith__act {
    int64_t t;          /* occurred_at, seconds since epoch UTC */
    double value;       /* meaningful when has_value; money: in the org currency */
    int32_t member;     /* index into members */
    int32_t target;     /* target member index, -1 = none */
    int32_t initiative; /* index into initiatives, -1 = none */
    int32_t parent;     /* the activity this one replies to, -1 = none */
    int32_t channel;    /* index into channels, -1 = none */
    uint8_t type;       /* kith__atype */
    union {
        uint8_t survey; /* survey_response: KITH_SURVEY_* */
        uint8_t fx;     /* money types: KITH_FX_* */
    };
    uint8_t has_value;
    uint8_t words8; /* the text has at least 8 words */
} kith__act;

/* One exchange rate: a unit of its currency is worth rate units of the org
 * currency from `from` until the currency's next rate. */
typedef struct kith__fxrate {
    int64_t from;
    double rate;
} kith__fxrate;

/* A currency other than the org's, met on an amount or in the rates. */
typedef struct kith__currency {
    char code[8];          /* upper case; as recorded when not 3 letters */
    int32_t rate0, nrates; /* its rates: rates[rate0 .. rate0 + nrates), by time */
} kith__currency;

/* A money activity recorded in another currency than the org's (its
 * amount as recorded: value / the rate's rate). */
typedef struct kith__fxact {
    int32_t act;  /* index into acts */
    int32_t cur;  /* index into currencies */
    int32_t rate; /* index into rates of the rate used; -1 = left out */
} kith__fxact;

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
    char currency[8]; /* the org's currency */
    char tz[64];      /* the org's time zone */
    kith__currency *currencies;
    size_t ncurrencies;
    kith__fxrate *rates; /* grouped by currency, by time within each */
    size_t nrates;
    kith__fxact *fx; /* by act */
    size_t nfx;
} kith__dataset;

/* The string at offset off. */
static inline const char *kith__ds_str(const kith__dataset *ds, size_t off)
{
    return ds->strings.data ? ds->strings.data + off : "";
}
void kith__ds_free(kith__dataset *ds);
/* The kith__fxact of activity act, or NULL when it is not a money activity
 * in another currency. O(log nfx). */
const kith__fxact *kith__ds_fx(const kith__dataset *ds, int32_t act);

#endif
