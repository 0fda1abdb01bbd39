/* Identity normalisation (see norm.h). */
#include "core/norm.h"

#include <ctype.h>
#include <string.h>

int kith__blank(const char *s)
{
    if (!s)
        return 1;
    while (*s) {
        if (!isspace((unsigned char)*s))
            return 0;
        s++;
    }
    return 1;
}

char *kith__trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t i = 0;
    while (isspace((unsigned char)s[i]))
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

/* Copy in to out trimmed; returns length or -1 if it does not fit. */
static int copy_trim(const char *in, char *out, size_t n)
{
    while (*in && isspace((unsigned char)*in))
        in++;
    size_t len = strlen(in);
    while (len && isspace((unsigned char)in[len - 1]))
        len--;
    if (len + 1 > n)
        return -1;
    memcpy(out, in, len);
    out[len] = '\0';
    return (int)len;
}

int kith__norm_email(const char *in, char *out, size_t n)
{
    if (!in || copy_trim(in, out, n) <= 0)
        return -1;
    /* "Name <a@b.c>" as mail clients write it. */
    char *lt = strchr(out, '<');
    char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt && gt[1] == '\0') {
        *gt = '\0';
        memmove(out, lt + 1, strlen(lt + 1) + 1);
    }
    if (strncmp(out, "mailto:", 7) == 0)
        memmove(out, out + 7, strlen(out + 7) + 1);
    char *at = strchr(out, '@');
    if (!at || at == out || strchr(at + 1, '@'))
        return -1;
    const char *dot = strchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return -1;
    for (char *p = out; *p; p++) {
        if (isspace((unsigned char)*p) || *p == ',' || *p == ';')
            return -1;
        *p = (char)tolower((unsigned char)*p);
    }
    size_t len = strlen(out);
    if (out[len - 1] == '.')
        return -1;
    return 0;
}

int kith__norm_phone(const char *in, const char *default_cc, char *out, size_t n)
{
    if (!in)
        return -1;
    while (isspace((unsigned char)*in))
        in++;
    int intl = 0;
    if (*in == '+') {
        intl = 1;
        in++;
    } else if (in[0] == '0' && in[1] == '0') {
        intl = 1;
        in += 2;
    }
    char digits[64];
    size_t nd = 0;
    for (const char *p = in; *p; p++) {
        /* "+44 (0) 20 ...": the bracketed trunk 0 is dialled only at home;
         * keeping it would give the same person two different keys. */
        if (intl && p[0] == '(' && p[1] == '0' && p[2] == ')') {
            p += 2;
            continue;
        }
        if (isdigit((unsigned char)*p)) {
            if (nd + 1 >= sizeof digits)
                return -1;
            digits[nd++] = *p;
        } else if (*p == 'x' || *p == 'X' || *p == '#') {
            break; /* extension: not part of the person's number */
        } else if (!strchr(" -./()\t", *p)) {
            return -1;
        }
    }
    digits[nd] = '\0';
    const char *body = digits;
    const char *cc = "";
    if (!intl && digits[0] == '0' && default_cc && *default_cc) {
        body = digits + 1;
        cc = default_cc;
    }
    size_t ncc = strlen(cc), nbody = strlen(body);
    if (ncc + nbody < 6 || ncc + nbody > 15 || ncc + nbody + 1 > n)
        return -1;
    memcpy(out, cc, ncc);
    memcpy(out + ncc, body, nbody);
    out[ncc + nbody] = '\0';
    return 0;
}

int kith__norm_handle(const char *in, char *out, size_t n)
{
    if (!in || copy_trim(in, out, n) <= 0)
        return -1;
    if (out[0] == '@')
        memmove(out, out + 1, strlen(out));
    if (!out[0])
        return -1;
    for (char *p = out; *p; p++) {
        if (isspace((unsigned char)*p))
            return -1;
        if ((unsigned char)*p < 128)
            *p = (char)tolower((unsigned char)*p);
    }
    return 0;
}

int kith__norm_currency(const char *in, char out[4])
{
    out[0] = '\0';
    if (kith__blank(in))
        return 1;
    while (isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (n != 3)
        return -1;
    for (size_t i = 0; i < 3; i++) {
        unsigned char c = (unsigned char)in[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return -1;
        out[i] = (char)toupper(c);
    }
    out[3] = '\0';
    return 0;
}
