/* Adapter for a Google Forms responses CSV (Responses > Download CSV, or
 * the linked sheet saved as CSV) with a 0-10 "how likely are you to
 * recommend" question: one survey_response activity per answered response.
 * Forms names columns after the question text, so the score column is
 * chosen by --question (header text or column number) or, without it, found
 * as the only column whose every answer is a whole number 0-10. Mapping and
 * decisions: docs/import.md, section google-forms-nps. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "ingest/xcsv.h"

/* What the file's answers are, per column (question_by_content). */
typedef struct colstat {
    int n;        /* answers */
    int whole;    /* answers that are whole numbers 0-10 */
    int min, max; /* of those */
} colstat;

typedef struct forms {
    kith_xcsv x;
    int ts, email, score, text;
    const char *kind;   /* nps | enps */
    colstat stat;       /* of the score column, when the file was read for it */
    const char *chosen; /* how the score column was chosen, for the note */
} forms;

/* ================================================================ columns */

static int is_meta(const forms *g, int i)
{
    return i == g->ts || i == g->email;
}

/* Case-insensitive substring test. */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return 0;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* "3 'How likely...'" for each candidate, into a message. */
static void list_columns(const forms *g, const int *cand, int n, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n && len + 1 < cap; i++) {
        int w = snprintf(out + len, cap - len, "%s%d '%.80s'", i ? ", " : "", cand[i] + 1,
                         g->x.header[cand[i]]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

/* --question as a 1-based column number, exact header, or unique
 * case-insensitive part of a header. */
static kith_code question_by_option(kith_importer *imp, forms *g, const char *q)
{
    char msg[900];
    const char *p = q;
    while (isdigit((unsigned char)*p))
        p++;
    if (*q && !*p && p - q < 6) {
        int c = atoi(q);
        if (c < 1 || c > g->x.nh || is_meta(g, c - 1))
            return kith_error_set(imp->err, KITH_EUSAGE,
                                  "--question %s: not a question column (the file "
                                  "has %d columns; 1 is the Timestamp)",
                                  q, g->x.nh);
        g->score = c - 1;
        return KITH_OK;
    }
    int cand[64], n = 0;
    for (int i = 0; i < g->x.nh && n < 64; i++)
        if (!is_meta(g, i) && strcmp(g->x.header[i], q) == 0)
            cand[n++] = i;
    if (n == 0)
        for (int i = 0; i < g->x.nh && n < 64; i++)
            if (!is_meta(g, i) && contains_ci(g->x.header[i], q))
                cand[n++] = i;
    if (n == 1) {
        g->score = cand[0];
        return KITH_OK;
    }
    if (n == 0) {
        for (int i = 0; i < g->x.nh && n < 64; i++)
            if (!is_meta(g, i))
                cand[n++] = i;
        list_columns(g, cand, n, msg, sizeof msg);
        return kith_error_set(imp->err, KITH_EUSAGE,
                              "--question '%.100s' matches no column of %s; the "
                              "questions are: %s",
                              q, imp->display, msg);
    }
    list_columns(g, cand, n, msg, sizeof msg);
    return kith_error_set(imp->err, KITH_EUSAGE,
                          "--question '%.100s' matches several columns: %s; give "
                          "the whole header or the column number",
                          q, msg);
}

/* A whole number 0-10 written as Forms writes a linear scale answer. */
static int score_parse(const char *raw, int *out)
{
    char s[16];
    if (!raw || strlen(raw) >= sizeof s)
        return -1;
    snprintf(s, sizeof s, "%s", raw);
    kith__trim(s);
    if (!*s || strlen(s) > 2)
        return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return -1;
    int v = atoi(s);
    if (v > 10)
        return -1;
    *out = v;
    return 0;
}

/* 1 when the header says it is the NPS question: "recommend" (its
 * standard wording) or a 0-10 scale. */
static int nps_header(const char *h)
{
    /* \u2013 is the en dash of "0\u201310". */
    static const char *const says[] = {"recommend", "0-10",        "0 - 10", "0 to 10",
                                       "0\u201310", "zero to ten", NULL};
    for (int i = 0; says[i]; i++)
        if (contains_ci(h, says[i]))
            return 1;
    return 0;
}

/* 1 when the header announces a scale other than 0-10: "1-5", "1 to 7",
 * "out of 5", "stars", "(1 being lowest and 5 being highest)". */
static int other_scale(const char *h)
{
    if (contains_ci(h, "star"))
        return 1;
    for (const char *p = h; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > h && isdigit((unsigned char)p[-1])))
            continue;
        char *end = NULL;
        long a = strtol(p, &end, 10);
        const char *q = end;
        while (*q == ' ')
            q++;
        long b = -1;
        int en_dash = (unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
                      (unsigned char)q[2] == 0x93;
        if (*q == '-' || *q == '/')
            b = strtol(q + 1 + (q[1] == ' '), NULL, 10);
        else if (en_dash || strncasecmp(q, "to ", 3) == 0)
            b = strtol(q + 3, NULL, 10); /* both three bytes long */
        if (b > 0 && !(a == 0 && b == 10) && b <= 100 && b != a)
            return 1;
        /* "5 being highest", "10 = best" */
        if (a != 10 && (strncasecmp(q, "being", 5) == 0 || *q == '=') && a > 1)
            return 1;
        if (p >= h + 7 && strncasecmp(p - 7, "out of ", 7) == 0 && a != 10)
            return 1;
    }
    return 0;
}

/* "3 'How likely...' (answers 0-10)" for each column, into a message. */
static void list_ranges(const forms *g, const colstat *cs, const int *cand, int n,
                        char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n && len + 1 < cap; i++) {
        const colstat *c = &cs[cand[i]];
        char range[64];
        if (c->n == 0)
            snprintf(range, sizeof range, "no answers");
        else if (c->whole == c->n)
            snprintf(range, sizeof range, "answers %d-%d", c->min, c->max);
        else if (c->whole > 0)
            snprintf(range, sizeof range, "answers %d-%d and text", c->min, c->max);
        else
            snprintf(range, sizeof range, "text answers");
        int w = snprintf(out + len, cap - len, "%s%d '%.70s' (%s)", i ? ", " : "",
                         cand[i] + 1, g->x.header[cand[i]], range);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

/* Read the file once for what each column's answers are. */
static kith_code column_stats(kith_importer *imp, const forms *g, const char *path,
                              colstat *cs)
{
    kith_xcsv pre;
    kith_code rc = kith__xcsv_open(imp, path, &pre);
    while (rc == KITH_OK) {
        char **f = NULL;
        int n = 0;
        long line = 0;
        int got = kith__csv_next(pre.csv, &f, &n, &line, imp->err);
        if (got < 0)
            rc = KITH_EINPUT;
        if (got <= 0)
            break;
        if (n != g->x.nh)
            continue; /* reported by the real pass */
        for (int i = 0; i < n; i++) {
            int v;
            if (is_meta(g, i) || kith__blank(f[i]))
                continue;
            colstat *c = &cs[i];
            c->n++;
            if (score_parse(f[i], &v) != 0)
                continue;
            if (c->whole == 0 || v < c->min)
                c->min = v;
            if (c->whole == 0 || v > c->max)
                c->max = v;
            c->whole++;
        }
    }
    kith__xcsv_close(&pre);
    return rc;
}

/* Without --question a column is taken only when its header says it is
 * the NPS question (recommend, 0-10), or else when it is the one column
 * whose answers are all whole numbers 0-10, going above 5, under a header
 * that announces no other scale. Anything else is the user's choice:
 * usage error listing the candidates (or every column) with their
 * answers. The header rule comes first so that a mistyped score is
 * reported as a bad row instead of moving the choice to another column. */
static kith_code question_by_content(kith_importer *imp, forms *g, const char *path)
{
    int nh = g->x.nh > 0 ? g->x.nh : 1;
    colstat *cs = calloc((size_t)nh, sizeof *cs);
    int *cand = calloc((size_t)nh, sizeof *cand);
    char msg[1400];
    if (!cs || !cand) {
        free(cs);
        free(cand);
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    }
    kith_code rc = column_stats(imp, g, path, cs);
    int n = 0;
    for (int i = 0; rc == KITH_OK && i < g->x.nh; i++)
        if (!is_meta(g, i) && nps_header(g->x.header[i]))
            cand[n++] = i;
    if (rc == KITH_OK && n > 1) {
        list_ranges(g, cs, cand, n, msg, sizeof msg);
        rc = kith_error_set(imp->err, KITH_EUSAGE,
                            "%s: several columns could be the 0-10 question: %s; choose "
                            "one with --question N (its number) or --question TEXT",
                            imp->display, msg);
    }
    if (rc == KITH_OK && n == 0) {
        for (int i = 0; i < g->x.nh; i++) {
            const colstat *c = &cs[i];
            if (!is_meta(g, i) && c->n > 0 && c->whole == c->n && c->max > 5 &&
                !other_scale(g->x.header[i]))
                cand[n++] = i;
        }
        if (n > 1) {
            list_ranges(g, cs, cand, n, msg, sizeof msg);
            rc = kith_error_set(imp->err, KITH_EUSAGE,
                                "%s: no header says which column is the 0-10 question "
                                "and several could be: %s; choose one with --question N "
                                "(its number) or --question TEXT",
                                imp->display, msg);
        } else if (n == 0) {
            for (int i = 0; i < g->x.nh; i++)
                if (!is_meta(g, i))
                    cand[n++] = i;
            list_ranges(g, cs, cand, n, msg, sizeof msg);
            rc = kith_error_set(imp->err, KITH_EUSAGE,
                                "%s: no column is a 0-10 question (a header with "
                                "\"recommend\" or 0-10, or whole-number answers 0-10 "
                                "going above 5 under no other scale); the columns are: "
                                "%s; name the question with --question N or --question "
                                "TEXT",
                                imp->display, msg);
        }
    }
    if (rc == KITH_OK) {
        g->score = cand[0];
        g->stat = cs[cand[0]];
        g->chosen = nps_header(g->x.header[cand[0]])
                        ? "its header names the question"
                        : "the only column of whole-number answers 0-10";
    }
    free(cs);
    free(cand);
    return rc;
}

/* 1 if the header has the word why or reason(s): the free-text "why did
 * you give this score" question Forms NPS templates add. */
static int is_reason_question(const char *h)
{
    char word[32];
    size_t n = 0;
    for (const char *p = h;; p++) {
        if (*p && isalnum((unsigned char)*p)) {
            if (n + 1 < sizeof word)
                word[n++] = (char)tolower((unsigned char)*p);
            continue;
        }
        word[n] = '\0';
        if (!strcmp(word, "why") || !strcmp(word, "reason") || !strcmp(word, "reasons"))
            return 1;
        n = 0;
        if (!*p)
            return 0;
    }
}

/* One --map spec for this format: COLUMN=text or COLUMN=email (the CLI's
 * COL=FIELD order), also accepted the other way round (text=COLUMN). Sets
 * *field to "text" or "email" and *idx to the column (-1 when the file has
 * no such column); returns -1 when the spec maps to anything else. */
static int map_spec(const forms *g, const char *spec, const char **field, int *idx,
                    char *colname, size_t n)
{
    const char *last = strrchr(spec, '=');
    const char *first = strchr(spec, '=');
    if (!last)
        return -1;
    if (!strcmp(last + 1, "text") || !strcmp(last + 1, "email")) {
        *field = last + 1;
        snprintf(colname, n, "%.*s", (int)(last - spec), spec);
    } else if ((first - spec == 4 && !strncmp(spec, "text", 4)) ||
               (first - spec == 5 && !strncmp(spec, "email", 5))) {
        *field = first - spec == 4 ? "text" : "email";
        snprintf(colname, n, "%s", first + 1);
    } else {
        return -1;
    }
    kith__trim(colname);
    *idx = kith__xcsv_col(&g->x, colname);
    return 0;
}

/* --map chooses the text and email columns; otherwise the text is the one
 * why/reason question, when there is exactly one. */
static kith_code map_columns(kith_importer *imp, forms *g)
{
    int text_set = 0;
    for (int m = 0; m < imp->opts->nmap; m++) {
        const char *spec = imp->opts->map[m];
        const char *field = NULL;
        int idx = -1;
        char colname[512];
        if (map_spec(g, spec, &field, &idx, colname, sizeof colname) != 0)
            return kith_error_set(imp->err, KITH_EUSAGE,
                                  "--map %s: google-forms-nps maps a column to "
                                  "'text' or 'email' only (--map 'COLUMN=text')",
                                  spec);
        if (idx < 0)
            return kith_error_set(imp->err, KITH_EUSAGE,
                                  "--map %s: %s has no column '%s'", spec, imp->display,
                                  colname);
        if (!strcmp(field, "text")) {
            g->text = idx;
            text_set = 1;
        } else {
            g->email = idx;
        }
    }
    if (!text_set) {
        int n = 0, last = -1;
        for (int i = 0; i < g->x.nh; i++)
            if (i != g->score && !is_meta(g, i) && is_reason_question(g->x.header[i])) {
                n++;
                last = i;
            }
        g->text = n == 1 ? last : -1;
    }
    return KITH_OK;
}

/* ================================================================ rows */

static char *response_attributes(const forms *g)
{
    json_t *a = json_object();
    json_object_set_new(a, "question", json_string(g->x.header[g->score]));
    char *text = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(a);
    return text;
}

static kith_code response_row(kith_importer *imp, const forms *g, char *const *f)
{
    const char *ts = kith__xcsv_val(f, g->ts);
    if (!ts)
        return kith__imp_bad(imp, g->x.header[g->ts], "a value is required");
    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    kith_code rc = kith__imp_time(imp, g->x.header[g->ts], ts, &a.occurred_at);
    if (rc != KITH_OK)
        return rc;
    const char *raw = kith__xcsv_val(f, g->score);
    if (!raw) {
        kith__imp_skip(imp, "unanswered");
        return KITH_OK; /* the question was left unanswered */
    }
    int score = 0;
    if (score_parse(raw, &score) != 0)
        return kith__imp_bad(imp, g->x.header[g->score],
                             "'%.40s' is not a score: an %s answer is a whole "
                             "number 0-10",
                             raw, g->kind);
    const char *email = kith__xcsv_val(f, g->email);
    const char *text = kith__xcsv_val(f, g->text);
    /* Forms gives a response no id: its content is its identity, so that a
     * re-import of the same file (or a later, longer download) adds only
     * the new responses. */
    char ext[40];
    const char *parts[] = {ts, email, raw, text};
    kith__hash_id(ext, parts, 4);

    kith_member_rec m;
    memset(&m, 0, sizeof m);
    /* An address that cannot be read is left out with a warning: the
     * response counts, as an anonymous one. */
    if (kith__imp_opt_email(imp, &m, email ? g->x.header[g->email] : "Email Address",
                            email, "response") < 0)
        return KITH_EINPUT;
    if (m.nids == 0) {
        /* Anonymous: a member of its own, so that the response counts once
         * in NPS (the latest response per member) and no two anonymous
         * people are taken for one. */
        if (kith__imp_add_external(imp, &m, g->x.header[g->score],
                                   "google-forms-response", ext) < 0)
            return KITH_EINPUT;
        m.attributes_json = "{\"anonymous\":true}";
    }
    if (!strcmp(g->kind, "enps"))
        m.kinds = KITH_KIND_EMPLOYEE;
    m.first_seen = a.occurred_at;
    m.has_first_seen = 1;
    rc = kith__imp_member(imp, &m, 0, &a.member_id);
    if (rc != KITH_OK)
        return rc;
    a.type = "survey_response";
    a.subtype = g->kind;
    a.external_id = ext;
    a.value = score;
    a.has_value = 1;
    a.text = text;
    char *attrs = response_attributes(g);
    a.attributes_json = attrs;
    rc = kith__imp_activity(imp, &a);
    free(attrs);
    return rc;
}

/* ================================================================ driver */

static kith_code setup(kith_importer *imp, forms *g, const char *path)
{
    g->kind = imp->opts->survey_kind ? imp->opts->survey_kind : "nps";
    if (strcmp(g->kind, "nps") && strcmp(g->kind, "enps"))
        return kith_error_set(imp->err, KITH_EUSAGE,
                              "survey kind is nps or enps, not '%s'", g->kind);
    kith_code rc = kith__xcsv_need(imp, &g->x, "Timestamp", &g->ts);
    if (rc != KITH_OK)
        return rc;
    g->email = kith__xcsv_col(&g->x, "Email Address");
    /* Older forms put the respondent's address in a Username column. */
    if (g->email < 0)
        g->email = kith__xcsv_col(&g->x, "Username");
    g->score = -1;
    g->text = -1;
    /* An email column named by --map must not be taken for the question. */
    for (int m = 0; m < imp->opts->nmap; m++) {
        const char *field = NULL;
        int idx = -1;
        char colname[512];
        if (map_spec(g, imp->opts->map[m], &field, &idx, colname, sizeof colname) == 0 &&
            !strcmp(field, "email") && idx >= 0)
            g->email = idx;
    }
    if (imp->opts->question && *imp->opts->question)
        rc = question_by_option(imp, g, imp->opts->question);
    else
        rc = question_by_content(imp, g, path);
    if (rc == KITH_OK)
        rc = map_columns(imp, g);
    if (rc == KITH_OK && g->text == g->score)
        rc = kith_error_set(imp->err, KITH_EUSAGE,
                            "the text column cannot be the score column '%s'",
                            g->x.header[g->score]);
    if (rc != KITH_OK)
        return rc;
    /* The summary always says which column the scores came from. */
    char range[48] = "";
    if (g->stat.whole > 0)
        snprintf(range, sizeof range, ", answers %d-%d", g->stat.min, g->stat.max);
    kith__imp_note(imp, "scores from column %d '%.120s' (%s%s)%s%.120s%s", g->score + 1,
                   g->x.header[g->score], g->chosen ? g->chosen : "--question", range,
                   g->text >= 0 ? "; comments from '" : "",
                   g->text >= 0 ? g->x.header[g->text] : "", g->text >= 0 ? "'" : "");
    /* What decides the rows written, for a later import of the same file. */
    rc = kith__imp_option(imp, "question", g->x.header[g->score]);
    if (rc == KITH_OK)
        rc = kith__imp_option(imp, "text", g->text >= 0 ? g->x.header[g->text] : NULL);
    if (rc == KITH_OK)
        rc = kith__imp_option(imp, "email", g->email >= 0 ? g->x.header[g->email] : NULL);
    if (rc == KITH_OK)
        rc = kith__imp_option(imp, "map", NULL);
    return rc;
}

kith_code kith__adapt_google_forms_nps(kith_importer *imp, const char *path)
{
    forms g;
    memset(&g, 0, sizeof g);
    kith__imp_units(imp, "responses", NULL, "activities");
    kith_code rc = kith__xcsv_open(imp, path, &g.x);
    if (rc == KITH_OK)
        rc = setup(imp, &g, path);
    while (rc == KITH_OK) {
        char **fields = NULL;
        int n = 0;
        long line = 0;
        int got = kith__xcsv_next(&g.x, imp, &fields, &n, &line);
        if (got < 0) {
            rc = KITH_EINPUT; /* broken quoting: cannot resync */
            break;
        }
        if (got == 0)
            break;
        rc = kith__imp_row_begin(imp, line);
        if (rc != KITH_OK)
            break;
        kith__imp_raw_fields(imp, fields, n);
        kith_code row = kith__xcsv_check_width(imp, &g.x, n);
        if (row == KITH_OK)
            row = response_row(imp, &g, fields);
        rc = kith__imp_row_end(imp, row);
    }
    kith__xcsv_close(&g.x);
    return rc;
}
