/* The network through the public API on a store: kith_graph_json gives
 * exactly the bytes `kith graph --format json` prints; the member profile
 * JSON (in the graph, without ties, unknown member); introductions
 * (kith_match_member, kith_match_newcomers) worked out by hand.
 *
 * Members (tags = interests + expertise, lowercased): ann {rye,
 * sourdough}; bob {sourdough, cakes, bread}; cat {rye, sourdough} (rye as
 * interest, Sourdough as expertise); dan {cakes}; eve {sourdough, rye,
 * cakes}, first seen 2024-03-20; fay no tags. Everyone else first seen
 * 2024-01-01. as_of = 2024-04-01, weights count.
 * Replies: ann -> bob x3, bob -> ann x3, bob -> dan, dan -> fay.
 * Ties: ann-bob 6 (reciprocated), bob-dan 1, dan-fay 1; the 75% quantile
 * of [1, 1, 6] is 1 + 0.5 x 5 = 3.5: ann-bob is strong, the rest weak.
 * Communities (W = 8, strengths ann 6, bob 7, dan 2, fay 1): {ann, bob},
 * {dan, fay} has Q = 6/8 - (13/16)^2 + 1/8 - (3/16)^2 = 0.1797, better than
 * one community (0) or {ann, bob, dan}, {fay} (-0.0078); equal sizes are
 * numbered by first member: {ann, bob} = 0, {dan, fay} = 1. bob-dan is the
 * bridging tie; bob and dan are bridge members.
 *
 * kith match ann: bob is strongly tied (never proposed). dan: Jaccard 0,
 * one friend in common (bob) -> 1/2, and a bridge member of community 1
 * with a tie into ann's -> + 0.5 = 1.0. cat: Jaccard {rye, sourdough} /
 * {rye, sourdough} = 1 -> 1.0; equal scores go by reach, and cat has none
 * (no tie): dan first, then cat. eve: 2/3. fay: nothing in common -> not
 * listed.
 * kith match --newcomers: eve (first seen 2024-03-20, within the 30 days
 * before as_of); well connected = the top max(10, 10%) by reach = all 4
 * members; Jaccard with ann 2/3, bob 2/4, dan 1/3, fay 0 -> ann. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/members.h"
#include "testutil.h"

static char db[512];
static kith_store *st;
static int64_t org;

static int64_t t(const char *s)
{
    int64_t v = 0;
    kith_error err;
    assert_int_equal(kith_report_parse_time("t", s, &v, &err), KITH_OK);
    return v;
}

static kith_graph_opts opts(void)
{
    kith_graph_opts o;
    memset(&o, 0, sizeof o);
    o.weights = KITH_GRAPH_COUNT;
    o.as_of = t("2024-04-01");
    o.has_as_of = 1;
    return o;
}

static int setup(void **state)
{
    (void)state;
    st = tu_store_new(db, sizeof db, &org);
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = 0;
    tu_file(dir, "m.csv",
            "member_id,name,interests,expertise,first_seen\n"
            "ann,Ann,\"sourdough, rye\",,2024-01-01\n"
            "bob,Bob,sourdough; cakes; bread,,2024-01-01\n"
            "cat,Cat,rye,Sourdough,2024-01-01\n"
            "dan,Dan,cakes,,2024-01-01\n"
            "eve,Eve,\"sourdough, rye, cakes\",,2024-03-20\n"
            "fay,Fay,,,2024-01-01\n",
            path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, "members", path, NULL, &res, &err), KITH_OK);
    tu_file(dir, "a.csv",
            "id,type,occurred_at,member_id,target_member_id\n"
            "1,reply,2024-03-01,ann,bob\n2,reply,2024-03-02,ann,bob\n"
            "3,reply,2024-03-03,ann,bob\n4,reply,2024-03-01,bob,ann\n"
            "5,reply,2024-03-02,bob,ann\n6,reply,2024-03-03,bob,ann\n"
            "7,reply,2024-03-04,bob,dan\n8,reply,2024-03-05,dan,fay\n",
            path, sizeof path);
    assert_int_equal(tu_import(st, org, "activities", path, NULL, &res, &err), KITH_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_store_close(st);
    return 0;
}

static int64_t id_of(const char *handle)
{
    kith_member_row r;
    kith_error err;
    assert_int_equal(kith_member_find(st, org, handle, &r, &err), KITH_OK);
    return r.id;
}

/* The library's JSON is byte for byte what the CLI prints. */
static void test_json_is_the_cli(void **state)
{
    (void)state;
    kith_graph_opts o;
    memset(&o, 0, sizeof o);
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_graph_json(st, org, &o, &text, &err), KITH_OK);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' graph --format json", getenv("KITH_BIN"),
             db);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = strlen(text) + 4096, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0)
        n += got;
    out[n] = 0;
    assert_int_equal(pclose(p), 0);
    assert_string_equal(out, text);
    assert_non_null(strstr(text, "\"schema\": \"kith-graph\""));
    free(out);
    free(text);
}

static void test_profile_json(void **state)
{
    (void)state;
    kith_graph_opts o = opts();
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_graph_member_json(st, org, &o, id_of("dan"), &text, &err),
                     KITH_OK);
    assert_non_null(strstr(text, "\"in_graph\": true"));
    assert_non_null(strstr(text, "\"community\": 1"));
    assert_non_null(strstr(text, "\"bridge\": true"));
    free(text);
    assert_int_equal(kith_graph_member_json(st, org, &o, id_of("eve"), &text, &err),
                     KITH_OK);
    assert_non_null(strstr(text, "\"in_graph\": false"));
    free(text);
    assert_int_equal(kith_graph_member_json(st, org, &o, 999999, &text, &err),
                     KITH_ENOTFOUND);
    assert_null(text);
    /* The structure behind it: ann's strongest tie is bob, strong. */
    kith_graph *g = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_graph_build(st, org, &o, &g, &err), KITH_OK);
    kith_graph_profile pf;
    assert_int_equal(kith_graph_profile_of(g, id_of("ann"), &pf, &err), KITH_OK);
    assert_int_equal(pf.community, 0);
    assert_int_equal(pf.nties, 1);
    assert_true(pf.ties[0].strong);
    assert_true(pf.ties[0].weight == 6);
    assert_true(pf.ties[0].weight_out == 3 && pf.ties[0].weight_in == 3);
    const kith_graph_summary *s = kith_graph_summary_of(g);
    assert_true(s->strong_threshold == 3.5);
    assert_int_equal(s->strong_ties, 1);
    assert_int_equal(s->bridging_ties, 1);
    assert_int_equal(s->communities, 2);
    kith_graph_free(g);
}

static void test_match_member(void **state)
{
    (void)state;
    kith_graph_opts o = opts();
    kith_match_row *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_match_member(st, org, &o, "ann", 10, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].other_name, "Dan");
    assert_true(r[0].score > 1 - 1e-12 && r[0].score < 1 + 1e-12);
    assert_int_equal(r[0].reasons, KITH_MATCH_FRIENDS | KITH_MATCH_BRIDGE);
    assert_int_equal(r[0].common, 1);
    assert_non_null(strstr(r[0].reason, "1 friend in common"));
    assert_non_null(strstr(r[0].reason, "a bridge into community 1"));
    assert_string_equal(r[1].other_name, "Cat");
    assert_int_equal(r[1].reasons, KITH_MATCH_INTERESTS);
    assert_true(r[1].jaccard == 1);
    assert_non_null(strstr(r[1].reason, "shares interests: "));
    assert_non_null(strstr(r[1].reason, "rye"));
    assert_non_null(strstr(r[1].reason, "sourdough"));
    assert_string_equal(r[2].other_name, "Eve");
    assert_true(r[2].score > 2.0 / 3 - 1e-12 && r[2].score < 2.0 / 3 + 1e-12);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(r[i].other_name, "Bob");
    free(r);
    /* --top cuts the list. */
    assert_int_equal(kith_match_member(st, org, &o, "ann", 1, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 1);
    free(r);
    r = NULL;
    assert_int_equal(kith_match_member(st, org, &o, "nobody", 10, &r, &n, &err),
                     KITH_ENOTFOUND);
    assert_null(r);
}

static void test_newcomers(void **state)
{
    (void)state;
    kith_graph_opts o = opts();
    kith_match_row *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_match_newcomers(st, org, &o, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].member_name, "Eve");
    assert_string_equal(r[0].other_name, "Ann");
    assert_true(r[0].jaccard > 2.0 / 3 - 1e-12 && r[0].jaccard < 2.0 / 3 + 1e-12);
    assert_true(r[0].reasons & KITH_MATCH_CONNECTED);
    assert_non_null(strstr(r[0].reason, "well connected"));
    free(r);
    /* A month later Eve is no newcomer. */
    o.as_of = t("2024-05-01");
    assert_int_equal(kith_match_newcomers(st, org, &o, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 0);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_is_the_cli),
        cmocka_unit_test(test_profile_json),
        cmocka_unit_test(test_match_member),
        cmocka_unit_test(test_newcomers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
