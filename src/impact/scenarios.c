/* Scenario specs for kith simulate: one event as the flags write it
 * ("months=6, depth=30%") or a scenario file of named combinations, one a
 * line: NAME = downturn(months=6) + initiative(from=3, p=+50%, cost=2000).
 * The file is untrusted input (fuzz/fz_scenarios.c). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact/impact_int.h"

static const char *const kind_names[] = {"downturn", "initiative", "lost_champion"};

static void set_why(char *why, size_t n, const char *fmt, ...) KITH_PRINTF(3, 4);
static void set_why(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
}

/* A number with an optional '%' (then divided by 100) and sign. */
static int parse_value(const char *s, size_t len, double *out, int *pct)
{
    char b[64];
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len || len >= sizeof b)
        return -1;
    memcpy(b, s, len);
    b[len] = '\0';
    *pct = b[len - 1] == '%';
    if (*pct)
        b[--len] = '\0';
    char *end = NULL;
    double v = strtod(b, &end);
    if (!len || !end || *end || !isfinite(v))
        return -1;
    *out = *pct ? v / 100 : v;
    return 0;
}

static void defaults(int kind, kith__scn_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->from = 1;
    ev->depth = 0.3;
    ev->p_up = kind == KITH_EV_INITIATIVE ? 0.5 : 0;
    ev->q_down = 0.3;
}

/* One key=value of an event of kind. */
static int apply_key(kith__scn_event *ev, const char *key, size_t klen, const char *val,
                     size_t vlen, char *why, size_t nwhy)
{
    double v = 0;
    int pct = 0;
    char k[32];
    if (klen == 0 || klen >= sizeof k) {
        set_why(why, nwhy, "expected key=value");
        return -1;
    }
    memcpy(k, key, klen);
    k[klen] = '\0';
    if (parse_value(val, vlen, &v, &pct)) {
        set_why(why, nwhy, "%s: '%.*s' is not a number", k, (int)(vlen < 40 ? vlen : 40),
                val);
        return -1;
    }
    const char *kind = kind_names[ev->kind];
    if (!strcmp(k, "from") || !strcmp(k, "months")) {
        if (pct || v != floor(v) || v < 1 || v > KITH_SIM_MAX_MONTHS) {
            set_why(why, nwhy, "%s: a whole number of months, 1 to %d", k,
                    KITH_SIM_MAX_MONTHS);
            return -1;
        }
        if (!strcmp(k, "from"))
            ev->from = (int)v;
        else
            ev->months = (int)v;
    } else if (!strcmp(k, "depth") && ev->kind == KITH_EV_DOWNTURN) {
        if (v < 0 || v >= 1) {
            set_why(why, nwhy, "depth: a share 0-99%% (30%% or 0.3)");
            return -1;
        }
        ev->depth = v;
    } else if ((!strcmp(k, "p") || !strcmp(k, "q")) && ev->kind == KITH_EV_INITIATIVE) {
        if (!pct || v <= -1 || v > 100) {
            set_why(why, nwhy, "%s: a change in percent above -100%%, as +50%%", k);
            return -1;
        }
        if (!strcmp(k, "p"))
            ev->p_up = v;
        else
            ev->q_up = v;
    } else if (!strcmp(k, "cost") && ev->kind == KITH_EV_INITIATIVE) {
        if (pct || v < 0) {
            set_why(why, nwhy, "cost: an amount >= 0 in the org currency");
            return -1;
        }
        ev->cost = v;
    } else if (!strcmp(k, "q") && ev->kind == KITH_EV_LOST_CHAMPION) {
        v = fabs(v);
        if (!pct || v > 1) {
            set_why(why, nwhy, "q: the fall of word of mouth in percent, as -30%%");
            return -1;
        }
        ev->q_down = v;
    } else {
        set_why(why, nwhy, "%s takes no '%s' (%s)", kind, k,
                ev->kind == KITH_EV_DOWNTURN     ? "from, months, depth"
                : ev->kind == KITH_EV_INITIATIVE ? "from, months, p, q, cost"
                                                 : "from, months, q");
        return -1;
    }
    return 0;
}

static int kind_of(const char *s, size_t len)
{
    for (int i = 0; i < 3; i++)
        if (strlen(kind_names[i]) == len && !strncmp(kind_names[i], s, len))
            return i;
    if (len == 14 && !strncmp(s, "new_initiative", 14))
        return KITH_EV_INITIATIVE;
    return -1;
}

/* Parse "key=value, ..." (len bytes) into ev. */
static int parse_args(const char *s, size_t len, kith__scn_event *ev, char *why,
                      size_t nwhy)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && s[i] != ',')
            i++;
        const char *item = s + start;
        size_t ilen = i - start;
        while (ilen && isspace((unsigned char)*item)) {
            item++;
            ilen--;
        }
        while (ilen && isspace((unsigned char)item[ilen - 1]))
            ilen--;
        if (i < len)
            i++; /* the comma */
        if (!ilen) {
            if (start == 0 && i >= len)
                break; /* no arguments at all */
            set_why(why, nwhy, "an empty argument");
            return -1;
        }
        const char *eq = memchr(item, '=', ilen);
        if (!eq) {
            set_why(why, nwhy, "'%.*s': expected key=value", (int)(ilen < 40 ? ilen : 40),
                    item);
            return -1;
        }
        size_t klen = (size_t)(eq - item);
        while (klen && isspace((unsigned char)item[klen - 1]))
            klen--;
        if (apply_key(ev, item, klen, eq + 1, ilen - (size_t)(eq + 1 - item), why, nwhy))
            return -1;
    }
    if (ev->kind == KITH_EV_DOWNTURN && ev->months == 0) {
        set_why(why, nwhy, "downturn needs months=K (how long it lasts)");
        return -1;
    }
    return 0;
}

int kith__scn_parse_event(const char *kind, const char *args, kith__scn_event *ev,
                          char *why, size_t nwhy)
{
    int k = kind ? kind_of(kind, strlen(kind)) : -1;
    if (k < 0) {
        set_why(why, nwhy, "unknown event '%s' (downturn, initiative, lost_champion)",
                kind ? kind : "");
        return -1;
    }
    defaults(k, ev);
    return parse_args(args ? args : "", args ? strlen(args) : 0, ev, why, nwhy);
}

/* One line's events after '=': EVENT ( '+' EVENT )*. */
static int parse_events(const char *s, size_t len, kith__scenario *sc, char *why,
                        size_t nwhy)
{
    size_t i = 0;
    for (;;) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        size_t ks = i;
        while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_'))
            i++;
        int kind = kind_of(s + ks, i - ks);
        if (kind < 0) {
            set_why(why, nwhy,
                    "unknown event '%.*s' (downturn, initiative, lost_champion)",
                    (int)(i - ks < 40 ? i - ks : 40), s + ks);
            return -1;
        }
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i >= len || s[i] != '(') {
            set_why(why, nwhy, "%s: expected '(' after the event name", kind_names[kind]);
            return -1;
        }
        size_t as = ++i;
        while (i < len && s[i] != ')')
            i++;
        if (i >= len) {
            set_why(why, nwhy, "%s: missing ')'", kind_names[kind]);
            return -1;
        }
        if (sc->nev == KITH_SCN_MAX_EVENTS) {
            set_why(why, nwhy, "at most %d events in a scenario", KITH_SCN_MAX_EVENTS);
            return -1;
        }
        kith__scn_event *ev = &sc->ev[sc->nev++];
        defaults(kind, ev);
        if (parse_args(s + as, i - as, ev, why, nwhy))
            return -1;
        i++; /* ')' */
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i >= len)
            return 0;
        if (s[i] != '+') {
            set_why(why, nwhy, "expected '+' between events, not '%c'", s[i]);
            return -1;
        }
        i++;
    }
}

int kith__scn_parse_file(const char *text, size_t len, kith__scenario *out, int max,
                         int *n, long *line, char *why, size_t nwhy)
{
    *n = 0;
    *line = 0;
    size_t i = 0;
    long ln = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t end = i;
        if (i < len)
            i++;
        ln++;
        *line = ln;
        /* Comments run from '#' to the end of the line. */
        const char *hash = memchr(text + start, '#', end - start);
        if (hash)
            end = (size_t)(hash - text);
        while (end > start && isspace((unsigned char)text[end - 1]))
            end--;
        while (start < end && isspace((unsigned char)text[start]))
            start++;
        if (start == end)
            continue;
        if (memchr(text + start, '\0', end - start)) {
            set_why(why, nwhy, "a NUL byte in the line");
            return -1;
        }
        const char *eq = memchr(text + start, '=', end - start);
        const char *paren = memchr(text + start, '(', end - start);
        if (!eq || (paren && paren < eq)) {
            set_why(why, nwhy, "expected NAME = EVENT [+ EVENT]...");
            return -1;
        }
        size_t nlen = (size_t)(eq - (text + start));
        while (nlen && isspace((unsigned char)text[start + nlen - 1]))
            nlen--;
        if (!nlen || nlen >= sizeof out[0].name) {
            set_why(why, nwhy, "a scenario needs a name of 1 to %zu bytes",
                    sizeof out[0].name - 1);
            return -1;
        }
        if (*n == max) {
            set_why(why, nwhy, "at most %d scenarios in a file", max);
            return -1;
        }
        kith__scenario *sc = &out[*n];
        memset(sc, 0, sizeof *sc);
        memcpy(sc->name, text + start, nlen);
        sc->name[nlen] = '\0';
        if (!strcmp(sc->name, "baseline")) {
            set_why(why, nwhy,
                    "'baseline' is the scenario without events; name yours "
                    "otherwise");
            return -1;
        }
        for (int j = 0; j < *n; j++)
            if (!strcmp(out[j].name, sc->name)) {
                set_why(why, nwhy, "scenario '%s' is named twice", sc->name);
                return -1;
            }
        size_t es = (size_t)(eq + 1 - text);
        if (parse_events(text + es, end - es, sc, why, nwhy))
            return -1;
        (*n)++;
    }
    if (*n == 0) {
        *line = ln ? ln : 1;
        set_why(why, nwhy, "no scenario in the file (one a line: NAME = EVENT + ...)");
        return -1;
    }
    return 0;
}
