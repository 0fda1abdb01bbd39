/* The demo bakery: a deterministic synthetic dataset with planted effects.
 *
 * Everything is written as CSV files in kith's generic import formats and
 * then imported with kith_import, in an order that makes the importer do
 * real identity work (automatic merges by email and by phone). The sizes
 * of the planted effects are documented in docs/demo.md; change them here
 * and there together.
 *
 * Determinism: one xoshiro256** generator per concern (customers, forum,
 * ...), seeded from the user's seed, so that changing how one part draws
 * does not reshuffle the others. No clock, no locale, no hash order. */
#include "kith/demo.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo/demo_int.h"
#include "kith/ingest.h"
#include "kith/metrics.h"
#include "store/store_int.h"

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define T0 KITH_DEMO_START
#define AS_OF KITH_DEMO_AS_OF
#define Y2 (KITH_DEMO_AS_OF - 365 * DAY) /* start of the report year P */

/* ================================================================ random */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed * UINT64_C(0x2545F4914F6CDD1D) + stream;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
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

static double rng_u(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}
static int rng_int(rng *r, int n)
{
    return (int)(rng_u(r) * n);
}
static int rng_bern(rng *r, double p)
{
    return rng_u(r) < p;
}
static double rng_exp(rng *r, double mean)
{
    return -mean * log(1.0 - rng_u(r));
}

static double rng_normal(rng *r)
{
    double u = rng_u(r), v = rng_u(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static int rng_poisson(rng *r, double lambda)
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
static uint64_t mix(uint64_t i, uint64_t salt)
{
    uint64_t x = i * UINT64_C(0x9E3779B97F4A7C15) ^ salt;
    return splitmix(&x);
}

/* ================================================================ people */

static const char *const FIRST[] = {
    "Olivia", "Amelia", "Isla",  "Ava",    "Mia",    "Ivy",    "Lily",     "Freya",
    "Grace",  "Sophie", "Emily", "Ella",   "Aisha",  "Priya",  "Zara",     "Hannah",
    "Chloe",  "Ruby",   "Maya",  "Nora",   "Oliver", "George", "Noah",     "Arthur",
    "Leo",    "Oscar",  "Harry", "Jack",   "Theo",   "Finley", "Mohammed", "Ravi",
    "Samuel", "Daniel", "Lucas", "Tomasz", "Kofi",   "Jamal",  "Ewan",     "Rhys"};
static const char *const LAST[] = {
    "Smith",  "Jones",    "Taylor",   "Brown",  "Williams", "Wilson",  "Johnson",
    "Davies", "Patel",    "Robinson", "Wright", "Thompson", "Evans",   "Walker",
    "White",  "Roberts",  "Green",    "Hall",   "Wood",     "Jackson", "Clarke",
    "Khan",   "Hughes",   "Lewis",    "Nowak",  "Mensah",   "Okafor",  "Murphy",
    "Kelly",  "Campbell", "Reid",     "Ahmed"};
#define NFIRST (sizeof FIRST / sizeof FIRST[0])
#define NLAST (sizeof LAST / sizeof LAST[0])

static const char *const DOMAINS[] = {"example.com", "example.org", "example.net"};

/* Person keys: customers 0.., other people from these offsets. */
#define K_ONLINE UINT64_C(10000000)
#define K_STAFF UINT64_C(20000000)

static const char *first_of(uint64_t key)
{
    return FIRST[mix(key, 11) % NFIRST];
}
static const char *last_of(uint64_t key)
{
    return LAST[mix(key, 23) % NLAST];
}

static void lower(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
    dst[i] = 0;
}

/* Interests (kith match, docs/graph.md): a hash of the key, so that no
 * random number is drawn and every other row stays as it was. group 0:
 * a shop customer (about half name one or two tags), 1: #sourdough, 2:
 * #family-baking (the channel's tag plus one more). */
static const char *const TAGS[] = {"sourdough",   "rye",        "cakes",
                                   "kids baking", "pastries",   "gluten-free",
                                   "coffee",      "local food", "baking science"};
#define NTAGS (sizeof TAGS / sizeof TAGS[0])

static void interests_of(uint64_t key, int group, char *buf, size_t n)
{
    uint64_t h = mix(key, 0x1A7E2E575ULL);
    size_t a = (size_t)(h % NTAGS), b = (size_t)((h >> 8) % NTAGS);
    buf[0] = 0;
    if (group == 1)
        snprintf(buf, n, "sourdough, %s", TAGS[b == 0 ? 1 : b]);
    else if (group == 2)
        snprintf(buf, n, "kids baking, %s", TAGS[b == 3 ? 2 : b]);
    else if ((h >> 16) % 2 == 0)
        snprintf(buf, n, "%s", TAGS[a]);
    else if ((h >> 16) % 4 == 1 && a != b)
        snprintf(buf, n, "%s, %s", TAGS[a], TAGS[b]);
}

static void name_of(uint64_t key, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", first_of(key), last_of(key));
}

static void email_of(uint64_t key, const char *tag, char *buf, size_t n)
{
    char f[32], l[32];
    lower(f, sizeof f, first_of(key));
    lower(l, sizeof l, last_of(key));
    snprintf(buf, n, "%s.%s%s%" PRIu64 "@%s", f, l, tag, key, DOMAINS[mix(key, 31) % 3]);
}

/* UK mobile numbers in the style shops store them (spaces, no country
 * code); the org's phone country code is 44. */
static void phone_of(uint64_t key, char *buf, size_t n)
{
    snprintf(buf, n, "07%03u %06u", (unsigned)(700 + (key / 1000000) % 300),
             (unsigned)(key % 1000000));
}

static void handle_of(uint64_t key, char *buf, size_t n)
{
    char f[32], l[32];
    lower(f, sizeof f, first_of(key));
    lower(l, sizeof l, last_of(key));
    snprintf(buf, n, "%s_%c%" PRIu64, f, l[0], key);
}

static void postcode_of(uint64_t key, int local, char *buf, size_t n)
{
    uint64_t h = mix(key, 41);
    snprintf(buf, n, "%s%u %u%c%c", local ? "MB" : "RF", (unsigned)(1 + h % 4),
             (unsigned)(h / 4 % 10), (char)('A' + h / 40 % 26),
             (char)('A' + h / 1040 % 26));
}

/* ================================================================ time */

static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int64_t utc(int y, unsigned m, unsigned d, int h)
{
    return days_from_civil(y, m, d) * DAY + h * HOUR;
}

static void iso(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void isoday(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%d", &tm);
}

static int month_of(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return tm.tm_mon;
}

/* Seasonality of shop visits, relative: December peak, August dip. */
static const double SEASON[12] = {0.85, 0.85, 0.95, 1.0, 1.0, 0.95,
                                  0.85, 0.75, 0.95, 1.0, 1.1, 1.4};
#define SEASON_MAX 1.4

/* The sentiment dip: the week the oven broke (Monday 9 June 2025). */
#define DIP_START utc(2025, 6, 9, 0)
#define DIP_END (DIP_START + 7 * DAY)

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

static const struct {
    const char *file, *format, *source, *what, *header;
} FILES[F__COUNT] = {
    {"initiatives.csv", "initiatives", "demo-initiatives", "initiatives",
     "name,kind,channel,starts_at,ends_at,cost,in_kind_cost,volunteer_hours,codes,utm_"
     "campaign"},
    {"staff.csv", "members", "demo-staff", "staff",
     "email,phone,name,kinds,flags,employed_from,employed_to,postcode,location"},
    {"suppliers.csv", "members", "demo-suppliers", "suppliers",
     "email,name,kinds,flags,postcode,location"},
    {"shop_customers.csv", "members", "shop", "shop customers",
     "email,phone,name,kinds,first_seen,postcode,location,interests"},
    {"shop_orders.csv", "activities", "shop", "shop orders and refunds",
     "id,type,occurred_at,email,value,currency,code,channel"},
    {"eventbrite_attendees.csv", "activities", "eventbrite", "event attendees",
     "id,type,occurred_at,email,phone,name,initiative,channel"},
    {"surveys.csv", "activities", "forms", "NPS and eNPS surveys",
     "id,type,subtype,occurred_at,email,value,text,channel"},
    {"community.csv", "activities", "community",
     "reviews, feedback, volunteering, donations, referrals",
     "id,type,occurred_at,email,value,currency,text,initiative,target_email,channel"},
    {"supply.csv", "activities", "purchasing", "supplier spend",
     "id,type,occurred_at,email,value,currency,channel"},
    {"discord_messages.csv", "activities", "discord", "forum messages",
     "id,type,occurred_at,handle,platform,name,channel,text,target_handle,target_"
     "platform,thread_id,parent_id,initiative"},
    {"discord_members.csv", "members", "discord-profiles", "forum profiles",
     "handle,platform,name,email,kinds,flags,first_seen,interests"},
    {"ideas.csv", "ideas", "demo-ideas", "ideas",
     "id,title,status,proposed_at,status_changed_at,shipped_at,email,handle,platform,"
     "origin_activity_source,origin_activity_id"},
    {"social_posts.csv", "social_posts", "social", "social posts",
     "id,channel,published_at,reach,impressions,reactions,comments,shares,saves"},
    {"web_sessions.csv", "web_sessions", "analytics", "web sessions",
     "day,source,medium,campaign,region,city,sessions,conversions"},
    {"outcomes.csv", "outcomes", "demo-outcomes", "outcomes (SRCI)",
     KITH_DEMO_OUTCOMES_HEADER},
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

/* ================================================================ CSV out */

static void cell(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Write one row of n cells (const char *), NULL cells empty. */
static void row(demo *d, int file, int n, ...)
{
    FILE *f = d->f[file].f;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        cell(f, va_arg(ap, const char *));
    }
    va_end(ap);
    fputc('\n', f);
    d->f[file].rows++;
}

static const char *money(char buf[32], double v)
{
    snprintf(buf, 32, "%.2f", v);
    return buf;
}

static const char *num(char buf[32], int64_t v)
{
    snprintf(buf, 32, "%" PRId64, v);
    return buf;
}

/* ================================================================ texts */

static const char *const POS[] = {
    "The sourdough this morning was amazing, thank you!",
    "Loved the workshop, I finally got a good rise on my loaf :)",
    "Best cinnamon buns in town. Great job, team!",
    "Such a friendly crowd at the bake-along, really enjoyed it",
    "My starter is alive and happy thanks to your tips. Brilliant!",
    "The new rye is wonderful, my kids love it",
    "Thanks for the help with my croissants, they turned out great",
    "What a lovely community this is. Happy baking everyone!",
};
static const char *const NEU[] = {
    "What hydration do you use for the country loaf?",
    "Is the shop open on the bank holiday?",
    "Posting my crumb shot from today's bake",
    "Does anyone have a spare banneton for Saturday?",
    "Which flour do you use for the focaccia?",
    "Here is the recipe from the last session",
};
static const char *const NEG[] = {
    "Disappointed, the bread was stale and the queue was terrible.",
    "No sourdough again today. Really frustrating and annoying.",
    "The order was wrong and nobody answered my complaint. Awful.",
    "Sad to see the shop closed without notice, very bad experience.",
    "Terrible week, the oven is broken and everything is late. Not happy.",
    "Worst service I have had here, I am upset.",
};
#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *text_for(rng *r, int64_t t)
{
    double u = rng_u(r);
    double pneg = (t >= DIP_START && t < DIP_END) ? 0.75 : 0.08;
    if (u < pneg)
        return NEG[rng_int(r, N_OF(NEG))];
    if (u < pneg + 0.30)
        return NEU[rng_int(r, N_OF(NEU))];
    return POS[rng_int(r, N_OF(POS))];
}

/* ================================================================ setup */

static kith_code open_files(demo *d)
{
    if (d->o->keep_dir && *d->o->keep_dir) {
        snprintf(d->dir, sizeof d->dir, "%s", d->o->keep_dir);
        if (mkdir(d->dir, 0755) != 0 && errno != EEXIST)
            return kith_error_set(d->err, KITH_EIO, "cannot create folder %s: %s", d->dir,
                                  strerror(errno));
        d->keep = 1;
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(d->dir, sizeof d->dir, "%s/kith-demo-XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(d->dir))
            return kith_error_set(d->err, KITH_EIO,
                                  "cannot create a temporary folder: %s",
                                  strerror(errno));
    }
    for (int i = 0; i < F__COUNT; i++) {
        snprintf(d->f[i].path, sizeof d->f[i].path, "%s/%s", d->dir, FILES[i].file);
        d->f[i].f = fopen(d->f[i].path, "w");
        if (!d->f[i].f)
            return kith_error_set(d->err, KITH_EIO, "cannot write %s: %s", d->f[i].path,
                                  strerror(errno));
        fprintf(d->f[i].f, "%s\n", FILES[i].header);
    }
    return KITH_OK;
}

static void close_files(demo *d, int remove_them)
{
    for (int i = 0; i < F__COUNT; i++) {
        if (d->f[i].f)
            fclose(d->f[i].f);
        d->f[i].f = NULL;
        if (remove_them && d->f[i].path[0])
            unlink(d->f[i].path);
    }
    if (remove_them && d->dir[0])
        rmdir(d->dir);
}

/* ================================================================ calendar */

static void add_event(demo *d, int64_t at, int init, int weight, const char *type)
{
    if (at < T0 || at >= AS_OF)
        return;
    d->ev[d->nev++] = (event){at, init, weight, type};
}

static int cmp_event(const void *a, const void *b)
{
    const event *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* Workshops on the 2nd Saturday, the kids' club on the last Sunday of each
 * month, the street party in March, June, September and December. */
static void make_calendar(demo *d)
{
    d->ev = calloc(200, sizeof *d->ev);
    for (int y = 2024; y <= 2025; y++)
        for (unsigned m = 1; m <= 12; m++) {
            int64_t first = days_from_civil(y, m, 1);
            int wd = (int)((first + 4) % 7); /* 0 = Sunday */
            int sat = (6 - wd + 7) % 7 + 1;  /* day of the first Saturday */
            add_event(d, utc(y, m, (unsigned)(sat + 7), 10), I_WORKSHOP, 1, "workshop");
            unsigned mdays =
                (unsigned)(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                           first);
            int64_t last = first + mdays - 1;
            int lwd = (int)((last + 4) % 7);
            add_event(d, (last - lwd) * DAY + 14 * HOUR, I_KIDS, 1, "event_attend");
            if (m % 3 == 0)
                add_event(d, utc(y, m, (unsigned)(sat + 14), 12), I_PARTY, 8,
                          "event_attend");
        }
    qsort(d->ev, (size_t)d->nev, sizeof *d->ev, cmp_event);
}

/* A random event in [a, b), weighted by size; -1 if none. */
static int pick_event(demo *d, rng *r, int64_t a, int64_t b)
{
    int lo = 0;
    while (lo < d->nev && d->ev[lo].at < a)
        lo++;
    int hi = lo;
    while (hi < d->nev && d->ev[hi].at < b)
        hi++;
    if (hi == lo)
        return -1;
    for (int tries = 0; tries < 20; tries++) {
        int i = lo + rng_int(r, hi - lo);
        if (rng_u(r) * 8 < d->ev[i].weight)
            return i;
    }
    return lo + rng_int(r, hi - lo);
}

/* ================================================================ initiatives */

static void write_initiatives(demo *d)
{
    char a[32], b[32], c1[32], c2[32], h[32];
    for (int i = 0; i < NINITS; i++) {
        iso(T0, a);
        iso(AS_OF, b);
        row(d, F_INITIATIVES, 10, INITS[i].name, INITS[i].kind, INITS[i].channel, a, b,
            money(c1, INITS[i].cost * d->scale), money(c2, INITS[i].in_kind * d->scale),
            money(h, INITS[i].hours * d->scale), INITS[i].code,
            i == I_INSTA ? "instagram_ads" : "");
    }
}

/* ================================================================ staff */

/* Per block of 12 employees: 0 owner and 1 community manager (flag team),
 * 2-9 volunteer at the community garden, 10 leaves in year 2, 11 is hired
 * in year 2; 9 also leaves in year 2. */
static void write_staff(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 2);
    char email[96], phone[32], name[64], from[32], to[32], pc[16], id[40], t[32], v[32];
    for (int b = 0; b < d->scale; b++)
        for (int k = 0; k < 12; k++) {
            uint64_t key = K_STAFF + (uint64_t)b * 12 + (uint64_t)k;
            name_of(key, name, sizeof name);
            if (b == 0 && k == 0)
                snprintf(name, sizeof name, "Rosa Marchetti");
            if (b == 0 && k == 1)
                snprintf(name, sizeof name, "Sam Taylor");
            char f[32], l[32];
            const char *sp = strchr(name, ' ');
            lower(f, sizeof f, name);
            f[sp - name] = 0;
            lower(l, sizeof l, sp + 1);
            snprintf(email, sizeof email, "%s.%s%d@millbrookbakery.example", f, l,
                     b * 12 + k);
            phone_of(key, phone, sizeof phone);
            int64_t hired =
                k == 11 ? utc(2025, 7, 1, 9) : utc(2019 + k % 5, 1 + (unsigned)k, 1, 9);
            int64_t left = (k == 10)  ? utc(2025, 4, 30, 17)
                           : (k == 9) ? utc(2025, 9, 30, 17)
                                      : 0;
            iso(hired, from);
            to[0] = 0;
            if (left)
                iso(left, to);
            postcode_of(key, 1, pc, sizeof pc);
            row(d, F_STAFF, 9, email, phone, name, "employee", k < 2 ? "team" : "", from,
                to, pc, "Millbrook");
            /* Volunteering: monthly, half the months, 2-4 hours. */
            if (k >= 2 && k <= 9)
                for (int64_t m = T0 + 10 * DAY; m < AS_OF; m += 30 * DAY) {
                    if (left && m > left)
                        break;
                    if (!rng_bern(&r, 0.5))
                        continue;
                    snprintf(id, sizeof id, "vol-staff-%" PRId64, ++d->seq);
                    iso(m + rng_int(&r, 20) * DAY + 10 * HOUR, t);
                    row(d, F_COMMUNITY, 10, id, "volunteer", t, email,
                        money(v, 2 + rng_int(&r, 3)), "", "Weeding and watering the beds",
                        INITS[I_GARDEN].name, "", "garden");
                }
            /* Staff at the street party (employee participation). */
            if (k >= 2 && k <= 6)
                for (int e = 0; e < d->nev; e++)
                    if (d->ev[e].init == I_PARTY && (!left || d->ev[e].at < left) &&
                        d->ev[e].at >= hired) {
                        snprintf(id, sizeof id, "eb-staff-%" PRId64, ++d->seq);
                        iso(d->ev[e].at, t);
                        row(d, F_EVENTS, 8, id, "event_attend", t, email, "", name,
                            INITS[I_PARTY].name, "eventbrite");
                    }
            /* eNPS in June and December. */
            for (int y = 2024; y <= 2025; y++)
                for (unsigned m = 6; m <= 12; m += 6) {
                    int64_t at = utc(y, m, 20, 11);
                    if (at < hired || (left && at > left) || !rng_bern(&r, 0.85))
                        continue;
                    int score = k < 2 ? 10 : 5 + rng_int(&r, 6);
                    snprintf(id, sizeof id, "enps-%" PRId64, ++d->seq);
                    iso(at + rng_int(&r, 72) * HOUR, t);
                    row(d, F_SURVEYS, 8, id, "survey_response", "enps", t, email,
                        num(v, score), "", "staff-survey");
                }
        }
}

/* ================================================================ suppliers */

/* Monthly spend per supplier, fixed so that the local share is exact:
 * local 2400+1500+600+300+900 = 5700, other 1800+800+1000 = 3600,
 * local supplier share = 5700 / 9300 = 0.6129... every month. */
static const struct {
    const char *name, *mail;
    int local;
    double monthly;
} SUPPLIERS[] = {
    {"Millbrook Mill", "orders@millbrookmill.example", 1, 2400},
    {"Valley Dairy", "sales@valleydairy.example", 1, 1500},
    {"Hilltop Eggs", "eggs@hilltop.example", 1, 600},
    {"Green Lane Veg", "hello@greenlaneveg.example", 1, 300},
    {"Millbrook Roasters", "beans@millbrookroasters.example", 1, 900},
    {"Continental Butter Ltd", "trade@continentalbutter.example", 0, 1800},
    {"PackRight Packaging", "orders@packright.example", 0, 800},
    {"Global Coffee Imports", "sales@globalcoffee.example", 0, 1000},
};

static void write_suppliers(demo *d)
{
    char email[96], name[96], pc[16], id[48], t[32], v[32];
    for (int b = 0; b < d->scale; b++)
        for (int k = 0; k < N_OF(SUPPLIERS); k++) {
            if (b == 0) {
                snprintf(email, sizeof email, "%s", SUPPLIERS[k].mail);
                snprintf(name, sizeof name, "%s", SUPPLIERS[k].name);
            } else {
                const char *at = strchr(SUPPLIERS[k].mail, '@');
                snprintf(email, sizeof email, "%.*s%d%s", (int)(at - SUPPLIERS[k].mail),
                         SUPPLIERS[k].mail, b, at);
                snprintf(name, sizeof name, "%s %d", SUPPLIERS[k].name, b + 1);
            }
            postcode_of(K_STAFF + 5000 + (uint64_t)k, SUPPLIERS[k].local, pc, sizeof pc);
            row(d, F_SUPPLIERS, 6, email, name, "supplier",
                SUPPLIERS[k].local ? "local" : "", pc,
                SUPPLIERS[k].local ? "Millbrook" : "Riverford");
            for (int y = 2024; y <= 2025; y++)
                for (unsigned m = 1; m <= 12; m++) {
                    int64_t at = utc(y, m, 1, 9);
                    if (at < T0 || at >= AS_OF)
                        continue;
                    snprintf(id, sizeof id, "po-%d-%d-%d%02u", b, k, y, m);
                    iso(at, t);
                    row(d, F_SUPPLY, 7, id, "supply", t, email,
                        money(v, SUPPLIERS[k].monthly), "GBP", "purchasing");
                }
        }
}

/* ================================================================ customers */

/* Draw who each customer is and how they behave. The retention effect is
 * planted here: a year-1 customer buys again in year 2 with probability
 * 0.70 when community-engaged in year 1, 0.45 otherwise. */
static void draw_customers(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 3);
    d->nreal = 5000 * d->scale;
    int ntwins = 15 * d->scale;
    d->nc = d->nreal + ntwins;
    d->c = calloc((size_t)d->nc, sizeof *d->c);
    int dup_phone_left = 30 * d->scale, dup_email_left = 40 * d->scale,
        insta_left = 20 * d->scale;
    for (int i = 0; i < d->nreal; i++) {
        cust *c = &d->c[i];
        c->mu = (float)(7.0 + 14.0 * rng_u(&r));
        double u = rng_u(&r);
        c->freq = (float)(0.3 + 2.2 * u * u);
        if (rng_bern(&r, 0.7))
            c->flags |= C_LOCAL;
        if (rng_bern(&r, 0.6))
            c->flags |= C_PHONE;
        if (rng_bern(&r, 0.62)) {
            c->flags |= C_Y1;
            c->join = T0 + (int64_t)(rng_u(&r) * 300 * DAY);
            if (rng_bern(&r, 0.35))
                c->flags |= C_ENGAGED;
            double p = (c->flags & C_ENGAGED) ? 0.70 : 0.45;
            if (rng_bern(&r, p)) {
                c->flags |= C_RETAINED;
                c->stop = rng_bern(&r, 0.6)
                              ? AS_OF - DAY
                              : Y2 + 30 * DAY + (int64_t)(rng_u(&r) * 300 * DAY);
            } else {
                c->stop = Y2 - DAY;
            }
        } else {
            int64_t start = Y2 + (int64_t)(rng_u(&r) * 330 * DAY);
            c->stop = AS_OF - DAY;
            if (rng_bern(&r, 0.40)) {
                /* Won by the community: a touch first, the order later. */
                c->flags |= C_ACQUIRED | C_ENGAGED;
                c->touch = start;
                c->join = start + (1 + rng_int(&r, 25)) * DAY + 8 * HOUR;
            } else {
                c->join = start;
                if (insta_left > 0 && rng_bern(&r, 0.05)) {
                    c->flags |= C_INSTA;
                    insta_left--;
                } else if (rng_bern(&r, 0.2)) {
                    c->flags |= C_ENGAGED;
                }
            }
            if (c->join >= c->stop)
                c->join = c->stop - DAY;
        }
        if ((c->flags & C_ENGAGED) && dup_email_left > 0 && rng_bern(&r, 0.05)) {
            c->flags |= C_FORUM;
            dup_email_left--;
        }
        if ((c->flags & (C_ENGAGED | C_PHONE | C_ACQUIRED)) == (C_ENGAGED | C_PHONE) &&
            (c->flags & C_Y1) && dup_phone_left > 0 && rng_bern(&r, 0.05)) {
            c->flags |= C_DUPPHONE;
            dup_phone_left--;
        }
    }
    /* Twins: a second shop account of 15 x scale customers. */
    for (int k = 0; k < ntwins; k++) {
        int i = (int)(mix((uint64_t)k, 77) % (uint64_t)d->nreal);
        while (d->c[i].flags & C_TWIN)
            i = (i + 1) % d->nreal;
        d->c[i].flags |= C_TWIN;
        cust *t = &d->c[d->nreal + k];
        *t = d->c[i];
        t->flags = (uint16_t)((d->c[i].flags & C_LOCAL) | C_TWIN);
        t->freq = 0.2f;
        t->join = (d->c[i].join > Y2 ? d->c[i].join : Y2) + 20 * DAY;
        t->stop = t->join + 60 * DAY;
        if (t->stop >= AS_OF)
            t->stop = AS_OF - DAY;
        if (t->join >= t->stop)
            t->join = t->stop - DAY;
        t->touch = i; /* the original account */
    }
    for (int i = 0; i < d->nreal; i++) {
        const cust *c = &d->c[i];
        d->sum->customers++;
        if ((c->flags & (C_Y1 | C_ENGAGED)) == (C_Y1 | C_ENGAGED))
            d->sum->engaged_y1++;
        if (c->flags & C_FORUM)
            d->sum->dup_email++;
        if (c->flags & C_DUPPHONE)
            d->sum->dup_phone++;
    }
    d->sum->customers += ntwins;
    d->sum->twins = ntwins;
}

typedef struct touch {
    int64_t at;
    int init;
} touch;

/* Community activities of customer i in [a, b): at least one. Event
 * touches are returned (for purchase codes and last-touch attribution). */
static int community_acts(demo *d, rng *r, int i, int64_t a, int64_t b, int atleast,
                          touch *tt, int maxt)
{
    char email[96], alt[96], phone[32], name[64], id[48], t[32], v[32];
    uint64_t key = (uint64_t)i;
    email_of(key, "", email, sizeof email);
    name_of(key, name, sizeof name);
    int n = atleast + rng_poisson(r, 2.0), nt = 0, events_done = 0;
    const cust *c = &d->c[i];
    if ((c->flags & C_DUPPHONE) && n < 2)
        n = 2; /* two bookings: the second one carries the phone */
    if (b <= a)
        return 0;
    for (int k = 0; k < n; k++) {
        double u = rng_u(r);
        int64_t at = a + (int64_t)(rng_u(r) * (double)(b - a));
        int e = -1;
        if (u < 0.55 || ((c->flags & C_DUPPHONE) && events_done < 2))
            e = pick_event(d, r, a, b);
        if (e >= 0) {
            /* Eventbrite: the email the person booked with; phone when
             * they gave it. A C_DUPPHONE customer books with a work email:
             * without a phone the first time, with it the second time. */
            const char *mail = email, *ph = "";
            if (c->flags & C_DUPPHONE) {
                email_of(key, ".work", alt, sizeof alt);
                mail = alt;
                if (events_done > 0) {
                    phone_of(key, phone, sizeof phone);
                    ph = phone;
                }
            } else if ((c->flags & C_PHONE) && rng_bern(r, 0.3)) {
                phone_of(key, phone, sizeof phone);
                ph = phone;
            }
            events_done++;
            snprintf(id, sizeof id, "eb-%" PRId64, ++d->seq);
            iso(d->ev[e].at, t);
            row(d, F_EVENTS, 8, id, d->ev[e].type, t, mail, ph, name,
                INITS[d->ev[e].init].name, "eventbrite");
            if (nt < maxt)
                tt[nt++] = (touch){d->ev[e].at, d->ev[e].init};
            continue;
        }
        iso(at, t);
        snprintf(id, sizeof id, "c-%" PRId64, ++d->seq);
        if (u < 0.70)
            row(d, F_COMMUNITY, 10, id, "review", t, email, num(v, 4 + rng_int(r, 2)), "",
                text_for(r, at), "", "", "google");
        else if (u < 0.80)
            row(d, F_COMMUNITY, 10, id, "feedback", t, email, "", "", text_for(r, at), "",
                "", "shop");
        else if (u < 0.90)
            row(d, F_COMMUNITY, 10, id, "volunteer", t, email, num(v, 1 + rng_int(r, 4)),
                "", "Helped at the community garden", INITS[I_GARDEN].name, "", "garden");
        else
            row(d, F_COMMUNITY, 10, id, "donation", t, email,
                money(v, 5 + rng_int(r, 46)), "GBP", "For the school breakfast club",
                INITS[I_BREAKFAST].name, "", "community");
    }
    return nt;
}

/* Orders of customer i in [a, b): one at a, then a Poisson process at the
 * customer's rate, thinned by season. */
static void orders(demo *d, rng *r, int i, int64_t a, int64_t b, const touch *tt, int nt,
                   const char *first_code)
{
    char email[96], id[48], t[32], v[32];
    const cust *c = &d->c[i];
    uint64_t key = (uint64_t)i;
    if (i >= d->nreal)
        email_of((uint64_t)c->touch, ".alt", email, sizeof email);
    else
        email_of(key, "", email, sizeof email);
    double gap = 30.0 * DAY / c->freq;
    int first = 1;
    for (int64_t at = a; at < b && at < AS_OF; at += (int64_t)rng_exp(r, gap) + HOUR) {
        if (!first && rng_u(r) * SEASON_MAX > SEASON[month_of(at)])
            continue;
        double val = round(c->mu * exp(0.3 * rng_normal(r)) * 100.0) / 100.0;
        const char *code = "";
        if (first && first_code)
            code = first_code;
        else {
            for (int k = 0; k < nt; k++)
                if (at > tt[k].at && at - tt[k].at < 30 * DAY &&
                    INITS[tt[k].init].code[0] && rng_bern(r, 0.25))
                    code = INITS[tt[k].init].code;
            if (!*code && rng_bern(r, 0.03))
                code = INITS[I_NEWS].code;
        }
        first = 0;
        int64_t n = ++d->seq;
        snprintf(id, sizeof id, "order-%" PRId64, n);
        iso(at, t);
        row(d, F_ORDERS, 8, id, "purchase", t, email, money(v, val), "GBP", code, "shop");
        if (rng_bern(r, 0.015) && at + 3 * DAY < AS_OF) {
            snprintf(id, sizeof id, "refund-%" PRId64, n);
            iso(at + 3 * DAY, t);
            row(d, F_ORDERS, 8, id, "refund", t, email, money(v, val), "GBP", "", "shop");
        }
    }
}

/* Quarterly NPS waves (15 March, June, September, December at noon). */
static void surveys(demo *d, rng *r, int i)
{
    const cust *c = &d->c[i];
    char email[96], id[48], t[32], v[32];
    email_of((uint64_t)i, "", email, sizeof email);
    static const char *const WHY_PRO[] = {"Great bread and lovely people",
                                          "The workshops are fantastic",
                                          "Always friendly, love it"};
    static const char *const WHY_DET[] = {"Too expensive and often sold out",
                                          "Service was slow and unfriendly",
                                          "Not great lately"};
    for (int y = 2024; y <= 2025; y++)
        for (unsigned m = 3; m <= 12; m += 3) {
            int64_t at = utc(y, m, 15, 12);
            if (at < c->join || at > c->stop + 30 * DAY)
                continue;
            double p = (c->flags & C_ENGAGED) ? 0.30 : (at >= Y2 ? 0.08 : 0.0);
            if (!rng_bern(r, p))
                continue;
            double u = rng_u(r);
            int score;
            if (c->flags & C_ENGAGED)
                score = u < 0.60   ? 9 + rng_int(r, 2)
                        : u < 0.90 ? 7 + rng_int(r, 2)
                                   : rng_int(r, 7);
            else
                score = u < 0.30   ? 9 + rng_int(r, 2)
                        : u < 0.65 ? 7 + rng_int(r, 2)
                                   : rng_int(r, 7);
            const char *why = "";
            if (rng_bern(r, 0.4))
                why = score >= 9   ? WHY_PRO[rng_int(r, 3)]
                      : score <= 6 ? WHY_DET[rng_int(r, 3)]
                                   : "";
            snprintf(id, sizeof id, "nps-%" PRId64, ++d->seq);
            iso(at + rng_int(r, 96) * HOUR, t);
            row(d, F_SURVEYS, 8, id, "survey_response", "nps", t, email, num(v, score),
                why, "nps-survey");
        }
}

static void write_customers(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 4);
    char email[96], phone[32], name[64], pc[16], t[32], id[48], tags[64];
    touch tt[32];
    for (int i = 0; i < d->nc; i++) {
        cust *c = &d->c[i];
        uint64_t key = i < d->nreal ? (uint64_t)i : (uint64_t)c->touch;
        name_of(key, name, sizeof name);
        postcode_of(key, c->flags & C_LOCAL, pc, sizeof pc);
        email_of(key, i < d->nreal ? "" : ".alt", email, sizeof email);
        phone[0] = 0;
        if ((c->flags & C_PHONE) && i < d->nreal)
            phone_of(key, phone, sizeof phone);
        iso(c->flags & C_ACQUIRED ? c->touch : c->join, t);
        interests_of(key, 0, tags, sizeof tags);
        row(d, F_CUSTOMERS, 8, email, phone, name, "customer", t, pc,
            c->flags & C_LOCAL ? "Millbrook" : "Riverford", tags);
        if (i >= d->nreal) {
            orders(d, &r, i, c->join, c->stop, NULL, 0, NULL);
            continue;
        }
        int nt = 0;
        if (c->flags & C_Y1) {
            if (c->flags & C_ENGAGED)
                nt = community_acts(d, &r, i, c->join, Y2, 1, tt, 32);
            orders(d, &r, i, c->join, Y2, tt, nt, NULL);
            if (c->flags & C_RETAINED) {
                int64_t a = Y2 + (int64_t)rng_exp(&r, 20.0 * DAY);
                if (a >= c->stop)
                    a = Y2 + DAY;
                int n2 = 0;
                if ((c->flags & C_ENGAGED) && rng_bern(&r, 0.8))
                    n2 = community_acts(d, &r, i, Y2, c->stop, 0, tt + nt, 32 - nt);
                orders(d, &r, i, a, c->stop, tt, nt + n2, NULL);
            }
        } else if (c->flags & C_ACQUIRED) {
            /* The touch: an event (65%) or a referral by an earlier engaged
             * year-1 customer (35%); then more community life. */
            int e = rng_bern(&r, 0.65) ? pick_event(d, &r, c->touch, c->join) : -1;
            if (e >= 0) {
                c->touch = d->ev[e].at;
                iso(c->touch, t);
                snprintf(id, sizeof id, "eb-%" PRId64, ++d->seq);
                row(d, F_EVENTS, 8, id, d->ev[e].type, t, email, phone, name,
                    INITS[d->ev[e].init].name, "eventbrite");
                tt[nt++] = (touch){c->touch, d->ev[e].init};
            } else {
                uint64_t span = (uint64_t)(i > 0 ? i : d->nreal);
                int ref = (int)(rng_next(&r) % span);
                for (int k = 0; k < 50 && (d->c[ref].flags & (C_ENGAGED | C_Y1)) !=
                                              (C_ENGAGED | C_Y1);
                     k++)
                    ref = (int)(rng_next(&r) % span);
                char refmail[96];
                email_of((uint64_t)ref, "", refmail, sizeof refmail);
                iso(c->touch, t);
                snprintf(id, sizeof id, "ref-%" PRId64, ++d->seq);
                row(d, F_COMMUNITY, 10, id, "referral", t, refmail, "", "",
                    "Told my neighbour about the bakery", "", email, "word-of-mouth");
            }
            nt += community_acts(d, &r, i, c->join, c->stop, 0, tt + nt, 32 - nt);
            orders(d, &r, i, c->join, c->stop, tt, nt, NULL);
        } else {
            orders(d, &r, i, c->join, c->stop, NULL, 0,
                   c->flags & C_INSTA ? INITS[I_INSTA].code : NULL);
            if (c->flags & C_ENGAGED)
                community_acts(d, &r, i, c->join + DAY, c->stop, 1, tt, 32);
        }
        surveys(d, &r, i);
    }
}

/* ================================================================ forum */

enum { G_A = 1, G_B = 2 };
enum { FM_CUSTOMER, FM_ONLINE, FM_BRIDGE, FM_TEAM, FM_BOT };

typedef struct fmember {
    uint64_t key;
    int64_t from, to;
    float rate; /* posts per week */
    uint8_t kind, group;
    char handle[48];
    char name[64];
} fmember;

typedef struct fpost {
    int64_t at;
    int author;
    int group;
    char id[32];
} fpost;

static const char *const BRIDGES[3][2] = {{"ada_crumb", "Ada Lovelace-Baker"},
                                          {"ben.okafor", "Ben Okafor"},
                                          {"chenwei_bakes", "Chen Wei"}};

/* The forum: #sourdough (group A) and #family-baking (group B). Members
 * reply, react and mention only within their group, except the three
 * bridges, who take part in both. */
static void write_forum(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 5);
    int nonline = 600 * d->scale, cap = nonline + d->nreal / 4 + 16, n = 0;
    fmember *fm = calloc((size_t)cap, sizeof *fm);
    /* Customers who post (their Discord profile carries the shop email). */
    for (int i = 0; i < d->nreal && n < cap; i++)
        if (d->c[i].flags & C_FORUM) {
            fmember *m = &fm[n++];
            m->key = (uint64_t)i;
            m->kind = FM_CUSTOMER;
            m->from = d->c[i].flags & C_ACQUIRED ? d->c[i].touch : d->c[i].join;
            m->to = d->c[i].stop;
            m->rate = (float)(0.3 + rng_u(&r));
            m->group = rng_bern(&r, 0.55) ? G_A : G_B;
            handle_of(m->key, m->handle, sizeof m->handle);
            name_of(m->key, m->name, sizeof m->name);
        }
    for (int k = 0; k < nonline && n < cap; k++) {
        fmember *m = &fm[n++];
        m->key = K_ONLINE + (uint64_t)k;
        m->kind = FM_ONLINE;
        m->from = T0 + (int64_t)(rng_u(&r) * (double)(AS_OF - T0 - 30 * DAY));
        m->to = m->from + (int64_t)rng_exp(&r, 250.0 * DAY);
        m->rate = (float)(0.1 + 0.8 * rng_u(&r) * rng_u(&r));
        m->group = rng_bern(&r, 0.55) ? G_A : G_B;
        handle_of(m->key, m->handle, sizeof m->handle);
        name_of(m->key, m->name, sizeof m->name);
    }
    for (int k = 0; k < 3; k++) {
        fmember *m = &fm[n++];
        m->key = K_ONLINE + 900000 + (uint64_t)k;
        m->kind = FM_BRIDGE;
        m->from = T0;
        m->to = AS_OF;
        m->rate = 1.5f;
        m->group = G_A | G_B;
        snprintf(m->handle, sizeof m->handle, "%s", BRIDGES[k][0]);
        snprintf(m->name, sizeof m->name, "%s", BRIDGES[k][1]);
    }
    int team = n;
    for (int k = 0; k < 2; k++) {
        fmember *m = &fm[n++];
        m->kind = FM_TEAM;
        m->from = T0;
        m->to = AS_OF;
        m->rate = 1.0f;
        m->group = G_A | G_B;
        snprintf(m->handle, sizeof m->handle, "%s",
                 k ? "sam_millbrook" : "rosa_millbrook");
        snprintf(m->name, sizeof m->name, "%s", k ? "Sam Taylor" : "Rosa Marchetti");
    }
    int bot = n;
    fmember *bm = &fm[n++];
    bm->kind = FM_BOT;
    bm->group = G_A | G_B;
    snprintf(bm->handle, sizeof bm->handle, "BakeBot");
    snprintf(bm->name, sizeof bm->name, "BakeBot");

    /* Group lists; bridges are listed often so that they answer a lot. */
    int *ga = calloc((size_t)n * 2 + 64, sizeof *ga),
        *gb = calloc((size_t)n * 2 + 64, sizeof *gb);
    int na = 0, nb = 0;
    for (int k = 0; k < team; k++) {
        int times = fm[k].kind == FM_BRIDGE ? 6 * d->scale : 1;
        for (int t = 0; t < times; t++) {
            if (fm[k].group & G_A)
                ga[na++] = k;
            if (fm[k].group & G_B)
                gb[nb++] = k;
        }
    }

    char t[32], id[32], pid[32], thread[40], txt[256];
    static const char *const CH[3] = {"", "discord:#sourdough", "discord:#family-baking"};
    for (int64_t wk = T0; wk < AS_OF; wk += 7 * DAY) {
        for (int a = 0; a < bot; a++) {
            fmember *m = &fm[a];
            if (wk + 7 * DAY <= m->from || wk >= m->to)
                continue;
            int np = rng_poisson(&r, m->rate);
            for (int p = 0; p < np; p++) {
                int64_t at = wk + (int64_t)(rng_u(&r) * 7 * DAY);
                if (at < m->from || at >= m->to || at >= AS_OF)
                    continue;
                int g =
                    m->group == (G_A | G_B) ? (rng_bern(&r, 0.5) ? G_A : G_B) : m->group;
                const int *gl = g == G_A ? ga : gb;
                int gn = g == G_A ? na : nb;
                snprintf(id, sizeof id, "m%" PRId64, ++d->seq);
                snprintf(thread, sizeof thread, "%s", id);
                iso(at, t);
                const char *text = m->kind == FM_TEAM
                                       ? "This week at the bakery: new bakes and events"
                                       : text_for(&r, at);
                row(d, F_FORUM, 13, id, "post", t, m->handle, "discord", m->name, CH[g],
                    text, "", "", thread, "",
                    a >= team
                        ? ""
                        : (g == G_A && rng_bern(&r, 0.2) ? INITS[I_BAKEALONG].name : ""));
                /* Replies within the group, mostly within a day. */
                int nrep = rng_poisson(&r, g == G_A ? 1.6 : 1.3);
                int64_t last = at;
                for (int q = 0; q < nrep; q++) {
                    int who = gl[rng_int(&r, gn)];
                    fmember *w = &fm[who];
                    if (who == a)
                        continue;
                    int64_t rt = last + (int64_t)rng_exp(&r, 8.0 * HOUR) + 60;
                    if (rt >= AS_OF || rt < w->from || rt >= w->to)
                        continue;
                    last = rt;
                    snprintf(pid, sizeof pid, "m%" PRId64, ++d->seq);
                    iso(rt, t);
                    const char *rtext = text_for(&r, rt);
                    const char *mention = "";
                    fmember *mm = NULL;
                    if (rng_bern(&r, 0.1)) {
                        mm = &fm[gl[rng_int(&r, gn)]];
                        if (mm == w || mm == m)
                            mm = NULL;
                    }
                    if (mm) {
                        snprintf(txt, sizeof txt, "@%s %s", mm->handle, rtext);
                        rtext = txt;
                        mention = mm->handle;
                    }
                    row(d, F_FORUM, 13, pid, "reply", t, w->handle, "discord", w->name,
                        CH[g], rtext, m->handle, "discord", thread, id, "");
                    if (mm) {
                        char mid[40];
                        snprintf(mid, sizeof mid, "%s-mention", pid);
                        row(d, F_FORUM, 13, mid, "mention", t, w->handle, "discord",
                            w->name, CH[g], "", mention, "discord", thread, pid, "");
                    }
                }
                int nre = rng_poisson(&r, 2.0);
                for (int q = 0; q < nre; q++) {
                    int who = gl[rng_int(&r, gn)];
                    fmember *w = &fm[who];
                    int64_t rt = at + (int64_t)rng_exp(&r, 5.0 * HOUR) + 30;
                    if (who == a || rt >= AS_OF || rt < w->from || rt >= w->to)
                        continue;
                    char rid[48];
                    snprintf(rid, sizeof rid, "%s-r%d", id, q);
                    iso(rt, t);
                    row(d, F_FORUM, 13, rid, "reaction", t, w->handle, "discord", w->name,
                        CH[g], "", m->handle, "discord", thread, id, "");
                }
            }
        }
        /* BakeBot's weekly reminder. */
        snprintf(id, sizeof id, "m%" PRId64, ++d->seq);
        iso(wk + 9 * HOUR, t);
        row(d, F_FORUM, 13, id, "post", t, bm->handle, "discord", bm->name, CH[G_A],
            "Reminder: bake-along on Thursday at 7pm", "", "", id, "", "");
    }
    /* The last activity of the data set, at as_of exactly. */
    snprintf(id, sizeof id, "m%" PRId64, ++d->seq);
    iso(AS_OF, t);
    row(d, F_FORUM, 13, id, "post", t, fm[team + 1].handle, "discord", fm[team + 1].name,
        CH[G_A], "Happy new year from all of us at Millbrook Bakery!", "", "", id, "",
        "");

    /* Profiles: handles, names, interests, and for customers and staff the
     * email. */
    char email[96], since[32];
    for (int k = 0; k < n; k++) {
        fmember *m = &fm[k];
        email[0] = 0;
        if (m->kind == FM_CUSTOMER)
            email_of(m->key, "", email, sizeof email);
        else if (m->kind == FM_TEAM)
            snprintf(email, sizeof email, "%s",
                     k == team ? "rosa.marchetti0@millbrookbakery.example"
                               : "sam.taylor1@millbrookbakery.example");
        iso(m->from ? m->from : T0, since);
        char tags[64] = "";
        if (m->kind == FM_BRIDGE)
            snprintf(tags, sizeof tags, "sourdough, kids baking");
        else if (m->kind == FM_CUSTOMER || m->kind == FM_ONLINE)
            interests_of(m->key, m->group == G_A ? 1 : 2, tags, sizeof tags);
        row(d, F_FORUM_MEMBERS, 8, m->handle, "discord", m->name, email, "online",
            m->kind == FM_TEAM  ? "team"
            : m->kind == FM_BOT ? "bot"
                                : "",
            since, tags);
    }

    /* Ideas: 30 x scale; 10 x scale shipped in year 2, of which 8 came from
     * community members (idea posts on the forum) and 2 from the staff. */
    rng ri;
    rng_seed(&ri, d->o->seed, 6);
    static const char *const IDEAS[] = {
        "Gluten-free sourdough",   "Loyalty stamp card",  "Kids' pizza night",
        "Bread subscription box",  "Vegan cinnamon buns", "Compost scheme for bags",
        "Late opening on Fridays", "Rye bread class"};
    static const char *const OPEN[] = {"proposed", "under_review", "planned", "declined"};
    for (int b = 0; b < d->scale; b++)
        for (int k = 0; k < 30; k++) {
            int shipped = k < 10, community = k < 8 || k >= 12;
            int64_t prop = T0 + (int64_t)(rng_u(&ri) * 500 * DAY);
            if (!shipped && k % 3 == 0)
                prop = Y2 + (int64_t)(rng_u(&ri) * 300 * DAY);
            int64_t ship =
                shipped ? Y2 + 20 * DAY + (int64_t)(rng_u(&ri) * 330 * DAY) : 0;
            if (ship && ship <= prop)
                prop = ship - 60 * DAY;
            const char *status = shipped ? "shipped" : OPEN[k % 4];
            char pt[32], st[32], sh[32], iid[32], title[96], aid[32] = "";
            snprintf(iid, sizeof iid, "idea-%d-%d", b, k);
            snprintf(title, sizeof title, "%s (%d)", IDEAS[k % N_OF(IDEAS)],
                     b * 30 + k + 1);
            iso(prop, pt);
            iso(shipped ? ship : prop + 14 * DAY, st);
            sh[0] = 0;
            if (shipped)
                iso(ship, sh);
            const char *handle = "";
            if (community) {
                /* an online member active at that time posts the idea */
                fmember *m = &fm[(size_t)(mix((uint64_t)b * 30 + (uint64_t)k, 91) %
                                          (uint64_t)team)];
                for (int tries = 0;
                     tries < 200 && (m->kind != FM_ONLINE && m->kind != FM_CUSTOMER);
                     tries++)
                    m = &fm[rng_int(&ri, team)];
                handle = m->handle;
                snprintf(aid, sizeof aid, "idea-post-%d-%d", b, k);
                snprintf(txt, sizeof txt, "Idea: %s? I think lots of us would love it",
                         IDEAS[k % N_OF(IDEAS)]);
                row(d, F_FORUM, 13, aid, "idea", pt, m->handle, "discord", m->name,
                    "discord:#ideas", txt, "", "", aid, "", "");
            }
            row(d, F_IDEAS, 11, iid, title, status, pt, st, sh,
                community ? "" : "rosa.marchetti0@millbrookbakery.example", handle,
                community ? "discord" : "", community ? "discord" : "", aid);
        }
    free(ga);
    free(gb);
    free(fm);
}

/* ================================================================ social, web */

static void write_social_web(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 7);
    char id[32], t[32], a[32], b[32], c[32], e[32], f[32], g[32], h[32];
    for (int64_t day = T0 - T0 % DAY; day < AS_OF; day += DAY) {
        int dow = (int)((day / DAY + 4) % 7);
        for (int s = 0; s < d->scale; s++) {
            const char *ch = dow == 1 || dow == 3 || dow == 5 ? "instagram"
                             : dow == 2 || dow == 4           ? "facebook"
                                                              : NULL;
            if (ch) {
                int64_t reach = (int64_t)(1500.0 * exp(0.4 * rng_normal(&r)));
                snprintf(id, sizeof id, "%s-%" PRId64 "-%d", ch, day / DAY, s);
                iso(day + 17 * HOUR, t);
                row(d, F_SOCIAL, 9, id, ch, t, num(a, reach), num(b, reach * 3 / 2),
                    num(c, (int64_t)((double)reach * 0.03 * (0.5 + rng_u(&r)))),
                    num(e, (int64_t)((double)reach * 0.005 * (0.5 + rng_u(&r)))),
                    num(f, (int64_t)((double)reach * 0.003 * (0.5 + rng_u(&r)))),
                    num(g, (int64_t)((double)reach * 0.002 * (0.5 + rng_u(&r)))));
            }
        }
        static const struct {
            const char *source, *medium;
            double mean;
        } SRC[] = {{"google", "organic", 40},       {"(direct)", "(none)", 30},
                   {"instagram.com", "social", 10}, {"discord.com", "referral", 8},
                   {"facebook.com", "social", 6},   {"newsletter", "email", 4}};
        isoday(day, t);
        for (int k = 0; k < N_OF(SRC); k++)
            for (int local = 0; local < 2; local++) {
                double m = SRC[k].mean * d->scale * (local ? 0.65 : 0.35) *
                           SEASON[month_of(day)];
                int64_t sess = rng_poisson(&r, m);
                if (sess == 0)
                    continue;
                int64_t conv = rng_poisson(&r, (double)sess * 0.04);
                if (conv > sess)
                    conv = sess;
                row(d, F_WEB, 8, t, SRC[k].source, SRC[k].medium,
                    k == 2 && rng_bern(&r, 0.3) ? "instagram_ads" : "",
                    local ? "Millbrook" : "Elsewhere", local ? "Millbrook" : "Riverford",
                    num(h, sess), num(a, conv));
            }
    }
}

/* ================================================================ import */

static kith_code import_all(demo *d)
{
    kith_demo_summary *s = d->sum;
    /* Order matters for identity work: shop customers first, then event
     * bookings (the work-email + phone merges), then forum messages by
     * handle, then the forum profiles with emails (the email merges). */
    static const int ORDER[] = {F_INITIATIVES, F_OUTCOMES, F_STAFF,  F_SUPPLIERS,
                                F_CUSTOMERS,   F_ORDERS,   F_EVENTS, F_SURVEYS,
                                F_COMMUNITY,   F_SUPPLY,   F_FORUM,  F_FORUM_MEMBERS,
                                F_IDEAS,       F_SOCIAL,   F_WEB};
    int n = (int)(sizeof ORDER / sizeof ORDER[0]);
    for (int k = 0; k < n; k++) {
        int i = ORDER[k];
        if (d->o->step)
            d->o->step(d->o->ud, k + 1, n, FILES[i].what);
        kith_import_opts io;
        memset(&io, 0, sizeof io);
        io.format = FILES[i].format;
        io.source = FILES[i].source;
        io.progress = d->o->progress;
        io.progress_ud = d->o->ud;
        kith_import_result res;
        kith_code rc = kith_import(d->st, s->org_id, d->f[i].path, &io, &res, d->err);
        if (rc != KITH_OK)
            return rc;
        s->files++;
        s->rows += res.rows_read;
        s->auto_merges += res.merges;
    }
    return KITH_OK;
}

kith_code kith_demo_generate(kith_store *st, const kith_demo_opts *opts,
                             kith_demo_summary *out, kith_error *err)
{
    kith_demo_opts defaults;
    if (!opts) {
        memset(&defaults, 0, sizeof defaults);
        defaults.seed = 1;
        defaults.scale = 1;
        opts = &defaults;
    }
    if (opts->scale < 1 || opts->scale > 10000)
        return kith_error_set(err, KITH_EUSAGE, "--scale must be 1..10000, not %d",
                              opts->scale);
    kith_demo_summary sum;
    memset(&sum, 0, sizeof sum);
    demo d;
    memset(&d, 0, sizeof d);
    d.st = st;
    d.o = opts;
    d.sum = &sum;
    d.err = err;
    d.scale = opts->scale;

    kith_code rc =
        kith_org_create(st, KITH_DEMO_ORG, "Europe/London", "GBP", &sum.org_id, err);
    if (rc == KITH_OK)
        rc = kith_org_set(st, sum.org_id, "phone_country_code", "44", err);
    /* The metrics read their channel lists from the org's config. */
    if (rc == KITH_OK)
        rc = kith_config_set(st, sum.org_id, "local_area", "Millbrook", err);
    if (rc == KITH_OK)
        rc = kith_config_set(st, sum.org_id, "community_channels",
                             "discord.com,discord,eventbrite.com,facebook.com/groups",
                             err);
    if (rc == KITH_OK)
        rc = open_files(&d);
    if (rc == KITH_OK) {
        make_calendar(&d);
        draw_customers(&d);
        write_initiatives(&d);
        kith__demo_outcome_rows(d.f[F_OUTCOMES].f, d.scale);
        write_staff(&d);
        write_suppliers(&d);
        write_customers(&d);
        write_forum(&d);
        write_social_web(&d);
        for (int i = 0; i < F__COUNT; i++)
            if (fflush(d.f[i].f) != 0 || ferror(d.f[i].f))
                rc = kith_error_set(err, KITH_EIO, "cannot write %s", d.f[i].path);
        close_files(&d, 0);
    }
    if (rc == KITH_OK)
        rc = import_all(&d);
    if (rc == KITH_OK)
        rc = kith__demo_impact_setup(st, sum.org_id, err);
    if (rc == KITH_OK) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM member WHERE org_id=%" PRId64
                 " AND merged_into IS NULL",
                 sum.org_id);
        rc = kith__st_query_int(st, sql, &sum.members, err);
    }
    if (rc == KITH_OK) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM activity WHERE org_id=%" PRId64,
                 sum.org_id);
        rc = kith__st_query_int(st, sql, &sum.activities, err);
    }
    close_files(&d, !d.keep);
    free(d.c);
    free(d.ev);
    if (rc == KITH_OK && out)
        *out = sum;
    return rc;
}
