/* The demo: a deterministic synthetic neighbourhood bakery ("Millbrook
 * Bakery") with planted effects, written as CSV files in kith's generic
 * import formats and imported through kith_import, so that the demo
 * exercises the same code paths as a user's data. docs/demo.md lists the
 * planted effects and their sizes. */
#ifndef KITH_DEMO_H
#define KITH_DEMO_H

#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The demo's fixed clock: the last activity is at KITH_DEMO_AS_OF
 * (2025-12-31T20:00:00Z) and the data starts 730 days before it. */
#define KITH_DEMO_AS_OF INT64_C(1767211200)
#define KITH_DEMO_START (KITH_DEMO_AS_OF - INT64_C(730) * 86400)
#define KITH_DEMO_ORG "Millbrook Bakery"

typedef struct kith_demo_opts {
    uint64_t seed;        /* default 1 */
    int scale;            /* >= 1; multiplies people and activities */
    const char *keep_dir; /* write the CSV files here and keep them; NULL =
                             a temporary folder removed afterwards */
    /* Called before each file is imported (step of nsteps) and with byte
     * progress inside it. May be NULL. */
    void (*step)(void *ud, int step, int nsteps, const char *what);
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *ud;
} kith_demo_opts;

typedef struct kith_demo_summary {
    int64_t org_id;
    int64_t files;
    int64_t rows;    /* rows written to the CSV files */
    int64_t members; /* member rows in the store (not merged away) */
    int64_t activities;
    int64_t auto_merges; /* merges done while importing */
    /* Planted facts (exact counts of what was generated). */
    int64_t customers;
    int64_t engaged_y1; /* customers buying in year 1 who were engaged */
    int64_t dup_email;  /* Discord profiles sharing a shop email */
    int64_t dup_phone;  /* Eventbrite attendees sharing a shop phone */
    int64_t twins;      /* same name + postcode, different email */
} kith_demo_summary;

/* Make the demo org in an empty store (KITH_ESTATE if the org exists) and
 * fill it. Deterministic: the same seed and scale give the same database
 * content (row ids included). Time and memory: O(scale) rows; memory holds
 * one small record per customer. */
KITH_API kith_code kith_demo_generate(kith_store *st, const kith_demo_opts *opts,
                                      kith_demo_summary *out, kith_error *err);

#ifdef __cplusplus
}
#endif

#endif
