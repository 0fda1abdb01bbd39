/* Brand sentiment and the sentiment alert on a hand-built dataset
 * (tests/fixtures/metrics/sentiment) scored with the two-word lexicon
 * tests/fixtures/sentiment/mini_lexicon.txt (nice 2.0, awful -3.0), so
 * every score is worked out by hand: VADER's compound of a sum x is
 * x / sqrt(x^2 + 15), rounded to 4 decimals:
 *   "nice"      2 / sqrt(19) = 0.4588
 *   "nice nice" 4 / sqrt(31) = 0.7184
 *   "awful"    -3 / sqrt(24) = -0.6124
 *   "plain words": no lexicon word -> unscored.
 * Not texts: the reaction s5 and the purchase s6 (not text types), s7 (no
 * text); Tea's post w2t is left out (flagged team).
 *
 * Weeks (Monday 00:00 UTC), Ann / Bob:
 *   W1 2024-01-01: s1 nice (forum), s2 nice (forum), s3 awful (shop),
 *                  s4 plain words (forum) -> 4 texts, 3 scored, 1 unscored
 *   W2 2024-01-08: w2a nice, w2b nice (w2a at 00:00:00 belongs to W2)
 *   W3 2024-01-15: w3a nice nice, w3b nice
 *   W4 2024-01-22: w4a awful, w4b awful (Sunday 23:00)
 *   W5 2024-01-29: w5a awful
 * as_of = 2024-02-05, so the series has exactly these 5 weeks.
 *
 * P = [2024-01-01, 2024-01-15) = W1 + W2: 6 texts, 5 scored (4 x 0.4588,
 * -0.6124): mean (1.8352 - 0.6124) / 5 = 0.24456; positive 4/5, negative
 * 1/5, net 3/5. Channel shop in P: only s3: mean -0.6124, negative 1.
 *
 * Alert with alert_window = 3, sentiment_min_n = 2, alert_z = 1.0: each
 * week against the scored texts of the 3 weeks before it, pooled.
 *   W1: nothing before -> z n/a.
 *   W2: base = W1 (0.4588, 0.4588, -0.6124): mean 0.3052/3 =
 *       0.10173333, sd sqrt(((0.35706667)^2 * 2 + (0.71413333)^2) / 2) =
 *       0.61845761; W2 mean 0.4588 -> z = +0.57735027.
 *   W3: base W1+W2, 5 texts: mean 1.2228/5 = 0.24456, sd 0.47905520;
 *       W3 mean 0.5886 -> z = +0.71816358.
 *   W4: base W1..W3, 7 texts: mean (5 x 0.4588 + 0.7184 - 0.6124) / 7 =
 *       2.4 / 7 = 0.34285714, sd 0.43219640; W4 mean -0.6124 ->
 *       z = -0.9552571 / 0.4321964 = -2.21023854 < -1: ALERT.
 *   W5: base W2..W4, 6 texts: mean 0.87 / 6 = 0.145, sd 0.59523246; W5
 *       mean -0.6124 -> z = -1.27244405 < -1 but only 1 scored text
 *       (< sentiment_min_n 2): no alert.
 * (The standard deviations are the sample ones, sqrt(sum (x - mean)^2 /
 * (n - 1)); e.g. W4: deviations 0.11594286 (x5), 0.37554286,
 * -0.95525714: sum of squares 0.06721374 + 0.14103244 + 0.91251620 =
 * 1.12076238... / 6 = 0.18679373 -> 0.43219640.) */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/metrics.h"

static kith_store *st;
static kith_metrics *m;
static int64_t org;
static char dbpath[512];

#define CLOSE(a, b) assert_true(fabs((a) - (b)) <= 1e-7)

static int64_t t(const char *s)
{
    int64_t v;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time("--test", s, &v, &err), KITH_OK);
    return v;
}

static void import(const char *fmt)
{
    char rel[128], path[512];
    snprintf(rel, sizeof rel, "metrics/sentiment/%s.csv", fmt);
    tu_fixture(rel, path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, fmt, path, NULL, &res, &err), KITH_OK);
}

static int setup(void **state)
{
    (void)state;
    char lex[512];
    st = tu_store_new(dbpath, sizeof dbpath, &org);
    import("members");
    import("activities");
    kith_error err;
    kith_error_clear(&err);
    const char *cfg[][2] = {{"min_n", "1"},
                            {"alert_window", "3"},
                            {"sentiment_min_n", "2"},
                            {"alert_z", "1.0"}};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(kith_config_set(st, org, cfg[i][0], cfg[i][1], &err), KITH_OK);
    tu_fixture("sentiment/mini_lexicon.txt", lex, sizeof lex);
    /* Through the config key, as a user would set it. */
    assert_int_equal(kith_config_set(st, org, "sentiment.lexicon", lex, &err), KITH_OK);
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = t("2024-02-05");
    assert_int_equal(kith_metrics_open(st, org, &mo, &m, &err), KITH_OK);
    assert_false(kith_metrics_has_texts(m));
    assert_int_equal(kith_metrics_load_texts(m, st, org, NULL, &err), KITH_OK);
    assert_true(kith_metrics_has_texts(m));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_metrics_close(m);
    kith_store_close(st);
    return 0;
}

static int channel(const char *name)
{
    for (int c = 0; c < kith_metrics_nchannels(m); c++)
        if (!strcmp(kith_metrics_channel_name(m, c), name))
            return c;
    fail_msg("no channel %s", name);
    return -1;
}

static void test_window(void **state)
{
    (void)state;
    kith_window p = {t("2024-01-01"), t("2024-01-15")};
    kith_sentiment_stats s = kith_metric_sentiment(m, p, -1);
    assert_int_equal(s.texts, 6);
    assert_int_equal(s.scored, 5);
    assert_int_equal(s.unscored, 1);
    assert_true(s.mean.ok);
    CLOSE(s.mean.v, 0.24456);
    assert_int_equal(s.mean.n, 5);
    CLOSE(s.positive.v, 0.8);
    CLOSE(s.negative.v, 0.2);
    CLOSE(s.net.v, 0.6);

    s = kith_metric_sentiment(m, p, channel("shop"));
    assert_int_equal(s.texts, 1);
    CLOSE(s.mean.v, -0.6124);
    CLOSE(s.positive.v, 0);
    CLOSE(s.negative.v, 1);
    CLOSE(s.net.v, -1);
    s = kith_metric_sentiment(m, p, channel("forum"));
    assert_int_equal(s.texts, 5);
    assert_int_equal(s.unscored, 1);
    CLOSE(s.mean.v, 0.4588);
}

static void test_na(void **state)
{
    (void)state;
    /* A week with no text at all: n/a with a reason, never 0. */
    kith_window p = {t("2023-06-01"), t("2023-06-08")};
    kith_sentiment_stats s = kith_metric_sentiment(m, p, -1);
    assert_int_equal(s.texts, 0);
    assert_false(s.mean.ok);
    assert_false(s.net.ok);
    assert_non_null(strstr(s.mean.why, "scored texts"));
}

static void test_weekly_alert(void **state)
{
    (void)state;
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_metric_sentiment_series(m, KITH_BY_WEEK, -1, &per, &n, &err),
                     KITH_OK);
    assert_int_equal(n, 5);
    const char *mondays[] = {"2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
                             "2024-01-29"};
    const int64_t texts[] = {4, 2, 2, 2, 1}, scored[] = {3, 2, 2, 2, 1};
    const double mean[] = {0.3052 / 3, 0.4588, 0.5886, -0.6124, -0.6124};
    for (size_t i = 0; i < n; i++) {
        assert_true(per[i].w.from == t(mondays[i]));
        assert_true(per[i].w.to == per[i].w.from + 7 * 86400);
        assert_int_equal(per[i].s.texts, texts[i]);
        assert_int_equal(per[i].s.scored, scored[i]);
        CLOSE(per[i].s.mean.v, mean[i]);
    }
    assert_false(per[0].z.ok);
    assert_int_equal(per[0].baseline_periods, 0);
    /* Scored texts pooled in each baseline: W1 none (no baseline), W2 the
     * 3 of W1, W3 3 + 2, W4 3 + 2 + 2, W5 W2..W4 = 2 + 2 + 2. */
    const int64_t bscored[] = {0, 3, 5, 7, 6};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(per[i].baseline_scored, bscored[i]);
        assert_int_equal(per[i].baseline_ok, i > 0);
    }
    const double bmean[] = {0, 0.3052 / 3, 0.24456, 2.4 / 7, 0.145};
    const double bsd[] = {0, 0.6184576083559271, 0.47905520349955494, 0.4321964015627728,
                          0.5952324587923613};
    const double z[] = {0, 0.5773502691896258, 0.718163580077509, -2.2102385383197136,
                        -1.272444049063878};
    const int periods[] = {0, 1, 2, 3, 3};
    for (size_t i = 1; i < n; i++) {
        assert_true(per[i].z.ok);
        CLOSE(per[i].baseline_mean, bmean[i]);
        CLOSE(per[i].baseline_sd, bsd[i]);
        CLOSE(per[i].z.v, z[i]);
        assert_int_equal(per[i].baseline_periods, periods[i]);
    }
    const int alert[] = {0, 0, 0, 1, 0}; /* W5 is low but has 1 text < 2 */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(per[i].alert, alert[i]);
    free(per);

    /* Channel shop: only W1 has a text; one period. */
    assert_int_equal(
        kith_metric_sentiment_series(m, KITH_BY_WEEK, channel("shop"), &per, &n, &err),
        KITH_OK);
    assert_int_equal(n, 5); /* from W1 to the week of as_of */
    assert_int_equal(per[0].s.texts, 1);
    for (size_t i = 1; i < n; i++)
        assert_int_equal(per[i].s.texts, 0);
    free(per);
}

static void test_monthly(void **state)
{
    (void)state;
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_metric_sentiment_series(m, KITH_BY_MONTH, -1, &per, &n, &err),
                     KITH_OK);
    /* January 2024 and February 2024 (as_of 2024-02-05: the month holding
     * 2024-02-04 is February, with no text). January: 11 texts, 10 scored:
     * nice x 5 (s1 s2 w2a w2b w3b), nice nice (w3a), awful x 4 (s3 w4a w4b
     * w5a): 2.294 + 0.7184 - 2.4496 = 0.5628. */
    assert_int_equal(n, 2);
    assert_true(per[0].w.from == t("2024-01-01"));
    assert_true(per[0].w.to == t("2024-02-01"));
    assert_true(per[1].w.to == t("2024-03-01"));
    assert_int_equal(per[0].s.texts, 11);
    assert_int_equal(per[0].s.scored, 10);
    CLOSE(per[0].s.mean.v, 0.5628 / 10);
    assert_int_equal(per[1].s.texts, 0);
    assert_false(per[1].s.mean.ok);
    free(per);
}

static void test_member_texts(void **state)
{
    (void)state;
    kith_member_text *tx = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    /* Ann's texts, newest first, at most 3: w5a, w4a, w3a. */
    int64_t ann = tu_sql_int(dbpath, "SELECT id FROM member WHERE display_name='Ann'");
    assert_int_equal(kith_member_texts(st, org, ann, 3, NULL, &tx, &n, &err), KITH_OK);
    assert_int_equal(n, 3);
    assert_string_equal(tx[0].text, "awful");
    assert_string_equal(tx[1].text, "awful");
    assert_string_equal(tx[2].text, "nice nice");
    assert_string_equal(tx[2].type, "idea");
    assert_string_equal(tx[2].channel, "forum");
    assert_true(tx[2].scored);
    CLOSE(tx[2].compound, 0.7184);
    CLOSE(tx[0].compound, -0.6124);
    CLOSE(tx[0].neg, 1.0);
    kith_member_texts_free(tx, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),       cmocka_unit_test(test_na),
        cmocka_unit_test(test_weekly_alert), cmocka_unit_test(test_monthly),
        cmocka_unit_test(test_member_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
