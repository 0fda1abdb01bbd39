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
    int64_t after;      /* keyset paging: only ids > after (0 = from the start) */
    int has_level;      /* kith_members_select and _json: keep members whose */
    int level;          /* engagement level (0..4) at the metrics' as_of is level */
    int at_risk;        /* kith_members_select and _json: only members at risk at
                           the metrics' as_of (kith_metric_at_risk) */
    const struct kith_segments *segments; /* kith_members_select and _json: only */
    int segment; /* members in segment `segment` of segments (borrowed; NULL = all;
                    kith_segments_for_spec gives both) */
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

/* kith_members_list with the filters on the scores too (f->has_level,
 * f->at_risk): then the org's metrics are computed first, O(activities).
 * KITH_EUSAGE for a level outside 0..4. */
KITH_API kith_code kith_members_select(kith_store *st, int64_t org_id,
                                       const kith_member_filter *f, kith_member_cb cb,
                                       void *ud, kith_error *err);
/* One page of members (kith_members_select) as JSON text: {"members":[{id, name, kinds,
 * flags, email, postcode, location, first_seen, merged_into, activities, last_activity}],
 * "next_cursor": "ID" or null}. next_cursor is the last id of a full page (pass it as
 * f->after for the next one). *out malloc'ed, caller frees. Errors: those of
 * kith_members_select. */
KITH_API kith_code kith_members_json(kith_store *st, int64_t org_id,
                                     const kith_member_filter *f, char **out,
                                     kith_error *err);

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

/* One activity of a member (as actor), for the timeline. Strings are
 * borrowed for the callback. */
typedef struct kith_timeline_row {
    int64_t id, at;
    const char *type, *channel, *source, *currency; /* "" when none */
    int has_value;
    double value;
    int64_t initiative_id; /* 0 = none */
} kith_timeline_row;
typedef int (*kith_timeline_cb)(void *ud, const kith_timeline_row *row);
/* The member's activities, newest first, at most limit (0 = all). */
KITH_API kith_code kith_member_timeline(kith_store *st, int64_t member_id, int64_t limit,
                                        kith_timeline_cb cb, void *ud, kith_error *err);

typedef struct kith_member_view_opts {
    size_t texts;        /* latest texts with their sentiment; 0 = 20 */
    size_t timeline;     /* latest activities; 0 = 50 */
    const char *lexicon; /* as kith_metrics_load_texts; NULL = default */
    int no_models;       /* 1: leave out "network" and "value" (they build
                            the graph and fit the CLV and churn models) */
    /* Models built beforehand (kith serve keeps them per org and data
     * version, so that a profile does not refit them): with models_given
     * 1, "network" and "value" read these. A NULL one could not be built
     * and its *_why is the reason the profile shows (network_error,
     * clv_error, churn_error); a NULL graph without graph_why is a period
     * without interactions ("in_graph": false). */
    int models_given;
    const struct kith_graph *graph;
    const char *graph_why;
    const struct kith_clv *clv;
    const char *clv_why;
    const struct kith_churn *churn;
    const char *churn_why;
} kith_member_view_opts;
/* A member's profile as JSON text: the fields of kith_members_json, then
 * "shown_for" (the id asked for when it was merged into this member, else
 * null), "identities", "activity_types", "timeline", "scores" ({as_of,
 * love, level, level_name, at_risk}, or null with "scores_error" when the
 * org has no activity), "merges", "texts" with their VADER scores (or
 * "texts_error" naming the missing lexicon), "network" (kith_graph_member_json,
 * or null and "network_error") and "value" (p_alive, expected_purchases,
 * predicted_clv, churn_risk, churn_reasons; clv_error / churn_error when a
 * model does not apply). key: an id, email, phone or
 * handle (kith_member_find). *out malloc'ed. Errors: KITH_ENOTFOUND,
 * KITH_EDB, KITH_ENOMEM. Time: O(activities of the org) for the scores. */
KITH_API kith_code kith_member_json(kith_store *st, int64_t org_id, const char *key,
                                    const kith_member_view_opts *o, char **out,
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

/* The merge log as JSON text: {"merges":[{merge, kept, merged, reason,
 * score, automatic, created_at, undone_at}]}, newest first (member_id > 0:
 * the merges of that member). */
KITH_API kith_code kith_merges_json(kith_store *st, int64_t org_id, int64_t member_id,
                                    char **out, kith_error *err);
/* kith_members_suggest_merges as JSON text: {"suggestions":[{a, b, score,
 * reason}]}. */
KITH_API kith_code kith_merge_suggestions_json(kith_store *st, int64_t org_id,
                                               double min_score, char **out,
                                               kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
