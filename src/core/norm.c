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
    const char *cc = default_cc && *default_cc ? default_cc : NULL;
    const char *pre = ""; /* digits put in front */
    const char *body = digits;
    if (!intl && cc) {
        if (strcmp(cc, "1") == 0) {
            /* North America has no trunk 0: 613 555 0101 is +1 613... */
            if (nd == 10)
                pre = "1";
        } else if (strcmp(cc, "7") == 0 && nd == 11 && digits[0] == '8') {
            pre = "7"; /* Russia, Kazakhstan: trunk 8 */
            body = digits + 1;
        } else if (digits[0] == '0') {
            pre = cc;
            /* Italy keeps the 0 after its code (+39 06 ...). */
            if (strcmp(cc, "39") != 0 && strcmp(cc, "378") != 0)
                body = digits + 1;
        }
    } else if (!intl && digits[0] == '0') {
        /* 0649 123 4567 without a country: stored as it is it would never
         * meet the same person's +27 649 123 4567. */
        size_t nb = strlen(digits);
        return nb >= 6 && nb <= 15 ? -2 : -1;
    }
    size_t npre = strlen(pre), nbody = strlen(body);
    if (npre + nbody < 6 || npre + nbody > 15 || npre + nbody + 1 > n)
        return -1;
    memcpy(out, pre, npre);
    memcpy(out + npre, body, nbody);
    out[npre + nbody] = '\0';
    return 0;
}

/* ITU-T E.164 country calling codes by ISO 3166-1 alpha-2 code, sorted. */
static const struct {
    char iso[3];
    char code[4];
} calling_codes[] = {
    {"AD", "376"}, {"AE", "971"}, {"AF", "93"},  {"AG", "1"},   {"AI", "1"},
    {"AL", "355"}, {"AM", "374"}, {"AO", "244"}, {"AR", "54"},  {"AS", "1"},
    {"AT", "43"},  {"AU", "61"},  {"AW", "297"}, {"AX", "358"}, {"AZ", "994"},
    {"BA", "387"}, {"BB", "1"},   {"BD", "880"}, {"BE", "32"},  {"BF", "226"},
    {"BG", "359"}, {"BH", "973"}, {"BI", "257"}, {"BJ", "229"}, {"BL", "590"},
    {"BM", "1"},   {"BN", "673"}, {"BO", "591"}, {"BQ", "599"}, {"BR", "55"},
    {"BS", "1"},   {"BT", "975"}, {"BW", "267"}, {"BY", "375"}, {"BZ", "501"},
    {"CA", "1"},   {"CC", "61"},  {"CD", "243"}, {"CF", "236"}, {"CG", "242"},
    {"CH", "41"},  {"CI", "225"}, {"CK", "682"}, {"CL", "56"},  {"CM", "237"},
    {"CN", "86"},  {"CO", "57"},  {"CR", "506"}, {"CU", "53"},  {"CV", "238"},
    {"CW", "599"}, {"CX", "61"},  {"CY", "357"}, {"CZ", "420"}, {"DE", "49"},
    {"DJ", "253"}, {"DK", "45"},  {"DM", "1"},   {"DO", "1"},   {"DZ", "213"},
    {"EC", "593"}, {"EE", "372"}, {"EG", "20"},  {"EH", "212"}, {"ER", "291"},
    {"ES", "34"},  {"ET", "251"}, {"FI", "358"}, {"FJ", "679"}, {"FK", "500"},
    {"FM", "691"}, {"FO", "298"}, {"FR", "33"},  {"GA", "241"}, {"GB", "44"},
    {"GD", "1"},   {"GE", "995"}, {"GF", "594"}, {"GG", "44"},  {"GH", "233"},
    {"GI", "350"}, {"GL", "299"}, {"GM", "220"}, {"GN", "224"}, {"GP", "590"},
    {"GQ", "240"}, {"GR", "30"},  {"GT", "502"}, {"GU", "1"},   {"GW", "245"},
    {"GY", "592"}, {"HK", "852"}, {"HN", "504"}, {"HR", "385"}, {"HT", "509"},
    {"HU", "36"},  {"ID", "62"},  {"IE", "353"}, {"IL", "972"}, {"IM", "44"},
    {"IN", "91"},  {"IO", "246"}, {"IQ", "964"}, {"IR", "98"},  {"IS", "354"},
    {"IT", "39"},  {"JE", "44"},  {"JM", "1"},   {"JO", "962"}, {"JP", "81"},
    {"KE", "254"}, {"KG", "996"}, {"KH", "855"}, {"KI", "686"}, {"KM", "269"},
    {"KN", "1"},   {"KP", "850"}, {"KR", "82"},  {"KW", "965"}, {"KY", "1"},
    {"KZ", "7"},   {"LA", "856"}, {"LB", "961"}, {"LC", "1"},   {"LI", "423"},
    {"LK", "94"},  {"LR", "231"}, {"LS", "266"}, {"LT", "370"}, {"LU", "352"},
    {"LV", "371"}, {"LY", "218"}, {"MA", "212"}, {"MC", "377"}, {"MD", "373"},
    {"ME", "382"}, {"MF", "590"}, {"MG", "261"}, {"MH", "692"}, {"MK", "389"},
    {"ML", "223"}, {"MM", "95"},  {"MN", "976"}, {"MO", "853"}, {"MP", "1"},
    {"MQ", "596"}, {"MR", "222"}, {"MS", "1"},   {"MT", "356"}, {"MU", "230"},
    {"MV", "960"}, {"MW", "265"}, {"MX", "52"},  {"MY", "60"},  {"MZ", "258"},
    {"NA", "264"}, {"NC", "687"}, {"NE", "227"}, {"NF", "672"}, {"NG", "234"},
    {"NI", "505"}, {"NL", "31"},  {"NO", "47"},  {"NP", "977"}, {"NR", "674"},
    {"NU", "683"}, {"NZ", "64"},  {"OM", "968"}, {"PA", "507"}, {"PE", "51"},
    {"PF", "689"}, {"PG", "675"}, {"PH", "63"},  {"PK", "92"},  {"PL", "48"},
    {"PM", "508"}, {"PR", "1"},   {"PS", "970"}, {"PT", "351"}, {"PW", "680"},
    {"PY", "595"}, {"QA", "974"}, {"RE", "262"}, {"RO", "40"},  {"RS", "381"},
    {"RU", "7"},   {"RW", "250"}, {"SA", "966"}, {"SB", "677"}, {"SC", "248"},
    {"SD", "249"}, {"SE", "46"},  {"SG", "65"},  {"SH", "290"}, {"SI", "386"},
    {"SJ", "47"},  {"SK", "421"}, {"SL", "232"}, {"SM", "378"}, {"SN", "221"},
    {"SO", "252"}, {"SR", "597"}, {"SS", "211"}, {"ST", "239"}, {"SV", "503"},
    {"SX", "1"},   {"SY", "963"}, {"SZ", "268"}, {"TC", "1"},   {"TD", "235"},
    {"TG", "228"}, {"TH", "66"},  {"TJ", "992"}, {"TK", "690"}, {"TL", "670"},
    {"TM", "993"}, {"TN", "216"}, {"TO", "676"}, {"TR", "90"},  {"TT", "1"},
    {"TV", "688"}, {"TW", "886"}, {"TZ", "255"}, {"UA", "380"}, {"UG", "256"},
    {"US", "1"},   {"UY", "598"}, {"UZ", "998"}, {"VA", "39"},  {"VC", "1"},
    {"VE", "58"},  {"VG", "1"},   {"VI", "1"},   {"VN", "84"},  {"VU", "678"},
    {"WF", "681"}, {"WS", "685"}, {"XK", "383"}, {"YE", "967"}, {"YT", "262"},
    {"ZA", "27"},  {"ZM", "260"}, {"ZW", "263"},
};

const char *kith__country_calling_code(const char *country)
{
    if (!country)
        return NULL;
    while (isspace((unsigned char)*country))
        country++;
    if (!isalpha((unsigned char)country[0]) || !isalpha((unsigned char)country[1]))
        return NULL;
    for (const char *p = country + 2; *p; p++)
        if (!isspace((unsigned char)*p))
            return NULL;
    char iso[3] = {(char)toupper((unsigned char)country[0]),
                   (char)toupper((unsigned char)country[1]), '\0'};
    size_t lo = 0, hi = sizeof calling_codes / sizeof calling_codes[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(calling_codes[mid].iso, iso);
        if (c == 0)
            return calling_codes[mid].code;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
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
