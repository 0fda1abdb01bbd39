/* The analysis window (window.h). */
#include "core/window.h"

#include "core/timeparse.h"

kith_code kith__window_resolve(const kith__window_in *in, int64_t latest, const char *tz,
                               int64_t period_days, int64_t *as_of, int64_t *from,
                               int64_t *to, kith_error *err)
{
    int64_t a = in->has_as_of ? in->as_of
                : in->has_to  ? in->to
                              : kith__time_local_midnight_after(latest, tz);
    int64_t t = in->has_to ? in->to : a;
    int64_t f = in->has_from ? in->from : t - period_days * 86400;
    char x[32], y[32];
    if (f >= t)
        return kith_error_set(err, KITH_EUSAGE,
                              "--from (%s) must be before --to (%s): the period is "
                              "[from, to)",
                              kith__time_local_date(f, tz, x),
                              kith__time_local_date(t, tz, y));
    if (t > a)
        return kith_error_set(err, KITH_EUSAGE,
                              "--to (%s) is after --as-of (%s): the period must end "
                              "by the end of the analysis",
                              kith__time_local_date(t, tz, x),
                              kith__time_local_date(a, tz, y));
    *as_of = a;
    *from = f;
    *to = t;
    return KITH_OK;
}
