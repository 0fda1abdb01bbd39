/* Canonical rows that importers produce and the store writes: one member
 * (with its identities) and one activity. Strings are borrowed for the
 * duration of the call that receives the record. */
#ifndef KITH_STORE_RECORDS_H
#define KITH_STORE_RECORDS_H

#include <stdint.h>

#define KITH_MAX_IDENTS 8
#define KITH_IDENT_KIND_MAX 48
#define KITH_IDENT_VALUE_MAX 256

typedef struct kith_ident {
    char kind[KITH_IDENT_KIND_MAX];   /* email | phone | handle:<platform> |
                                         external:<source> */
    char value[KITH_IDENT_VALUE_MAX]; /* normalised */
} kith_ident;

/* Member kinds and flags, as bits. Text form in the database is the comma
 * list of names in this order. */
enum {
    KITH_KIND_CUSTOMER = 1 << 0,
    KITH_KIND_EMPLOYEE = 1 << 1,
    KITH_KIND_SUPPLIER = 1 << 2,
    KITH_KIND_PARTNER = 1 << 3,
    KITH_KIND_LOCAL_ORG = 1 << 4,
    KITH_KIND_ONLINE = 1 << 5,
    KITH_KIND_OTHER = 1 << 6
};
enum { KITH_FLAG_TEAM = 1 << 0, KITH_FLAG_BOT = 1 << 1, KITH_FLAG_LOCAL = 1 << 2 };

typedef struct kith_member_rec {
    kith_ident ids[KITH_MAX_IDENTS];
    int nids;
    const char *display_name;
    unsigned kinds;
    unsigned flags;
    int64_t first_seen;
    int has_first_seen;
    const char *location, *postcode;
    double lat, lon;
    int has_latlon;
    const char *interests, *expertise;
    int64_t employed_from, employed_to;
    int has_employed_from, has_employed_to;
    const char *attributes_json; /* a JSON object, or NULL */
    const char *consent_json;    /* a JSON object, or NULL */
} kith_member_rec;

typedef struct kith_activity_rec {
    int64_t member_id;        /* resolved actor */
    int64_t target_member_id; /* 0 = none */
    int64_t initiative_id;    /* 0 = none */
    const char *type, *subtype, *channel, *source, *external_id;
    int64_t occurred_at;
    double value;
    int has_value;
    const char *currency, *text, *code, *thread_id, *parent_external_id, *url;
    const char *attributes_json;
    int64_t batch_id;
} kith_activity_rec;

typedef struct kith_initiative_rec {
    const char *name, *kind, *channel, *codes, *utm_campaign;
    int64_t starts_at, ends_at;
    int has_starts_at, has_ends_at;
    double cost, in_kind_cost, volunteer_hours;
} kith_initiative_rec;

typedef struct kith_idea_rec {
    const char *external_id, *title, *status;
    int64_t origin_member_id;           /* 0 = none */
    const char *origin_activity_source; /* with origin_activity_external_id */
    const char *origin_activity_external_id;
    int64_t proposed_at, status_changed_at, shipped_at;
    int has_status_changed_at, has_shipped_at;
    int64_t batch_id;
} kith_idea_rec;

typedef struct kith_social_post_rec {
    const char *channel, *external_id;
    int64_t published_at;
    int64_t reach, impressions, reactions, comments, shares, saves;
    int64_t batch_id;
} kith_social_post_rec;

typedef struct kith_web_session_rec {
    int64_t day;
    const char *source, *medium, *campaign, *region, *city;
    int64_t sessions, conversions;
    int64_t batch_id;
} kith_web_session_rec;

/* Kind and flag names <-> bits. parse returns -1 on an unknown name and
 * sets *bad to it (borrowed from a static table or the input). */
int kith__kinds_parse(const char *list, unsigned *out, const char **bad);
int kith__flags_parse(const char *list, unsigned *out, const char **bad);
/* Writes the comma list of names into buf (size n). */
void kith__kinds_format(unsigned kinds, char *buf, unsigned long n);
void kith__flags_format(unsigned flags, char *buf, unsigned long n);

#endif
