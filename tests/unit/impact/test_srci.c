/* SRCI (METRICS.md "Social return on community investment"): the worked
 * case of VALIDATION.md to the cent, hand-computed small cases (drop-off,
 * a duration of 1 and of many years, discounting), break-even values
 * worked out by hand, quantities measured by kith's own metrics
 * (quantity_from), volunteer time, scopes, and the refusals. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* ------------------------------------------------------------ helpers */

static kith_outcome mk(double q, double proxy, double dw, double disp, double attr,
                       double drop, int years)
{
    kith_outcome o;
    memset(&o, 0, sizeof o);
    o.quantity = q;
    o.proxy = proxy;
    o.deadweight = dw;
    o.displacement = disp;
    o.attribution = attr;
    o.drop_off = drop;
    o.duration = years;
    return o;
}

static void near(double got, double want, double tol)
{
    if (fabs(got - want) > tol) {
        print_error("got %.10f, want %.10f (tolerance %g)\n", got, want, tol);
        fail();
    }
}

/* The store of VALIDATION.md's worked case: one initiative with inputs of
 * 50,000 and outcomes A and B. */
static kith_store *worked_case(char *db, size_t n, int64_t *org, char *dir)
{
    kith_store *st = tu_store_new(db, n, org);
    tu_dir_of(db, dir, 256);
    kith_import_result res;
    tu_import_text(st, *org, dir, "initiatives", "init.csv",
                   "name,cost,starts_at\nJobs club,50000,2024-01-01\n", &res);
    /* Percentages written both ways the import takes them. */
    tu_import_text(
        st, *org, dir, "outcomes", "outcomes.csv",
        "initiative,stakeholder,outcome,quantity,proxy,deadweight,displacement,"
        "attribution,drop_off,duration\n"
        "Jobs club,participants,A: gain employment,20,10000,25%,0%,20%,10%,3\n"
        "Jobs club,volunteers,B: wellbeing,50,500,0.1,0,0.5,,1\n",
        &res);
    assert_int_equal(res.rows_imported, 2);
    return st;
}

static json_t *srci(kith_store *st, int64_t org, const char *initiative, double sens)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    o.initiative = initiative;
    o.sensitivity = sens;
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_srci_json(st, org, &o, &text, &err);
    if (rc != KITH_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, KITH_OK);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    assert_non_null(root);
    free(text);
    return root;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* The sensitivity row of outcome (by name) and assumption. */
static json_t *sens_row(json_t *root, const char *outcome, const char *assumption)
{
    json_t *rows = json_object_get(json_object_get(root, "sensitivity"), "rows");
    size_t i;
    json_t *r;
    json_array_foreach (rows, i, r)
        if (!strcmp(json_string_value(json_object_get(r, "outcome")), outcome) &&
            !strcmp(json_string_value(json_object_get(r, "assumption")), assumption))
            return r;
    fail_msg("no sensitivity row %s / %s", outcome, assumption);
    return NULL;
}

/* ------------------------------------------------------------ the worked case */

/* VALIDATION.md: A = 20 x 10,000 x 0.75 x 1 x 0.8 = 120,000 in year 1,
 * then x 0.9: 108,000 and 97,200; B = 50 x 500 x 0.9 x 1 x 0.5 = 11,250.
 * PV = 131,250/1.035 + 108,000/1.035^2 + 97,200/1.035^3 = 315,299.58;
 * NPV 265,299.58; ratio 6.3060; net 5.3060; payback 50,000 / (131,250 /
 * 12) = 4.571 months. */
static void test_worked_case(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = worked_case(db, sizeof db, &org, dir);
    json_t *root = srci(st, org, NULL, 0);
    json_t *in = json_object_get(root, "inputs");
    near(num(in, "total"), 50000, 1e-9);
    json_t *years = json_object_get(root, "values_per_year");
    assert_int_equal(json_array_size(years), 3);
    near(json_number_value(json_array_get(years, 0)), 131250, 1e-6);
    near(json_number_value(json_array_get(years, 1)), 108000, 1e-6);
    near(json_number_value(json_array_get(years, 2)), 97200, 1e-6);
    /* To the cent. */
    assert_true(fabs(round(num(root, "present_value") * 100) / 100 - 315299.58) < 1e-6);
    assert_true(fabs(round(num(root, "npv") * 100) / 100 - 265299.58) < 1e-6);
    assert_true(fabs(round(num(root, "ratio") * 10000) / 10000 - 6.3060) < 1e-9);
    assert_true(fabs(round(num(root, "net_ratio") * 10000) / 10000 - 5.3060) < 1e-9);
    assert_true(fabs(round(num(root, "payback_months") * 1000) / 1000 - 4.571) < 1e-9);
    /* Each outcome's impact per year. */
    json_t *outs = json_object_get(root, "outcomes");
    json_t *a = json_array_get(outs, 0), *b = json_array_get(outs, 1);
    near(json_number_value(json_array_get(json_object_get(a, "impact_per_year"), 2)),
         97200, 1e-6);
    near(json_number_value(json_array_get(json_object_get(b, "impact_per_year"), 0)),
         11250, 1e-6);
    assert_int_equal(json_array_size(json_object_get(b, "impact_per_year")), 1);
    json_decref(root);

    /* The deadweight sensitivity point: A's deadweight at 50% gives PV
     * 213,822.91 and ratio 4.2765. Through the tornado at +-100%, whose
     * raised deadweight of A is 25% x 2 = 50%. */
    root = srci(st, org, NULL, 100);
    json_t *dw = sens_row(root, "A: gain employment", "deadweight");
    json_t *high = json_object_get(dw, "high");
    near(num(high, "value"), 0.5, 1e-12);
    assert_true(fabs(round(num(high, "ratio") * 10000) / 10000 - 4.2765) < 1e-9);
    /* Lowered by 100%: deadweight 0, A = 160,000 a year. */
    near(num(json_object_get(dw, "low"), "value"), 0, 1e-12);
    json_decref(root);
    /* And directly, the PV to the cent. */
    kith_outcome A = mk(20, 10000, 0.5, 0, 0.2, 0.1, 3),
                 B = mk(50, 500, 0.1, 0, 0.5, 0, 1);
    double pv = kith_srci_present_value(&A, 0.035) + kith_srci_present_value(&B, 0.035);
    assert_true(fabs(round(pv * 100) / 100 - 213822.91) < 1e-6);
    kith_store_close(st);
}

/* Break-even values of the worked case, by hand. The PV B gives is
 * 11,250 / 1.035 = 10,869.5652, so A must give need = 50,000 - 10,869.5652
 * = 39,130.4348 for a ratio of 1.0. A's PV is 120,000 / 1.035 + 108,000 /
 * 1.035^2 + 97,200 / 1.035^3 = 304,430.0156, linear in quantity and proxy:
 * quantity 20 x 39,130.4348 / 304,430.0156 = 2.570734, proxy 10,000 x the
 * same share = 1,285.3672. A's PV at 0% deadweight is
 * 304,430.0156 / 0.75 = 405,906.6875; deadweight at break-even 1 -
 * 39,130.4348 / 405,906.6875 = 0.90360. Attribution likewise: PV at 0% =
 * 304,430.0156 / 0.8 = 380,537.5195, break-even 1 - 39,130.4348 /
 * 380,537.5195 = 0.89717. B alone cannot move the ratio to 1: never. A's
 * duration: one year already gives 120,000 / 1.035 = 115,942 > need:
 * never. */
static void test_break_even(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = worked_case(db, sizeof db, &org, dir);
    json_t *root = srci(st, org, NULL, 0);
    const char *A = "A: gain employment", *B = "B: wellbeing";
    near(num(sens_row(root, A, "quantity"), "break_even"), 2.570734, 1e-5);
    near(num(sens_row(root, A, "proxy"), "break_even"), 1285.3672, 1e-3);
    near(num(sens_row(root, A, "deadweight"), "break_even"), 0.903596, 1e-5);
    near(num(sens_row(root, A, "attribution"), "break_even"), 0.897171, 1e-5);
    assert_true(
        json_is_null(json_object_get(sens_row(root, B, "quantity"), "break_even")));
    assert_non_null(strstr(json_string_value(json_object_get(
                               sens_row(root, B, "quantity"), "break_even_note")),
                           "never"));
    assert_true(
        json_is_null(json_object_get(sens_row(root, A, "duration"), "break_even")));
    /* +-10% (the default): A's quantity 18 and 22 move A's PV by -+10%:
     * ratio (315,299.58 -+ 30,443.00) / 50,000 = 5.6971 and 6.9149. */
    json_t *q = sens_row(root, A, "quantity");
    near(num(json_object_get(q, "low"), "ratio"), (315299.5808 - 30443.0016) / 50000,
         1e-6);
    near(num(json_object_get(q, "high"), "ratio"), (315299.5808 + 30443.0016) / 50000,
         1e-6);
    json_decref(root);
    kith_store_close(st);
}

/* A drop-off break-even and a duration break-even, by hand, with no
 * discounting: impact 1,000 a year for 3 years at 10% drop-off is
 * 1,000 + 900 + 810 = 2,710 against inputs of 2,500 (ratio 1.084). The
 * ratio is 1 when 1,000 (1 + x + x^2) = 2,500 with x = 1 - d: x^2 + x -
 * 1.5 = 0, x = (-1 + sqrt 7) / 2 = 0.822876, d = 0.177124. Durations:
 * 1 year 1,000, 2 years 1,900, 3 years 2,710: the shortest with a ratio of
 * at least 1 is 3. */
static void test_drop_off_and_duration(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(st, org, "srci.discount_rate", "0", &err), KITH_OK);
    kith_import_result res;
    tu_import_text(st, org, dir, "initiatives", "i.csv", "name,cost\nFair,2500\n", &res);
    kith_outcome_text t = {"Fair", "visitors", "joy", NULL, "10",  NULL, "100",
                           NULL,   NULL,       NULL,  NULL, "10%", "3"};
    assert_int_equal(kith_outcome_add(st, org, &t, NULL, &err), KITH_OK);
    json_t *root = srci(st, org, "fair", 0);
    near(num(root, "present_value"), 2710, 1e-9);
    near(num(root, "ratio"), 2710.0 / 2500, 1e-12);
    near(num(sens_row(root, "joy", "drop_off"), "break_even"), 1 - (sqrt(7) - 1) / 2,
         1e-9);
    near(num(sens_row(root, "joy", "duration"), "break_even"), 3, 0);
    assert_string_equal(json_string_value(json_object_get(root, "scope")), "initiative");
    json_decref(root);
    kith_store_close(st);
}

/* The arithmetic of single outcomes, by hand. */
static void test_small_cases(void **state)
{
    (void)state;
    /* Duration 1: 10 x 100 = 1,000 in year 1, PV 1,000 / 1.035. */
    kith_outcome o = mk(10, 100, 0, 0, 0, 0, 1);
    near(kith_srci_present_value(&o, 0.035), 1000 / 1.035, 1e-9);
    assert_true(kith_srci_year_value(&o, 2) == 0);
    /* Every reduction multiplies: 1,000 x 0.8 x 0.9 x 0.5 = 360. */
    o = mk(10, 100, 0.2, 0.1, 0.5, 0, 1);
    near(kith_srci_impact(&o), 360, 1e-9);
    /* Drop-off 50% over 3 years: 1,000, 500, 250; undiscounted 1,750;
     * at 10%: 909.0909 + 413.2231 + 187.8287 = 1,510.1427. */
    o = mk(10, 100, 0, 0, 0, 0.5, 3);
    near(kith_srci_year_value(&o, 3), 250, 1e-9);
    near(kith_srci_present_value(&o, 0), 1750, 1e-9);
    near(kith_srci_present_value(&o, 0.10), 1000 / 1.1 + 500 / 1.21 + 250 / 1.331, 1e-9);
    /* Many years: 50 years of 1,000 with no drop-off is an annuity,
     * 1,000 x (1 - 1.035^-50) / 0.035 = 23,455.6 (the closed form, not the
     * sum the code takes). */
    o = mk(10, 100, 0, 0, 0, 0, 50);
    near(kith_srci_present_value(&o, 0.035), 1000 * (1 - pow(1.035, -50)) / 0.035, 1e-6);
    /* 100% attribution or drop-off after year 1: nothing more. */
    o = mk(10, 100, 0, 0, 1, 0, 5);
    assert_true(kith_srci_present_value(&o, 0.035) == 0);
    o = mk(10, 100, 0, 0, 0, 1, 5);
    near(kith_srci_present_value(&o, 0), 1000, 1e-9);
}

/* Spring fair's outcome "visitors: a day out", its quantity the
 * initiative's event attendees (quantity_from), 20 each for a year. */
static const kith_outcome_text ATTENDEES = {"Spring fair",
                                            "visitors",
                                            "a day out",
                                            NULL,
                                            NULL,
                                            "metric:event_attendees",
                                            "20",
                                            NULL,
                                            NULL,
                                            NULL,
                                            NULL,
                                            NULL,
                                            "1"};

/* Add ATTENDEES and compute the SRCI: the document, *o its first outcome. */
static json_t *with_attendees(kith_store *st, int64_t org, json_t **o)
{
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_outcome_add(st, org, &ATTENDEES, NULL, &err), KITH_OK);
    json_t *root = srci(st, org, NULL, 0);
    *o = json_array_get(json_object_get(root, "outcomes"), 0);
    return root;
}

/* quantity_from: a metric of kith measured over the initiative's period
 * ([starts_at, the day after ends_at)). Event attendees in a fixture:
 * three members attend within March 2025, one the day after it ends, one
 * twice: 3 distinct. Volunteer hours: none recorded on the initiative, so
 * its linked volunteer activities count: 2.5 + 4 = 6.5 h at the
 * configured rate of 10 = 65. */
static void test_quantity_from(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    kith_error err;
    kith_import_result res;
    tu_import_text(st, org, dir, "initiatives", "i.csv",
                   "name,cost,starts_at,ends_at\nSpring fair,1000,2025-03-01,"
                   "2025-03-31\n",
                   &res);
    tu_import_text(st, org, dir, "activities", "a.csv",
                   "type,occurred_at,email,value,initiative\n"
                   "event_attend,2025-03-02T10:00Z,a@x.org,,\n"
                   "event_attend,2025-03-20T10:00Z,a@x.org,,\n"
                   "workshop,2025-03-31T18:00Z,b@x.org,,\n"
                   "event_attend,2025-03-15T10:00Z,c@x.org,,\n"
                   "event_attend,2025-04-01T10:00Z,d@x.org,,\n"
                   "volunteer,2025-03-05T10:00Z,e@x.org,2.5,Spring fair\n"
                   "volunteer,2025-03-06T10:00Z,e@x.org,4,Spring fair\n"
                   "purchase,2025-05-01T10:00Z,a@x.org,10,\n",
                   &res);
    assert_int_equal(kith_config_set(st, org, "srci.volunteer_rate", "10", &err),
                     KITH_OK);
    json_t *o, *root = with_attendees(st, org, &o);
    near(num(o, "quantity"), 3, 0);
    assert_non_null(strstr(json_string_value(json_object_get(o, "quantity_note")),
                           "2025-03-01 to 2025-03-31"));
    json_t *in = json_object_get(root, "inputs");
    near(num(in, "volunteer_hours"), 6.5, 1e-12);
    near(num(in, "volunteer_value"), 65, 1e-12);
    near(num(in, "total"), 1065, 1e-12);
    near(num(root, "present_value"), 3 * 20 / 1.035, 1e-9);
    json_decref(root);
    /* An initiative without a start date has no period to measure. */
    tu_import_text(st, org, dir, "initiatives", "i2.csv", "name,cost\nNo dates,10\n",
                   &res);
    kith_outcome_text t = ATTENDEES;
    t.initiative = "No dates";
    kith_error_clear(&err);
    assert_int_equal(kith_outcome_add(st, org, &t, NULL, &err), KITH_OK);
    char *text = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_srci_json(st, org, NULL, &text, &err), KITH_ESTATE);
    assert_non_null(strstr(err.msg, "starts_at"));
    kith_store_close(st);
}

/* The initiative's period is made of the org's local days (Europe/London
 * here), not UTC days. Spring fair runs 1 to 26 October 2025; clocks go
 * back at 02:00 on 26 October, a day of 25 h. Local midnights: 1 October
 * 00:00 BST = 2025-09-30T23:00Z; 27 October 00:00 GMT = 2025-10-27T00:00Z.
 * Event attendees:
 *   a 2025-09-30T23:30Z = 1 Oct 00:30 BST    in (a UTC day would say 30 Sep)
 *   b 2025-10-26T23:30Z = 26 Oct 23:30 GMT   in (ends_at + 86,400 s =
 *                                            26 Oct 23:00 GMT would miss it)
 *   c 2025-10-27T00:30Z = 27 Oct 00:30 GMT   out (the day after)
 *   d 2025-09-30T22:30Z = 30 Sep 23:30 BST   out (the day before)
 * Quantity 2; the note gives the local dates 2025-10-01 to 2025-10-26. */
static void test_quantity_from_zone(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(st, org, "timezone", "Europe/London", &err), KITH_OK);
    kith_import_result res;
    tu_import_text(st, org, dir, "initiatives", "i.csv",
                   "name,cost,starts_at,ends_at\nSpring fair,1000,2025-10-01,"
                   "2025-10-26\n",
                   &res);
    tu_import_text(st, org, dir, "activities", "a.csv",
                   "type,occurred_at,email,value\n"
                   "event_attend,2025-09-30T23:30Z,a@x.org,\n"
                   "event_attend,2025-10-26T23:30Z,b@x.org,\n"
                   "event_attend,2025-10-27T00:30Z,c@x.org,\n"
                   "event_attend,2025-09-30T22:30Z,d@x.org,\n"
                   "purchase,2025-12-01T10:00Z,a@x.org,10\n",
                   &res);
    json_t *o, *root = with_attendees(st, org, &o);
    near(num(o, "quantity"), 2, 0);
    const char *note = json_string_value(json_object_get(o, "quantity_note"));
    assert_non_null(note);
    if (!strstr(note, "from 2025-10-01 to 2025-10-26"))
        fail_msg("quantity_note: %s", note);
    json_decref(root);
    kith_store_close(st);
}

/* Scopes: the org's ratio is all PV over all inputs of the initiatives
 * with outcomes; one initiative's is its own; an initiative without
 * outcomes is left out and named. */
static void test_scopes_and_refusals(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    kith_error err;
    kith_import_result res;
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(st, org, "srci.discount_rate", "0", &err), KITH_OK);
    /* No outcomes yet. */
    char *text = NULL;
    assert_int_equal(kith_srci_json(st, org, NULL, &text, &err), KITH_ENODATA);
    tu_import_text(
        st, org, dir, "initiatives", "i.csv",
        "name,cost,in_kind_cost\nOne,1000,0\nTwo,500,500\nFree,0,0\nUnused,99,0\n", &res);
    tu_import_text(
        st, org, dir, "outcomes", "o.csv",
        "initiative,stakeholder,outcome,quantity,proxy\nOne,s,x,10,300\nTwo,s,y,5,100\n"
        "Free,s,z,1,50\n",
        &res);
    /* Org: (3,000 + 500 + 50) / (1,000 + 1,000 + 0) = 1.775. */
    json_t *root = srci(st, org, NULL, 0);
    near(num(root, "ratio"), 3550.0 / 2000, 1e-12);
    json_t *inits = json_object_get(root, "initiatives");
    assert_int_equal(json_array_size(inits), 3);
    /* Free has no inputs: its own ratio is undefined, and says so. */
    json_t *free_init = json_array_get(inits, 2);
    assert_true(json_is_null(json_object_get(free_init, "ratio")));
    assert_non_null(strstr(
        json_string_value(json_object_get(free_init, "ratio_na_reason")), "undefined"));
    json_t *notes = json_object_get(root, "notes");
    assert_non_null(strstr(json_string_value(json_array_get(notes, 0)), "Unused"));
    json_decref(root);
    root = srci(st, org, "Two", 0);
    near(num(root, "ratio"), 0.5, 1e-12);
    near(num(root, "payback_months"), 1000 / (500.0 / 12), 1e-9);
    json_decref(root);
    /* Asking for the ratio of an initiative with inputs of zero value is
     * refused: the ratio is undefined. */
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    o.initiative = "Free";
    kith_error_clear(&err);
    assert_int_equal(kith_srci_json(st, org, &o, &text, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "undefined"));
    o.initiative = "Nope";
    kith_error_clear(&err);
    assert_int_equal(kith_srci_json(st, org, &o, &text, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "no such initiative"));
    /* The table and the tornado come from the same numbers. */
    o.initiative = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_srci_render(st, org, &o, KITH_IMPACT_TABLE, &text, &err),
                     KITH_OK);
    assert_non_null(strstr(text, "1.7750 : 1"));
    free(text);
    assert_int_equal(kith_srci_render(st, org, &o, KITH_IMPACT_SVG, &text, &err),
                     KITH_OK);
    assert_non_null(strstr(text, "<svg id=\"chart-srci-tornado\""));
    assert_non_null(strstr(text, "class=\"breakeven\""));
    free(text);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_case),
        cmocka_unit_test(test_break_even),
        cmocka_unit_test(test_drop_off_and_duration),
        cmocka_unit_test(test_small_cases),
        cmocka_unit_test(test_quantity_from),
        cmocka_unit_test(test_quantity_from_zone),
        cmocka_unit_test(test_scopes_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
