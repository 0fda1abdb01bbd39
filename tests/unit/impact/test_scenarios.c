/* kith simulate's scenarios: the spec parser (flags and files, with the
 * line of a bad one), and the projections of a given model without data,
 * checked against the closed form of Bass (1969) where the parameters are
 * constant: members, revenue from given rates, a downturn's month, an
 * initiative's ROI, and the refusals (p or q <= 0). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact/impact_int.h"
#include "testutil.h"

static void test_parse_events(void **state)
{
    (void)state;
    kith__scn_event ev;
    char why[256];
    assert_int_equal(kith__scn_parse_event("downturn", "months=6, depth=20%, from=3", &ev,
                                           why, sizeof why),
                     0);
    assert_true(ev.kind == KITH_EV_DOWNTURN && ev.months == 6 && ev.from == 3 &&
                fabs(ev.depth - 0.2) < 1e-15);
    assert_int_equal(
        kith__scn_parse_event("downturn", "months=2,depth=0.5", &ev, why, sizeof why), 0);
    assert_true(ev.depth == 0.5);
    assert_int_equal(kith__scn_parse_event("initiative", "from=3,p=+50%,cost=2000", &ev,
                                           why, sizeof why),
                     0);
    assert_true(ev.from == 3 && ev.p_up == 0.5 && ev.cost == 2000 && ev.months == 0);
    assert_int_equal(kith__scn_parse_event("initiative", "", &ev, why, sizeof why), 0);
    assert_true(ev.p_up == 0.5 && ev.from == 1); /* the defaults */
    assert_int_equal(
        kith__scn_parse_event("lost_champion", "q=-30%", &ev, why, sizeof why), 0);
    assert_true(fabs(ev.q_down - 0.3) < 1e-15);
    static const struct {
        const char *kind, *args, *msg;
    } bad[] = {
        {"downturn", "depth=30%", "needs months"},
        {"downturn", "months=0", "whole number of months"},
        {"downturn", "months=2,depth=100%", "depth"},
        {"downturn", "months=2.5", "whole number"},
        {"initiative", "p=50", "percent"},
        {"initiative", "cost=-5", "cost"},
        {"initiative", "q=-100%", "above -100%"},
        {"lost_champion", "q=-150%", "q:"},
        {"downturn", "months=2,,depth=1%", "empty argument"},
        {"downturn", "months", "key=value"},
        {"downturn", "months=2,speed=3", "takes no 'speed'"},
        {"party", "", "unknown event"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_int_equal(
            kith__scn_parse_event(bad[i].kind, bad[i].args, &ev, why, sizeof why), -1);
        if (!strstr(why, bad[i].msg))
            fail_msg("%s(%s): '%s' lacks '%s'", bad[i].kind, bad[i].args, why,
                     bad[i].msg);
    }
}

static void test_parse_file(void **state)
{
    (void)state;
    kith__scenario sc[KITH_SCN_MAX];
    int n = 0;
    long line = 0;
    char why[256];
    const char *ok = "# scenarios\n\nslow year = downturn(months=6, depth=20%) + "
                     "initiative(from=3, cost=2000)  # a comment\n"
                     "no champion=lost_champion(q=-50%,from=2)\n";
    assert_int_equal(kith__scn_parse_file(ok, strlen(ok), sc, KITH_SCN_MAX, &n, &line,
                                          why, sizeof why),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(sc[0].name, "slow year");
    assert_int_equal(sc[0].nev, 2);
    assert_true(sc[0].ev[1].kind == KITH_EV_INITIATIVE && sc[0].ev[1].cost == 2000);
    assert_string_equal(sc[1].name, "no champion");
    static const struct {
        const char *text;
        long line;
        const char *msg;
    } bad[] = {
        {"a = downturn(months=1)\nb = downturn(months=1\n", 2, "missing ')'"},
        {"a = downturn(months=1) downturn(months=2)\n", 1, "expected '+'"},
        {"\n\nbaseline = downturn(months=1)\n", 3, "'baseline'"},
        {"a = downturn(months=1)\na = initiative()\n", 2, "named twice"},
        {"downturn(months=1)\n", 1, "NAME = EVENT"},
        {" = downturn(months=1)\n", 1, "a name"},
        {"# only comments\n\n", 2, "no scenario"},
        {"a = rain(days=3)\n", 1, "unknown event"},
        {"a = downturn(depth=5%)\n", 1, "needs months"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_int_equal(kith__scn_parse_file(bad[i].text, strlen(bad[i].text), sc,
                                              KITH_SCN_MAX, &n, &line, why, sizeof why),
                         -1);
        if (line != bad[i].line || !strstr(why, bad[i].msg))
            fail_msg("case %zu: line %ld '%s'", i, line, why);
    }
}

static json_t *simulate(const kith_simulate_opts *o)
{
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_simulate_json(NULL, 0, o, &text, &err);
    if (rc != KITH_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, KITH_OK);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(root);
    return root;
}

static json_t *scenario(json_t *root, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach (json_object_get(root, "scenarios"), i, s)
        if (!strcmp(json_string_value(json_object_get(s, "name")), name))
            return s;
    fail_msg("no scenario %s", name);
    return NULL;
}

static double month_value(json_t *s, int k, const char *key)
{
    return json_number_value(json_object_get(
        json_array_get(json_object_get(s, "months"), (size_t)k - 1), key));
}

/* A given model from no members, churn 0, with given rates (2 purchases
 * per active member a month, 10 a purchase; every member active without
 * a measured share): members at month k = m F(k), revenue 20 m F(k). */
static void test_given_model(void **state)
{
    (void)state;
    kith_simulate_opts o;
    memset(&o, 0, sizeof o);
    o.given = 1;
    o.p = 0.03;
    o.q = 0.38;
    o.market = 1000;
    o.months = 24;
    o.has_rates = 1;
    o.purchase_rate = 2;
    o.spend = 10;
    o.downturn = "months=1,depth=50%";
    o.initiative = "p=+100%,cost=100";
    json_t *root = simulate(&o);
    json_t *base = scenario(root, "baseline");
    double rev = 0, rev2 = 0;
    for (int k = 1; k <= 24; k++) {
        double F = kith_bass_F(0.03, 0.38, k);
        assert_true(fabs(month_value(base, k, "cumulative") - 1000 * F) < 1e-6 * 1000);
        assert_true(fabs(month_value(base, k, "members") - 1000 * F) < 1e-6 * 1000);
        assert_true(fabs(month_value(base, k, "revenue") - 20 * 1000 * F) < 1e-6 * 20000);
        rev += 20 * 1000 * F;
        rev2 += 20 * 1000 * kith_bass_F(0.06, 0.38, k);
    }
    assert_true(fabs(json_number_value(json_object_get(base, "revenue")) - rev) < 1e-3);
    /* The downturn's month: p halved from no members, so members m F(1)
     * with p = 0.015; purchases halved too. */
    json_t *down = scenario(root, "downturn");
    double F1 = kith_bass_F(0.015, 0.38, 1);
    assert_true(fabs(month_value(down, 1, "members") - 1000 * F1) < 1e-3);
    assert_true(fabs(month_value(down, 1, "revenue") - 0.5 * 20 * 1000 * F1) < 1e-2);
    /* The initiative doubles p throughout: the closed form with 2p. Its
     * ROI = (revenue difference x margin 1 - 100) / 100. */
    json_t *init = scenario(root, "initiative");
    double roi = ((rev2 - rev) - 100) / 100;
    assert_true(fabs(json_number_value(json_object_get(init, "roi")) - roi) < 1e-4);
    /* Both together: the ROI is against the same scenario without the
     * initiative (the downturn alone), not against the baseline. */
    json_t *comb = scenario(root, "combined");
    double with = json_number_value(json_object_get(comb, "revenue"));
    double without = json_number_value(json_object_get(down, "revenue"));
    assert_true(fabs(json_number_value(json_object_get(comb, "roi")) -
                     ((with - without) - 100) / 100) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(comb, "roi_against")) - without) <
                1e-9);
    /* No cost, no ROI, and says why. */
    assert_true(json_is_null(json_object_get(down, "roi")));
    json_decref(root);
}

static void test_refusals(void **state)
{
    (void)state;
    kith_simulate_opts o;
    memset(&o, 0, sizeof o);
    o.given = 1;
    o.p = 0;
    o.q = 0.3;
    o.market = 100;
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "--p and --q must be above 0"));
    o.p = 0.01;
    o.q = -0.2;
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    o.q = 0.2;
    o.market = -1;
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    o.market = 100;
    o.has_churn = 1;
    o.churn = 1.2;
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    o.churn = 0;
    o.months = 0;
    o.downturn = "depth=3";
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "--downturn 'depth=3'"));
    o.downturn = NULL;
    o.months = 100000;
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EINPUT);
    /* Without data nothing can be fitted. */
    memset(&o, 0, sizeof o);
    kith_error_clear(&err);
    assert_int_equal(kith_simulate_json(NULL, 0, &o, &text, &err), KITH_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_events),
        cmocka_unit_test(test_parse_file),
        cmocka_unit_test(test_given_model),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
