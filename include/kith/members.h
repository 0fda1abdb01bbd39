/* Reading members: list, show, the merge log, and the likely duplicates
 * that identity keys did not merge. Merging by hand is in ingest.h. */
#ifndef KITH_MEMBERS_H
#define KITH_MEMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_member_row {
    int64_t id;
    char name[128];
    char kinds[96];
    char flags[48];
    char postcode[24];
    char location[64];
    char email[128];       /* one email identity, "" if none */
    int64_t first_seen;    /* 0 = unknown */
    int64_t merged_into;   /* 0 = not merged */
    int64_t n_activities;  /* as actor */
    int64_t last_activity; /* 0 = none */
} kith_member_row;

typedef struct kith_member_filter {
    const char *kind;   /* only members holding this kind; NULL = all */
    const char *search; /* case-insensitive substring of name or any identity */
    int64_t limit;      /* 0 = no limit */
    int include_merged; /* list members merged into others too */
} kith_member_filter;

/* Return non-zero from a callback to stop early. */
typedef int (*kith_member_cb)(void *ud, const kith_member_row *row);

/* Members of org ordered by id. Time O(members + activities). */
KITH_API kith_code kith_members_list(kith_store *st, int64_t org_id,
                                     const kith_member_filter *f, kith_member_cb cb,
                                     void *ud, kith_error *err);

/* How many members the filter selects, its limit aside (for "5 of 47
 * members"). Time O(members). */
KITH_API kith_code kith_members_count(kith_store *st, int64_t org_id,
                                      const kith_member_filter *f, int64_t *n,
                                      kith_error *err);

/* Find a member by id ("123"), email, phone or handle value. The member
 * found may have been merged: row->merged_into tells. KITH_ENOTFOUND. */
KITH_API kith_code kith_member_find(kith_store *st, int64_t org_id, const char *key,
                                    kith_member_row *row, kith_error *err);

typedef struct kith_identity_row {
    char kind[48];
    char value[256];
    char source[64];
} kith_identity_row;
typedef int (*kith_identity_cb)(void *ud, const kith_identity_row *row);
KITH_API kith_code kith_member_identities(kith_store *st, int64_t member_id,
                                          kith_identity_cb cb, void *ud, kith_error *err);

typedef struct kith_type_count {
    char type[32];
    int64_t n;
    int64_t first, last;
    double value_sum; /* amounts: in currency, never added across currencies */
    char currency[8]; /* money types: the amounts' currency ("" = the org's) */
} kith_type_count;
typedef int (*kith_type_count_cb)(void *ud, const kith_type_count *row);
/* The member's activities (as actor) per type, and for money types
 * (purchase, refund, donation, supply) per type and currency. */
KITH_API kith_code kith_member_activity_types(kith_store *st, int64_t member_id,
                                              kith_type_count_cb cb, void *ud,
                                              kith_error *err);

typedef struct kith_merge_row {
    int64_t id, kept_id, merged_id;
    char reason[512];
    double score;
    int automatic;
    int64_t created_at, undone_at; /* undone_at 0 = in force */
} kith_merge_row;
typedef int (*kith_merge_cb)(void *ud, const kith_merge_row *row);
/* The merge log, newest first. member_id > 0 limits it to merges that
 * kept or absorbed that member. */
KITH_API kith_code kith_merges_list(kith_store *st, int64_t org_id, int64_t member_id,
                                    kith_merge_cb cb, void *ud, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
