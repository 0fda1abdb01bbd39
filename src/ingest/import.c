/* The import driver: picks the adapter for a format, runs the file in one
 * transaction, records the batch, and implements the row protocol, identity
 * resolution and the parse helpers adapters share. */
#include <dirent.h>
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
    int activities; /* writes activities: bulk-load them (kith__st_bulk_begin) */
} formats[] = {
    {"members", "members CSV/JSONL: people and organisations with their identities", NULL,
     kith__adapt_members, 0},
    {"activities", "activities CSV/JSONL: purchases, posts, events, surveys, ...", NULL,
     kith__adapt_activities, 1},
    {"initiatives", "initiatives CSV/JSONL: community work with costs and codes", NULL,
     kith__adapt_initiatives, 0},
    {"ideas", "ideas CSV/JSONL: the idea funnel", NULL, kith__adapt_ideas, 0},
    {"social_posts", "social_posts CSV/JSONL: post reach and interactions", NULL,
     kith__adapt_social_posts, 0},
    {"web_sessions", "web_sessions CSV/JSONL: daily web analytics rows", NULL,
     kith__adapt_web_sessions, 0},
    {"shopify-orders", "Shopify orders export CSV (one row per line item)", "shopify",
     kith__adapt_shopify_orders, 1},
    {"eventbrite", "Eventbrite attendee report CSV", "eventbrite", kith__adapt_eventbrite,
     1},
    {"slack", "Slack workspace export, folder or .zip (users.json, channels.json, ...)",
     "slack", kith__adapt_slack, 1},
    {"discord", "DiscordChatExporter JSON of one channel", "discord", kith__adapt_discord,
     1},
    {"google-forms-nps", "Google Forms responses CSV with a 0-10 question",
     "google-forms", kith__adapt_google_forms_nps, 1},
    {"rates", "rates CSV/JSONL: exchange rates to the organisation's currency", NULL,
     kith__adapt_rates, 0},
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

static void ident_key(char *key, size_t n, const kith_ident *id);

static void seen_add(void *ud, const char *kind, const char *value)
{
    kith_ident id;
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    snprintf(id.kind, sizeof id.kind, "%s", kind);
    snprintf(id.value, sizeof id.value, "%s", value);
    ident_key(key, sizeof key, &id);
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

    /* The org's settings: time zone for dates without one, phone prefix. */
    rc = kith__st_org_by_id(st, org_id, &imp.orginfo, err);
    if (rc != KITH_OK)
        goto done;

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
    if (rc != KITH_OK)
        goto done;
    rc = kith__st_batch_finish(st, imp.batch, sha.hex, &imp.counts,
                               imp.counts.rows_rejected ? "partial" : "ok", NULL, err);
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
        res->batch_id = imp.batch;
        res->rows_read = imp.counts.rows_read;
        res->rows_imported = imp.counts.rows_imported;
        res->rows_duplicate = imp.counts.rows_duplicate;
        res->rows_rejected = imp.counts.rows_rejected;
        res->members_created = imp.counts.members_created;
        res->merges = imp.counts.merges;
        kith__imp_money_result(&imp, res);
    } else if (res) {
        /* Read before the refusal: 0 when the input was refused whole. */
        res->rows_read = imp.counts.rows_read;
    }
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
    if (!imp->reject)
        return rc;
    if (rc == KITH_OK)
        return kith__st_release(imp->st, imp->err);
    kith__st_rollback_to(imp->st);
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

/* ================================================================ identities */

static int add_ident(kith_importer *imp, kith_member_rec *rec, const char *col,
                     const char *kind, const char *value)
{
    for (int i = 0; i < rec->nids; i++)
        if (strcmp(rec->ids[i].kind, kind) == 0 && strcmp(rec->ids[i].value, value) == 0)
            return 0;
    if (rec->nids >= KITH_MAX_IDENTS) {
        kith__imp_bad(imp, col, "too many identities on one row (at most %d)",
                      KITH_MAX_IDENTS);
        return -1;
    }
    size_t kl = strlen(kind), vl = strlen(value);
    if (kl >= KITH_IDENT_KIND_MAX || vl >= KITH_IDENT_VALUE_MAX) {
        kith__imp_bad(imp, col, "identity too long (at most %d bytes)",
                      KITH_IDENT_VALUE_MAX - 1);
        return -1;
    }
    /* Lengths checked above; memcpy, as this runs for every identity. */
    memcpy(rec->ids[rec->nids].kind, kind, kl + 1);
    memcpy(rec->ids[rec->nids].value, value, vl + 1);
    rec->nids++;
    return 0;
}

int kith__imp_add_email(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX];
    if (kith__norm_email(raw, v, sizeof v) != 0) {
        kith__imp_bad(imp, col, "'%.80s' is not an email address", raw);
        return -1;
    }
    return add_ident(imp, rec, col, "email", v);
}

int kith__imp_add_phone(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX];
    if (kith__norm_phone(raw, imp->orginfo.phone_country_code, v, sizeof v) != 0) {
        kith__imp_bad(
            imp, col,
            "'%.80s' is not a phone number (6-15 digits, optional +country code)", raw);
        return -1;
    }
    return add_ident(imp, rec, col, "phone", v);
}

int kith__imp_add_handle(kith_importer *imp, kith_member_rec *rec, const char *col,
                         const char *platform, const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX], kind[KITH_IDENT_KIND_MAX], plat[40];
    if (kith__norm_handle(raw, v, sizeof v) != 0) {
        kith__imp_bad(imp, col, "'%.80s' is not a handle (no spaces allowed)", raw);
        return -1;
    }
    if (!platform || kith__norm_handle(platform, plat, sizeof plat) != 0) {
        kith__imp_bad(imp, col, "a handle needs its platform (e.g. discord:alice)");
        return -1;
    }
    snprintf(kind, sizeof kind, "handle:%s", plat);
    return add_ident(imp, rec, col, kind, v);
}

int kith__imp_add_external(kith_importer *imp, kith_member_rec *rec, const char *col,
                           const char *ns, const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX], kind[KITH_IDENT_KIND_MAX];
    snprintf(v, sizeof v, "%s", raw);
    kith__trim(v);
    snprintf(kind, sizeof kind, "external:%s", ns);
    return add_ident(imp, rec, col, kind, v);
}

static void known_set(kith_importer *imp, int t, int64_t id);

/* The identity and kind caches only save lookups: past this many entries
 * they start over, so that memory stays bounded however many people a
 * file names (about 30 MB at the limit). */
#define IMP_CACHE_MAX 262144

static kith_code cache_put(kith_importer *imp, kith_strmap *m, const char *key,
                           int64_t value)
{
    if (m->count >= IMP_CACHE_MAX)
        kith__strmap_clear(m);
    if (kith__strmap_put(m, key, value) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

/* "kind\x1fvalue"; kind and value are bounded by add_ident, so the key
 * always fits (built by hand: this runs for every identity of every row). */
static void ident_key(char *key, size_t n, const kith_ident *id)
{
    size_t k = strlen(id->kind), v = strlen(id->value);
    if (k + v + 2 > n) {
        snprintf(key, n, "%s\x1f%s", id->kind, id->value);
        return;
    }
    memcpy(key, id->kind, k);
    key[k] = '\x1f';
    memcpy(key + k + 1, id->value, v + 1);
}

static kith_code find_ident(kith_importer *imp, const kith_ident *id, int64_t *member)
{
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    ident_key(key, sizeof key, id);
    size_t klen = strlen(key);
    /* Ask the likelier oracle first. In a member file most keys are new:
     * the Bloom filter (one cache line) then says "absent" without the
     * hash map's miss. In an activity file most are cached people. The
     * filter holds every key of the org and of this import, so "absent"
     * is final either way. */
    int bloom_first = imp->id_misses > imp->id_hits;
    if (bloom_first && !kith__bloom_maybe(&imp->seen, key, klen)) {
        imp->id_misses++;
        return KITH_ENOTFOUND;
    }
    if (kith__strmap_get(&imp->ids, key, member)) {
        imp->id_hits++;
        return *member ? KITH_OK : KITH_ENOTFOUND;
    }
    imp->id_misses++;
    if (!bloom_first && !kith__bloom_maybe(&imp->seen, key, klen))
        return KITH_ENOTFOUND;
    kith_code rc =
        kith__st_identity_find(imp->st, imp->org, id->kind, id->value, member, imp->err);
    if (rc == KITH_OK)
        return cache_put(imp, &imp->ids, key, *member);
    return rc;
}

static kith_code remember_ident(kith_importer *imp, const kith_ident *id, int64_t member)
{
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    ident_key(key, sizeof key, id);
    kith__bloom_add(&imp->seen, key, strlen(key));
    return cache_put(imp, &imp->ids, key, member);
}

/* Members past this id are not cached: their kinds are written each time. */
#define KINDS_MAX_ID ((int64_t)1 << 24)

/* The kinds cache is one byte a member id (kind bits fit in 7): an
 * activity row asks it once, and a hash lookup there cost 4% of a load. */
static unsigned char *kinds_slot(kith_importer *imp, int64_t member)
{
    if (member <= 0 || member >= KINDS_MAX_ID)
        return NULL;
    if ((size_t)member >= imp->nkinds) {
        size_t n = imp->nkinds ? imp->nkinds : 4096;
        while (n <= (size_t)member)
            n *= 2;
        unsigned char *p = realloc(imp->kinds, n);
        if (!p)
            return NULL; /* not cached: written each time */
        memset(p + imp->nkinds, 0, n - imp->nkinds);
        imp->kinds = p;
        imp->nkinds = n;
    }
    return &imp->kinds[member];
}

static kith_code ensure_kinds(kith_importer *imp, int64_t member, unsigned kinds)
{
    if (!kinds)
        return KITH_OK;
    unsigned char *have = kinds_slot(imp, member);
    if (have && (*have | kinds) == *have)
        return KITH_OK;
    kith_code rc = kith__st_member_add_kinds(imp->st, member, kinds, imp->err);
    if (rc == KITH_OK && have)
        *have = (unsigned char)(*have | kinds);
    return rc;
}

kith_code kith__imp_member(kith_importer *imp, const kith_member_rec *rec, int update,
                           int64_t *member_id)
{
    int64_t found[KITH_MAX_IDENTS];
    int nfound = 0;
    int known[KITH_MAX_IDENTS]; /* 1 when rec->ids[i] already names someone */
    const int nids = rec->nids;
    kith_code rc = KITH_OK;

    if (nids == 0)
        return kith__imp_bad(imp, NULL,
                             "no identity on this row: give an email, phone, "
                             "handle or member id (names alone are never merged)");
    for (int i = 0; i < nids; i++) {
        int64_t m = 0;
        rc = find_ident(imp, &rec->ids[i], &m);
        if (rc == KITH_ENOTFOUND) {
            known[i] = 0;
            continue;
        }
        if (rc != KITH_OK)
            return rc;
        known[i] = 1;
        int dup = 0;
        for (int k = 0; k < nfound; k++)
            dup |= found[k] == m;
        if (!dup)
            found[nfound++] = m;
    }
    int64_t keep = 0;
    if (nfound == 0) {
        rc = kith__st_member_insert(imp->st, imp->org, rec, imp->batch, &keep, imp->err);
        if (rc != KITH_OK)
            return rc;
        known_set(imp, 0, keep);
        imp->counts.members_created++;
    } else {
        keep = found[0];
        for (int k = 1; k < nfound; k++)
            if (found[k] < keep)
                keep = found[k];
        for (int k = 0; k < nfound; k++) {
            int64_t drop = found[k];
            if (drop == keep)
                continue;
            if (kith__st_keep_apart(imp->st, keep, drop))
                continue; /* a person split these two by hand: respect it */
            /* Name the identity that ties them in the log. */
            char reason[600] = "same identity";
            for (int i = 0; i < nids; i++) {
                int64_t m = 0;
                if (known[i] && find_ident(imp, &rec->ids[i], &m) == KITH_OK &&
                    m == drop) {
                    for (int j = 0; j < nids; j++) {
                        int64_t m2 = 0;
                        if (j != i && known[j] &&
                            find_ident(imp, &rec->ids[j], &m2) == KITH_OK && m2 == keep) {
                            /* JSON documents have no line per record. */
                            char at[32] = "";
                            if (imp->line > 0)
                                snprintf(at, sizeof at, " line %ld", imp->line);
                            snprintf(reason, sizeof reason,
                                     "one record (%s%s) has %s %s and %s %s",
                                     imp->display, at, rec->ids[j].kind,
                                     rec->ids[j].value, rec->ids[i].kind,
                                     rec->ids[i].value);
                            break;
                        }
                    }
                    break;
                }
            }
            rc = kith__st_merge(imp->st, imp->org, keep, drop, reason, 1.0, 1, imp->batch,
                                NULL, imp->err);
            if (rc != KITH_OK)
                return rc;
            imp->counts.merges++;
            /* Every cached identity of the merged member now means keep. */
            for (size_t s = 0; s < imp->ids.cap; s++)
                if (imp->ids.slots[s].key && imp->ids.slots[s].value == drop)
                    imp->ids.slots[s].value = keep;
            unsigned char *kept = kinds_slot(imp, keep);
            if (kept)
                *kept = 0; /* it now has the dropped member's kinds too */
        }
        if (update) {
            rc = kith__st_member_update(imp->st, keep, rec, imp->err);
            if (rc != KITH_OK)
                return rc;
        } else {
            rc = ensure_kinds(imp, keep, rec->kinds);
            if (rc != KITH_OK)
                return rc;
        }
    }
    /* The identities not found above are new: add them. Found ones now name
     * keep (directly or through the merge just made); looking them up again
     * would cost an index search per identity per row. */
    for (int i = 0; i < nids; i++) {
        if (known[i])
            continue;
        rc = kith__st_identity_insert(imp->st, imp->org, keep, rec->ids[i].kind,
                                      rec->ids[i].value, imp->source, imp->err);
        if (rc != KITH_OK)
            return rc;
        rc = remember_ident(imp, &rec->ids[i], keep);
        if (rc != KITH_OK)
            return rc;
    }
    *member_id = keep;
    return KITH_OK;
}

/* Bitmaps of ids known to exist; ids past this are checked every time. */
#define KNOWN_MAX_ID ((int64_t)1 << 28)

static void known_set(kith_importer *imp, int t, int64_t id)
{
    if (!imp->fk_off || id <= 0 || id >= KNOWN_MAX_ID)
        return;
    size_t w = (size_t)id >> 6;
    if (w >= imp->known_words[t]) {
        size_t n = imp->known_words[t] ? imp->known_words[t] : 1024;
        while (n <= w)
            n *= 2;
        uint64_t *p = realloc(imp->known_bits[t], n * sizeof *p);
        if (!p)
            return; /* not remembered: checked in the database next time */
        memset(p + imp->known_words[t], 0, (n - imp->known_words[t]) * sizeof *p);
        imp->known_bits[t] = p;
        imp->known_words[t] = n;
    }
    imp->known_bits[t][w] |= (uint64_t)1 << (id & 63);
}

/* With foreign keys off: the member (t = 0) or initiative (t = 1) id an
 * activity names must exist, as the foreign key would have demanded. A
 * failure is a bug in an adapter or the resolver, never bad input. */
static kith_code known_check(kith_importer *imp, int t, int64_t id)
{
    if (id > 0 && id < KNOWN_MAX_ID && (size_t)id >> 6 < imp->known_words[t] &&
        (imp->known_bits[t][(size_t)id >> 6] >> (id & 63) & 1))
        return KITH_OK;
    int have = id > 0 ? kith__st_row_exists(imp->st, t, id, imp->err) : 0;
    if (have < 0)
        return KITH_EDB;
    if (!have)
        return kith_error_set(imp->err, KITH_EINTERNAL,
                              "%s:%ld: activity names %s %lld, which does not exist",
                              imp->display, imp->line, t ? "initiative" : "member",
                              (long long)id);
    known_set(imp, t, id);
    return KITH_OK;
}

kith_code kith__imp_activity(kith_importer *imp, kith_activity_rec *rec)
{
    if (imp->fk_off) {
        kith_code ck = known_check(imp, 0, rec->member_id);
        if (ck == KITH_OK && rec->target_member_id)
            ck = known_check(imp, 0, rec->target_member_id);
        if (ck == KITH_OK && rec->initiative_id)
            ck = known_check(imp, 1, rec->initiative_id);
        if (ck != KITH_OK)
            return ck;
    }
    if (!rec->source)
        rec->source = imp->source;
    rec->batch_id = imp->batch;
    /* An amount's currency is stored as three capital letters, or NULL for
     * the org's; on other types it is kept as given (metrics ignore it). */
    const char *given = rec->currency;
    char cur[4];
    int money = rec->has_value &&
                (!strcmp(rec->type, "purchase") || !strcmp(rec->type, "refund") ||
                 !strcmp(rec->type, "donation") || !strcmp(rec->type, "supply"));
    if (money && given) {
        kith_code ck = kith__imp_currency(imp, "currency", given, cur);
        if (ck != KITH_OK)
            return ck;
        rec->currency = cur[0] ? cur : NULL;
    }
    int inserted = 0;
    kith_code rc = kith__st_activity_insert(imp->st, imp->org, rec, &inserted, imp->err);
    if (rc == KITH_OK && inserted)
        rc = kith__imp_money_add(imp, rec);
    rec->currency = given; /* cur dies with this call; the caller may reuse rec */
    if (rc != KITH_OK)
        return rc;
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__imp_initiative_by_name(kith_importer *imp, const char *name, int64_t *id)
{
    char key[600];
    snprintf(key, sizeof key, "n\x1f%s", name);
    if (kith__strmap_get(&imp->inits, key, id))
        return KITH_OK;
    kith_code rc = kith__st_initiative_by_name(imp->st, imp->org, name, 1, id, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (kith__strmap_put(&imp->inits, key, *id) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

kith_code kith__imp_initiative_by_code(kith_importer *imp, const char *code, int64_t *id)
{
    char key[600];
    snprintf(key, sizeof key, "c\x1f%s", code);
    if (kith__strmap_get(&imp->inits, key, id))
        return KITH_OK;
    *id = 0;
    kith_code rc = kith__st_initiative_by_code(imp->st, imp->org, code, id, imp->err);
    if (rc != KITH_OK && rc != KITH_ENOTFOUND)
        return rc;
    if (rc == KITH_ENOTFOUND)
        *id = 0;
    if (kith__strmap_put(&imp->inits, key, *id) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

/* ================================================================ parsing */

static int isdigit_c(char c)
{
    return c >= '0' && c <= '9';
}

kith_code kith__imp_time(kith_importer *imp, const char *col, const char *raw,
                         int64_t *out)
{
    const char *why = NULL;
    if (kith__time_parse(raw, imp->orginfo.timezone, out, &why) != KITH_OK)
        return kith__imp_bad(imp, col, "'%.60s' is not a date/time: %s", raw ? raw : "",
                             why ? why : "unrecognised");
    return KITH_OK;
}

kith_code kith__imp_number(kith_importer *imp, const char *col, const char *raw,
                           double *out)
{
    char buf[64];
    if (kith__blank(raw))
        return kith__imp_bad(imp, col, "a number is required here");
    /* Drop thousands separators and a leading currency sign as shops write
     * them ("$1,234.50"); a comma decimal separator is not guessed. */
    size_t j = 0;
    const char *p = raw;
    while (*p == ' ')
        p++;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p == '$' || (unsigned char)*p == 0xE2 || (unsigned char)*p == 0xC2) {
        /* "$", or the UTF-8 euro (E2 82 AC) and pound (C2 A3) signs */
        if (*p == '$')
            p++;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x82 &&
                 (unsigned char)p[2] == 0xAC)
            p += 3;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3)
            p += 2;
    }
    if (neg)
        buf[j++] = '-';
    for (; *p && j + 1 < sizeof buf; p++) {
        if (*p == ',' && p[1] && p[2] && p[3] && isdigit_c(p[1]) && isdigit_c(p[2]) &&
            isdigit_c(p[3]))
            continue;
        buf[j++] = *p;
    }
    buf[j] = '\0';
    while (j && buf[j - 1] == ' ')
        buf[--j] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end || errno == ERANGE || v != v || v > 1e15 || v < -1e15)
        return kith__imp_bad(imp, col, "'%.60s' is not a number", raw);
    *out = v;
    return KITH_OK;
}

kith_code kith__imp_int(kith_importer *imp, const char *col, const char *raw,
                        int64_t *out)
{
    double v = 0;
    kith_code rc = kith__imp_number(imp, col, raw, &v);
    if (rc != KITH_OK)
        return rc;
    if (v != (double)(int64_t)v || v < 0)
        return kith__imp_bad(imp, col, "'%.60s' is not a whole number >= 0", raw);
    *out = (int64_t)v;
    return KITH_OK;
}

static const char *const activity_types[] = {"purchase",
                                             "refund",
                                             "event_attend",
                                             "post",
                                             "reply",
                                             "reaction",
                                             "mention",
                                             "volunteer",
                                             "donation",
                                             "idea",
                                             "feedback",
                                             "review",
                                             "referral",
                                             "survey_response",
                                             "workshop",
                                             "sponsorship_touch",
                                             "email_open",
                                             "email_click",
                                             "web_visit",
                                             "supply",
                                             NULL};

int kith__activity_type_known(const char *type)
{
    for (int i = 0; activity_types[i]; i++)
        if (strcmp(type, activity_types[i]) == 0)
            return 1;
    return 0;
}
