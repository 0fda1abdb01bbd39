/* The demo bakery's online community (demo/gen.h): the Discord forum with
 * its threads, bridges and ideas, social posts and web sessions. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/gen.h"

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
void kith__dg_write_forum(demo *d)
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
            kith__dg_handle_of(m->key, m->handle, sizeof m->handle);
            kith__dg_name_of(m->key, m->name, sizeof m->name);
        }
    for (int k = 0; k < nonline && n < cap; k++) {
        fmember *m = &fm[n++];
        m->key = K_ONLINE + (uint64_t)k;
        m->kind = FM_ONLINE;
        m->from = T0 + (int64_t)(rng_u(&r) * (double)(AS_OF - T0 - 30 * DAY));
        m->to = m->from + (int64_t)rng_exp(&r, 250.0 * DAY);
        m->rate = (float)(0.1 + 0.8 * rng_u(&r) * rng_u(&r));
        m->group = rng_bern(&r, 0.55) ? G_A : G_B;
        kith__dg_handle_of(m->key, m->handle, sizeof m->handle);
        kith__dg_name_of(m->key, m->name, sizeof m->name);
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
                kith__dg_iso(at, t);
                const char *text = m->kind == FM_TEAM
                                       ? "This week at the bakery: new bakes and events"
                                       : kith__dg_text_for(&r, at);
                kith__dg_row(
                    d, F_FORUM, 13, id, "post", t, m->handle, "discord", m->name, CH[g],
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
                    kith__dg_iso(rt, t);
                    const char *rtext = kith__dg_text_for(&r, rt);
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
                    kith__dg_row(d, F_FORUM, 13, pid, "reply", t, w->handle, "discord",
                                 w->name, CH[g], rtext, m->handle, "discord", thread, id,
                                 "");
                    if (mm) {
                        char mid[40];
                        snprintf(mid, sizeof mid, "%s-mention", pid);
                        kith__dg_row(d, F_FORUM, 13, mid, "mention", t, w->handle,
                                     "discord", w->name, CH[g], "", mention, "discord",
                                     thread, pid, "");
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
                    kith__dg_iso(rt, t);
                    kith__dg_row(d, F_FORUM, 13, rid, "reaction", t, w->handle, "discord",
                                 w->name, CH[g], "", m->handle, "discord", thread, id,
                                 "");
                }
            }
        }
        /* BakeBot's weekly reminder. */
        snprintf(id, sizeof id, "m%" PRId64, ++d->seq);
        kith__dg_iso(wk + 9 * HOUR, t);
        kith__dg_row(d, F_FORUM, 13, id, "post", t, bm->handle, "discord", bm->name,
                     CH[G_A], "Reminder: bake-along on Thursday at 7pm", "", "", id, "",
                     "");
    }
    /* The last activity of the data set, at as_of exactly. */
    snprintf(id, sizeof id, "m%" PRId64, ++d->seq);
    kith__dg_iso(AS_OF, t);
    kith__dg_row(d, F_FORUM, 13, id, "post", t, fm[team + 1].handle, "discord",
                 fm[team + 1].name, CH[G_A],
                 "Happy new year from all of us at Millbrook Bakery!", "", "", id, "",
                 "");

    /* Profiles: handles, names, interests, and for customers and staff the
     * email. */
    char email[96], since[32];
    for (int k = 0; k < n; k++) {
        fmember *m = &fm[k];
        email[0] = 0;
        if (m->kind == FM_CUSTOMER)
            kith__dg_email_of(m->key, "", email, sizeof email);
        else if (m->kind == FM_TEAM)
            snprintf(email, sizeof email, "%s",
                     k == team ? "rosa.marchetti0@millbrookbakery.example"
                               : "sam.taylor1@millbrookbakery.example");
        kith__dg_iso(m->from ? m->from : T0, since);
        char tags[64] = "";
        if (m->kind == FM_BRIDGE)
            snprintf(tags, sizeof tags, "sourdough, kids baking");
        else if (m->kind == FM_CUSTOMER || m->kind == FM_ONLINE)
            kith__dg_interests_of(m->key, m->group == G_A ? 1 : 2, tags, sizeof tags);
        kith__dg_row(d, F_FORUM_MEMBERS, 8, m->handle, "discord", m->name, email,
                     "online",
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
            kith__dg_iso(prop, pt);
            kith__dg_iso(shipped ? ship : prop + 14 * DAY, st);
            sh[0] = 0;
            if (shipped)
                kith__dg_iso(ship, sh);
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
                kith__dg_row(d, F_FORUM, 13, aid, "idea", pt, m->handle, "discord",
                             m->name, "discord:#ideas", txt, "", "", aid, "", "");
            }
            kith__dg_row(d, F_IDEAS, 11, iid, title, status, pt, st, sh,
                         community ? "" : "rosa.marchetti0@millbrookbakery.example",
                         handle, community ? "discord" : "", community ? "discord" : "",
                         aid);
        }
    free(ga);
    free(gb);
    free(fm);
}

/* ================================================================ social, web */

void kith__dg_write_social_web(demo *d)
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
                kith__dg_iso(day + 17 * HOUR, t);
                kith__dg_row(
                    d, F_SOCIAL, 9, id, ch, t, kith__dg_num(a, reach),
                    kith__dg_num(b, reach * 3 / 2),
                    kith__dg_num(c, (int64_t)((double)reach * 0.03 * (0.5 + rng_u(&r)))),
                    kith__dg_num(e, (int64_t)((double)reach * 0.005 * (0.5 + rng_u(&r)))),
                    kith__dg_num(f, (int64_t)((double)reach * 0.003 * (0.5 + rng_u(&r)))),
                    kith__dg_num(g,
                                 (int64_t)((double)reach * 0.002 * (0.5 + rng_u(&r)))));
            }
        }
        static const struct {
            const char *source, *medium;
            double mean;
        } SRC[] = {{"google", "organic", 40},       {"(direct)", "(none)", 30},
                   {"instagram.com", "social", 10}, {"discord.com", "referral", 8},
                   {"facebook.com", "social", 6},   {"newsletter", "email", 4}};
        kith__dg_isoday(day, t);
        for (int k = 0; k < N_OF(SRC); k++)
            for (int local = 0; local < 2; local++) {
                double m = SRC[k].mean * d->scale * (local ? 0.65 : 0.35) *
                           SEASON[kith__dg_month_of(day)];
                int64_t sess = rng_poisson(&r, m);
                if (sess == 0)
                    continue;
                int64_t conv = rng_poisson(&r, (double)sess * 0.04);
                if (conv > sess)
                    conv = sess;
                kith__dg_row(d, F_WEB, 8, t, SRC[k].source, SRC[k].medium,
                             k == 2 && rng_bern(&r, 0.3) ? "instagram_ads" : "",
                             local ? "Millbrook" : "Elsewhere",
                             local ? "Millbrook" : "Riverford", kith__dg_num(h, sess),
                             kith__dg_num(a, conv));
            }
    }
}
