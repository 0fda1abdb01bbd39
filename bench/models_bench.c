/* The benchmark driver of bench/models.sh (not a test): times the BG/NBD
 * fit, the CLV prediction and churn scoring on arrays read from a CSV, and
 * prints one JSON line of figures.
 *
 *   kith_bench_models fit FILE        FILE: x,t_x,T per line (weeks)
 *   kith_bench_models predict FILE    E[X(52)], P(alive) per customer
 *   kith_bench_models churn DB N      the churn model of DB (kith churn), then
 *                                     N customers scored: its current
 *                                     customers' rows, cycled and jittered */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kith/churn.h"
#include "kith/clv.h"
#include "kith/store.h"

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void)
{
    return clock_of(CLOCK_MONOTONIC);
}

static double cpu(void)
{
    return clock_of(CLOCK_PROCESS_CPUTIME_ID);
}

static size_t load(const char *path, int32_t **x, double **tx, double **T)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 20, n = 0;
    *x = malloc(cap * sizeof **x);
    *tx = malloc(cap * sizeof **tx);
    *T = malloc(cap * sizeof **T);
    int xi;
    double a, b;
    while (fscanf(f, "%d,%lf,%lf", &xi, &a, &b) == 3) {
        if (n == cap) {
            cap *= 2;
            *x = realloc(*x, cap * sizeof **x);
            *tx = realloc(*tx, cap * sizeof **tx);
            *T = realloc(*T, cap * sizeof **T);
        }
        (*x)[n] = xi;
        (*tx)[n] = a;
        (*T)[n++] = b;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: kith_bench_models fit|predict FILE | churn DB N\n");
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    if (!strcmp(argv[1], "fit") || !strcmp(argv[1], "predict")) {
        int32_t *x;
        double *tx, *T;
        size_t n = load(argv[2], &x, &tx, &T);
        kith_bgnbd_fit fit;
        double t0 = now(), c0 = cpu();
        kith_code rc = kith_bgnbd_fit_data(x, tx, T, n, &fit, &err);
        double t1 = now(), c1 = cpu();
        if (rc != KITH_OK) {
            fprintf(stderr, "fit: %s\n", err.msg);
            return 3;
        }
        if (!strcmp(argv[1], "fit")) {

            printf("{\"n\": %zu, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"log_likelihood\": %.10f, \"r\": %.10g, "
                   "\"alpha\": %.10g, \"a\": %.10g, \"b\": %.10g, \"se\": [%.6g, %.6g, "
                   "%.6g, %.6g], \"rows\": %lld, \"starts\": %d, \"iterations\": %d, "
                   "\"grad_norm\": %.3g}\n",
                   n, t1 - t0, c1 - c0, fit.log_likelihood, fit.p.r, fit.p.alpha, fit.p.a, fit.p.b,
                   fit.se[0], fit.se[1], fit.se[2], fit.se[3], (long long)fit.rows,
                   fit.starts, fit.iterations, fit.grad_norm);
        } else {
            double s = 0, pa = 0, e;
            double t2 = now(), c2 = cpu();
            for (size_t i = 0; i < n; i++) {
                if (kith_bgnbd_expected(&fit.p, x[i], tx[i], T[i], 52, &e, &err) != KITH_OK) {
                    fprintf(stderr, "predict: %s\n", err.msg);
                    return 3;
                }
                s += e;
                pa += kith_bgnbd_p_alive(&fit.p, x[i], tx[i], T[i]);
            }
            double t3 = now(), c3 = cpu();
            printf("{\"n\": %zu, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"rows_per_s\": "
                   "%.0f, \"sum_expected\": %.6f, \"mean_p_alive\": %.6f}\n",
                   n, t3 - t2, c3 - c2, (double)n / (t3 - t2), s, pa / (double)n);
        }
        free(x);
        free(tx);
        free(T);
        return 0;
    }
    if (!strcmp(argv[1], "churn") && argc == 4) {
        kith_store *st = NULL;
        kith_org org;
        kith_churn *c = NULL;
        if (kith_store_open_existing(argv[2], &st, &err) != KITH_OK ||
            kith_org_find(st, NULL, &org, &err) != KITH_OK) {
            fprintf(stderr, "%s: %s\n", argv[2], err.msg);
            return 3;
        }
        double t0 = now();
        if (kith_churn_open(st, org.id, NULL, &c, &err) != KITH_OK) {
            fprintf(stderr, "churn: %s\n", err.msg);
            return 3;
        }
        double t1 = now();
        size_t n = (size_t)atol(argv[3]), m = kith_churn_ncustomers(c);
        double *x = malloc(n * KITH_CF__N * sizeof *x);
        kith_churn_customer *out = malloc(n * sizeof *out);
        if (!x || !out || !m)
            return 4;
        /* Rows of the real customers, cycled, each feature moved by up to
         * +-5% so that no two rows are the same. */
        uint64_t s = 1;
        for (size_t i = 0; i < n; i++) {
            const kith_churn_customer *cu = kith_churn_customer_at(c, i % m);
            for (int j = 0; j < KITH_CF__N; j++) {
                s = s * 6364136223846793005ull + 1442695040888963407ull;
                double u = (double)(s >> 11) / 9007199254740992.0;
                x[i * KITH_CF__N + j] = cu->x[j] * (0.95 + 0.1 * u);
            }
        }
        double t2 = now(), c2 = cpu();
        kith_churn_score(c, x, NULL, n, out);
        double t3 = now(), c3 = cpu();
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += out[i].risk;
        printf("{\"n\": %zu, \"model_seconds\": %.3f, \"model_customers\": %zu, "
               "\"seconds\": %.6f, \"cpu_seconds\": %.6f, \"rows_per_s\": %.0f, "
               "\"mean_risk\": %.6f}\n",
               n, t1 - t0, m, t3 - t2, c3 - c2, (double)n / (t3 - t2), sum / (double)n);
        free(x);
        free(out);
        kith_churn_close(c);
        kith_store_close(st);
        return 0;
    }
    return 1;
}
