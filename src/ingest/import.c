/* The import driver: picks the adapter for a format, runs the file in one
 * transaction, records the batch, and implements the row protocol. Identity
 * resolution is in imp_member.c, the parse helpers in imp_parse.c. */
#include <dirent.h>
#include <jansson.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/norm.h"
#include "core/timeparse.h"
#include "ingest/ingest_int.h"

/* ================================================================ formats */

static const struct {
    const char *name;
    const char *summary;
    const char *default_source;
    kith_adapter_fn fn;
    int activities;   /* writes activities: bulk-load them (kith__st_bulk_begin) */
    const char *made; /* what its new records are, for the summary */
} formats[] = {
    {"members", "members CSV/JSONL: people and organisations with their identities", NULL,
     kith__adapt_members, 0, "members"},
    {"activities", "activities CSV/JSONL: purchases, posts, events, surveys, ...", NULL,
     kith__adapt_activities, 1, "activities"},
    {"initiatives", "initiatives CSV/JSONL: community work with costs and codes", NULL,
     kith__adapt_initiatives, 0, "initiatives"},
    {"ideas", "ideas CSV/JSONL: the idea funnel", NULL, kith__adapt_ideas, 0, "ideas"},
    {"social_posts", "social_posts CSV/JSONL: post reach and interactions", NULL,
     kith__adapt_social_posts, 0, "social posts"},
    {"web_sessions", "web_sessions CSV/JSONL: daily web analytics rows", NULL,
     kith__adapt_web_sessions, 0, "web session rows"},
    {"shopify-orders", "Shopify orders export CSV (one row per line item)", "shopify",
     kith__adapt_shopify_orders, 1, "activities"},
    {"eventbrite", "Eventbrite attendee report CSV", "eventbrite", kith__adapt_eventbrite,
     1, "activities"},
    {"slack", "Slack workspace export, folder or .zip (users.json, channels.json, ...)",
     "slack", kith__adapt_slack, 1, "activities"},
    {"discord", "DiscordChatExporter JSON of one channel", "discord", kith__adapt_discord,
     1, "activities"},
    {"google-forms-nps", "Google Forms responses CSV with a 0-10 question",
     "google-forms", kith__adapt_google_forms_nps, 1, "activities"},
    {"rates", "rates CSV/JSONL: exchange rates to the organisation's currency", NULL,
     kith__adapt_rates, 0, "rates"},
};

#define N_FORMATS ((int)(sizeof formats / sizeof formats[0]))

const kith_format_info *kith_import_formats(void)
{
    static kith_format_info info[N_FORMATS + 1];
    for (int i = 0; i < N_FORMATS; i++) {
        info[i].name = formats[i].name;
        info[i].summary = formats[i].summary;
    }
    info[N_FORMATS].name = NULL;
    info[N_FORMATS].summary = NULL;
    return info;
}

/* ================================================================ hashing */

static int hash_path(crypto_hash_sha256_state *h, const char *path, const char *rel)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    if (S_ISDIR(sb.st_mode)) {
        struct dirent **ents = NULL;
        int n = scandir(path, &ents, NULL, alphasort);
        if (n < 0)
            return -1;
        int rc = 0;
        for (int i = 0; i < n; i++) {
            const char *nm = ents[i]->d_name;
            if (rc == 0 && nm[0] != '.') {
                char sub[4096], subrel[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, nm);
                snprintf(subrel, sizeof subrel, "%s%s%s", rel, *rel ? "/" : "", nm);
                rc = hash_path(h, sub, subrel);
            }
            free(ents[i]);
        }
        free(ents);
        return rc;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    if (*rel)
        crypto_hash_sha256_update(h, (const unsigned char *)rel, strlen(rel) + 1);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(h, buf, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

/* sha256 of a file, or of a folder's files (names and contents, sorted). */
static kith_code sha256_hex(const char *path, char out[65], kith_error *err)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    if (hash_path(&h, path, "") != 0)
        return kith_error_set(err, KITH_EIO, "%s: cannot read: %s", path,
                              strerror(errno));
    unsigned char md[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, md);
    sodium_bin2hex(out, 65, md, sizeof md);
    return KITH_OK;
}

/* The file's digest, computed on the other core while the import reads
 * the file (about 3% of a large load's time otherwise). */
typedef struct sha_job {
    const char *path;
    char hex[65];
    kith_code rc;
    int err_no;
    int running; /* a thread was started and not joined yet */
    pthread_t thread;
} sha_job;

static void *sha_run(void *arg)
{
    sha_job *j = arg;
    j->rc = sha256_hex(j->path, j->hex, NULL);
    j->err_no = errno;
    return NULL;
}

static void sha_start(sha_job *j, const char *path)
{
    memset(j, 0, sizeof *j);
    j->path = path;
    if (pthread_create(&j->thread, NULL, sha_run, j) == 0)
        j->running = 1;
    else
        sha_run(j); /* no thread: compute it here, now */
}

/* Waits for the digest; KITH_EIO (in err) when the file could not be read. */
static kith_code sha_wait(sha_job *j, kith_error *err)
{
    if (j->running) {
        pthread_join(j->thread, NULL);
        j->running = 0;
    }
    if (j->rc != KITH_OK)
        return kith_error_set(err, KITH_EIO, "%s: cannot read: %s", j->path,
                              strerror(j->err_no));
    return KITH_OK;
}

void kith__hash_id(char out[40], const char *const *parts, int n)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    for (int i = 0; i < n; i++) {
        const char *p = parts[i] ? parts[i] : "";
        crypto_hash_sha256_update(&h, (const unsigned char *)p, strlen(p) + 1);
    }
    unsigned char md[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, md);
    out[0] = 'h';
    out[1] = ':';
    sodium_bin2hex(out + 2, 38, md, 18);
}

/* ================================================================ driver */

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *end = path + n;
    const char *p = end;
    while (p > path && p[-1] != '/')
        p--;
    return p;
}

/* A low estimate of the rows a file holds (activity rows take 60 bytes
 * and more), 0 for a folder. */
/* Files of at least this many estimated rows (about 20 MB) are loaded
 * with a rollback journal instead of WAL (kith__st_bulk_journal): one
 * write of each page instead of two. Measured on 1M rows: activities
 * 7.2-8.2 -> 6.4 s, members 13.5 -> 11 s. Smaller loads keep WAL, whose
 * commit is cheaper than the journal's two fsyncs. */
#define BULK_JOURNAL_ROWS 100000

static int64_t est_rows(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    return (int64_t)(sb.st_size / 200);
}

static void seen_add(void *ud, const char *kind, const char *value)
{
    kith_ident id;
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    snprintf(id.kind, sizeof id.kind, "%s", kind);
    snprintf(id.value, sizeof id.value, "%s", value);
    kith__imp_ident_key(key, sizeof key, &id);
    kith__bloom_add(ud, key, strlen(key));
}

/* Most identities of a large file are new to the org; the filter answers
 * "not there" for them without an index search. Loading it reads every
 * identity of the org once (sequentially), so it is only worth it when
 * the file is large against the identities stored. The rows estimate is
 * low (200 bytes a row); each row has one identity or more. Loaded inside
 * the import's write transaction: no other writer can add one meanwhile. */
static kith_code load_seen(kith_importer *imp, const char *path)
{
    int64_t have = 0, rows = est_rows(path);
    kith_code rc = kith__st_identity_max_id(imp->st, &have, imp->err);
    if (rc != KITH_OK || rows == 0 || rows * 16 < have)
        return rc;
    if (kith__bloom_init(&imp->seen, (uint64_t)(have + 4 * rows)) != KITH_OK)
        return KITH_OK; /* no filter: every identity is looked up */
    return kith__st_identity_each(imp->st, imp->org, seen_add, &imp->seen, imp->err);
}

/* The options that decide what the import writes, as given; an adapter
 * replaces them with what they resolved to (google-forms-nps: the
 * column chosen) through kith__imp_option. */
static kith_code record_options(kith_importer *imp, const char *source)
{
    const kith_import_opts *o = imp->opts;
    kith_code rc = kith__imp_option(imp, "source", source);
    if (rc == KITH_OK && o->nmap > 0) {
        /* Sorted, so that the same maps in another order are the same. */
        const char **m = malloc((size_t)o->nmap * sizeof *m);
        if (!m)
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        size_t len = 1;
        for (int i = 0; i < o->nmap; i++) {
            m[i] = o->map[i];
            len += strlen(m[i]) + 1;
        }
        for (int i = 1; i < o->nmap; i++)
            for (int j = i; j > 0 && strcmp(m[j - 1], m[j]) > 0; j--) {
                const char *t = m[j];
                m[j] = m[j - 1];
                m[j - 1] = t;
            }
        char *all = malloc(len);
        if (!all) {
            free(m);
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        }
        size_t at = 0;
        for (int i = 0; i < o->nmap; i++) {
            size_t n = strlen(m[i]);
            memcpy(all + at, m[i], n);
            at += n;
            if (i + 1 < o->nmap)
                all[at++] = '\n';
        }
        all[at] = '\0';
        rc = kith__imp_option(imp, "map", all);
        free(all);
        free(m);
    }
    if (rc == KITH_OK && o->question && *o->question)
        rc = kith__imp_option(imp, "question", o->question);
    if (rc == KITH_OK && o->survey_kind && strcmp(o->survey_kind, "nps") != 0)
        rc = kith__imp_option(imp, "survey", o->survey_kind);
    return rc;
}

/* The same bytes imported before in the same format but read another way
 * (another --map, --question, --source...) would add every row a second
 * time under other ids or values: refused, naming the earlier import. The
 * same reading again is fine (it adds nothing). */
static kith_code same_file_check(kith_importer *imp, const char *sha)
{
    int64_t prev = 0;
    char *prev_opts = NULL;
    kith_code rc =
        kith__st_batch_same_file(imp->st, imp->org, sha, imp->opts->format, imp->batch,
                                 imp->options, &prev, &prev_opts, imp->err);
    if (rc == KITH_ENOTFOUND)
        return KITH_OK;
    if (rc != KITH_OK)
        return rc;
    /* Imports recorded before options were kept cannot be compared. */
    if (*prev_opts && strcmp(prev_opts, imp->options ? imp->options : "") != 0)
        rc = kith_error_set_at(
            imp->err, KITH_ESTATE, imp->path, 0,
            "this file was imported before as import %lld, read another way (%s; now "
            "%s); importing it again like this would add its rows a second time. "
            "Undo that import first (kith imports undo %lld), then import again",
            (long long)prev, prev_opts, imp->options ? imp->options : "{}",
            (long long)prev);
    free(prev_opts);
    return rc;
}

/* Notes about the file as a whole, once the adapter is done. */
static void file_notes(kith_importer *imp)
{
    if (imp->phones_no_cc > 0) {
        char at[40] = "";
        if (imp->phone_line > 0)
            snprintf(at, sizeof at, ", line %ld", imp->phone_line);
        kith__imp_note(imp,
                       "%lld phone number%s without a country code (e.g. '%s'%s) %s not "
                       "used to match people, as the organisation has no "
                       "phone_country_code: set it (kith org set phone_country_code "
                       "CODE, e.g. 44) and import the file again",
                       (long long)imp->phones_no_cc, imp->phones_no_cc == 1 ? "" : "s",
                       imp->phone_example, at, imp->phones_no_cc == 1 ? "was" : "were");
    }
}

/* The counts in the import's own units, for import_batch.details. */
static char *details_json(const kith_importer *imp)
{
    json_t *d = json_object();
    json_t *read = json_object();
    for (int u = 0; u < 2; u++)
        if (imp->read_unit[u])
            json_object_set_new(read, imp->read_unit[u],
                                json_integer((json_int_t)imp->counts.read[u]));
    json_object_set_new(d, "read", read);
    json_object_set_new(d, "made", json_string(imp->made_unit ? imp->made_unit : ""));
    json_object_set_new(d, "skipped", json_integer((json_int_t)imp->counts.skipped));
    json_t *why = json_object();
    for (int k = 0; k < KITH_SKIP_KINDS && imp->skip_why[k]; k++)
        if (imp->counts.skip_n[k])
            json_object_set_new(why, imp->skip_why[k],
                                json_integer((json_int_t)imp->counts.skip_n[k]));
    json_object_set_new(d, "skipped_why", why);
    json_object_set_new(d, "warnings", json_integer((json_int_t)imp->counts.warnings));
    json_t *notes = json_array();
    for (int i = 0; i < imp->nnotes; i++)
        json_array_append_new(notes, json_string(imp->notes[i]));
    json_object_set_new(d, "notes", notes);
    char *text = json_dumps(d, JSON_COMPACT);
    json_decref(d);
    return text;
}

static void fill_result(const kith_importer *imp, kith_import_result *res)
{
    res->batch_id = imp->batch;
    res->rows_read = imp->counts.rows_read;
    res->rows_imported = imp->counts.rows_imported;
    res->rows_duplicate = imp->counts.rows_duplicate;
    res->rows_rejected = imp->counts.rows_rejected;
    res->members_created = imp->counts.members_created;
    res->merges = imp->counts.merges;
    for (int u = 0; u < 2; u++) {
        res->read_unit[u] = imp->read_unit[u] ? imp->read_unit[u] : "";
        res->read[u] = imp->counts.read[u];
    }
    res->made_unit = imp->made_unit ? imp->made_unit : "";
    res->skipped = imp->counts.skipped;
    size_t len = 0;
    res->skipped_why[0] = '\0';
    for (int k = 0; k < KITH_SKIP_KINDS && imp->skip_why[k]; k++) {
        if (!imp->counts.skip_n[k])
            continue;
        int w =
            snprintf(res->skipped_why + len, sizeof res->skipped_why - len, "%s%s %lld",
                     len ? ", " : "", imp->skip_why[k], (long long)imp->counts.skip_n[k]);
        if (w < 0 || (size_t)w >= sizeof res->skipped_why - len)
            break;
        len += (size_t)w;
    }
    res->warnings = imp->counts.warnings;
    res->nnotes = imp->nnotes;
    memcpy(res->notes, imp->notes, sizeof res->notes);
}

kith_code kith_import(kith_store *st, int64_t org_id, const char *path,
                      const kith_import_opts *opts, kith_import_result *res,
                      kith_error *err)
{
    kith_importer imp;
    kith_error local;
    memset(&imp, 0, sizeof imp);
    kith_error_clear(&local);
    if (!err)
        err = &local;
    kith_code rc = KITH_OK;
    char source[256];
    sha_job sha;
    int sha_started = 0;
    int fi = -1;
    int in_txn = 0;
    char *details = NULL;

    if (res)
        memset(res, 0, sizeof *res);
    if (!opts || !opts->format)
        return kith_error_set(err, KITH_EUSAGE, "no import format given");
    for (int i = 0; i < N_FORMATS; i++)
        if (strcmp(formats[i].name, opts->format) == 0)
            fi = i;
    if (fi < 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "unknown import format '%s' (see 'kith import --help')",
                              opts->format);
    if (sodium_init() < 0)
        return kith_error_set(err, KITH_EINTERNAL, "libsodium failed to initialise");

    imp.st = st;
    imp.org = org_id;
    imp.opts = opts;
    imp.err = err;
    imp.display = path;
    kith__strmap_init(&imp.ids);
    kith__strmap_init(&imp.inits);
    kith__strmap_init(&imp.rate_lines);

    /* The org's settings: time zone for dates without one, phone prefix,
     * the order of numeric dates. */
    rc = kith__st_org_by_id(st, org_id, &imp.orginfo, err);
    if (rc != KITH_OK)
        goto done;
    imp.path = path;
    imp.date_org = !strcmp(imp.orginfo.date_order, "dmy")   ? KITH_DATE_DMY
                   : !strcmp(imp.orginfo.date_order, "mdy") ? KITH_DATE_MDY
                                                            : KITH_DATE_ASK;
    kith__imp_units(&imp, "rows", NULL, formats[fi].made);

    if (opts->source && *opts->source) {
        snprintf(source, sizeof source, "%s", opts->source);
    } else if (formats[fi].default_source) {
        snprintf(source, sizeof source, "%s", formats[fi].default_source);
    } else {
        /* Generic files: the file's base name without extension, so that a
         * re-import of the same file is recognised. */
        snprintf(source, sizeof source, "%s", base_name(path));
        char *dot = strrchr(source, '.');
        if (dot && dot != source)
            *dot = '\0';
    }
    imp.source = source;
    rc = record_options(&imp, source);
    if (rc != KITH_OK)
        goto done;

    sha_start(&sha, path);
    sha_started = 1;
    if (opts->reject_file) {
        imp.reject = fopen(opts->reject_file, "w");
        if (!imp.reject) {
            rc = kith_error_set(err, KITH_EIO, "%s: cannot write reject file: %s",
                                opts->reject_file, strerror(errno));
            goto done;
        }
    }
    if (formats[fi].activities) {
        /* The per-row parent lookups of the foreign keys cost about 15% of
         * an activity load; kith__imp_activity checks the ids instead. */
        rc = kith__st_foreign_keys(st, 0, err);
        if (rc != KITH_OK)
            goto done;
        imp.fk_off = 1;
    }
    if (est_rows(path) >= BULK_JOURNAL_ROWS) {
        rc = kith__st_bulk_journal(st, 1, &imp.journal_off, err);
        if (rc != KITH_OK)
            goto done;
    }
    rc = kith__st_begin(st, err);
    if (rc != KITH_OK)
        goto done;
    in_txn = 1;
    rc = kith__st_batch_start(st, org_id, base_name(path), "", opts->format, source,
                              &imp.batch, err);
    if (rc != KITH_OK)
        goto done;
    rc = load_seen(&imp, path);
    if (rc != KITH_OK)
        goto done;
    if (formats[fi].activities) {
        rc = kith__st_bulk_begin(st, est_rows(path), err);
        if (rc != KITH_OK)
            goto done;
    }
    rc = formats[fi].fn(&imp, path);
    if (rc != KITH_OK)
        goto done;
    rc = kith__st_bulk_end(st, 1, err);
    if (rc != KITH_OK)
        goto done;
    if (imp.in_row)
        rc = kith_error_set(err, KITH_EINTERNAL, "adapter left a row open");
    if (rc != KITH_OK)
        goto done;
    kith__imp_progress(&imp, UINT64_MAX, 0);
    rc = kith__imp_money_finish(&imp);
    if (rc != KITH_OK)
        goto done;
    rc = sha_wait(&sha, err);
    if (rc == KITH_OK)
        rc = same_file_check(&imp, sha.hex);
    if (rc != KITH_OK)
        goto done;
    file_notes(&imp);
    details = details_json(&imp);
    if (!details) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    rc = kith__st_batch_finish(st, imp.batch, sha.hex, &imp.counts,
                               imp.counts.rows_rejected ? "partial" : "ok", NULL,
                               imp.options, details, err);
    if (rc != KITH_OK)
        goto done;
    rc = kith__st_commit(st, err);
    if (rc == KITH_OK)
        in_txn = 0;
done:
    if (sha_started)
        sha_wait(&sha, NULL);
    if (in_txn)
        kith__st_rollback(st);
    if (imp.fk_off)
        kith__st_foreign_keys(st, 1, NULL);
    /* The import stands (or was rolled back) whatever this answers; should
     * it fail, the next kith_store_open sets WAL again. */
    if (imp.journal_off)
        kith__st_bulk_journal(st, 0, NULL, NULL);
    free(imp.known_bits[0]);
    free(imp.known_bits[1]);
    if (imp.reject)
        fclose(imp.reject);
    if (res && rc == KITH_OK) {
        fill_result(&imp, res);
        kith__imp_money_result(&imp, res);
    } else if (res) {
        /* Read before the refusal: 0 when the input was refused whole. */
        res->rows_read = imp.counts.rows_read;
    }
    kith__imp_warnings_flush(&imp, 0);
    free(imp.pending);
    free(imp.options);
    free(imp.kept_bits);
    free(details);
    kith__strmap_free(&imp.ids);
    free(imp.kinds);
    kith__strmap_free(&imp.inits);
    kith__strmap_free(&imp.rate_lines);
    kith__bloom_free(&imp.seen);
    return rc;
}

/* ================================================================ rows */

kith_code kith__imp_row_begin(kith_importer *imp, long line)
{
    imp->line = line;
    imp->in_row = 1;
    imp->raw_fields = NULL;
    imp->raw_n = 0;
    imp->raw_text = NULL;
    imp->counts.rows_read++;
    imp->counts.read[imp->unit]++;
    imp->row_counts = imp->counts;
    if (imp->reject) {
        memcpy(imp->row_money, imp->money, (size_t)imp->nmoney * sizeof imp->money[0]);
        imp->row_nmoney = imp->nmoney;
        return kith__st_savepoint(imp->st, imp->err);
    }
    return KITH_OK;
}

kith_code kith__imp_bad(kith_importer *imp, const char *col, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col)
        return kith_error_set_at(imp->err, KITH_EINPUT, imp->display, imp->line,
                                 "column '%s': %s", col, msg);
    return kith_error_set_at(imp->err, KITH_EINPUT, imp->display, imp->line, "%s", msg);
}

void kith__imp_raw_fields(kith_importer *imp, char *const *fields, int n)
{
    imp->raw_fields = fields;
    imp->raw_n = n;
}

void kith__imp_raw_text(kith_importer *imp, const char *text)
{
    imp->raw_text = text;
}

kith_code kith__imp_row_end(kith_importer *imp, kith_code rc)
{
    imp->in_row = 0;
    /* The row's warnings stand when the row does. */
    kith__imp_warnings_flush(imp, rc == KITH_OK);
    if (!imp->reject)
        return rc;
    if (rc == KITH_OK)
        return kith__st_release(imp->st, imp->err);
    kith__st_rollback_to(imp->st);
    if (imp->kept_bits)
        memset(imp->kept_bits, 0, imp->kept_words * sizeof(uint64_t));
    /* The caches may name members, identities and initiatives the row made
     * and the rollback just undid; a later row must not find them there. */
    kith__strmap_clear(&imp->ids);
    if (imp->kinds)
        memset(imp->kinds, 0, imp->nkinds);
    kith__strmap_clear(&imp->inits);
    for (int t = 0; t < 2; t++)
        if (imp->known_bits[t])
            memset(imp->known_bits[t], 0, imp->known_words[t] * sizeof(uint64_t));
    /* Nor do members it created, merges it made or amounts it added count. */
    imp->counts = imp->row_counts;
    memcpy(imp->money, imp->row_money, (size_t)imp->row_nmoney * sizeof imp->money[0]);
    imp->nmoney = imp->row_nmoney;
    if (rc != KITH_EINPUT)
        return rc;
    /* A bad row: write it with its reason, forget the error, go on. */
    char reason[1600];
    kith_error_format(imp->err, reason, sizeof reason);
    if (imp->raw_fields) {
        kith__csv_write_row(imp->reject, imp->raw_fields, imp->raw_n, reason);
    } else {
        char *one[1] = {(char *)(imp->raw_text ? imp->raw_text : "")};
        kith__csv_write_row(imp->reject, one, 1, reason);
    }
    imp->counts.rows_rejected++;
    kith_error_clear(imp->err);
    return KITH_OK;
}

void kith__imp_progress(kith_importer *imp, uint64_t done, uint64_t total)
{
    if (!imp->opts->progress)
        return;
    if (done != UINT64_MAX && done - imp->last_progress < (1u << 20) && done < total)
        return;
    imp->last_progress = done;
    imp->opts->progress(imp->opts->progress_ud, done == UINT64_MAX ? total : done, total);
}
