/* bench/segments.sh's driver: k-means (kith_kmeans) of a matrix stored as
 * raw little-endian float64, n x d row-major, with the timing of the call
 * alone. Prints one JSON line: {"inertia", "seconds", "iterations",
 * "start"}.
 *   kith_bench_kmeans FILE N D K RESTARTS SEED THREADS */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kith/segments.h"

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: %s FILE N D K RESTARTS SEED THREADS\n", argv[0]);
        return 1;
    }
    size_t n = strtoull(argv[2], NULL, 10), d = strtoull(argv[3], NULL, 10);
    kith_kmeans_opts o = {0};
    o.k = atoi(argv[4]);
    o.restarts = atoi(argv[5]);
    o.seed = strtoull(argv[6], NULL, 10);
    o.threads = atoi(argv[7]);
    double *x = malloc(n * d * sizeof *x);
    FILE *f = fopen(argv[1], "rb");
    if (!x || !f || fread(x, sizeof *x, n * d, f) != n * d) {
        fprintf(stderr, "%s: cannot read %zu x %zu doubles\n", argv[1], n, d);
        return 1;
    }
    fclose(f);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    kith_kmeans_result r;
    kith_error err;
    kith_error_clear(&err);
    if (kith_kmeans(x, n, d, &o, &r, &err) != KITH_OK) {
        fprintf(stderr, "kith_kmeans: %s\n", err.msg);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("{\"inertia\": %.17g, \"seconds\": %.3f, \"iterations\": %d, \"start\": %d}\n",
           r.inertia, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
           r.iterations, r.start);
    kith_kmeans_result_free(&r);
    free(x);
    return 0;
}
