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

typedef struct forms {
    kith_xcsv x;
    int ts, email, score, text;
    const char *kind; /* nps | enps */
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

/* Without --question: the one column whose header says "recommend" (the
 * NPS question's standard wording), else read the file once and keep the
 * columns whose every answer is a whole number 0-10 (and that have at least
 * one). Exactly one such column is the question; otherwise the user must
 * say. The header rule comes first so that a mistyped score is reported as
 * a bad row instead of sending the choice to some other 0-10 column. */
static kith_code question_by_content(kith_importer *imp, forms *g, const char *path)
{
    int named = -1, nnamed = 0;
    for (int i = 0; i < g->x.nh; i++)
        if (!is_meta(g, i) && contains_ci(g->x.header[i], "recommend")) {
            named = i;
            nnamed++;
        }
    if (nnamed == 1) {
        g->score = named;
        return KITH_OK;
    }
    int *ok = calloc((size_t)(g->x.nh > 0 ? g->x.nh : 1),
                     sizeof *ok); /* 1 = candidate, -1 = out */
    if (!ok)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
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
            if (ok[i] < 0 || is_meta(g, i) || kith__blank(f[i]))
                continue;
            ok[i] = score_parse(f[i], &v) == 0 ? 1 : -1;
        }
    }
    kith__xcsv_close(&pre);
    if (rc != KITH_OK) {
        free(ok);
        return rc;
    }
    int cand[64], n = 0;
    for (int i = 0; i < g->x.nh && n < 64; i++)
        if (ok[i] > 0)
            cand[n++] = i;
    free(ok);
    if (n == 1) {
        g->score = cand[0];
        return KITH_OK;
    }
    if (n == 0)
        return kith_error_set(imp->err, KITH_EUSAGE,
                              "%s: no column holds only 0-10 answers; name the "
                              "question with --question",
                              imp->display);
    char msg[900];
    list_columns(g, cand, n, msg, sizeof msg);
    return kith_error_set(imp->err, KITH_EUSAGE,
                          "%s: several columns could be the 0-10 question (%s); "
                          "choose one with --question TEXT|N",
                          imp->display, msg);
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
    if (!raw)
        return KITH_OK; /* the question was left unanswered */
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
    if (kith__imp_add_email(imp, &m, email ? g->x.header[g->email] : "Email Address",
                            email) < 0)
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
    return rc;
}

kith_code kith__adapt_google_forms_nps(kith_importer *imp, const char *path)
{
    forms g;
    memset(&g, 0, sizeof g);
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
