/* BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2)): the likelihood and its gradient over
 * customers grouped into distinct (x, t_x, T) rows, the fit, and the
 * per-customer predictions (P(alive), conditional expected purchases,
 * P(X(t) = k)). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/models_int.h"

/* ------------------------------------------------------------ grouped data */

/* A customer with x >= 1, or several with the same (x, t_x, T). */
typedef struct bg_row {
    int32_t x;
    uint32_t it, itx; /* indexes into vals */
    double w;         /* customers */
} bg_row;

/* The customers as the likelihood sees them: time values shared between
 * rows (so ln(alpha + v) is computed once per value), customers with x = 0
 * as a weight per T value, the others as distinct rows ordered by x. */
typedef struct bg_data {
    double *vals;
    size_t nvals;
    double *w0; /* per value: customers with x = 0 and that T */
    bg_row *rows;
    size_t nrows;
    int32_t *xs; /* distinct x >= 1, increasing */
    double *xw;  /* customers with that x */
    size_t *xstart, nx;
    double n;
    double *lv, *iv; /* scratch: ln(alpha + v), 1 / (alpha + v) */
} bg_data;

static void bg_free(bg_data *d)
{
    free(d->vals);
    free(d->w0);
    free(d->rows);
    free(d->xs);
    free(d->xw);
    free(d->xstart);
    free(d->lv);
    free(d->iv);
    memset(d, 0, sizeof *d);
}

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* An open-addressing map from 64-bit keys to indexes, growing at half
 * load. Slots hold index + 1 (0 = empty). */
typedef struct hmap {
    uint64_t *keys;
    uint32_t *idx;
    size_t cap, used;
} hmap;

static void hm_free(hmap *h)
{
    free(h->keys);
    free(h->idx);
    memset(h, 0, sizeof *h);
}

static int hm_grow(hmap *h)
{
    size_t cap = h->cap ? h->cap * 2 : 1024;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *v = calloc(cap, sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->idx[i])
            continue;
        size_t j = mix64(h->keys[i]) & (cap - 1);
        while (v[j])
            j = (j + 1) & (cap - 1);
        k[j] = h->keys[i];
        v[j] = h->idx[i];
    }
    free(h->keys);
    free(h->idx);
    h->keys = k;
    h->idx = v;
    h->cap = cap;
    return 0;
}

/* The index stored for key, or next (stored now) when it is new; -1 when
 * out of memory. *isnew says which. */
static int64_t hm_get(hmap *h, uint64_t key, uint32_t next, int *isnew)
{
    if ((h->used + 1) * 2 > h->cap && hm_grow(h))
        return -1;
    size_t j = mix64(key) & (h->cap - 1);
    while (h->idx[j]) {
        if (h->keys[j] == key) {
            *isnew = 0;
            return (int64_t)h->idx[j] - 1;
        }
        j = (j + 1) & (h->cap - 1);
    }
    h->keys[j] = key;
    h->idx[j] = next + 1;
    h->used++;
    *isnew = 1;
    return next;
}

static uint64_t dbits(double v)
{
    uint64_t u;
    v += 0.0; /* -0 and +0 alike */
    memcpy(&u, &v, sizeof u);
    return u;
}

/* Grow an array to hold at least need elements. */
static int reserve(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Where the distinct time values are found while grouping: values of
 * whole days in weeks (k / 7.0, what kith computes) through a table by k,
 * others through a hash of their bits. */
typedef struct vlookup {
    hmap h;
    uint32_t *grid; /* grid[k] = index + 1 of k / 7.0; 0 = not seen */
    size_t gridcap, valcap, w0cap;
} vlookup;

#define GRID_MAX (1u << 22)

/* The index of value v, appended (with a zero weight) when new; -1 when
 * out of memory. A value k / 7.0 is found through the table by k (checked
 * against the stored value, so no division on the way), others through
 * the hash of their bits. */
static int64_t value_index(bg_data *d, vlookup *vl, double v)
{
    double kd = nearbyint(v * 7);
    uint32_t *slot = NULL;
    if (kd >= 0 && kd < GRID_MAX) {
        size_t k = (size_t)kd;
        if (k < vl->gridcap && vl->grid[k] && d->vals[vl->grid[k] - 1] == v)
            return (int64_t)vl->grid[k] - 1;
        if (kd / 7.0 == v) {
            if (k >= vl->gridcap) {
                size_t cap = vl->gridcap ? vl->gridcap : 1024;
                while (cap <= k)
                    cap *= 2;
                uint32_t *g = realloc(vl->grid, cap * sizeof *g);
                if (!g)
                    return -1;
                memset(g + vl->gridcap, 0, (cap - vl->gridcap) * sizeof *g);
                vl->grid = g;
                vl->gridcap = cap;
            }
            slot = &vl->grid[k];
        }
    }
    if (!slot) {
        int isnew;
        int64_t i = hm_get(&vl->h, dbits(v), (uint32_t)d->nvals, &isnew);
        if (i < 0 || !isnew)
            return i;
    }
    if (reserve((void **)&d->vals, &vl->valcap, d->nvals + 1, sizeof *d->vals) ||
        reserve((void **)&d->w0, &vl->w0cap, d->nvals + 1, sizeof *d->w0) || !d->vals ||
        !d->w0)
        return -1;
    if (slot)
        *slot = (uint32_t)d->nvals + 1;
    d->w0[d->nvals] = 0;
    d->vals[d->nvals] = v;
    return (int64_t)d->nvals++;
}

/* Sort 64-bit keys by their low `bits` bits, 16 at a time (LSD radix).
 * Returns 0, or -1 when out of memory. O(n bits / 16). */
static int radix_sort(uint64_t *k, size_t n, int bits)
{
    size_t *count = malloc(((size_t)1 << 16) * sizeof *count);
    uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!count || !tmp) {
        free(count);
        free(tmp);
        return -1;
    }
    for (int shift = 0; shift < bits; shift += 16) {
        memset(count, 0, ((size_t)1 << 16) * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(k[i] >> shift) & 0xFFFF]++;
        size_t sum = 0;
        for (size_t j = 0; j < (1u << 16); j++) {
            size_t c = count[j];
            count[j] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(k[i] >> shift) & 0xFFFF]++] = k[i];
        memcpy(k, tmp, n * sizeof *k);
    }
    free(count);
    free(tmp);
    return 0;
}

/* Order rows by x: a counting sort when x is small enough (the usual
 * case), else qsort. */
static int cmp_row(const void *a, const void *b)
{
    const bg_row *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

static int sort_rows(bg_data *d)
{
    int32_t maxx = 0;
    for (size_t r = 0; r < d->nrows; r++)
        maxx = d->rows[r].x > maxx ? d->rows[r].x : maxx;
    if (maxx >= (1 << 22) || d->nrows < 64) {
        qsort(d->rows, d->nrows, sizeof *d->rows, cmp_row);
        return 0;
    }
    size_t *start = calloc((size_t)maxx + 2, sizeof *start);
    bg_row *out = malloc((d->nrows ? d->nrows : 1) * sizeof *out);
    if (!start || !out) {
        free(start);
        free(out);
        return -1;
    }
    for (size_t r = 0; r < d->nrows; r++)
        start[d->rows[r].x + 1]++;
    for (int32_t x = 0; x <= maxx; x++)
        start[x + 1] += start[x];
    for (size_t r = 0; r < d->nrows; r++)
        out[start[d->rows[r].x]++] = d->rows[r];
    free(start);
    free(d->rows);
    d->rows = out;
    return 0;
}

/* Group customers i = 0, step, 2 step, ... (the starts use a systematic
 * sample): the time values with the x = 0 customers' weight per T, and
 * the distinct rows of customers with x >= 1 ordered by x. A row's key
 * packs x, T's index and t_x's index into 64 bits; the keys are radix
 * sorted and runs of equal keys become one row. A row whose indexes do
 * not fit stays apart (no grouping, same sums). Returns KITH_OK or
 * KITH_ENOMEM. O(n / step). */
static kith_code bg_build(bg_data *d, const int32_t *x, const double *t_x,
                          const double *T, size_t n, size_t step)
{
    memset(d, 0, sizeof *d);
    vlookup vl;
    memset(&vl, 0, sizeof vl);
    size_t rcap = 0, nk = 0, kcap = 0;
    uint64_t *keys = NULL, maxkey = 0;
    kith_code rc = KITH_ENOMEM;
    for (size_t i = 0; i < n; i += step) {
        d->n += 1;
        int64_t it = value_index(d, &vl, T[i]);
        if (it < 0)
            goto done;
        if (x[i] == 0) {
            if (d->w0) /* set by value_index, which succeeded */
                d->w0[it] += 1;
            continue;
        }
        int64_t itx = value_index(d, &vl, t_x[i]);
        if (itx < 0)
            goto done;
        if (x[i] < (1 << 20) && it < (1 << 22) && itx < (1 << 22)) {
            uint64_t key = (uint64_t)x[i] << 44 | (uint64_t)it << 22 | (uint64_t)itx;
            if (reserve((void **)&keys, &kcap, nk + 1, sizeof *keys) || !keys)
                goto done;
            keys[nk++] = key;
            maxkey = key > maxkey ? key : maxkey;
        } else {
            if (reserve((void **)&d->rows, &rcap, d->nrows + 1, sizeof *d->rows) ||
                !d->rows)
                goto done;
            d->rows[d->nrows++] = (bg_row){x[i], (uint32_t)it, (uint32_t)itx, 1};
        }
    }
    int bits = 0;
    while (bits < 64 && (maxkey >> bits))
        bits++;
    if (nk && radix_sort(keys, nk, bits))
        goto done;
    for (size_t k = 0; k < nk; k++) {
        if (k && keys[k] == keys[k - 1]) {
            d->rows[d->nrows - 1].w += 1;
            continue;
        }
        if (reserve((void **)&d->rows, &rcap, d->nrows + 1, sizeof *d->rows) || !d->rows)
            goto done;
        uint64_t key = keys[k];
        d->rows[d->nrows++] =
            (bg_row){(int32_t)(key >> 44), (uint32_t)(key >> 22) & 0x3FFFFF,
                     (uint32_t)key & 0x3FFFFF, 1};
    }
    d->lv = malloc((d->nvals ? d->nvals : 1) * sizeof *d->lv);
    d->iv = malloc((d->nvals ? d->nvals : 1) * sizeof *d->iv);
    if (!d->w0 || !d->lv || !d->iv || sort_rows(d))
        goto done;
    size_t nx = 0;
    for (size_t r = 0; r < d->nrows; r++)
        nx += r == 0 || d->rows[r].x != d->rows[r - 1].x;
    d->xs = malloc((nx ? nx : 1) * sizeof *d->xs);
    d->xw = calloc(nx ? nx : 1, sizeof *d->xw);
    d->xstart = malloc((nx + 1) * sizeof *d->xstart);
    if (!d->xs || !d->xw || !d->xstart)
        goto done;
    for (size_t r = 0; r < d->nrows; r++) {
        if (r == 0 || d->rows[r].x != d->rows[r - 1].x) {
            d->xs[d->nx] = d->rows[r].x;
            d->xstart[d->nx++] = r;
        }
        d->xw[d->nx - 1] += d->rows[r].w;
    }
    d->xstart[d->nx] = d->nrows;
    rc = KITH_OK;
done:
    hm_free(&vl.h);
    free(vl.grid);
    free(keys);
    return rc;
}

/* ------------------------------------------------------------ likelihood */

/* Sum of ln L_i and, when g is not NULL, its gradient with respect to
 * (r, alpha, a, b). With odds > 0, the limit a, b -> infinity with
 * dropout probability p = odds / (1 + odds): B(a, b+x) / B(a, b) becomes
 * (1-p)^x and a / (b+x-1) becomes p / (1-p) = odds; the gradient is then
 * with respect to (r, alpha, odds) and g[3] = 0. */
static double bg_loglik(bg_data *d, const kith_bgnbd_params *p, double odds, double *g)
{
    const double r = p->r, al = p->alpha, a = p->a, b = p->b;
    const double lal = log(al);
    const int lim = odds > 0;
    double ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
    for (size_t v = 0; v < d->nvals; v++) {
        d->lv[v] = log(al + d->vals[v]);
        d->iv[v] = 1 / (al + d->vals[v]);
    }
    /* x = 0: ln L = r ln alpha - r ln(alpha + T). */
    double w0sum = 0;
    for (size_t v = 0; v < d->nvals; v++) {
        if (d->w0[v] == 0)
            continue;
        w0sum += d->w0[v];
        ll -= d->w0[v] * r * d->lv[v];
        if (g) {
            gr -= d->w0[v] * d->lv[v];
            gal -= d->w0[v] * r * d->iv[v];
        }
    }
    ll += w0sum * r * lal;
    gr += w0sum * lal;
    gal += w0sum * r / al;
    const double lgr = gsl_sf_lngamma(r), lgb = lim ? 0 : gsl_sf_lngamma(b),
                 lgab = lim ? 0 : gsl_sf_lngamma(a + b), la = lim ? 0 : log(a);
    const double pr = g ? gsl_sf_psi(r) : 0, pb = g && !lim ? gsl_sf_psi(b) : 0,
                 pab = g && !lim ? gsl_sf_psi(a + b) : 0, l1o = log1p(odds);
    for (size_t k = 0; k < d->nx; k++) {
        const double x = d->xs[k], w = d->xw[k];
        /* ln A1 + ln A2 of FHL eq. 6, the same for every row with this x. */
        if (lim)
            ll += w * (gsl_sf_lngamma(r + x) - lgr + r * lal - x * l1o);
        else
            ll += w * (gsl_sf_lngamma(r + x) - lgr + r * lal + gsl_sf_lngamma(b + x) +
                       lgab - lgb - gsl_sf_lngamma(a + b + x));
        if (g) {
            gr += w * (gsl_sf_psi(r + x) - pr + lal);
            gal += w * r / al;
            if (lim) {
                ga -= w * x / (1 + odds);
            } else {
                double pabx = gsl_sf_psi(a + b + x);
                ga += w * (pab - pabx);
                gb += w * (gsl_sf_psi(b + x) - pb + pab - pabx);
            }
        }
        /* ln(A3 + A4): A3 = (alpha+T)^-(r+x), A4 = a/(b+x-1) (alpha+t_x)^-(r+x). */
        const double rx = r + x, c = lim ? log(odds) : la - log(b + x - 1);
        double s = 0, sr = 0, sal = 0, sw4 = 0;
        for (size_t i = d->xstart[k]; i < d->xstart[k + 1]; i++) {
            const bg_row *row = &d->rows[i];
            /* ln(e^l3 + e^l4) = max + ln(1 + e^-|l3 - l4|). log(1 + e)
             * rather than log1p(e): three times faster here, and off by at
             * most 2e-16 absolute when e is tiny. */
            double l3 = -rx * d->lv[row->it], l4 = c - rx * d->lv[row->itx];
            double e = exp(-fabs(l3 - l4)), one = 1 + e;
            s += row->w * ((l3 > l4 ? l3 : l4) + log(one));
            if (g) {
                double w4 = l4 >= l3 ? 1 / one : e / one;
                double w3 = 1 - w4;
                sr -= row->w * (w3 * d->lv[row->it] + w4 * d->lv[row->itx]);
                sal -= row->w * (w3 * d->iv[row->it] + w4 * d->iv[row->itx]);
                sw4 += row->w * w4;
            }
        }
        ll += s;
        if (g) {
            gr += sr;
            gal += rx * sal;
            if (lim) {
                ga += sw4 / odds;
            } else {
                ga += sw4 / a;
                gb -= sw4 / (b + x - 1);
            }
        }
    }
    if (g) {
        g[0] = gr;
        g[1] = gal;
        g[2] = ga;
        g[3] = gb;
    }
    return ll;
}

static kith_bgnbd_params from_logs(const double *th)
{
    kith_bgnbd_params p = {exp(th[0]), exp(th[1]), exp(th[2]), exp(th[3]), 0};
    return p;
}

static double obj_f(const double *th, void *ctx)
{
    bg_data *d = ctx;
    kith_bgnbd_params p = from_logs(th);
    return -bg_loglik(d, &p, 0, NULL) / d->n;
}

static void obj_fdf(const double *th, void *ctx, double *f, double *grad)
{
    bg_data *d = ctx;
    kith_bgnbd_params p = from_logs(th);
    double g[4];
    *f = -bg_loglik(d, &p, 0, g) / d->n;
    const double nat[4] = {p.r, p.alpha, p.a, p.b};
    for (int i = 0; i < 4; i++)
        grad[i] = -g[i] * nat[i] / d->n;
}

/* The limit model: theta = (ln r, ln alpha, ln odds of dropout). */
static double lim_f(const double *th, void *ctx)
{
    bg_data *d = ctx;
    kith_bgnbd_params p = {exp(th[0]), exp(th[1]), INFINITY, INFINITY, 0};
    return -bg_loglik(d, &p, exp(th[2]), NULL) / d->n;
}

static void lim_fdf(const double *th, void *ctx, double *f, double *grad)
{
    bg_data *d = ctx;
    kith_bgnbd_params p = {exp(th[0]), exp(th[1]), INFINITY, INFINITY, 0};
    double g[4], o = exp(th[2]);
    *f = -bg_loglik(d, &p, o, g) / d->n;
    const double nat[3] = {p.r, p.alpha, o};
    for (int i = 0; i < 3; i++)
        grad[i] = -g[i] * nat[i] / d->n;
}

/* ------------------------------------------------------------ fit */

static kith_code check_rows(const int32_t *x, const double *t_x, const double *T,
                            size_t n, int64_t *repeaters, kith_error *err)
{
    *repeaters = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] < 0)
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: x = %d repeat purchases (must be >= 0)",
                                  i, (int)x[i]);
        if (!isfinite(t_x[i]) || !isfinite(T[i]) || t_x[i] < 0 || T[i] < 0)
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: t_x = %g, T = %g weeks (must be finite "
                                  "and >= 0)",
                                  i, t_x[i], T[i]);
        if (t_x[i] > T[i])
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: last purchase after the end of the "
                                  "calibration period (t_x = %g > T = %g weeks): dates "
                                  "out of order",
                                  i, t_x[i], T[i]);
        if (x[i] == 0 && t_x[i] != 0)
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: t_x = %g with no repeat purchase (x = "
                                  "0 needs t_x = 0)",
                                  i, t_x[i]);
        *repeaters += x[i] > 0;
    }
    return KITH_OK;
}

#define MAX_SAMPLE 5000

/* The limit a, b -> infinity (one dropout probability for everyone),
 * fitted from where the full model stalled and two other starts; kept
 * when it converges and its likelihood is the full model's or more.
 * Sets out->homogeneous then. Returns KITH_OK or KITH_ENOMEM. */
static kith_code fit_limit(const kith__mdl_fn *full, const kith__mdl_result *res,
                           kith_bgnbd_fit *out, bg_data *all, bg_data *sub)
{
    (void)full;
    const double starts[9] = {res->theta[0],
                              res->theta[1],
                              res->theta[2] - res->theta[3],
                              res->theta[0],
                              res->theta[1],
                              log(0.1),
                              0,
                              0,
                              log(0.5)};
    kith__mdl_fn fn = {3, lim_f, lim_fdf, all, sub};
    kith__mdl_result lr;
    kith_code rc = kith__mdl_minimise(&fn, starts, 3, &lr);
    /* Along the ridge the full model's log-likelihood is the limit's up
     * to rounding (ln Gamma of a + b ~ 1e7 carries 1e-8 each): compare
     * to 1e-6 relative. */
    double ll = -lr.f * all->n;
    if (rc != KITH_OK || lr.status != KITH__FIT_OK ||
        ll < out->log_likelihood - 1e-6 * fabs(out->log_likelihood))
        return rc;
    double odds = exp(lr.theta[2]), p = odds / (1 + odds);
    out->homogeneous = 1;
    out->p =
        (kith_bgnbd_params){exp(lr.theta[0]), exp(lr.theta[1]), INFINITY, INFINITY, p};
    out->log_likelihood = ll;
    out->iterations += lr.iterations;
    out->starts += lr.starts;
    out->grad_norm = lr.grad_norm;
    out->has_se = kith__mdl_std_errors(&fn, lr.theta, all->n, out->se, out->se_why,
                                       sizeof out->se_why);
    /* The third is the odds' error: dp = d odds (1 - p)^2. */
    out->se[2] *= (1 - p) * (1 - p);
    out->se[3] = 0;
    return KITH_OK;
}

kith_code kith_bgnbd_fit_data(const int32_t *x, const double *t_x, const double *T,
                              size_t n, kith_bgnbd_fit *out, kith_error *err)
{
    kith__models_init();
    memset(out, 0, sizeof *out);
    bg_data all, sub;
    memset(&all, 0, sizeof all);
    memset(&sub, 0, sizeof sub);
    int64_t rep = 0;
    kith_code rc = check_rows(x, t_x, T, n, &rep, err);
    if (rc != KITH_OK)
        return rc;
    out->n = (int64_t)n;
    out->repeaters = rep;
    if (n < KITH_BGNBD_MIN_CUSTOMERS)
        return kith_error_set(err, KITH_ENODATA,
                              "only %zu customers: the BG/NBD model needs at least %d", n,
                              KITH_BGNBD_MIN_CUSTOMERS);
    if (rep < KITH_BGNBD_MIN_REPEATERS)
        return kith_error_set(
            err, KITH_ENODATA,
            "only %lld of %zu customers made a repeat purchase: the BG/NBD model needs "
            "at least %d to estimate purchase rates and dropout",
            (long long)rep, n, KITH_BGNBD_MIN_REPEATERS);
    size_t step = n > MAX_SAMPLE ? (n + MAX_SAMPLE - 1) / MAX_SAMPLE : 1;
    rc = bg_build(&all, x, t_x, T, n, 1);
    if (rc == KITH_OK && step > 1)
        rc = bg_build(&sub, x, t_x, T, n, step);
    if (rc != KITH_OK) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    out->rows = (int64_t)all.nrows;
    for (size_t v = 0; v < all.nvals; v++)
        out->rows += all.w0[v] > 0;
    /* Starts: the purchase rate r / alpha near the observed repeat rate. */
    double sx = 0, sT = 0;
    for (size_t i = 0; i < n; i++) {
        sx += x[i];
        sT += T[i];
    }
    double rate = sT > 0 ? sx / sT : 1;
    if (!(rate > 1e-6))
        rate = 1e-6;
    const double sp[4][4] = {{1, 1, 1, 1},
                             {0.5, 0.5 / rate, 1, 3},
                             {2, 2 / rate, 0.5, 1},
                             {0.2, 0.2 / rate, 2, 8}};
    double starts[16];
    for (int s = 0; s < 4; s++)
        for (int j = 0; j < 4; j++)
            starts[s * 4 + j] = log(fmin(fmax(sp[s][j], 1e-3), 1e6));
    kith__mdl_fn fn = {4, obj_f, obj_fdf, &all, step > 1 ? (void *)&sub : (void *)&all};
    kith__mdl_result res;
    rc = kith__mdl_minimise(&fn, starts, 4, &res);
    if (rc != KITH_OK) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    out->p = from_logs(res.theta);
    out->starts = res.starts;
    out->iterations = res.iterations;
    out->grad_norm = res.grad_norm;
    out->log_likelihood = -res.f * all.n;
    /* a and b growing together: the Beta of dropout probabilities loses
     * its spread and the supremum is the limit model. */
    if (res.status != KITH__FIT_NONFINITE &&
        ((res.status != KITH__FIT_OK && res.theta[2] > 5 && res.theta[3] > 5) ||
         (res.theta[2] > 9.2 && res.theta[3] > 9.2))) {
        rc = fit_limit(&fn, &res, out, &all, step > 1 ? &sub : &all);
        if (rc != KITH_OK || out->homogeneous) {
            if (rc != KITH_OK)
                rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            goto done;
        }
    }
    if (res.status == KITH__FIT_NONFINITE) {
        rc = kith_error_set(err, KITH_ENODATA,
                            "the BG/NBD likelihood is not finite from any start");
    } else if (res.status == KITH__FIT_BOUNDARY) {
        rc = kith_error_set(
            err, KITH_ENODATA,
            "the BG/NBD fit ran off to a boundary (r = %.3g, alpha = %.3g, a = %.3g, "
            "b = %.3g): the purchases do not pin down %s; more customers or a longer "
            "calibration period may help",
            out->p.r, out->p.alpha, out->p.a, out->p.b,
            fabs(res.theta[2]) > 25 || fabs(res.theta[3]) > 25
                ? "the dropout process (almost nobody, or everybody, seems to drop out)"
                : "the spread of purchase rates");
    } else if (res.status == KITH__FIT_NOCONV && res.theta[2] < -9.2) {
        /* a -> 0 with the likelihood flat along it: the supremum is the
         * model without dropout, which the BG/NBD does not reach. */
        rc = kith_error_set(
            err, KITH_ENODATA,
            "the BG/NBD fit runs toward a -> 0 (a = %.3g, b = %.3g): almost nobody "
            "seems to drop out, so the dropout process cannot be estimated; a longer "
            "calibration period may help",
            out->p.a, out->p.b);
    } else if (res.status == KITH__FIT_NOCONV) {
        rc = kith_error_set(err, KITH_ENODATA,
                            "the BG/NBD fit did not converge (gradient norm %.3g after "
                            "%d BFGS iterations from the best of %d starts)",
                            res.grad_norm, res.iterations, res.starts);
    }
    if (rc != KITH_OK)
        goto done;
    out->has_se = kith__mdl_std_errors(&fn, res.theta, all.n, out->se, out->se_why,
                                       sizeof out->se_why);
done:
    bg_free(&all);
    bg_free(&sub);
    return rc;
}

double kith_bgnbd_loglik(const kith_bgnbd_params *p, const int32_t *x, const double *t_x,
                         const double *T, size_t n)
{
    double ll = 0;
    const double r = p->r, al = p->alpha, a = p->a, b = p->b;
    const int lim = isinf(a);
    const double lbab = lim ? 0 : gsl_sf_lnbeta(a, b), lgr = gsl_sf_lngamma(r);
    for (size_t i = 0; i < n; i++) {
        const double xi = x[i], rx = r + xi;
        /* The limit: B(a,b+x)/B(a,b) -> (1-p)^x, a/(b+x-1) -> p/(1-p). */
        double l12 = gsl_sf_lngamma(rx) - lgr + r * log(al) +
                     (lim ? xi * log1p(-p->p) : gsl_sf_lnbeta(a, b + xi) - lbab);
        double l3 = -rx * log(al + T[i]);
        double lc = lim ? log(p->p) - log1p(-p->p) : log(a) - log(b + xi - 1);
        double l4 = xi > 0 ? lc - rx * log(al + t_x[i]) : -INFINITY;
        ll += l12 + kith__mdl_logaddexp(l3, l4, NULL);
    }
    return ll;
}

/* ------------------------------------------------------------ predictions */

double kith_bgnbd_p_alive(const kith_bgnbd_params *p, double x, double t_x, double T)
{
    if (x <= 0)
        return 1;
    double lc = isinf(p->a) ? log(p->p) - log1p(-p->p) : log(p->a) - log(p->b + x - 1);
    double l = lc + (p->r + x) * (log(p->alpha + T) - log(p->alpha + t_x));
    /* 1 / (1 + e^l), stable for both signs of l. */
    return l > 0 ? exp(-l) / (1 + exp(-l)) : 1 / (1 + exp(l));
}

/* FHL eq. 10 with Euler's transformation applied to its 2F1:
 * 1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) equals
 * 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), z = t / (alpha+T+t),
 * whose numerator parameters do not grow with x (no overflow, a fast
 * series). Requires a != 1. */
static kith_code expected_at(const kith_bgnbd_params *p, double a, double x, double t_x,
                             double T, double t, double *out, kith_error *err)
{
    const double r = p->r, al = p->alpha, b = p->b;
    double z = t / (al + T + t), f;
    kith_code rc = kith_hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z, &f, err);
    if (rc != KITH_OK)
        return rc;
    /* f > 0 (the usual case): through expm1, exact when the bracket is
     * small. f <= 0 happens when a + b + x < 1. */
    double bracket =
        f > 0 ? -expm1((a - 1) * log1p(-z) + log(f)) : 1 - exp((a - 1) * log1p(-z)) * f;
    if (!isfinite(bracket))
        return kith_error_set(err, KITH_EINTERNAL,
                              "E[X(t)]: 2F1(%g, %g; %g; %g) = %g gives no finite value",
                              a + b - 1 - r, a - 1, a + b + x - 1, z, f);
    kith_bgnbd_params q = *p;
    q.a = a;
    *out = (a + b + x - 1) / (a - 1) * bracket * kith_bgnbd_p_alive(&q, x, t_x, T);
    return KITH_OK;
}

kith_code kith_bgnbd_expected(const kith_bgnbd_params *p, double x, double t_x, double T,
                              double t, double *out, kith_error *err)
{
    kith__models_init();
    *out = 0;
    if (!(t >= 0) || !isfinite(t))
        return kith_error_set(err, KITH_EINPUT, "horizon %g weeks: must be >= 0", t);
    if (!(x >= 0) || !(t_x >= 0) || !(T >= t_x) || !isfinite(T))
        return kith_error_set(err, KITH_EINPUT,
                              "x = %g, t_x = %g, T = %g: need x >= 0 and 0 <= t_x <= T",
                              x, t_x, T);
    if (t == 0)
        return KITH_OK;
    if (isinf(p->a)) {
        /* The limit: an active customer with rate lambda makes
         * (1 - e^(-p lambda t)) / p purchases on average; over the
         * posterior Gamma(r + x, alpha + T) of lambda that is
         * (1 - ((alpha+T) / (alpha+T+p t))^(r+x)) / p. */
        const double q = p->p, u = p->alpha + T;
        *out =
            -expm1(-(p->r + x) * log1p(q * t / u)) / q * kith_bgnbd_p_alive(p, x, t_x, T);
        return KITH_OK;
    }
    /* At a = 1, and at a + b + x = 1 (x = 0, a + b = 1), the formula is
     * 0/0; its limit is the mean of the values just either side in a (the
     * function is smooth in a; error O(h^2)). */
    const double h = 1e-6;
    if (fabs(p->a - 1) < h || fabs(p->a + p->b + x - 1) < h) {
        double lo = 0, hi = 0;
        kith_code rc = expected_at(p, p->a - h, x, t_x, T, t, &lo, err);
        if (rc == KITH_OK)
            rc = expected_at(p, p->a + h, x, t_x, T, t, &hi, err);
        *out = rc == KITH_OK ? 0.5 * (lo + hi) : 0;
        return rc;
    }
    return expected_at(p, p->a, x, t_x, T, t, out, err);
}

double kith_bgnbd_pmf(const kith_bgnbd_params *p, double t, int32_t k)
{
    kith__models_init();
    if (k < 0)
        return 0;
    if (t <= 0)
        return k == 0 ? 1 : 0;
    const double r = p->r, al = p->alpha, a = p->a, b = p->b;
    /* The purchases of an active customer in t: negative binomial with
     * n = r and success probability alpha / (alpha + t). */
    const double q = al / (al + t);
    /* B(a, b+k) / B(a, b) and B(a+1, b+k-1) / B(a, b); in the limit
     * (1-p)^k and p (1-p)^(k-1). */
    const int lim = isinf(a);
    double stay =
        lim ? exp(k * log1p(-p->p)) : exp(gsl_sf_lnbeta(a, b + k) - gsl_sf_lnbeta(a, b));
    double first = stay * gsl_ran_negative_binomial_pdf((unsigned)k, q, r);
    if (k == 0)
        return first;
    /* Dropped out after the k-th purchase: P(N >= k) of that NBD. */
    double tail = gsl_cdf_negative_binomial_Q((unsigned)(k - 1), q, r);
    double drop = lim ? p->p * exp((k - 1) * log1p(-p->p))
                      : exp(gsl_sf_lnbeta(a + 1, b + k - 1) - gsl_sf_lnbeta(a, b));
    return first + drop * tail;
}
