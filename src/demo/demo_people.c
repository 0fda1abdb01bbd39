/* The demo bakery's people (demo/gen.h): staff, suppliers, and the shop's
 * customers with their orders, event bookings, surveys and community
 * acts. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/gen.h"

/* ================================================================ staff */

/* Per block of 12 employees: 0 owner and 1 community manager (flag team),
 * 2-9 volunteer at the community garden, 10 leaves in year 2, 11 is hired
 * in year 2; 9 also leaves in year 2. */
void kith__dg_write_staff(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 2);
    char email[96], phone[32], name[64], from[32], to[32], pc[16], id[40], t[32], v[32];
    for (int b = 0; b < d->scale; b++)
        for (int k = 0; k < 12; k++) {
            uint64_t key = K_STAFF + (uint64_t)b * 12 + (uint64_t)k;
            kith__dg_name_of(key, name, sizeof name);
            if (b == 0 && k == 0)
                snprintf(name, sizeof name, "Rosa Marchetti");
            if (b == 0 && k == 1)
                snprintf(name, sizeof name, "Sam Taylor");
            char f[32], l[32];
            const char *sp = strchr(name, ' ');
            kith__dg_lower(f, sizeof f, name);
            f[sp - name] = 0;
            kith__dg_lower(l, sizeof l, sp + 1);
            snprintf(email, sizeof email, "%s.%s%d@millbrookbakery.example", f, l,
                     b * 12 + k);
            kith__dg_phone_of(key, phone, sizeof phone);
            int64_t hired =
                k == 11 ? utc(2025, 7, 1, 9) : utc(2019 + k % 5, 1 + (unsigned)k, 1, 9);
            int64_t left = (k == 10)  ? utc(2025, 4, 30, 17)
                           : (k == 9) ? utc(2025, 9, 30, 17)
                                      : 0;
            kith__dg_iso(hired, from);
            to[0] = 0;
            if (left)
                kith__dg_iso(left, to);
            kith__dg_postcode_of(key, 1, pc, sizeof pc);
            kith__dg_row(d, F_STAFF, 9, email, phone, name, "employee",
                         k < 2 ? "team" : "", from, to, pc, "Millbrook");
            /* Volunteering: monthly, half the months, 2-4 hours. */
            if (k >= 2 && k <= 9)
                for (int64_t m = T0 + 10 * DAY; m < AS_OF; m += 30 * DAY) {
                    if (left && m > left)
                        break;
                    if (!rng_bern(&r, 0.5))
                        continue;
                    snprintf(id, sizeof id, "vol-staff-%" PRId64, ++d->seq);
                    kith__dg_iso(m + rng_int(&r, 20) * DAY + 10 * HOUR, t);
                    kith__dg_row(d, F_COMMUNITY, 10, id, "volunteer", t, email,
                                 kith__dg_money(v, 2 + rng_int(&r, 3)), "",
                                 "Weeding and watering the beds", INITS[I_GARDEN].name,
                                 "", "garden");
                }
            /* Staff at the street party (employee participation). */
            if (k >= 2 && k <= 6)
                for (int e = 0; e < d->nev; e++)
                    if (d->ev[e].init == I_PARTY && (!left || d->ev[e].at < left) &&
                        d->ev[e].at >= hired) {
                        snprintf(id, sizeof id, "eb-staff-%" PRId64, ++d->seq);
                        kith__dg_iso(d->ev[e].at, t);
                        kith__dg_row(d, F_EVENTS, 8, id, "event_attend", t, email, "",
                                     name, INITS[I_PARTY].name, "eventbrite");
                    }
            /* eNPS in June and December. */
            for (int y = 2024; y <= 2025; y++)
                for (unsigned m = 6; m <= 12; m += 6) {
                    int64_t at = utc(y, m, 20, 11);
                    if (at < hired || (left && at > left) || !rng_bern(&r, 0.85))
                        continue;
                    int score = k < 2 ? 10 : 5 + rng_int(&r, 6);
                    snprintf(id, sizeof id, "enps-%" PRId64, ++d->seq);
                    kith__dg_iso(at + rng_int(&r, 72) * HOUR, t);
                    kith__dg_row(d, F_SURVEYS, 8, id, "survey_response", "enps", t, email,
                                 kith__dg_num(v, score), "", "staff-survey");
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

void kith__dg_write_suppliers(demo *d)
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
            kith__dg_postcode_of(K_STAFF + 5000 + (uint64_t)k, SUPPLIERS[k].local, pc,
                                 sizeof pc);
            kith__dg_row(d, F_SUPPLIERS, 6, email, name, "supplier",
                         SUPPLIERS[k].local ? "local" : "", pc,
                         SUPPLIERS[k].local ? "Millbrook" : "Riverford");
            for (int y = 2024; y <= 2025; y++)
                for (unsigned m = 1; m <= 12; m++) {
                    int64_t at = utc(y, m, 1, 9);
                    if (at < T0 || at >= AS_OF)
                        continue;
                    snprintf(id, sizeof id, "po-%d-%d-%d%02u", b, k, y, m);
                    kith__dg_iso(at, t);
                    kith__dg_row(d, F_SUPPLY, 7, id, "supply", t, email,
                                 kith__dg_money(v, SUPPLIERS[k].monthly), "GBP",
                                 "purchasing");
                }
        }
}

/* ================================================================ customers */

/* Draw who each customer is and how they behave. The retention effect is
 * planted here: a year-1 customer buys again in year 2 with probability
 * 0.70 when community-engaged in year 1, 0.45 otherwise. */
void kith__dg_draw_customers(demo *d)
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
    kith__dg_email_of(key, "", email, sizeof email);
    kith__dg_name_of(key, name, sizeof name);
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
            e = kith__dg_pick_event(d, r, a, b);
        if (e >= 0) {
            /* Eventbrite: the email the person booked with; phone when
             * they gave it. A C_DUPPHONE customer books with a work email:
             * without a phone the first time, with it the second time. */
            const char *mail = email, *ph = "";
            if (c->flags & C_DUPPHONE) {
                kith__dg_email_of(key, ".work", alt, sizeof alt);
                mail = alt;
                if (events_done > 0) {
                    kith__dg_phone_of(key, phone, sizeof phone);
                    ph = phone;
                }
            } else if ((c->flags & C_PHONE) && rng_bern(r, 0.3)) {
                kith__dg_phone_of(key, phone, sizeof phone);
                ph = phone;
            }
            events_done++;
            snprintf(id, sizeof id, "eb-%" PRId64, ++d->seq);
            kith__dg_iso(d->ev[e].at, t);
            kith__dg_row(d, F_EVENTS, 8, id, d->ev[e].type, t, mail, ph, name,
                         INITS[d->ev[e].init].name, "eventbrite");
            if (nt < maxt)
                tt[nt++] = (touch){d->ev[e].at, d->ev[e].init};
            continue;
        }
        kith__dg_iso(at, t);
        snprintf(id, sizeof id, "c-%" PRId64, ++d->seq);
        if (u < 0.70)
            kith__dg_row(d, F_COMMUNITY, 10, id, "review", t, email,
                         kith__dg_num(v, 4 + rng_int(r, 2)), "", kith__dg_text_for(r, at),
                         "", "", "google");
        else if (u < 0.80)
            kith__dg_row(d, F_COMMUNITY, 10, id, "feedback", t, email, "", "",
                         kith__dg_text_for(r, at), "", "", "shop");
        else if (u < 0.90)
            kith__dg_row(d, F_COMMUNITY, 10, id, "volunteer", t, email,
                         kith__dg_num(v, 1 + rng_int(r, 4)), "",
                         "Helped at the community garden", INITS[I_GARDEN].name, "",
                         "garden");
        else
            kith__dg_row(d, F_COMMUNITY, 10, id, "donation", t, email,
                         kith__dg_money(v, 5 + rng_int(r, 46)), "GBP",
                         "For the school breakfast club", INITS[I_BREAKFAST].name, "",
                         "community");
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
        kith__dg_email_of((uint64_t)c->touch, ".alt", email, sizeof email);
    else
        kith__dg_email_of(key, "", email, sizeof email);
    double gap = 30.0 * DAY / c->freq;
    int first = 1;
    for (int64_t at = a; at < b && at < AS_OF; at += (int64_t)rng_exp(r, gap) + HOUR) {
        if (!first && rng_u(r) * SEASON_MAX > SEASON[kith__dg_month_of(at)])
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
        kith__dg_iso(at, t);
        kith__dg_row(d, F_ORDERS, 8, id, "purchase", t, email, kith__dg_money(v, val),
                     "GBP", code, "shop");
        if (rng_bern(r, 0.015) && at + 3 * DAY < AS_OF) {
            snprintf(id, sizeof id, "refund-%" PRId64, n);
            kith__dg_iso(at + 3 * DAY, t);
            kith__dg_row(d, F_ORDERS, 8, id, "refund", t, email, kith__dg_money(v, val),
                         "GBP", "", "shop");
        }
    }
}

/* Quarterly NPS waves (15 March, June, September, December at noon). */
static void surveys(demo *d, rng *r, int i)
{
    const cust *c = &d->c[i];
    char email[96], id[48], t[32], v[32];
    kith__dg_email_of((uint64_t)i, "", email, sizeof email);
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
            kith__dg_iso(at + rng_int(r, 96) * HOUR, t);
            kith__dg_row(d, F_SURVEYS, 8, id, "survey_response", "nps", t, email,
                         kith__dg_num(v, score), why, "nps-survey");
        }
}

void kith__dg_write_customers(demo *d)
{
    rng r;
    rng_seed(&r, d->o->seed, 4);
    char email[96], phone[32], name[64], pc[16], t[32], id[48], tags[64];
    touch tt[32];
    for (int i = 0; i < d->nc; i++) {
        cust *c = &d->c[i];
        uint64_t key = i < d->nreal ? (uint64_t)i : (uint64_t)c->touch;
        kith__dg_name_of(key, name, sizeof name);
        kith__dg_postcode_of(key, c->flags & C_LOCAL, pc, sizeof pc);
        kith__dg_email_of(key, i < d->nreal ? "" : ".alt", email, sizeof email);
        phone[0] = 0;
        if ((c->flags & C_PHONE) && i < d->nreal)
            kith__dg_phone_of(key, phone, sizeof phone);
        kith__dg_iso(c->flags & C_ACQUIRED ? c->touch : c->join, t);
        kith__dg_interests_of(key, 0, tags, sizeof tags);
        kith__dg_row(d, F_CUSTOMERS, 8, email, phone, name, "customer", t, pc,
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
            int e =
                rng_bern(&r, 0.65) ? kith__dg_pick_event(d, &r, c->touch, c->join) : -1;
            if (e >= 0) {
                c->touch = d->ev[e].at;
                kith__dg_iso(c->touch, t);
                snprintf(id, sizeof id, "eb-%" PRId64, ++d->seq);
                kith__dg_row(d, F_EVENTS, 8, id, d->ev[e].type, t, email, phone, name,
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
                kith__dg_email_of((uint64_t)ref, "", refmail, sizeof refmail);
                kith__dg_iso(c->touch, t);
                snprintf(id, sizeof id, "ref-%" PRId64, ++d->seq);
                kith__dg_row(d, F_COMMUNITY, 10, id, "referral", t, refmail, "", "",
                             "Told my neighbour about the bakery", "", email,
                             "word-of-mouth");
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
