/* Rising topics on a hand-made fixture (tests/fixtures/topics), channel
 * forum, P = [2024-01-08, 2024-01-15), P-1 = [2024-01-01, 2024-01-08).
 *
 * Texts and their terms (stopwords the/is dropped; Snowball: lovely ->
 * love, ovens -> oven; bigrams of adjacent kept words within a sentence):
 *   P-1 q1 "The bread is lovely!"   bread, love, "bread love"
 *       q2 "Bread lovely"           bread, love, "bread love"
 *   P   p1 "The oven is broken."    oven, broken, "oven broken"
 *       p2 "OVENS broken; bread"    oven, broken, "oven broken", bread
 *                                   (";" ends the sentence: no bigram)
 *       p3 "@ada_crumb lovely bread https://x.org/oven-2024 42"
 *                                   love, bread, "love bread" (the mention,
 *                                   the URL and the number are dropped)
 * Not counted: p4 (a reaction), t1 (Tea is flagged team), s1 (channel shop).
 *
 * N = 5 texts; idf = ln((1 + N) / (1 + df)) + 1: bread (df 4) 1.18232156,
 * love (3) 1.40546511, df 2 terms 1.69314718, "love bread" (1) 2.09861229.
 * Weights tf x idf. P-1 total = 2(1.18232156 + 1.40546511 + 1.69314718) =
 * 8.56186769. P total = 2 x 1.18232156 + 1.40546511 + 3 x 2 x 1.69314718 +
 * 2.09861229 = 16.02760359.
 * Shares in P: oven = broken = "oven broken" = 3.38629436 / 16.02760359 =
 * 0.21127889 (0 before: rise 0.21127889); "love bread" 2.09861229 / ... =
 * 0.13093737 (1 text); bread 0.14753566 (was 0.27618309: fell); love
 * 0.08769028 (was 0.32830807: fell); "bread love" 0 (fell).
 * With min_docs 2: broken, oven, "oven broken" (equal rise and share:
 * ordered by key). With min_docs 1 "love bread" follows. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/topics.h"

static kith_store *st;
static int64_t org;

#define CLOSE(a, b) assert_true(fabs((a) - (b)) <= 1e-8)

static int64_t t(const char *s)
{
    int64_t v;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time("--test", s, &v, &err), KITH_OK);
    return v;
}

static int setup(void **state)
{
    (void)state;
    char db[512], path[512];
    st = tu_store_new(db, sizeof db, &org);
    const char *fmts[] = {"members", "activities"};
    for (int i = 0; i < 2; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "topics/%s.csv", fmts[i]);
        tu_fixture(rel, path, sizeof path);
        kith_import_result res;
        kith_error err;
        assert_int_equal(tu_import(st, org, fmts[i], path, NULL, &res, &err), KITH_OK);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_store_close(st);
    return 0;
}

static kith_topics_opts opts(const char *channel, int64_t min_docs)
{
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    o.from = t("2024-01-08");
    o.to = t("2024-01-15");
    o.channel = channel;
    o.min_docs = min_docs;
    return o;
}

static void test_forum(void **state)
{
    (void)state;
    kith_topics_opts o = opts("forum", 0);
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats s;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_topics_rising(st, org, &o, &k, &n, &s, &err), KITH_OK);
    assert_int_equal(s.texts, 3);
    assert_int_equal(s.prev_texts, 2);
    assert_int_equal(n, 3);
    const char *keys[] = {"broken", "oven", "oven broken"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(k[i].key, keys[i]);
        CLOSE(k[i].share, 0.21127889402292852);
        CLOSE(k[i].prev_share, 0);
        CLOSE(k[i].rise, 0.21127889402292852);
        assert_int_equal(k[i].docs, 2);
        assert_int_equal(k[i].prev_docs, 0);
    }
    assert_false(k[0].bigram);
    assert_true(k[2].bigram);
    /* Shown as first written in P; examples newest first. */
    assert_string_equal(k[1].display, "oven");
    assert_string_equal(k[2].display, "oven broken");
    assert_string_equal(k[1].examples[0], "OVENS broken; bread");
    assert_string_equal(k[1].examples[1], "The oven is broken.");
    kith_topics_free(k, n);

    o = opts("forum", 1);
    assert_int_equal(kith_topics_rising(st, org, &o, &k, &n, &s, &err), KITH_OK);
    assert_int_equal(n, 4);
    assert_string_equal(k[3].key, "love bread");
    assert_string_equal(k[3].display, "lovely bread");
    CLOSE(k[3].share, 0.1309373716660856);
    assert_int_equal(k[3].docs, 1);
    assert_non_null(strstr(k[3].examples[0], "@ada_crumb"));
    assert_null(k[3].examples[1]);
    kith_topics_free(k, n);
}

static void test_filters(void **state)
{
    (void)state;
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats s;
    kith_error err;
    kith_error_clear(&err);
    /* Every channel: the shop review "queue" is a text of P too. */
    kith_topics_opts o = opts(NULL, 1);
    assert_int_equal(kith_topics_rising(st, org, &o, &k, &n, &s, &err), KITH_OK);
    assert_int_equal(s.texts, 4);
    int queue = 0;
    for (size_t i = 0; i < n; i++) {
        queue |= !strcmp(k[i].key, "queue"); /* Porter2: R1 is empty, e stays */
        if (!strcmp(k[i].key, "oven"))
            assert_int_equal(k[i].docs, 2); /* Tea's t1 is left out */
    }
    assert_true(queue);
    kith_topics_free(k, n);
    /* --include-team: t1 counts (oven in 3 texts). */
    o.include_team = 1;
    assert_int_equal(kith_topics_rising(st, org, &o, &k, &n, &s, &err), KITH_OK);
    assert_int_equal(s.texts, 5);
    assert_string_equal(k[0].key, "oven");
    assert_int_equal(k[0].docs, 3);
    kith_topics_free(k, n);
    /* An empty window is a usage error. */
    o.to = o.from;
    assert_int_equal(kith_topics_rising(st, org, &o, &k, &n, &s, &err), KITH_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forum),
        cmocka_unit_test(test_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
