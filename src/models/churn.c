/* Churn risk: L2-regularised logistic regression (liblinear) on the
 * standardised features of churn_features.c, C chosen on an earlier pair
 * of snapshots, the time-based evaluation (AUC with DeLong's 95% interval,
 * calibration by decile, one-feature baselines), and each current
 * customer's risk with the reasons in words (docs/models.md). */
#include <linear.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "models/churn_int.h"
#include "store/store_int.h"

const double kith__churn_cgrid[6] = {0.001, 0.01, 0.1, 1, 10, 100};

static const char *const feature_names[KITH_CF__N] = {
    "recency_days", "frequency", "monetary",  "tenure_days",       "love",   "level",
    "events",       "referrals", "sentiment", "community_engaged", "p_alive"};

const char *kith_churn_feature_name(int f)
{
    return f >= 0 && f < KITH_CF__N ? feature_names[f] : "";
}

/* ------------------------------------------------------------ AUC */

typedef struct scored {
    double s;
    int8_t y;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *p = a, *q = b;
    return (p->s > q->s) - (p->s < q->s);
}

/* AUC of score s for label 1 over n rows (ties count one half), and
 * DeLong's variance of it through the placement values. 0 when a class
 * is empty. O(n log n). */
static double auc_delong(const double *score, const int8_t *label, size_t n, double *var)
{
    scored *v = malloc((n ? n : 1) * sizeof *v);
    double auc = 0;
    *var = 0;
    if (!v)
        goto done;
    size_t n1 = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (scored){score[i], label[i]};
        n1 += label[i] == 1;
    }
    size_t n0 = n - n1;
    if (!n1 || !n0)
        goto done;
    qsort(v, n, sizeof *v, cmp_scored);
    /* Mid-ranks overall and within each class. */
    double *r1 = calloc(n1, sizeof *r1), *r0 = calloc(n0, sizeof *r0);
    if (!r1 || !r0) {
        free(r1);
        free(r0);
        goto done;
    }
    size_t c1 = 0, c0 = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, t1 = 0, t0 = 0;
        while (j < n && v[j].s == v[i].s) {
            t1 += v[j].y == 1;
            t0 += v[j].y != 1;
            j++;
        }
        double mid = 0.5 * (double)(i + j + 1); /* ranks i+1 .. j */
        double m1 = (double)c1 + 0.5 * (double)(t1 + 1),
               m0 = (double)c0 + 0.5 * (double)(t0 + 1);
        for (size_t k = i; k < j; k++) {
            if (v[k].y == 1 && c1 < n1)
                r1[c1++] = mid - m1; /* negatives below, ties half */
            else if (v[k].y != 1 && c0 < n0)
                r0[c0++] = mid - m0; /* positives below, ties half */
        }
        i = j;
    }
    double s1 = 0;
    for (size_t k = 0; k < n1; k++)
        s1 += r1[k];
    auc = s1 / ((double)n1 * (double)n0);
    /* V10 = placements of positives / n0; V01 = 1 - placements of
     * negatives / n1. */
    double m10 = 0, m01 = 0, q10 = 0, q01 = 0;
    for (size_t k = 0; k < n1; k++)
        m10 += r1[k] / (double)n0;
    for (size_t k = 0; k < n0; k++)
        m01 += 1 - r0[k] / (double)n1;
    m10 /= (double)n1;
    m01 /= (double)n0;
    for (size_t k = 0; k < n1; k++)
        q10 += pow(r1[k] / (double)n0 - m10, 2);
    for (size_t k = 0; k < n0; k++)
        q01 += pow(1 - r0[k] / (double)n1 - m01, 2);
    double s10 = n1 > 1 ? q10 / (double)(n1 - 1) : 0;
    double s01 = n0 > 1 ? q01 / (double)(n0 - 1) : 0;
    *var = s10 / (double)n1 + s01 / (double)n0;
    free(r1);
    free(r0);
done:
    free(v);
    return auc;
}

/* ------------------------------------------------------------ model */

static void quiet(const char *s)
{
    (void)s;
}

/* Train on the rows of s (a systematic sample of at most max_train; 0 =
 * all) with the allowed features that vary. */
static kith_code train_on(const churn_snap *s, const int *allowed, double c,
                          size_t max_train, churn_model *mdl, kith_error *err)
{
    memset(mdl, 0, sizeof *mdl);
    mdl->c = c;
    size_t step = max_train && s->n > max_train ? (s->n + max_train - 1) / max_train : 1;
    size_t n = 0, pos = 0;
    for (size_t i = 0; i < s->n; i += step) {
        n++;
        pos += s->label[i] == 1;
    }
    if (!pos || pos == n)
        return kith_error_set(err, KITH_ENODATA,
                              "a single class at the training date: %s of the %zu "
                              "customers %s, so there is nothing to tell apart",
                              pos ? "all" : "none", n,
                              "went without a purchase for the horizon");
    int k = 0;
    for (int j = 0; j < KITH_CF__N; j++) {
        if (!allowed[j])
            continue;
        double sum = 0, sq = 0;
        for (size_t i = 0; i < s->n; i += step)
            sum += s->x[i * KITH_CF__N + j];
        double mean = sum / (double)n;
        for (size_t i = 0; i < s->n; i += step)
            sq += pow(s->x[i * KITH_CF__N + j] - mean, 2);
        double sd = sqrt(sq / (double)n);
        mdl->mean[j] = mean;
        mdl->sd[j] = sd;
        mdl->used[j] = sd > 1e-12 * fmax(1, fabs(mean));
        k += mdl->used[j];
    }
    if (!k)
        return kith_error_set(err, KITH_ENODATA,
                              "every feature is the same for all %zu customers: nothing "
                              "to learn churn from",
                              n);
    struct feature_node *nodes = malloc(n * (size_t)(k + 2) * sizeof *nodes);
    struct feature_node **rows = malloc(n * sizeof(struct feature_node *));
    double *y = malloc(n * sizeof *y);
    kith_code rc = KITH_OK;
    if (!nodes || !rows || !y) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    size_t r = 0;
    for (size_t i = 0; i < s->n; i += step, r++) {
        struct feature_node *p = nodes + r * (size_t)(k + 2);
        rows[r] = p;
        int idx = 1;
        for (int j = 0; j < KITH_CF__N; j++) {
            if (!mdl->used[j])
                continue;
            p->index = idx++;
            p->value = (s->x[i * KITH_CF__N + j] - mdl->mean[j]) / mdl->sd[j];
            p++;
        }
        p->index = idx; /* the bias feature, as liblinear's train does */
        p->value = 1;
        p[1].index = -1;
        y[r] = s->label[i] == 1 ? 1 : -1;
    }
    struct problem prob = {(int)n, k + 1, y, rows, 1.0};
    struct parameter par;
    memset(&par, 0, sizeof par);
    par.solver_type = L2R_LR;
    par.C = c;
    /* liblinear's stopping rule: |grad| <= eps * min(pos, neg) / l *
     * |grad(0)|; 1e-6 instead of the default 0.01 to sit on the optimum. */
    par.eps = 1e-6;
    par.p = 0.1;
    set_print_string_function(quiet);
    const char *bad = check_parameter(&prob, &par);
    if (bad) {
        rc = kith_error_set(err, KITH_EINTERNAL, "liblinear: %s", bad);
        goto done;
    }
    struct model *model = train(&prob, &par);
    if (!model) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory (liblinear)");
        goto done;
    }
    /* w is for model->label[0]; turn it toward churn (+1). */
    double sign = model->label[0] == 1 ? 1 : -1;
    int idx = 0;
    for (int j = 0; j < KITH_CF__N; j++)
        if (mdl->used[j])
            mdl->w[j] = sign * model->w[idx++];
    mdl->bias = sign * model->w[idx];
    free_and_destroy_model(&model);
done:
    free(nodes);
    free(rows);
    free(y);
    return rc;
}

static double risk_of(const churn_model *mdl, const double *x)
{
    double d = mdl->bias;
    for (int j = 0; j < KITH_CF__N; j++)
        if (mdl->used[j])
            d += mdl->w[j] * (x[j] - mdl->mean[j]) / mdl->sd[j];
    return 1 / (1 + exp(-d));
}

static kith_code score(const churn_model *mdl, churn_snap *s, kith_error *err)
{
    free(s->risk);
    s->risk = malloc((s->n ? s->n : 1) * sizeof *s->risk);
    if (!s->risk)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++)
        s->risk[i] = risk_of(mdl, &s->x[i * KITH_CF__N]);
    return KITH_OK;
}

static double auc_of(const churn_snap *s, const double *score_v)
{
    double var;
    return auc_delong(score_v, s->label, s->n, &var);
}

/* ------------------------------------------------------------ reasons */

static void phrase(int f, const double *x, double events_before, const kith_churn *ch,
                   double z, char *out, size_t n)
{
    const double v = x[f];
    switch (f) {
    case KITH_CF_RECENCY:
        snprintf(out, n, "no purchase for %.0f days", v);
        break;
    case KITH_CF_FREQUENCY:
        snprintf(out, n, "%s%.0f purchase day%s in the last year", z < 0 ? "only " : "",
                 v, v == 1 ? "" : "s");
        break;
    case KITH_CF_MONETARY:
        snprintf(out, n, "%s purchases (%.2f %s on average)", z < 0 ? "small" : "large",
                 v, ch->currency);
        break;
    case KITH_CF_TENURE:
        snprintf(out, n, "a customer for %s%.0f days", z < 0 ? "only " : "", v);
        break;
    case KITH_CF_LOVE:
        snprintf(out, n, "engagement score %s (%.1f)", z < 0 ? "low" : "high", v);
        break;
    case KITH_CF_LEVEL:
        snprintf(out, n, "engagement level %s", kith_level_name((int)v));
        break;
    case KITH_CF_EVENTS:
        if (v == 0 && events_before > 0)
            snprintf(out, n, "stopped attending events");
        else if (v == 0)
            snprintf(out, n, "never attended an event");
        else
            snprintf(out, n, "%.0f event%s attended in the last year", v,
                     v == 1 ? "" : "s");
        break;
    case KITH_CF_REFERRALS:
        if (v == 0)
            snprintf(out, n, "no referrals");
        else
            snprintf(out, n, "%.0f referral%s made", v, v == 1 ? "" : "s");
        break;
    case KITH_CF_SENTIMENT:
        if (v <= -0.05)
            snprintf(out, n, "sentiment of their posts negative (%.2f)", v);
        else if (v == 0)
            snprintf(out, n, "no positive posts or reviews");
        else
            snprintf(out, n, "sentiment of their posts %.2f", v);
        break;
    case KITH_CF_ENGAGED:
        snprintf(out, n, "%s",
                 v > 0 ? "active in the community"
                       : "not active in the community in the last year");
        break;
    default:
        snprintf(out, n, "P(alive) %.2f from their purchase rhythm", v);
        break;
    }
}

/* Up to three features that push this customer's risk up most (a
 * contribution w_j z_j of at least 0.05 on the log-odds), in words. */
static void reasons(const kith_churn *ch, const double *x, double events_before,
                    kith_churn_customer *cu)
{
    const churn_model *mdl = &ch->final;
    double contrib[KITH_CF__N];
    for (int j = 0; j < KITH_CF__N; j++)
        contrib[j] = mdl->used[j] ? mdl->w[j] * (x[j] - mdl->mean[j]) / mdl->sd[j] : 0;
    cu->nreasons = 0;
    for (int r = 0; r < KITH_CHURN_REASONS; r++) {
        int best = -1;
        for (int j = 0; j < KITH_CF__N; j++)
            if (contrib[j] >= 0.05 && (best < 0 || contrib[j] > contrib[best]))
                best = j;
        if (best < 0)
            break;
        double z = (x[best] - mdl->mean[best]) / mdl->sd[best];
        phrase(best, x, events_before, ch, z, cu->reasons[cu->nreasons++],
               sizeof cu->reasons[0]);
        contrib[best] = 0;
    }
}

/* ------------------------------------------------------------ open */

static void note(kith_churn *ch, const char *fmt, ...) KITH_PRINTF(2, 3);
static void note(kith_churn *ch, const char *fmt, ...)
{
    if (ch->nnotes >= sizeof ch->notes / sizeof ch->notes[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ch->notes[ch->nnotes++], sizeof ch->notes[0], fmt, ap);
    va_end(ap);
}

static const char *date_of(const kith_churn *ch, int64_t t, char *buf)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, ch->tz, &y, &mo, &d);
    snprintf(buf, 16, "%04d-%02u-%02u", y % 10000, mo % 13u, d % 32u);
    return buf;
}

/* A snapshot the evaluation can use: enough customers of both kinds. */
static kith_code usable(const kith_churn *ch, const churn_snap *s, const char *role,
                        kith_error *err)
{
    char d[16];
    int64_t n = (int64_t)s->n, churned = s->churned;
    date_of(ch, s->at, d);
    if (n > 0 && (churned == 0 || churned == n))
        return kith_error_set(
            err, KITH_ENODATA,
            "a single class at %s (the %s date): %s of the %lld current "
            "customers went without a purchase in the %g days after, so "
            "there is nothing to tell apart",
            d, role, churned ? "all" : "none", (long long)n, ch->horizon);
    if (n < 30 || churned < 5 || n - churned < 5)
        return kith_error_set(
            err, KITH_ENODATA,
            "too few customers for the churn model at %s (the %s date): "
            "%lld current customers, %lld of them without a purchase in "
            "the %g days after; at least 30, with 5 of each kind, are "
            "needed",
            d, role, (long long)n, (long long)churned, ch->horizon);
    return KITH_OK;
}

static int cmp_risk(const void *a, const void *b)
{
    const kith_churn_customer *p = a, *q = b;
    if (p->risk != q->risk)
        return p->risk > q->risk ? -1 : 1;
    return (p->member_id > q->member_id) - (p->member_id < q->member_id);
}

static kith_code evaluate(kith_churn *ch, const int *allowed, size_t max_train,
                          kith_error *err)
{
    churn_snap *s1 = &ch->snaps[1], *s2 = &ch->snaps[2];
    churn_model mdl;
    kith_code rc = train_on(s2, allowed, ch->c, max_train, &mdl, err);
    if (rc == KITH_OK)
        rc = score(&mdl, s1, err);
    if (rc != KITH_OK)
        return rc;
    double var;
    ch->auc = auc_delong(s1->risk, s1->label, s1->n, &var);
    double se = sqrt(var);
    ch->auc_lo = fmax(0, ch->auc - 1.959963984540054 * se);
    ch->auc_hi = fmin(1, ch->auc + 1.959963984540054 * se);
    ch->n_train = (int64_t)s2->n;
    ch->n_test = (int64_t)s1->n;
    ch->churn_test = s1->churned;
    double *b = malloc((s1->n ? s1->n : 1) * sizeof *b);
    scored *sr = malloc((s1->n ? s1->n : 1) * sizeof *sr);
    if (!b || !sr) {
        free(b);
        free(sr);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s1->n; i++)
        b[i] = s1->x[i * KITH_CF__N + KITH_CF_RECENCY];
    ch->base_recency = auc_of(s1, b);
    ch->base_p_alive = NAN;
    if (allowed[KITH_CF_P_ALIVE]) {
        for (size_t i = 0; i < s1->n; i++)
            b[i] = 1 - s1->x[i * KITH_CF__N + KITH_CF_P_ALIVE];
        ch->base_p_alive = auc_of(s1, b);
    }
    /* Calibration: the test customers in ten groups by predicted risk. */
    for (size_t i = 0; i < s1->n; i++)
        sr[i] = (scored){s1->risk[i], s1->label[i]};
    qsort(sr, s1->n, sizeof *sr, cmp_scored);
    ch->ndeciles = 10;
    for (int g = 0; g < 10; g++) {
        size_t lo = s1->n * (size_t)g / 10, hi = s1->n * (size_t)(g + 1) / 10;
        double sum = 0, obs = 0;
        for (size_t i = lo; i < hi; i++) {
            sum += sr[i].s;
            obs += sr[i].y == 1;
        }
        kith_churn_decile *d = &ch->deciles[g];
        d->n = (int64_t)(hi - lo);
        d->mean_risk = d->n ? sum / (double)d->n : 0;
        d->observed = d->n ? obs / (double)d->n : 0;
    }
    free(sr);
    free(b);
    return KITH_OK;
}

static kith_code choose_c(kith_churn *ch, const int *allowed, size_t max_train)
{
    churn_snap *s3 = &ch->snaps[3], *s2 = &ch->snaps[2];
    double best = -1;
    ch->c = 1;
    ch->nc = 6;
    for (int k = 0; k < 6; k++) {
        churn_model mdl;
        kith_error e;
        kith_error_clear(&e);
        kith_code rc = train_on(s3, allowed, kith__churn_cgrid[k], max_train, &mdl, &e);
        if (rc == KITH_ENOMEM)
            return rc;
        if (rc == KITH_OK)
            rc = score(&mdl, s2, &e);
        if (rc != KITH_OK)
            return rc;
        ch->auc_by_c[k] = auc_of(s2, s2->risk);
        if (ch->auc_by_c[k] > best + 1e-12) {
            best = ch->auc_by_c[k];
            ch->c = kith__churn_cgrid[k];
        }
    }
    return KITH_OK;
}

static kith_code final_scores(kith_churn *ch, const kith_metrics *m, const int *allowed,
                              size_t max_train, kith_error *err)
{
    churn_snap *s0 = &ch->snaps[0];
    kith_code rc = train_on(&ch->snaps[1], allowed, ch->c, max_train, &ch->final, err);
    if (rc == KITH_OK)
        rc = score(&ch->final, s0, err);
    if (rc != KITH_OK)
        return rc;
    ch->cust = calloc(s0->n ? s0->n : 1, sizeof *ch->cust);
    if (!ch->cust)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < s0->n; i++) {
        kith_churn_customer *cu = &ch->cust[i];
        const kith__mem *mm = &m->ds.members[s0->member[i]];
        cu->member_id = mm->id;
        snprintf(cu->name, sizeof cu->name, "%s", kith__ds_str(&m->ds, mm->name));
        cu->risk = s0->risk[i];
        memcpy(cu->x, &s0->x[i * KITH_CF__N], sizeof cu->x);
        reasons(ch, cu->x, s0->events_before[i], cu);
    }
    ch->ncust = s0->n;
    qsort(ch->cust, ch->ncust, sizeof *ch->cust, cmp_risk);
    ch->by_id = kith__mdl_index(ch->cust, ch->ncust, sizeof *ch->cust,
                                offsetof(kith_churn_customer, member_id));
    if (!ch->by_id)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

static kith_code build(kith_churn *ch, churn_env *env, const kith_churn_opts *o,
                       kith_error *err)
{
    kith_metrics *m = env->m;
    const size_t h = (size_t)llround(ch->horizon);
    const size_t dat = kith__days_of(&env->days, ch->as_of);
    int allowed[KITH_CF__N];
    for (int j = 0; j < KITH_CF__N; j++)
        allowed[j] = 1;
    if (!env->has_texts)
        allowed[KITH_CF_SENTIMENT] = 0;
    char why[1024] = "", d[16];
    if (dat < 2 * h)
        return kith_error_set(err, KITH_ENODATA,
                              "the data cover %zu days before %s: the churn evaluation "
                              "needs two horizons (%zu days) of history",
                              dat, date_of(ch, ch->as_of, d), 2 * h);
    /* as_of itself (k = 0), the test (1) and training (2) dates, then the
     * date C is chosen on (3) when the history reaches back so far. */
    kith_code rc = KITH_OK;
    for (size_t k = 0; k < 4 && rc == KITH_OK; k++) {
        if (k * h > dat)
            break;
        int64_t at = k ? env->days.midnight[dat - k * h] : ch->as_of;
        int64_t end =
            k ? (k == 1 ? ch->as_of : env->days.midnight[dat - (k - 1) * h]) : 0;
        int had = env->has_p_alive;
        rc = kith__churn_snapshot(env, at, end, &ch->snaps[k], why, sizeof why, err);
        if (rc == KITH_OK && had && !env->has_p_alive) {
            if (k < 3) {
                allowed[KITH_CF_P_ALIVE] = 0;
                note(ch, "p_alive left out: BG/NBD at %s: %s", date_of(ch, at, d), why);
            } else {
                env->has_p_alive = 1; /* only the C-selection date lacks it */
                kith__churn_snap_free(&ch->snaps[3]);
                note(ch, "C = 1, not chosen: BG/NBD cannot be fitted at %s (%s)",
                     date_of(ch, at, d), why);
                break;
            }
        }
    }
    if (rc != KITH_OK)
        return rc;
    if (!env->has_p_alive)
        allowed[KITH_CF_P_ALIVE] = 0;
    rc = usable(ch, &ch->snaps[1], "test", err);
    if (rc == KITH_OK)
        rc = usable(ch, &ch->snaps[2], "training", err);
    if (rc != KITH_OK)
        return rc;
    ch->c = 1;
    kith_error e3;
    kith_error_clear(&e3);
    if (ch->snaps[3].x && usable(ch, &ch->snaps[3], "C-selection", &e3) == KITH_OK) {
        rc = choose_c(ch, allowed, o->max_train);
        if (rc != KITH_OK)
            return kith_error_set(err, rc, "choosing C: out of memory");
    } else if (ch->nnotes == 0 || strncmp(ch->notes[ch->nnotes - 1], "C = 1", 5)) {
        note(ch, "C = 1, not chosen: %s",
             ch->snaps[3].x ? e3.msg : "the history is too short for a third date");
    }
    rc = evaluate(ch, allowed, o->max_train, err);
    if (rc == KITH_OK)
        rc = final_scores(ch, m, allowed, o->max_train, err);
    if (rc != KITH_OK)
        return rc;
    for (int j = 0; j < KITH_CF__N; j++)
        if (allowed[j] && !ch->final.used[j])
            note(ch, "%s left out: the same for every customer at the training date",
                 feature_names[j]);
    if (o->max_train && ch->snaps[1].n > o->max_train) {
        note(ch, "trained on a systematic sample of %zu customers per date",
             o->max_train);
    }
    return KITH_OK;
}

kith_code kith_churn_open_metrics(kith_metrics *m, kith_store *st, const kith_org *org,
                                  const kith_churn_opts *opts, kith_churn **out,
                                  kith_error *err)
{
    kith__models_init();
    kith_churn_opts none;
    memset(&none, 0, sizeof none);
    const kith_churn_opts *o = opts ? opts : &none;
    *out = NULL;
    double horizon = o->has_horizon ? o->horizon_days : m->p.churn_horizon_days;
    if (!(horizon >= 0.5) || !isfinite(horizon) || horizon > 3650)
        return kith_error_set(
            err, KITH_EUSAGE,
            "horizon %g days: the churn horizon must be at least one day "
            "(as in 90d)",
            horizon);
    kith_churn *ch = calloc(1, sizeof *ch);
    if (!ch)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    ch->as_of = m->as_of;
    ch->horizon = (double)llround(horizon);
    snprintf(ch->currency, sizeof ch->currency, "%s", org ? org->currency : "");
    snprintf(ch->tz, sizeof ch->tz, "%s",
             org && org->timezone[0] ? org->timezone : "UTC");
    churn_env env;
    memset(&env, 0, sizeof env);
    env.m = m;
    env.org = org;
    env.period_days = m->p.period_days;
    env.churn_window = m->p.churn_window;
    env.has_p_alive = 1;
    kith_code rc = KITH_OK;
    if (!m->texts_loaded && st) {
        kith_error te;
        kith_error_clear(&te);
        kith_code trc =
            kith_metrics_load_texts(m, st, org ? org->id : 0, o->lexicon, &te);
        if (trc == KITH_ENOMEM) {
            rc = trc;
            goto done;
        }
        if (trc != KITH_OK)
            note(ch, "sentiment left out: %s", te.msg);
    }
    env.has_texts = m->texts_loaded;
    int64_t tmin = m->ds.nacts ? m->ds.acts[0].t : m->as_of;
    for (size_t k = 0; k < m->ds.nacts; k++)
        tmin = m->ds.acts[k].t < tmin ? m->ds.acts[k].t : tmin;
    rc = kith__days_init(&env.days, tmin, m->as_of, ch->tz, err);
    if (rc != KITH_OK)
        goto done;
    env.sent_sum = calloc(m->ds.nmembers ? m->ds.nmembers : 1, sizeof *env.sent_sum);
    env.sent_n = calloc(m->ds.nmembers ? m->ds.nmembers : 1, sizeof *env.sent_n);
    if (!env.sent_sum || !env.sent_n) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    rc = build(ch, &env, o, err);
done:
    kith__days_free(&env.days);
    free(env.sent_sum);
    free(env.sent_n);
    if (rc == KITH_ENOMEM)
        kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc != KITH_OK)
        kith_churn_close(ch);
    else
        *out = ch;
    return rc;
}

kith_code kith_churn_open(kith_store *st, int64_t org_id, const kith_churn_opts *opts,
                          kith_churn **out, kith_error *err)
{
    *out = NULL;
    kith_org org;
    kith_code rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        return rc;
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.include_team = opts ? opts->include_team : 0;
    mo.as_of = opts && opts->has_as_of ? opts->as_of : 0;
    kith_metrics *m = NULL;
    rc = kith_metrics_open(st, org_id, &mo, &m, err);
    if (rc == KITH_OK)
        rc = kith_churn_open_metrics(m, st, &org, opts, out, err);
    kith_metrics_close(m);
    return rc;
}

void kith_churn_close(kith_churn *c)
{
    if (!c)
        return;
    for (int k = 0; k < 4; k++)
        kith__churn_snap_free(&c->snaps[k]);
    free(c->cust);
    free(c->by_id);
    free(c);
}

/* ------------------------------------------------------------ accessors */

double kith_churn_auc(const kith_churn *c, double ci95[2])
{
    if (ci95) {
        ci95[0] = c->auc_lo;
        ci95[1] = c->auc_hi;
    }
    return c->auc;
}

double kith_churn_baseline_auc(const kith_churn *c, int feature)
{
    return feature == KITH_CF_RECENCY   ? c->base_recency
           : feature == KITH_CF_P_ALIVE ? c->base_p_alive
                                        : NAN;
}

double kith_churn_c(const kith_churn *c)
{
    return c->c;
}

int64_t kith_churn_as_of(const kith_churn *c)
{
    return c->as_of;
}

double kith_churn_horizon(const kith_churn *c)
{
    return c->horizon;
}

const kith_churn_decile *kith_churn_calibration(const kith_churn *c, int *n)
{
    *n = c->ndeciles;
    return c->deciles;
}

double kith_churn_coef(const kith_churn *c, int f)
{
    return f >= 0 && f < KITH_CF__N && c->final.used[f] ? c->final.w[f] : 0;
}

int kith_churn_used(const kith_churn *c, int f)
{
    return f >= 0 && f < KITH_CF__N && c->final.used[f];
}

double kith_churn_intercept(const kith_churn *c)
{
    return c->final.bias;
}

size_t kith_churn_ncustomers(const kith_churn *c)
{
    return c->ncust;
}

const kith_churn_customer *kith_churn_customer_at(const kith_churn *c, size_t i)
{
    return i < c->ncust ? &c->cust[i] : NULL;
}

const kith_churn_customer *kith_churn_find(const kith_churn *c, int64_t member_id)
{
    size_t at = kith__mdl_index_find(c->by_id, c->ncust, member_id);
    return at == SIZE_MAX ? NULL : &c->cust[at];
}

const char *kith_churn_note(const kith_churn *c, size_t i)
{
    return i < c->nnotes ? c->notes[i] : NULL;
}

void kith_churn_score(const kith_churn *c, const double *x, const double *events_before,
                      size_t n, kith_churn_customer *out)
{
    for (size_t i = 0; i < n; i++) {
        kith_churn_customer *cu = &out[i];
        memset(cu, 0, sizeof *cu);
        memcpy(cu->x, &x[i * KITH_CF__N], sizeof cu->x);
        cu->risk = risk_of(&c->final, cu->x);
        reasons(c, cu->x, events_before ? events_before[i] : 0, cu);
    }
}

kith_code kith_churn_member(kith_store *st, int64_t org_id, int64_t member_id,
                            kith_churn_customer *out, kith_error *err)
{
    kith_churn *c = NULL;
    kith_code rc = kith_churn_open(st, org_id, NULL, &c, err);
    if (rc != KITH_OK || !c)
        return rc != KITH_OK ? rc : kith_error_set(err, KITH_EINTERNAL, "no result");
    rc = kith_churn_member_of(c, member_id, out, err);
    kith_churn_close(c);
    return rc;
}

kith_code kith_churn_member_of(const kith_churn *c, int64_t member_id,
                               kith_churn_customer *out, kith_error *err)
{
    const kith_churn_customer *cu = kith_churn_find(c, member_id);
    if (!cu)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "member %lld is not a current customer (no purchase in the "
                              "churn window): no churn risk",
                              (long long)member_id);
    *out = *cu;
    return KITH_OK;
}
