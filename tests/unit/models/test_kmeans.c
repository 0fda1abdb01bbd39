/* k-means, silhouette and standardisation on small matrices whose answers
 * are worked out by hand below (src/models/kmeans.c). The comparison with
 * scikit-learn on real-sized data is tests/cli/segments_reference.sh. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "kith/segments.h"

/* Two squares of side 1, far apart: rows 0-3 at (0,0) (0,1) (1,0) (1,1),
 * rows 4-7 the same shifted by (10,10). The best 2-clustering is the two
 * squares: centres (0.5, 0.5) and (10.5, 10.5); every row is 0.5^2 + 0.5^2
 * = 0.5 from its centre, inertia 8 x 0.5 = 4. Equal sizes: the cluster of
 * row 0 is numbered first. */
static const double squares[16] = {0,  0,  0,  1,  1,  0,  1,  1,
                                   10, 10, 10, 11, 11, 10, 11, 11};

static void test_two_squares(void **state)
{
    (void)state;
    kith_kmeans_opts o;
    memset(&o, 0, sizeof o);
    o.k = 2;
    kith_kmeans_result r;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_kmeans(squares, 8, 2, &o, &r, &err), KITH_OK);
    assert_true(fabs(r.inertia - 4.0) < 1e-12);
    for (int i = 0; i < 8; i++)
        assert_int_equal(r.labels[i], i < 4 ? 0 : 1);
    assert_true(fabs(r.centres[0] - 0.5) < 1e-12 && fabs(r.centres[1] - 0.5) < 1e-12);
    assert_true(fabs(r.centres[2] - 10.5) < 1e-12 && fabs(r.centres[3] - 10.5) < 1e-12);
    assert_int_equal(r.sizes[0], 4);
    assert_int_equal(r.sizes[1], 4);
    kith_kmeans_result_free(&r);
}

/* Three blobs of different sizes on a line: 5 rows near 0, 3 near 100, 2
 * near 50; clusters are numbered by size, largest first. Rows: 0 1 2 3 4
 * | 100 101 102 | 50 51. Inertia: blob 0..4 around 2: 4+1+0+1+4 = 10;
 * 100..102 around 101: 2; 50, 51 around 50.5: 0.5; total 12.5. */
static void test_size_order(void **state)
{
    (void)state;
    const double x[10] = {0, 1, 2, 3, 4, 100, 101, 102, 50, 51};
    kith_kmeans_opts o;
    memset(&o, 0, sizeof o);
    o.k = 3;
    kith_kmeans_result r;
    assert_int_equal(kith_kmeans(x, 10, 1, &o, &r, NULL), KITH_OK);
    assert_true(fabs(r.inertia - 12.5) < 1e-9);
    const int want[10] = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2};
    for (int i = 0; i < 10; i++)
        assert_int_equal(r.labels[i], want[i]);
    assert_true(fabs(r.centres[0] - 2) < 1e-12 && fabs(r.centres[1] - 101) < 1e-12 &&
                fabs(r.centres[2] - 50.5) < 1e-12);
    kith_kmeans_result_free(&r);
}

/* The same seed gives the same clustering, whatever the number of
 * threads; another seed may pick other starts but not a worse optimum
 * here. The data: 600 rows in 3 dimensions from a fixed LCG, not
 * clustered, so that the starts matter. */
static void test_reproducible(void **state)
{
    (void)state;
    enum { N = 600, D = 3 };
    static double x[N * D];
    uint64_t s = 12345;
    for (int i = 0; i < N * D; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = (double)(s >> 11) / 9007199254740992.0;
    }
    kith_kmeans_opts o;
    memset(&o, 0, sizeof o);
    o.k = 5;
    o.seed = 7;
    o.threads = 1;
    kith_kmeans_result a, b, c;
    assert_int_equal(kith_kmeans(x, N, D, &o, &a, NULL), KITH_OK);
    o.threads = 2;
    assert_int_equal(kith_kmeans(x, N, D, &o, &b, NULL), KITH_OK);
    o.threads = 3;
    o.restarts = 7;
    assert_int_equal(kith_kmeans(x, N, D, &o, &c, NULL), KITH_OK);
    assert_true(a.inertia == b.inertia);
    assert_int_equal(a.start, b.start);
    assert_memory_equal(a.labels, b.labels, N * sizeof(int32_t));
    assert_memory_equal(a.centres, b.centres, 5 * D * sizeof(double));
    /* Sizes add up, and the inertia is the sum of the squared distances. */
    int64_t tot = 0;
    double in = 0;
    for (int k = 0; k < 5; k++)
        tot += a.sizes[k];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < D; j++) {
            double t = x[i * D + j] - a.centres[a.labels[i] * D + j];
            in += t * t;
        }
    assert_int_equal(tot, N);
    assert_true(fabs(in - a.inertia) < 1e-9 * in);
    kith_kmeans_result_free(&a);
    kith_kmeans_result_free(&b);
    kith_kmeans_result_free(&c);
}

static void expect_input(const double *x, size_t n, size_t d, int k, const char *msg)
{
    kith_kmeans_opts o;
    memset(&o, 0, sizeof o);
    o.k = k;
    kith_kmeans_result r;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_kmeans(x, n, d, &o, &r, &err), KITH_EINPUT);
    if (!strstr(err.msg, msg))
        fail_msg("k = %d: message '%s' lacks '%s'", k, err.msg, msg);
    assert_null(r.labels);
}

static void test_bad_input(void **state)
{
    (void)state;
    expect_input(squares, 8, 2, 1, "at least 2");
    expect_input(squares, 8, 2, 0, "at least 2");
    expect_input(squares, 8, 2, -3, "at least 2");
    expect_input(squares, 8, 2, 9, "more than the 8 rows");
    expect_input(squares, 8, 0, 2, "no features");
    const double same[8] = {1, 2, 1, 2, 1, 2, 3, 3};
    expect_input(same, 4, 2, 3, "fewer than k = 3 distinct rows");
    double bad[16];
    memcpy(bad, squares, sizeof bad);
    bad[5] = NAN;
    expect_input(bad, 8, 2, 2, "row 3, feature 2 is not a finite number");
    bad[5] = INFINITY;
    expect_input(bad, 8, 2, 2, "not a finite number");
}

/* Silhouette of 0, 1 | 10, 11: row 0: a = 1, b = (10 + 11)/2 = 10.5,
 * s = 9.5/10.5; row 1: a = 1, b = (9 + 10)/2 = 9.5, s = 8.5/9.5; rows 10,
 * 11 mirror them. Mean = (9.5/10.5 + 8.5/9.5) / 2. A row alone scores 0:
 * 0 | 1 | 10, 11 gives rows 0, 1 zero; row 10: a = 1, b = the nearer
 * cluster {1} at 9, s = 8/9; row 11: a = 1, b = min(11, 10) = 10, s = 9/10
 * -> (8/9 + 9/10) / 4 (scikit-learn's silhouette_score gives the same). */
static void test_silhouette(void **state)
{
    (void)state;
    const double x[4] = {0, 1, 10, 11};
    const int32_t l2[4] = {0, 0, 1, 1}, l3[4] = {0, 1, 2, 2};
    double s;
    assert_int_equal(kith_silhouette(x, 4, 1, l2, 2, &s, NULL), KITH_OK);
    assert_true(fabs(s - (9.5 / 10.5 + 8.5 / 9.5) / 2) < 1e-12);
    assert_int_equal(kith_silhouette(x, 4, 1, l3, 3, &s, NULL), KITH_OK);
    assert_true(fabs(s - (8.0 / 9 + 9.0 / 10) / 4) < 1e-12);
    kith_error err;
    kith_error_clear(&err);
    const int32_t one[4] = {0, 0, 0, 0};
    assert_int_equal(kith_silhouette(x, 4, 1, one, 2, &s, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "one cluster"));
    kith_error_clear(&err);
    assert_int_equal(kith_silhouette(x, 4, 1, l2, 4, &s, &err), KITH_EINPUT);
    kith_error_clear(&err);
    const int32_t bad[4] = {0, 0, 2, 1};
    assert_int_equal(kith_silhouette(x, 4, 1, bad, 2, &s, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "row 3 has label 2"));
}

/* Column 0: 1 2 3 -> mean 2, population sd sqrt(2/3) = 0.816497, z = -+
 * 1.224745; column 1: 10 10 40 -> mean 20, sd sqrt(200) = 14.142136, z =
 * -0.707107 -0.707107 1.414214. A constant column is refused, naming it,
 * and nothing is changed. */
static void test_standardise(void **state)
{
    (void)state;
    double x[6] = {1, 10, 2, 10, 3, 40}, mean[2], sd[2];
    assert_int_equal(kith_standardise(x, 3, 2, mean, sd, NULL), KITH_OK);
    assert_true(fabs(mean[0] - 2) < 1e-12 && fabs(sd[0] - sqrt(2.0 / 3)) < 1e-12);
    assert_true(fabs(mean[1] - 20) < 1e-12 && fabs(sd[1] - sqrt(200.0)) < 1e-12);
    assert_true(fabs(x[0] + 1.224745) < 1e-6 && fabs(x[4] - 1.224745) < 1e-6);
    assert_true(fabs(x[1] + 0.707107) < 1e-6 && fabs(x[5] - 1.414214) < 1e-6);
    double c[6] = {1, 5, 2, 5, 3, 5};
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_standardise(c, 3, 2, NULL, NULL, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "column 1 is the same in every row"));
    assert_true(c[0] == 1 && c[2] == 2);
    kith_error_clear(&err);
    assert_int_equal(kith_standardise(c, 1, 2, NULL, NULL, &err), KITH_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_squares),  cmocka_unit_test(test_size_order),
        cmocka_unit_test(test_reproducible), cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_silhouette),   cmocka_unit_test(test_standardise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
