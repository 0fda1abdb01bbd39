/* Inside the lifetime value module: the result kith_clv_open builds
 * (clv.c) and clv_json.c renders. */
#ifndef KITH_CLV_INT_H
#define KITH_CLV_INT_H

#include "kith/clv.h"
#include "models/models_int.h"

struct kith_clv {
    kith_clv_opts opts;
    int64_t calibration_end, as_of;
    double horizon, margin, discount;
    char currency[8];
    char tz[64];
    char cal_date[16]; /* YYYY-MM-DD of calibration_end, local */
    kith_bgnbd_fit bg;
    kith_gg_fit gg;
    int has_gg;
    char gg_why[1024];
    int64_t no_amount;  /* repeat buyers with a repeat day without an amount */
    int64_t zero_spend; /* repeat buyers whose repeat days sum to 0 */
    /* Money (METRICS.md): customers with a repeat amount in another
     * currency without a rate are left out of the spend model and get no
     * CLV (their purchases still count for BG/NBD); the note says how many
     * and which currencies, and what was converted. */
    int64_t fx_left_out;
    char fx_note[256];
    uint8_t *fx_out; /* per customer while building (read order) */
    double new_customer;
    kith_clv_customer *cust; /* by CLV, highest first */
    size_t ncust;
    kith__mdl_idx *by_id; /* member id -> position in cust */
    kith_clv_freq freq;
};

/* kith_clv_open_metrics; full = 0 fits BG/NBD and gives P(alive) alone
 * (no Gamma-Gamma, no expectations, customers in no order but findable). */
kith_code kith__clv_build(const kith_metrics *m, const kith_org *org,
                          const kith_clv_opts *opts, int full, kith_clv **out,
                          kith_error *err);

#endif
