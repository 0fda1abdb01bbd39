/* Activity type names and the snapshot's release (see dataset.h). */
#include "store/dataset.h"

#include <stdlib.h>
#include <string.h>

static const char *const at_names[KITH_AT__N] = {"purchase",     "refund",
                                                 "event_attend", "post",
                                                 "reply",        "reaction",
                                                 "mention",      "volunteer",
                                                 "donation",     "idea",
                                                 "feedback",     "review",
                                                 "referral",     "survey_response",
                                                 "workshop",     "sponsorship_touch",
                                                 "email_open",   "email_click",
                                                 "web_visit",    "supply"};

const char *kith__at_name(int type)
{
    return type >= 0 && type < KITH_AT__N ? at_names[type] : "";
}

int kith__at_from_name(const char *name)
{
    for (int i = 0; i < KITH_AT__N; i++)
        if (!strcmp(name, at_names[i]))
            return i;
    return -1;
}

int kith__at_is_community(int type)
{
    switch (type) {
    case KITH_AT_EVENT_ATTEND:
    case KITH_AT_POST:
    case KITH_AT_REPLY:
    case KITH_AT_REACTION:
    case KITH_AT_MENTION:
    case KITH_AT_VOLUNTEER:
    case KITH_AT_DONATION:
    case KITH_AT_IDEA:
    case KITH_AT_FEEDBACK:
    case KITH_AT_REVIEW:
    case KITH_AT_REFERRAL:
    case KITH_AT_SURVEY_RESPONSE:
    case KITH_AT_WORKSHOP:
    case KITH_AT_SPONSORSHIP_TOUCH:
        return 1;
    default:
        return 0;
    }
}

int kith__at_is_money(int type)
{
    return type == KITH_AT_PURCHASE || type == KITH_AT_REFUND ||
           type == KITH_AT_DONATION || type == KITH_AT_SUPPLY;
}

const kith__fxact *kith__ds_fx(const kith__dataset *ds, int32_t act)
{
    size_t lo = 0, hi = ds->nfx;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->fx[mid].act < act)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ds->nfx && ds->fx[lo].act == act ? &ds->fx[lo] : NULL;
}

void kith__ds_free(kith__dataset *ds)
{
    if (!ds)
        return;
    free(ds->members);
    free(ds->acts);
    free(ds->inits);
    free(ds->ideas);
    free(ds->posts);
    free(ds->web);
    free(ds->channels);
    free(ds->currencies);
    free(ds->rates);
    free(ds->fx);
    kith__buf_free(&ds->strings);
    memset(ds, 0, sizeof *ds);
}
