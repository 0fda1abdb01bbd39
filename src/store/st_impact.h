/* The store's side of the impact module (src/impact/): outcomes of the
 * SRCI, stakeholder groups and goals. Rows cross as plain C records whose
 * strings are borrowed for the call; only src/store/ runs the SQL. */
#ifndef KITH_ST_IMPACT_H
#define KITH_ST_IMPACT_H

#include <stdint.h>

#include "kith/store.h"

/* ------------------------------------------------------------ outcomes */

typedef struct kith__outcome_row {
    int64_t id, initiative_id;
    const char *initiative; /* its name (read only) */
    const char *stakeholder, *outcome, *indicator, *quantity_from, *proxy_source;
    double quantity; /* when has_quantity; else quantity_from is set */
    int has_quantity;
    double proxy, deadweight, displacement, attribution, drop_off;
    int64_t duration;
    int64_t batch_id; /* 0 = added by hand */
} kith__outcome_row;

/* The columns of an outcome an import writes, which outcome_before keeps
 * of a row it changed (kith_import_undo puts them back). */
#define KITH__OUTCOME_KEPT                                                               \
    "stakeholder_grp, outcome, indicator, quantity, quantity_from, proxy_value,"         \
    " proxy_source, deadweight, displacement, attribution, drop_off, duration"

/* Insert, or update the row with the same (initiative, stakeholder,
 * outcome); a row of an earlier import that an import changes or sees is
 * first kept in outcome_before. *status: 1 inserted, 2 updated, 0 already there
 * unchanged, 3 written before by the same batch (r->batch_id; nothing written). */
kith_code kith__st_outcome_put(kith_store *st, int64_t org, const kith__outcome_row *r,
                               int *status, int64_t *id, kith_error *err);
typedef kith_code (*kith__outcome_fn)(void *ud, const kith__outcome_row *r,
                                      kith_error *err);
/* Every outcome of the org (initiative_id > 0: of that initiative only),
 * by initiative then id. */
kith_code kith__st_outcomes(kith_store *st, int64_t org, int64_t initiative_id,
                            kith__outcome_fn fn, void *ud, kith_error *err);
/* KITH_ENOTFOUND when the org has no outcome with this id. */
kith_code kith__st_outcome_delete(kith_store *st, int64_t org, int64_t id,
                                  kith_error *err);

/* ------------------------------------------------------------ stakeholders */

typedef struct kith__stakeholder_row {
    int64_t id;
    const char *group, *member_kind, *notes; /* NULL when not set */
    double power, interest;
    int has_interest;
    int legitimacy, urgency;
} kith__stakeholder_row;

/* Insert; KITH_ESTATE when the group exists (names without regard to
 * case). */
kith_code kith__st_stakeholder_insert(kith_store *st, int64_t org,
                                      const kith__stakeholder_row *r, int64_t *id,
                                      kith_error *err);
/* Overwrite the group's row with r (found by name; KITH_ENOTFOUND). */
kith_code kith__st_stakeholder_update(kith_store *st, int64_t org,
                                      const kith__stakeholder_row *r, kith_error *err);
typedef kith_code (*kith__stakeholder_fn)(void *ud, const kith__stakeholder_row *r,
                                          kith_error *err);
/* name NULL: every group by name; else that group (KITH_ENOTFOUND). */
kith_code kith__st_stakeholders(kith_store *st, int64_t org, const char *name,
                                kith__stakeholder_fn fn, void *ud, kith_error *err);
kith_code kith__st_stakeholder_delete(kith_store *st, int64_t org, const char *name,
                                      kith_error *err);

/* ------------------------------------------------------------ goals */

typedef struct kith__goal_row {
    int64_t id;
    const char *metric, *segment, *owner; /* segment, owner: NULL when none */
    double target;
    int64_t deadline, created_at;
} kith__goal_row;

kith_code kith__st_goal_insert(kith_store *st, int64_t org, const kith__goal_row *r,
                               int64_t *id, kith_error *err);
typedef kith_code (*kith__goal_fn)(void *ud, const kith__goal_row *r, kith_error *err);
/* Every goal of the org, by deadline then id. */
kith_code kith__st_goals(kith_store *st, int64_t org, kith__goal_fn fn, void *ud,
                         kith_error *err);
kith_code kith__st_goal_delete(kith_store *st, int64_t org, int64_t id, kith_error *err);

#endif
