/* Inside the demo generator: what demo.c (people, time, files, CSV out,
 * texts, calendar, the import), demo_people.c (staff, suppliers,
 * customers and their orders, events, surveys) and demo_forum.c (the
 * forum, social posts, web sessions) share: the random generator, the
 * bakery's initiatives and seasons, the generator state. */
#ifndef KITH_DEMO_GEN_H
#define KITH_DEMO_GEN_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "kith/demo.h"

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define T0 KITH_DEMO_START
#define AS_OF KITH_DEMO_AS_OF
#define Y2 (KITH_DEMO_AS_OF - 365 * DAY) /* start of the report year P */
#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static inline int64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static inline int64_t utc(int y, unsigned m, unsigned d, int h)
{
    return days_from_civil(y, m, d) * DAY + h * HOUR;
}

/* Person keys: customers 0.., other people from these offsets. */
#define K_ONLINE UINT64_C(10000000)
#define K_STAFF UINT64_C(20000000)

/* ================================================================ random */

typedef struct rng {
    uint64_t s[4];
} rng;

static inline uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static inline void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed * UINT64_C(0x2545F4914F6CDD1D) + stream;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

static inline double rng_u(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}
static inline int rng_int(rng *r, int n)
{
    return (int)(rng_u(r) * n);
}
static inline int rng_bern(rng *r, double p)
{
    return rng_u(r) < p;
}
static inline double rng_exp(rng *r, double mean)
{
    return -mean * log(1.0 - rng_u(r));
}

static inline double rng_normal(rng *r)
{
    double u = rng_u(r), v = rng_u(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static inline int rng_poisson(rng *r, double lambda)
{
    if (lambda <= 0)
        return 0;
    double l = exp(-lambda), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= rng_u(r);
    } while (p > l && k < 1000);
    return k - 1;
}

/* A stable hash of (i, salt) for names and picks that must not depend on
 * the order things are drawn in. */
static inline uint64_t mix(uint64_t i, uint64_t salt)
{
    uint64_t x = i * UINT64_C(0x9E3779B97F4A7C15) ^ salt;
    return splitmix(&x);
}

/* Seasonality of shop visits, relative: December peak, August dip. */
static const double SEASON[12] = {0.85, 0.85, 0.95, 1.0, 1.0, 0.95,
                                  0.85, 0.75, 0.95, 1.0, 1.1, 1.4};
#define SEASON_MAX 1.4

/* ================================================================ files */

enum {
    F_INITIATIVES,
    F_STAFF,
    F_SUPPLIERS,
    F_CUSTOMERS,
    F_ORDERS,
    F_EVENTS,
    F_SURVEYS,
    F_COMMUNITY,
    F_SUPPLY,
    F_FORUM,
    F_FORUM_MEMBERS,
    F_IDEAS,
    F_SOCIAL,
    F_WEB,
    F_OUTCOMES,
    F__COUNT
};

typedef struct dfile {
    FILE *f;
    char path[4096];
    int64_t rows;
} dfile;

/* ================================================================ state */

enum {
    C_ENGAGED = 1 << 0,  /* community-engaged while a customer */
    C_Y1 = 1 << 1,       /* first purchase in year 1 (P-1) */
    C_RETAINED = 1 << 2, /* year-1 customer who buys again in year 2 */
    C_PHONE = 1 << 3,
    C_FORUM = 1 << 4,    /* also posts on the forum; profile gives the email */
    C_DUPPHONE = 1 << 5, /* books events with another email + same phone */
    C_TWIN = 1 << 6,     /* has a second shop account (same name+postcode) */
    C_ACQUIRED = 1 << 7, /* year-2 customer won by an event or referral */
    C_LOCAL = 1 << 8,
    C_INSTA = 1 << 9 /* first order with the Instagram ads code */
};

typedef struct cust {
    int64_t join;   /* first purchase */
    int64_t stop;   /* no purchases after this */
    int64_t touch;  /* acquired: the community touch before the first order */
    float mu, freq; /* spend per order (GBP), orders per month */
    uint16_t flags;
} cust;

typedef struct event {
    int64_t at;
    int init;   /* index into INITS */
    int weight; /* relative size */
    const char *type;
} event;

/* Initiatives: cost is per unit of scale, so ROI does not change with it. */
static const struct {
    const char *name, *kind, *channel, *code;
    double cost, in_kind, hours;
} INITS[] = {
    {"Sourdough Workshops", "workshop", "eventbrite", "SOURDOUGH", 1800, 300, 40},
    {"Millbrook Street Party", "event", "eventbrite", "PARTY", 2500, 800, 120},
    {"Kids Baking Club", "event", "eventbrite", "KIDSCLUB", 900, 200, 60},
    {"Discord Bake-Along", "online", "discord", "", 300, 0, 50},
    {"Instagram Ads", "campaign", "instagram", "INSTA10", 6000, 0, 0},
    {"Community Garden", "volunteering", "community", "", 400, 150, 0},
    {"School Breakfast Club", "donation", "community", "", 0, 1200, 0},
    {"Loyalty Newsletter", "email", "email", "NEWS5", 400, 0, 0},
};
enum { I_WORKSHOP, I_PARTY, I_KIDS, I_BAKEALONG, I_INSTA, I_GARDEN, I_BREAKFAST, I_NEWS };
#define NINITS (int)(sizeof INITS / sizeof INITS[0])

typedef struct demo {
    kith_store *st;
    const kith_demo_opts *o;
    kith_demo_summary *sum;
    kith_error *err;
    int scale;
    char dir[4096];
    int keep;
    dfile f[F__COUNT];
    cust *c;
    int nc;    /* customers incl. twins' second accounts */
    int nreal; /* customers without the twins */
    event *ev;
    int nev;
    int64_t seq; /* running id for activities that need one */
} demo;

/* demo.c */
void kith__dg_lower(char *dst, size_t n, const char *src);
void kith__dg_interests_of(uint64_t key, int group, char *buf, size_t n);
void kith__dg_name_of(uint64_t key, char *buf, size_t n);
void kith__dg_email_of(uint64_t key, const char *tag, char *buf, size_t n);
void kith__dg_phone_of(uint64_t key, char *buf, size_t n);
void kith__dg_handle_of(uint64_t key, char *buf, size_t n);
void kith__dg_postcode_of(uint64_t key, int local, char *buf, size_t n);
void kith__dg_iso(int64_t t, char buf[32]);
void kith__dg_isoday(int64_t t, char buf[32]);
int kith__dg_month_of(int64_t t);
void kith__dg_row(demo *d, int file, int n, ...);
const char *kith__dg_money(char buf[32], double v);
const char *kith__dg_num(char buf[32], int64_t v);
const char *kith__dg_text_for(rng *r, int64_t t);
int kith__dg_pick_event(demo *d, rng *r, int64_t a, int64_t b);

/* demo_people.c */
void kith__dg_write_staff(demo *d);
void kith__dg_write_suppliers(demo *d);
void kith__dg_draw_customers(demo *d);
void kith__dg_write_customers(demo *d);

/* demo_forum.c */
void kith__dg_write_forum(demo *d);
void kith__dg_write_social_web(demo *d);

#endif
