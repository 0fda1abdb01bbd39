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
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++)
            if (m->ds.acts[k].type == type) {
                sum += m->ds.acts[k].value;
                n++;
            }
    }
    return kith_value_of(sum, n);
}

kith_value kith_metric_volunteer_hours(const kith_metrics *m, kith_window p)
{
    return sum_of(m, p, KITH_AT_VOLUNTEER, "volunteer");
}

kith_value kith_metric_donations(const kith_metrics *m, kith_window p)
{
    return sum_of(m, p, KITH_AT_DONATION, "donation");
}

kith_value kith_metric_local_supplier_share(const kith_metrics *m, kith_window p)
{
    double all = 0, local = 0;
    int64_t n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (m->bot[i])
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            if (m->ds.acts[k].type != KITH_AT_SUPPLY)
                continue;
            all += m->ds.acts[k].value;
            n++;
            if (m->ds.members[i].flags & KITH_FLAG_LOCAL)
                local += m->ds.acts[k].value;
        }
    }
    if (!m->type_seen[KITH_AT_SUPPLY])
        return kith_value_na("no supply (supplier spend) activities imported");
    if (all <= 0)
        return kith_value_na("no supplier spend in the period");
    return kith_value_of(local / all, n);
}
