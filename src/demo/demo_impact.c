/* The bakery's impact map and stakeholder groups (docs/demo.md): outcomes
 * of four initiatives, two of them measured by kith's own metrics
 * (quantity_from), the value of a volunteer hour, and six stakeholder
 * groups, of which the customers' interest is left for kith to suggest.
 * The financial proxies are illustrative figures for the demo, not values
 * from a published bank. */
#include <stdio.h>

#include "demo/demo_int.h"
#include "kith/impact.h"
#include "kith/metrics.h"

void kith__demo_outcome_rows(FILE *f, int scale)
{
    /* The initiative names are those of demo.c's INITS table. */
    fprintf(f,
            "Community Garden,volunteers,better wellbeing,volunteers active in the "
            "garden,,metric:initiative_participants,400,demo figure (illustrative),20%%,"
            "0%%,30%%,20%%,2\n");
    fprintf(f,
            "School Breakfast Club,children,a good breakfast on school days,children "
            "served,%d,,380,demo figure: 190 school days x GBP 2,10%%,0%%,60%%,,1\n",
            40 * scale);
    fprintf(f, "Kids Baking Club,families,skills and time together,families "
               "attending,,metric:initiative_participants,60,demo figure (illustrative),"
               "25%%,10%%,20%%,,1\n");
    fprintf(f, "Sourdough Workshops,local customers,new regular customers,customers "
               "acquired,,metric:initiative_acquired,150,demo figure: a year's margin "
               "of a regular,40%%,0%%,25%%,30%%,3\n");
}

kith_code kith__demo_impact_setup(kith_store *st, int64_t org, kith_error *err)
{
    /* A volunteer hour at the UK National Living Wage of 2025-26. */
    kith_code rc = kith_config_set(st, org, "srci.volunteer_rate", "12.21", err);
    static const kith_stakeholder_text groups[] = {
        {"Customers", "6", NULL, "yes", "no", "customer", "people who buy from us"},
        {"Staff", "7", "8", "yes", "no", "employee", NULL},
        {"Suppliers", "5", "4", "yes", "no", "supplier", "5 of 8 are local"},
        {"Forum members", "3", NULL, "no", "yes", "online", "the Discord community"},
        {"Millbrook Council", "8", "3", "yes", "no", "", "licences, the street party"},
        {"Millbrook Primary School", "2", "7", "yes", "yes", "",
         "the School Breakfast Club"},
    };
    for (size_t i = 0; rc == KITH_OK && i < sizeof groups / sizeof groups[0]; i++)
        rc = kith_stakeholder_add(st, org, &groups[i], err);
    return rc;
}
