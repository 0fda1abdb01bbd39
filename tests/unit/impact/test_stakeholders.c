/* The stakeholder map: the grid quadrants and the salience classes of
 * Mitchell, Agle & Wood (1997) for every combination of attributes;
 * add/set/remove with their refusals; and the interest suggested for a
 * member kind from engagement, checked against hand-computed shares, love
 * and VADER scores of the same texts. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static void test_classes(void **state)
{
    (void)state;
    /* Mendelow's grid, high = 5 or more. */
    assert_string_equal(kith_stakeholder_quadrant(5, 5), "manage closely");
    assert_string_equal(kith_stakeholder_quadrant(9, 1), "keep satisfied");
    assert_string_equal(kith_stakeholder_quadrant(4.99, 10), "keep informed");
    assert_string_equal(kith_stakeholder_quadrant(0, 4.9), "monitor");
    /* Mitchell, Agle & Wood (1997), Figure 2: one attribute latent
     * (dormant P, discretionary L, demanding U), two expectant (dominant
     * P+L, dangerous P+U, dependent L+U), three definitive. */
    assert_string_equal(kith_stakeholder_salience(0, 0, 0), "non-stakeholder");
    assert_string_equal(kith_stakeholder_salience(1, 0, 0), "dormant");
    assert_string_equal(kith_stakeholder_salience(0, 1, 0), "discretionary");
    assert_string_equal(kith_stakeholder_salience(0, 0, 1), "demanding");
    assert_string_equal(kith_stakeholder_salience(1, 1, 0), "dominant");
    assert_string_equal(kith_stakeholder_salience(1, 0, 1), "dangerous");
    assert_string_equal(kith_stakeholder_salience(0, 1, 1), "dependent");
    assert_string_equal(kith_stakeholder_salience(1, 1, 1), "definitive");
}

static json_t *groups(kith_store *st, int64_t org, int64_t as_of, const char *lexicon)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = as_of;
    o.lexicon = lexicon;
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholders_json(st, org, &o, &text, &err), KITH_OK);
    json_t *root = json_loads(text, 0, NULL);
    assert_non_null(root);
    free(text);
    return root;
}

static json_t *group(json_t *root, const char *name)
{
    size_t i;
    json_t *g;
    json_array_foreach (json_object_get(root, "groups"), i, g)
        if (!strcmp(json_string_value(json_object_get(g, "group")), name))
            return g;
    fail_msg("no group %s", name);
    return NULL;
}

/* The database's revision (kith serve's cache follows it). */
static int64_t revision(kith_store *st)
{
    int64_t r = -1;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_revision(st, &r, &err), KITH_OK);
    return r;
}

static void test_add_set_remove(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_error err;
    kith_error_clear(&err);
    kith_stakeholder_text t = {"Local council", "8", "3", "yes", "no", NULL, "licences"};
    /* Each change counts once in the revision; a refused one not. */
    int64_t r0 = revision(st);
    assert_int_equal(kith_stakeholder_add(st, org, &t, &err), KITH_OK);
    assert_int_equal(revision(st), r0 + 1);
    /* The same group again (any case) is refused. */
    t.group = "LOCAL COUNCIL";
    assert_int_equal(kith_stakeholder_add(st, org, &t, &err), KITH_ESTATE);
    assert_int_equal(revision(st), r0 + 1);
    static const kith_stakeholder_text bad[] = {
        {"G", "11", NULL, NULL, NULL, NULL, NULL},
        {"G", "-1", NULL, NULL, NULL, NULL, NULL},
        {"G", "x", NULL, NULL, NULL, NULL, NULL},
        {"G", "5", "10.5", NULL, NULL, NULL, NULL},
        {"G", "5", NULL, "maybe", NULL, NULL, NULL},
        {"G", "5", NULL, NULL, "2", NULL, NULL},
        {"G", "5", NULL, NULL, NULL, "aliens", NULL},
        {"G", NULL, "5", NULL, NULL, NULL, NULL},
        {"", "5", NULL, NULL, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kith_error_clear(&err);
        assert_int_equal(kith_stakeholder_add(st, org, &bad[i], &err), KITH_EINPUT);
    }
    /* A kind is guessed from the name when not given. */
    kith_stakeholder_text c = {"Our customers", "6", NULL, "yes", NULL, NULL, NULL};
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholder_add(st, org, &c, &err), KITH_OK);
    json_t *root = groups(st, org, 0, "/nonexistent/lexicon.txt");
    json_t *g = group(root, "Local council");
    assert_string_equal(json_string_value(json_object_get(g, "quadrant")),
                        "keep satisfied");
    assert_string_equal(json_string_value(json_object_get(g, "salience")), "dominant");
    g = group(root, "Our customers");
    assert_string_equal(json_string_value(json_object_get(g, "kind")), "customer");
    /* Interest not decided: no quadrant yet. */
    assert_true(json_is_null(json_object_get(g, "quadrant")));
    json_decref(root);
    /* set changes only what it is given. */
    kith_stakeholder_text s = {"local council", NULL, "7", NULL, "yes", NULL, NULL};
    kith_error_clear(&err);
    r0 = revision(st);
    assert_int_equal(kith_stakeholder_set(st, org, &s, &err), KITH_OK);
    assert_int_equal(revision(st), r0 + 1);
    root = groups(st, org, 0, "/nonexistent/lexicon.txt");
    g = group(root, "Local council");
    assert_true(json_number_value(json_object_get(g, "power")) == 8);
    assert_true(json_number_value(json_object_get(g, "interest")) == 7);
    assert_string_equal(json_string_value(json_object_get(g, "quadrant")),
                        "manage closely");
    assert_string_equal(json_string_value(json_object_get(g, "salience")), "definitive");
    assert_string_equal(json_string_value(json_object_get(g, "notes")), "licences");
    json_decref(root);
    s.group = "Nobody";
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholder_set(st, org, &s, &err), KITH_ENOTFOUND);
    assert_int_equal(revision(st), r0 + 1);
    assert_int_equal(kith_stakeholder_remove(st, org, "LOCAL council", &err), KITH_OK);
    assert_int_equal(revision(st), r0 + 2);
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholder_remove(st, org, "Local council", &err),
                     KITH_ENOTFOUND);
    assert_int_equal(revision(st), r0 + 2);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM stakeholder"), 1);
    char *svg = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholders_render(st, org, NULL, KITH_IMPACT_SVG, &svg, &err),
                     KITH_OK);
    assert_non_null(strstr(svg, "<svg id=\"chart-stakeholders\""));
    assert_non_null(strstr(svg, "manage closely"));
    free(svg);
    kith_store_close(st);
}

/* Four customers; as_of 2025-06-30, P the 365 days before it. a and b
 * have a community activity 90 days before as_of (a post worth 3, an event
 * worth 5, at half weight after one half-life); c only buys; d posted 400
 * days before as_of (outside P). Share active a = 2/4 = 0.5. Mean love at
 * as_of = (3 x 0.5 + 5 x 0.5 + 0 + 3 x 0.5^(400/90)) / 4 = 1.0344478;
 * e = 1.0344478 / 10 (the participant score). Without sentiment the
 * suggestion is 10 x (a + e) / 2 = 3.0172 -> 3.0. With the lexicon, s is
 * the mean |compound| of the two posts' texts in P (only a's is in P),
 * scored here through the sentiment API. */
static void test_suggestion(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    kith_import_result res;
    kith_error err;
    tu_import_text(st, org, dir, "members", "m.csv",
                   "email,kinds\na@x.org,customer\nb@x.org,customer\nc@x.org,customer\n"
                   "d@x.org,customer\ne@x.org,employee\n",
                   &res);
    const char *text_a = "I love the sourdough and the wonderful bakers!";
    char acts[1024];
    snprintf(acts, sizeof acts,
             "type,occurred_at,email,value,text\n"
             "post,2025-04-01T00:00Z,a@x.org,,%s\n"
             "event_attend,2025-04-01T00:00Z,b@x.org,,\n"
             "purchase,2025-05-01T00:00Z,c@x.org,12,\n"
             "post,2024-05-26T00:00Z,d@x.org,,Terrible awful day\n"
             "post,2025-04-01T00:00Z,e@x.org,,Hello\n",
             text_a);
    tu_import_text(st, org, dir, "activities", "a.csv", acts, &res);
    kith_stakeholder_text c = {"Customers", "6", NULL, "yes", "no", "customer", NULL};
    kith_error_clear(&err);
    assert_int_equal(kith_stakeholder_add(st, org, &c, &err), KITH_OK);
    int64_t as_of = 1751241600; /* 2025-06-30T00:00Z */
    /* 2025-04-01 is 90 days before as_of; 2024-05-26 is 400. */
    json_t *root = groups(st, org, as_of, "/nonexistent/lexicon.txt");
    json_t *g = group(root, "Customers"), *s = json_object_get(g, "suggestion");
    double love = (1.5 + 2.5 + 3 * pow(0.5, 400.0 / 90)) / 4;
    assert_true(json_integer_value(json_object_get(s, "members")) == 4);
    assert_true(fabs(json_number_value(json_object_get(s, "share_active")) - 0.5) <
                1e-12);
    assert_true(fabs(json_number_value(json_object_get(s, "mean_engagement")) - love) <
                1e-9);
    assert_true(json_is_null(json_object_get(s, "mean_sentiment")));
    assert_true(json_number_value(json_object_get(g, "suggested_interest")) ==
                round(100 * (0.5 + love / 10) / 2) / 10);
    assert_non_null(strstr(json_string_value(json_object_get(s, "how")), "(a + e) / 2"));
    json_decref(root);

    /* With the VADER lexicon (installed by scripts/setup.sh). */
    const char *lex = kith_sentiment_default_lexicon();
    if (access(lex, R_OK) != 0) {
        kith_store_close(st);
        skip();
    }
    kith_sentiment *vs = NULL;
    kith_sentiment_scores sc;
    kith_error_clear(&err);
    assert_int_equal(kith_sentiment_open(lex, &vs, &err), KITH_OK);
    assert_int_equal(kith_sentiment_score(vs, text_a, strlen(text_a), &sc, &err),
                     KITH_OK);
    kith_sentiment_close(vs);
    root = groups(st, org, as_of, NULL);
    g = group(root, "Customers");
    s = json_object_get(g, "suggestion");
    double strength = fabs(sc.compound);
    assert_true(fabs(json_number_value(json_object_get(s, "sentiment_strength")) -
                     strength) < 1e-12);
    assert_true(fabs(json_number_value(json_object_get(s, "mean_sentiment")) -
                     sc.compound) < 1e-12);
    assert_true(json_number_value(json_object_get(g, "suggested_interest")) ==
                round(100 * (0.5 + love / 10 + strength) / 3) / 10);
    json_decref(root);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_add_set_remove),
        cmocka_unit_test(test_suggestion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
