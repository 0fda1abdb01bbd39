/* Helpers of the finding tests (test_findings.c, test_high_value.c): a
 * report model with no section yet, and a finding and its numbers by
 * key. */
#ifndef KITH_TEST_FINDTEST_H
#define KITH_TEST_FINDTEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "report/report_int.h"

/* Test Bakery, GBP, UTC; P = 2025, P-1 = 2024, as of 2026-01-01. */
static inline kith_report *new_report(void)
{
    kith_report *rep = calloc(1, sizeof *rep);
    assert_non_null(rep);
    snprintf(rep->org, sizeof rep->org, "Test Bakery");
    snprintf(rep->currency, sizeof rep->currency, "GBP");
    snprintf(rep->tz, sizeof rep->tz, "UTC");
    rep->as_of = rep->to = 1767225600; /* 2026-01-01 */
    rep->from = rep->prev_to = rep->to - 365 * 86400;
    rep->prev_from = rep->from - 365 * 86400;
    return rep;
}

static inline const rep_finding *find(const kith_report *rep, const char *id)
{
    for (int i = 0; i < rep->nfindings; i++)
        if (!strcmp(rep->findings[i].id, id))
            return &rep->findings[i];
    return NULL;
}

/* 1 and *v when f has the number key, else 0. */
static inline int has_number(const rep_finding *f, const char *key, double *v)
{
    for (int i = 0; i < f->nnums; i++)
        if (!strcmp(f->nums[i].key, key)) {
            *v = f->nums[i].v;
            return 1;
        }
    return 0;
}

static inline double number(const rep_finding *f, const char *key)
{
    double v = NAN;
    if (!has_number(f, key, &v))
        fail_msg("finding %s has no number %s", f->id, key);
    return v;
}

#endif
