/* Employees and local impact (METRICS.md "Employees and local impact"):
 * employee retention and participation, volunteer hours, donations and
 * the local supplier share. Employee metrics count every employee but
 * bots (members flagged team are usually the employees). */
#include <string.h>

#include "metrics/metrics_int.h"

static int employee(const kith_metrics *m, size_t i)
{
    return (m->ds.members[i].kinds & KITH_KIND_EMPLOYEE) && !m->bot[i];
}

/* Employed at instant t: hired at or before t and not yet left. */
static int employed_at(const kith__mem *e, int64_t t)
{
    return (!e->has_from || e->employed_from <= t) && (!e->has_to || e->employed_to > t);
}

kith_value kith_metric_employee_retention(const kith_metrics *m, kith_window p)
{
    int64_t start = 0, kept = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        const kith__mem *e = &m->ds.members[i];
        if (!employee(m, i) || !employed_at(e, p.from))
            continue;
        start++;
        kept += !e->has_to || e->employed_to >= p.to;
    }
    return kith__m_ratio(m, (double)kept, start, "employees at the start of the period");
}

kith_value kith_metric_employee_participation(const kith_metrics *m, kith_window p)
{
    uint32_t types = KITH_T(KITH_AT_VOLUNTEER) | KITH_T(KITH_AT_WORKSHOP) |
                     KITH_T(KITH_AT_EVENT_ATTEND);
    int64_t employed = 0, took_part = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        const kith__mem *e = &m->ds.members[i];
        if (!employee(m, i))
            continue;
        /* Employed at some time in [from, to). */
        if ((e->has_from && e->employed_from >= p.to) ||
            (e->has_to && e->employed_to <= p.from))
            continue;
        employed++;
        took_part += kith__m_count(m, i, types, p.from, p.to) > 0;
    }
    return kith__m_ratio(m, (double)took_part, employed,
                         "employees employed in the period");
}

static kith_value sum_of(const kith_metrics *m, kith_window p, int type, const char *what)
{
    if (!m->type_seen[type])
        return kith_value_na("no %s activities imported", what);
    double sum = 0;
    int64_t n = 0;
    kith__fxtally t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->type != type)
                continue;
            /* Volunteer hours are not money: fx is only set on money types. */
            if (kith__at_is_money(type) && a->fx != KITH_FX_ORG)
                kith__fx_count(m, &t, k);
            if (kith__at_is_money(type) && a->fx == KITH_FX_LEFT_OUT)
                continue;
            sum += a->value;
            n++;
        }
    }
    if (!kith__at_is_money(type))
        return kith_value_of(sum, n);
    return kith__fx_sum(m, &t, sum, n, type == KITH_AT_DONATION ? "donations" : what);
}

kith_value kith_metric_volunteer_hours(const kith_metrics *m, kith_window p)
{
    return sum_of(m, p, KITH_AT_VOLUNTEER, "volunteer");
}

kith_value kith_metric_donations(const kith_metrics *m, kith_window p)
{
    return sum_of(m, p, KITH_AT_DONATION, "donation");
}

/* Supplier spend leaves out bots only, as the local share does. */
static void supply_sums(const kith_metrics *m, kith_window p, double *all, double *local,
                        int64_t *n, kith__fxtally *t)
{
    *all = *local = 0;
    *n = 0;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (m->bot[i])
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->type != KITH_AT_SUPPLY)
                continue;
            if (a->fx != KITH_FX_ORG)
                kith__fx_count(m, t, k);
            if (a->fx == KITH_FX_LEFT_OUT)
                continue;
            *all += a->value;
            (*n)++;
            if (m->ds.members[i].flags & KITH_FLAG_LOCAL)
                *local += a->value;
        }
    }
}

kith_value kith_metric_supplier_spend(const kith_metrics *m, kith_window p)
{
    if (!m->type_seen[KITH_AT_SUPPLY])
        return kith_value_na("no supply (supplier spend) activities imported");
    double all, local;
    int64_t n;
    kith__fxtally t;
    supply_sums(m, p, &all, &local, &n, &t);
    return kith__fx_sum(m, &t, all, n, "supplier payments");
}

kith_value kith_metric_local_supplier_share(const kith_metrics *m, kith_window p)
{
    double all, local;
    int64_t n;
    kith__fxtally t;
    supply_sums(m, p, &all, &local, &n, &t);
    kith_value v;
    if (!m->type_seen[KITH_AT_SUPPLY])
        v = kith_value_na("no supply (supplier spend) activities imported");
    else if (!n && kith__fx_any_out(&t))
        v = kith_value_na("no supplier payments in %s or with a rate in force in the "
                          "period",
                          m->ds.currency);
    else if (all <= 0)
        v = kith_value_na("no supplier spend in the period");
    else
        v = kith_value_of(local / all, n);
    v.left_out = kith__fx_note(m, &t, 0, v.note, sizeof v.note);
    return v;
}
