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

#include "demo/gen.h"
#include "demo/demo_int.h"
#include "kith/ingest.h"
#include "kith/metrics.h"
#include "store/store_int.h"

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

static const char *first_of(uint64_t key)
{
    return FIRST[mix(key, 11) % NFIRST];
}
static const char *last_of(uint64_t key)
{
    return LAST[mix(key, 23) % NLAST];
}

void kith__dg_lower(char *dst, size_t n, const char *src)
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

void kith__dg_interests_of(uint64_t key, int group, char *buf, size_t n)
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

void kith__dg_name_of(uint64_t key, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", first_of(key), last_of(key));
}

void kith__dg_email_of(uint64_t key, const char *tag, char *buf, size_t n)
{
    char f[32], l[32];
    kith__dg_lower(f, sizeof f, first_of(key));
    kith__dg_lower(l, sizeof l, last_of(key));
    snprintf(buf, n, "%s.%s%s%" PRIu64 "@%s", f, l, tag, key, DOMAINS[mix(key, 31) % 3]);
}

/* UK mobile numbers in the style shops store them (spaces, no country
 * code); the org's phone country code is 44. */
void kith__dg_phone_of(uint64_t key, char *buf, size_t n)
{
    snprintf(buf, n, "07%03u %06u", (unsigned)(700 + (key / 1000000) % 300),
             (unsigned)(key % 1000000));
}

void kith__dg_handle_of(uint64_t key, char *buf, size_t n)
{
    char f[32], l[32];
    kith__dg_lower(f, sizeof f, first_of(key));
    kith__dg_lower(l, sizeof l, last_of(key));
    snprintf(buf, n, "%s_%c%" PRIu64, f, l[0], key);
}

void kith__dg_postcode_of(uint64_t key, int local, char *buf, size_t n)
{
    uint64_t h = mix(key, 41);
    snprintf(buf, n, "%s%u %u%c%c", local ? "MB" : "RF", (unsigned)(1 + h % 4),
             (unsigned)(h / 4 % 10), (char)('A' + h / 40 % 26),
             (char)('A' + h / 1040 % 26));
}

/* ================================================================ time */

void kith__dg_iso(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void kith__dg_isoday(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%d", &tm);
}

int kith__dg_month_of(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return tm.tm_mon;
}

/* The sentiment dip: the week the oven broke (Monday 9 June 2025). */
#define DIP_START utc(2025, 6, 9, 0)
#define DIP_END (DIP_START + 7 * DAY)

/* ================================================================ files */

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
void kith__dg_row(demo *d, int file, int n, ...)
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

const char *kith__dg_money(char buf[32], double v)
{
    snprintf(buf, 32, "%.2f", v);
    return buf;
}

const char *kith__dg_num(char buf[32], int64_t v)
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

const char *kith__dg_text_for(rng *r, int64_t t)
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
int kith__dg_pick_event(demo *d, rng *r, int64_t a, int64_t b)
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
        kith__dg_iso(T0, a);
        kith__dg_iso(AS_OF, b);
        kith__dg_row(d, F_INITIATIVES, 10, INITS[i].name, INITS[i].kind, INITS[i].channel,
                     a, b, kith__dg_money(c1, INITS[i].cost * d->scale),
                     kith__dg_money(c2, INITS[i].in_kind * d->scale),
                     kith__dg_money(h, INITS[i].hours * d->scale), INITS[i].code,
                     i == I_INSTA ? "instagram_ads" : "");
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
        kith__dg_draw_customers(&d);
        write_initiatives(&d);
        kith__demo_outcome_rows(d.f[F_OUTCOMES].f, d.scale);
        kith__dg_write_staff(&d);
        kith__dg_write_suppliers(&d);
        kith__dg_write_customers(&d);
        kith__dg_write_forum(&d);
        kith__dg_write_social_web(&d);
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
