/* The outcomes import format (SRCI impact map, docs/impact.md): CSV or
 * JSON Lines through the generic reader, each row checked by the impact
 * module's outcome parser (the same one 'kith outcomes add' uses) and
 * stored with the import's batch. A row repeating an outcome (initiative,
 * stakeholder, outcome) of an earlier row of the same file is refused;
 * re-importing the file adds nothing, and a changed row updates its
 * outcome. */
#include <string.h>

#include "impact/impact_int.h"
#include "ingest/generic.h"
#include "store/st_impact.h"

enum {
    O_INITIATIVE,
    O_STAKEHOLDER,
    O_OUTCOME,
    O_INDICATOR,
    O_QUANTITY,
    O_QUANTITY_FROM,
    O_PROXY,
    O_PROXY_SOURCE,
    O_DEADWEIGHT,
    O_DISPLACEMENT,
    O_ATTRIBUTION,
    O_DROP_OFF,
    O_DURATION,
    O__N
};

/* Names as kith__outcome_parse reports them, in the order above. */
static const gfield outcome_fields[O__N] = {
    {"initiative", "initiative_name", 1},
    {"stakeholder", "stakeholder_group|group", 1},
    {"outcome", "outcome_name", 1},
    {"indicator", NULL, 0},
    {"quantity", "qty", 0},
    {"quantity_from", NULL, 0},
    {"proxy", "financial_proxy|proxy_value", 1},
    {"proxy_source", NULL, 0},
    {"deadweight", NULL, 0},
    {"displacement", NULL, 0},
    {"attribution", NULL, 0},
    {"drop_off", "dropoff", 0},
    {"duration", "duration_years|years", 0},
};

static kith_code outcome_row(kith_importer *imp, const grec *r)
{
    kith_outcome_text t = {
        r->v[O_INITIATIVE],   r->v[O_STAKEHOLDER],  r->v[O_OUTCOME],
        r->v[O_INDICATOR],    r->v[O_QUANTITY],     r->v[O_QUANTITY_FROM],
        r->v[O_PROXY],        r->v[O_PROXY_SOURCE], r->v[O_DEADWEIGHT],
        r->v[O_DISPLACEMENT], r->v[O_ATTRIBUTION],  r->v[O_DROP_OFF],
        r->v[O_DURATION]};
    kith__outcome_buf buf;
    kith__outcome_row row;
    const char *field = NULL;
    char why[768];
    kith_code rc = kith__outcome_parse(imp->st, imp->org, &t, &buf, &row, &field, why,
                                       sizeof why, imp->err);
    if (rc == KITH_EINPUT && field) {
        const char *col = field;
        for (int i = 0; i < O__N; i++)
            if (!strcmp(outcome_fields[i].name, field))
                col = r->vcol[i];
        return kith__imp_bad(imp, col, "%s", why);
    }
    if (rc != KITH_OK)
        return rc;
    row.batch_id = imp->batch;
    int status = 0;
    int64_t id = 0;
    rc = kith__st_outcome_put(imp->st, imp->org, &row, &status, &id, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (status == 3)
        return kith__imp_bad(imp, r->vcol[O_OUTCOME],
                             "outcome '%.100s' of '%.100s' for '%.100s' appears on an "
                             "earlier row of this file",
                             row.outcome, row.initiative, row.stakeholder);
    if (status == 0)
        imp->counts.rows_duplicate++;
    else
        imp->counts.rows_imported++;
    return KITH_OK;
}

kith_code kith__adapt_outcomes(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, outcome_fields, O__N, 0, outcome_row);
}
