/* Member kind and flag names <-> bit sets (see records.h). */
#include "store/records.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[] = {"customer",  "employee", "supplier", "partner",
                                         "local_org", "online",   "other"};
static const char *const flag_names[] = {"team", "bot", "local"};

static int parse(const char *list, const char *const *names, int nnames, unsigned *out,
                 const char **bad)
{
    static char badbuf[64];
    *out = 0;
    if (!list)
        return 0;
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ';' || *p == '|' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',' && *e != ';' && *e != '|')
            e++;
        size_t len = (size_t)(e - p);
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        int found = -1;
        for (int i = 0; i < nnames; i++)
            if (strlen(names[i]) == len && strncasecmp(p, names[i], len) == 0)
                found = i;
        /* "local-org" and "local org" as people type them. */
        if (found < 0 && names == kind_names && len == 9 &&
            strncasecmp(p, "local", 5) == 0 && strncasecmp(p + 6, "org", 3) == 0)
            found = 4;
        if (found < 0) {
            if (bad) {
                snprintf(badbuf, sizeof badbuf, "%.*s", (int)(len < 60 ? len : 60), p);
                *bad = badbuf;
            }
            return -1;
        }
        *out |= 1u << found;
        p = e;
    }
    return 0;
}

static void format(unsigned bits, const char *const *names, int nnames, char *buf,
                   unsigned long n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < nnames; i++) {
        if (!(bits & (1u << i)))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", names[i]);
        if (w < 0 || (size_t)w >= n - used)
            return;
        used += (size_t)w;
    }
}

int kith__kinds_parse(const char *list, unsigned *out, const char **bad)
{
    return parse(list, kind_names, 7, out, bad);
}

int kith__flags_parse(const char *list, unsigned *out, const char **bad)
{
    return parse(list, flag_names, 3, out, bad);
}

void kith__kinds_format(unsigned kinds, char *buf, unsigned long n)
{
    format(kinds, kind_names, 7, buf, n);
}

void kith__flags_format(unsigned flags, char *buf, unsigned long n)
{
    format(flags, flag_names, 3, buf, n);
}
